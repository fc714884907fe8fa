"""Validate a pack and load it into catalog tables, reporting every problem with its place.

Order of checks: the pack's files (no links, nothing outside the pack), the manifest, then
checksums (a file changed since the pack was sealed is reported and still checked), then every
record against the pydantic models (in chunks; a failing chunk is
re-checked line by line to locate each problem, with the column as in the file), then what
needs more than one record: duplicate keys, references to ingredients and tags (in this pack or
the packs it depends on, transitively), dependency cycles, and key conflicts with the packs
installed beside it (`simmer.packs.graph` decides them; each is reported once, at its line in
this pack, with advice for this pack). Whatever the typed reader (DuckDB) would refuse is
refused here first: a file it cannot read is re-read strictly (`simmer.packs.jsontext`) to say
where, so a pack never fails later with a traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from pydantic import TypeAdapter, ValidationError

from simmer.packs.digest import sha256_file
from simmer.packs.graph import Conflict, DependencyGraph
from simmer.packs.jsontext import BOM, BOM_MESSAGE, JsonTextError, strict_loads
from simmer.packs.records import line_adapter, record_adapter
from simmer.packs.schema import DATA_FILES, RECORD_MODELS, PackManifest
from simmer.packs.source import (
    MANIFEST,
    PackError,
    PackSource,
    Problem,
    located_problems,
    pack_files,
    pack_root,
    pack_sources,
    read_manifest,
)
from simmer.packs.tables import KEYS, defined_keys, key_lines, pack_tables

REFERENCED = ("ingredient", "tag")  # what records reference across packs
MAX_LINE_BYTES = 1 << 20
CHUNK_LINES = 2000
MAX_PROBLEMS = 1000
PARALLEL_FROM_BYTES = 32 << 20
BLOCK_BYTES = 4 << 20


@dataclass
class LoadedPack:
    manifest: PackManifest
    tables: dict[str, pl.DataFrame]
    dependencies: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.manifest.name


@dataclass(frozen=True)
class DefinedSlugs:
    """What a pack defines: its keys by kind (ingredient, tag, recipe, vendor product)."""

    pack: str
    keys: dict[str, frozenset[str]]

    @property
    def ingredients(self) -> frozenset[str]:
        return self.keys["ingredient"]

    @property
    def tags(self) -> frozenset[str]:
        return self.keys["tag"]


@dataclass(frozen=True)
class Installed:
    """The packs installed beside the one being validated, by name (a pack of the same name,
    the version this one would replace, and the pack itself left out)."""

    folder: Path
    manifests: dict[str, tuple[Path, PackManifest]]
    claims: list[Problem] = field(default_factory=list)
    unreadable: list[PackSource] = field(default_factory=list)
    keys: dict[str, DefinedSlugs] = field(default_factory=dict)

    def not_found(self) -> str:
        """Why no pack `name` is there: it may be one that cannot be read."""
        why = [f"{s.path.name} ({s.problems[0]})" for s in self.unreadable if s.problems]
        return f"not found in {self.folder}" + (
            f"; unreadable there: {', '.join(why)}" if why else ""
        )

    @classmethod
    def beside(cls, path: Path, manifest: PackManifest, packs_dir: Path) -> Installed:
        """The packs in `packs_dir`; when `path` is one of them, the name claims it shares
        with another (two packs there cannot both be `manifest.name`)."""
        sources = pack_sources(packs_dir)
        itself = [s for s in sources if s.path.resolve() == path.resolve()]
        found: dict[str, tuple[Path, PackManifest]] = {}
        for source in sources:
            if (
                source.manifest is not None
                and source.name != manifest.name
                and source not in itself
            ):
                found.setdefault(source.name, (source.path, source.manifest))
        claims = [p for source in itself for p in source.problems if p.field == "name"]
        unreadable = [s for s in sources if s.manifest is None]
        return cls(packs_dir, found, claims, unreadable)

    def defined(self, name: str, kinds: Iterable[str]) -> DefinedSlugs:
        """The keys of these kinds the installed pack `name` defines (each file read once)."""
        known = self.keys.setdefault(name, DefinedSlugs(name, {}))
        missing = [kind for kind in kinds if kind not in known.keys]
        if missing:
            known.keys.update(defined_slugs(self.manifests[name][0], name, missing).keys)
        return known


def load_pack(path: Path, packs_dir: Path | None = None) -> LoadedPack:
    """Validate the pack at `path` and return its tables; raise PackError with every problem.

    Dependencies are looked up by name among the packs in `packs_dir` (default: the folder
    holding `path`), and the pack's keys are checked against every pack installed there; with
    `packs_dir` given, so is its name (no other pack there may claim it).
    """
    root = pack_root(path)
    pack_files(root)
    manifest = read_manifest(root)
    problems = check_checksums(root, manifest)
    if any(not isinstance(problem, StaleSeal) for problem in problems):
        raise PackError(problems)
    tables = _records_then_tables(root, manifest, stale=problems)
    installed = Installed.beside(path, manifest, packs_dir or path.resolve().parent)
    claims = installed.claims if packs_dir is not None else []
    dependencies = resolve_dependencies(manifest, installed)
    problems = [
        *problems,
        *claims,
        *check_tables(manifest, tables, dependencies),
        *check_installed_conflicts(manifest, tables, installed),
    ]
    if problems:
        raise PackError(problems[:MAX_PROBLEMS])
    return LoadedPack(manifest, tables, [d.pack for d in dependencies])


def _records_then_tables(
    root: Path, manifest: PackManifest, stale: list[Problem]
) -> dict[str, pl.DataFrame]:
    """Check every record while DuckDB reads the files into tables on the side (one thread,
    outside the GIL: the record checks keep the other cores); the tables are used only when
    every record is valid. The validators are built before the thread starts, so processes
    forked for large files never need a lock the reading thread could hold."""
    for name in DATA_FILES:
        record_adapter(RECORD_MODELS[name])
    with ThreadPoolExecutor(1) as reader:
        reading = reader.submit(pack_tables, root, 1)
        problems = [p for name in DATA_FILES for p in check_records(root, name)]
        problems = [*stale, *problems, *_empty_files(root, manifest)]
        if problems:
            reading.exception()  # let it finish: files with problems may not even parse
            raise PackError(problems[:MAX_PROBLEMS])
        try:
            return reading.result()
        except duckdb.Error as error:
            raise PackError([*stale, *_unreadable(root, error)]) from error


def _empty_files(root: Path, manifest: PackManifest) -> list[Problem]:
    return [
        Problem(name, "is empty: list a data file only when it holds records", None, None)
        for name in DATA_FILES
        if name in manifest.files and (root / name).stat().st_size == 0
    ]


def _unreadable(root: Path, error: duckdb.Error) -> list[Problem]:
    """What the typed reader refused, located by a strict reading of every data file (its own
    message, when the strict reading finds nothing, so that it is still said and located)."""
    problems = [p for name in DATA_FILES for p in strict_problems(root, name)]
    reason = str(error).splitlines()[0].replace(str(root) + "/", "")
    return problems[:MAX_PROBLEMS] or [Problem("pack", f"data cannot be read as tables: {reason}")]


def strict_problems(root: Path, name: str) -> Iterator[Problem]:
    """Every line of a data file read strictly: repeated keys, Infinity and NaN, numbers beyond
    a double, two values on one line."""
    path = root / name
    if not path.is_file():
        return
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                strict_loads(line)
            except JsonTextError as error:
                yield Problem(name, _at_column(error), number)


def _at_column(error: JsonTextError) -> str:
    return error.message if error.column is None else f"{error.message} (column {error.column})"


def check_checksums(root: Path, manifest: PackManifest) -> list[Problem]:
    """Every listed file is in the pack (never outside it: names are checked by the manifest
    model, links refused by `pack_files`) and has the listed sha256."""
    problems = []
    for name, expected in sorted(manifest.files.items()):
        path = root / name
        if not path.resolve().is_relative_to(root.resolve()):
            problems.append(Problem(MANIFEST, f"lists {name}, outside the pack", None, "files"))
        elif not path.is_file():
            problems.append(
                Problem(MANIFEST, f"lists {name}, which is not in the pack", None, "files")
            )
        elif sha256_file(path) != expected:
            problems.append(StaleSeal(name))
    for name in DATA_FILES:
        if (root / name).exists() and name not in manifest.files:
            problems.append(Problem(name, "data file not listed in pack.json files"))
    return problems


class StaleSeal(Problem):
    """A file whose sha256 is not the one pack.json lists: reported first, and validation
    goes on to find what is wrong inside it."""

    def __init__(self, name: str) -> None:
        super().__init__(name, f"{name} changed since pack.json was sealed; run `simmer pack seal`")


def check_records(root: Path, name: str) -> list[Problem]:
    """Every line of one JSON Lines file against its model (large files on every core)."""
    path = root / name
    if not path.exists():
        return []
    with path.open("rb") as handle:
        if handle.read(len(BOM)) == BOM:
            return [Problem(name, BOM_MESSAGE, 1)]
    ranges = _line_ranges(path, parts=_workers(path))
    if len(ranges) == 1:
        return _joined_runs(_check_range(name, path, *ranges[0]))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(ranges), mp_context=context) as pool:
        found = pool.map(_check_range, repeat(name), repeat(path), *zip(*ranges, strict=True))
        return _joined_runs(problem for problems in found for problem in problems)


def _workers(path: Path) -> int:
    return 1 if path.stat().st_size < PARALLEL_FROM_BYTES else os.cpu_count() or 1


def _line_ranges(path: Path, parts: int) -> list[tuple[int, int, int]]:
    """`parts` (start byte, end byte, first line number) ranges that split at line ends."""
    data = path.read_bytes() if parts > 1 else b""
    size = path.stat().st_size
    starts = [0]
    for part in range(1, parts):
        cut = data.find(b"\n", size * part // parts)
        if cut == -1 or cut + 1 <= starts[-1]:
            break
        starts.append(cut + 1)
    ends = [*starts[1:], size]
    return [(a, b, data.count(b"\n", 0, a) + 1) for a, b in zip(starts, ends, strict=True)]


def _check_range(name: str, path: Path, start: int, end: int, first_line: int) -> list[Problem]:
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    problems: list[Problem] = []
    for block, block_first_line in _blocks(data, first_line):
        problems += _check_block(name, block, block_first_line)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def _blocks(data: bytes, first_line: int) -> Iterator[tuple[bytes, int]]:
    """`data` in blocks of about BLOCK_BYTES that end at line ends, with their first line."""
    start = 0
    while start < len(data):
        cut = data.find(b"\n", start + BLOCK_BYTES)
        end = len(data) if cut == -1 else cut + 1
        yield data[start:end], first_line
        first_line += data.count(b"\n", start, end)
        start = end


def _check_block(name: str, block: bytes, first_line: int) -> list[Problem]:
    """The whole block as one JSON array in one call; only a failing block (or one with blank
    or over-long lines, or a line holding two records) is checked line by line to locate its
    problems."""
    adapter = record_adapter(RECORD_MODELS[name])
    lines_ok = b"\n\n" not in block and not block.startswith(b"\n")
    body = block.rstrip(b"\n")
    lines = body.split(b"\n")
    fits = lines_ok and max(map(len, lines)) <= MAX_LINE_BYTES
    if fits and _one_record_per_line(adapter, lines, body.replace(b"\n", b",")):
        return []
    problems: list[Problem] = []
    for chunk in _chunks(_numbered_lines(name, block, first_line, problems)):
        lines = [line for _, line in chunk]
        if not _one_record_per_line(adapter, lines, b",".join(lines)):
            problems.extend(_locate(name, chunk))
    return sorted(problems, key=lambda p: p.line or 0)


def _one_record_per_line(
    adapter: TypeAdapter[list[dict[str, Any]]], lines: list[bytes], joined: bytes
) -> bool:
    """Whether the lines (joined by commas) are valid records, exactly one per line."""
    try:
        return len(adapter.validate_json(b"[" + joined + b"]")) == len(lines)
    except ValidationError:
        return False


_VISIBLE = re.compile(rb"[^\s]")


def _numbered_lines(
    name: str, data: bytes, first_line: int, problems: list[Problem]
) -> Iterator[tuple[int, bytes]]:
    """Non-empty lines with their numbers; over-long lines and each run of blank lines become
    problems (skipped by a regular expression, so a million blank lines cost no Python loop)."""
    last = first_line + data.count(b"\n") - (1 if data.endswith(b"\n") else 0)
    if not data.strip():  # a block of nothing but blank lines: one run, found at C speed
        problems.append(BlankLines(name, first_line, last))
        return
    previous, newlines, counted_to, position = first_line - 1, 0, 0, 0
    while (visible := _VISIBLE.search(data, position)) is not None:
        start = data.rfind(b"\n", 0, visible.start()) + 1
        end = data.find(b"\n", visible.start())
        position = len(data) if end == -1 else end
        newlines += data.count(b"\n", counted_to, start)
        counted_to = start
        number = first_line + newlines
        if number > previous + 1:
            problems.append(BlankLines(name, previous + 1, number - 1))
        previous = number
        line = data[start:position]
        if len(line) > MAX_LINE_BYTES:
            problems.append(
                Problem(name, f"line is {len(line):,} bytes; the limit is 1 MiB", number)
            )
        else:
            yield number, line.strip()
    if last > previous:
        problems.append(BlankLines(name, previous + 1, last))


class BlankLines(Problem):
    """A run of empty lines, `line` to `last`: one problem, however long the run."""

    def __init__(self, file: str, line: int, last: int) -> None:
        message = "empty line" if line == last else f"empty lines (through line {last:,})"
        super().__init__(file, message, line)
        object.__setattr__(self, "last", last)

    last: int


def _joined_runs(problems: Iterable[Problem]) -> list[Problem]:
    """The problems in line order, with runs of empty lines that blocks split joined again."""
    joined: list[Problem] = []
    for problem in sorted(problems, key=lambda p: p.line or 0):
        before = joined[-1] if joined else None
        if (
            isinstance(problem, BlankLines)
            and isinstance(before, BlankLines)
            and before.last + 1 == problem.line
        ):
            joined[-1] = BlankLines(problem.file, before.line or 0, problem.last)
        else:
            joined.append(problem)
    return joined


def _chunks(lines: Iterable[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    chunk: list[tuple[int, bytes]] = []
    for item in lines:
        chunk.append(item)
        if len(chunk) == CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _locate(name: str, chunk: list[tuple[int, bytes]]) -> Iterator[Problem]:
    """Each line on its own, as one record (so a column is the file's column)."""
    adapter = line_adapter(RECORD_MODELS[name])
    for number, line in chunk:
        try:
            adapter.validate_json(line)
        except ValidationError as error:
            yield from located_problems(name, number, error)


def resolve_dependencies(manifest: PackManifest, installed: Installed) -> list[DefinedSlugs]:
    """The keys defined by every pack this one depends on, transitively."""
    graph = DependencyGraph.of([manifest, *(m for _, m in installed.manifests.values())])
    cycle = graph.cycle_from(manifest.name)
    if cycle:
        message = f"dependency cycle: {' → '.join(cycle)}"
        raise PackError([Problem(MANIFEST, message, None, "depends")])
    resolved: dict[str, DefinedSlugs] = {}
    pending = [(manifest.name, dependency) for dependency in manifest.depends]
    problems: list[Problem] = []
    while pending:
        requirer, dependency = pending.pop()
        if dependency.name in resolved:
            continue
        found = installed.manifests.get(dependency.name)
        if found is None:
            problems.append(
                Problem(
                    MANIFEST,
                    f"{requirer} depends on pack {dependency.name!r}, " + installed.not_found(),
                    None,
                    "depends",
                )
            )
            continue
        other = found[1]
        if dependency.version and Version(other.version) not in SpecifierSet(dependency.version):
            problems.append(
                Problem(
                    MANIFEST,
                    f"{requirer} needs {dependency.name} {dependency.version}, "
                    f"found {other.version}",
                    None,
                    "depends",
                )
            )
            continue
        resolved[other.name] = installed.defined(other.name, REFERENCED)
        pending.extend((other.name, d) for d in other.depends)
    if problems:
        raise PackError(problems)
    return [resolved[name] for name in sorted(resolved)]


def defined_slugs(path: Path, name: str, kinds: Iterable[str] = KEYS) -> DefinedSlugs:
    """The keys of these kinds a pack defines, read leniently from its files (it may be any
    installed pack)."""
    root = pack_root(path)
    wanted = list(kinds)
    tables = {
        table: _key_columns(root / f"{table}.jsonl", columns)
        for kind, (table, columns) in KEYS.items()
        if kind in wanted
    }
    return DefinedSlugs(pack=name, keys=defined_keys(tables, wanted))


def _key_columns(path: Path, columns: tuple[str, ...]) -> pl.DataFrame:
    schema = dict.fromkeys(columns, pl.String)
    if not path.is_file() or path.is_symlink() or path.stat().st_size == 0:
        return pl.DataFrame(schema=schema)
    return pl.read_ndjson(path, schema=schema, ignore_errors=True)


def check_installed_conflicts(
    manifest: PackManifest, tables: dict[str, pl.DataFrame], installed: Installed
) -> list[Problem]:
    """Keys this pack defines that an installed pack defines too, without a declared override:
    each once, at its line in this pack, with what this pack can do about it; and overrides
    that override nothing."""
    graph = DependencyGraph.of([manifest, *(m for _, m in installed.manifests.values())])
    own = defined_keys(tables)
    kinds = [kind for kind in KEYS if own[kind] or manifest.overrides]  # only what can clash
    defined = {name: installed.defined(name, kinds).keys for name in installed.manifests}
    defined[manifest.name] = own
    problems = []
    for kind, conflicts in _by_kind(graph.conflicts_with(manifest.name, defined)).items():
        table = KEYS[kind][0]
        numbered = key_lines(tables, kind).unique("key", keep="first", maintain_order=True)
        lines = dict(numbered.select("key", "line").iter_rows())
        for conflict in conflicts:
            problems.append(
                Problem(
                    f"{table}.jsonl",
                    f"{conflict.describe()}; {_advice(graph, conflict)}",
                    lines.get(conflict.key),
                    "/".join(KEYS[kind][1]),
                )
            )
    problems += [
        Problem(MANIFEST, f"overrides {slug!r}, which no dependency defines", None, "overrides")
        for slug in graph.unused_overrides(manifest.name, defined)
    ]
    return problems


def _by_kind(conflicts: list[Conflict]) -> dict[str, list[Conflict]]:
    grouped: dict[str, list[Conflict]] = {}
    for conflict in conflicts:
        grouped.setdefault(conflict.kind, []).append(conflict)
    return grouped


def _advice(graph: DependencyGraph, conflict: Conflict) -> str:
    """What the newcomer (the pack being validated) can do."""
    if conflict.incumbent in graph.closure(conflict.newcomer):
        return "list it in pack.json overrides to redefine it"
    return f"rename it, or depend on {conflict.incumbent!r} and list it in pack.json overrides"


def check_tables(
    manifest: PackManifest, tables: dict[str, pl.DataFrame], dependencies: list[DefinedSlugs]
) -> list[Problem]:
    """Duplicates and references: the checks within the pack and its dependencies."""
    ingredients = set(tables["ingredients"].get_column("slug").to_list())
    tags = set(tables["tags"].get_column("slug").to_list())
    known_ingredients = ingredients.union(*(d.ingredients for d in dependencies))
    known_tags = tags.union(*(d.tags for d in dependencies))
    return [
        *_duplicates(tables["ingredients"], ["slug"], "ingredients.jsonl"),
        *_duplicates(tables["tags"], ["slug"], "tags.jsonl"),
        *_duplicates(tables["recipes"], ["slug"], "recipes.jsonl"),
        *_duplicates(tables["vendor_products"], ["vendor", "sku"], "vendor_products.jsonl"),
        *_unknown(
            tables["portions"], "ingredient", known_ingredients, "portions.jsonl", "ingredient"
        ),
        *_unknown(
            tables["vendor_products"],
            "ingredient",
            known_ingredients,
            "vendor_products.jsonl",
            "ingredient",
        ),
        *_unknown_in_recipes(tables, known_ingredients, known_tags),
    ]


def _duplicates(frame: pl.DataFrame, keys: list[str], file: str) -> Iterator[Problem]:
    numbered = frame.select(keys).with_row_index("line", offset=1)
    first = numbered.group_by(keys).agg(pl.col("line").min().alias("first"))
    repeats = numbered.join(first, on=keys).filter(pl.col("line") != pl.col("first"))
    for row in repeats.sort("line").iter_rows(named=True):
        key = "/".join(str(row[k]) for k in keys)
        yield Problem(
            file, f"duplicate {key!r}, first defined on line {row['first']}", row["line"], keys[-1]
        )


def _unknown(
    frame: pl.DataFrame, column: str, known: set[str], file: str, field_name: str
) -> Iterator[Problem]:
    numbered = frame.select(column).with_row_index("line", offset=1)
    missing = numbered.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(known)))
    for row in missing.iter_rows(named=True):
        yield Problem(file, f"unknown ingredient {row[column]!r}", row["line"], field_name)


def _unknown_in_recipes(
    tables: dict[str, pl.DataFrame], ingredients: set[str], tags: set[str]
) -> Iterator[Problem]:
    lines = tables["recipe_ingredients"]
    unknown = pl.col("ingredient").is_not_null() & ~pl.col("ingredient").is_in(list(ingredients))
    if lines.select(unknown.any()).item():  # positions are only worked out to report problems
        recipe_lines = {s: n for n, s in enumerate(tables["recipes"].get_column("slug"), start=1)}
        positioned = lines.with_columns(position=pl.int_range(pl.len()).over("recipe_slug"))
        for row in positioned.filter(unknown).iter_rows(named=True):
            yield Problem(
                "recipes.jsonl",
                f"unknown ingredient {row['ingredient']!r}",
                recipe_lines[row["recipe_slug"]],
                f"ingredients[{row['position']}].ingredient",
            )
    recipe_tags = tables["recipes"].select("slug", "tags").with_row_index("line", offset=1)
    exploded = recipe_tags.explode("tags").drop_nulls("tags")
    for row in exploded.filter(~pl.col("tags").is_in(list(tags))).iter_rows(named=True):
        yield Problem("recipes.jsonl", f"unknown tag {row['tags']!r}", row["line"], "tags")
