"""Validate a pack and load it into catalog tables, reporting every problem with its place.

Order of checks: the manifest, then checksums, then every record against the pydantic models
(in chunks; a failing chunk is re-checked line by line to locate each problem), then what needs
more than one record: duplicate keys, references to ingredients and tags (in this pack or the
packs it depends on, transitively) and slug conflicts with those packs unless overridden.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import polars as pl
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from pydantic import TypeAdapter, ValidationError

from simmer.packs.digest import sha256_file
from simmer.packs.records import record_adapter
from simmer.packs.schema import DATA_FILES, RECORD_MODELS, PackManifest
from simmer.packs.source import MANIFEST, PackError, Problem, discover_packs, opened_pack
from simmer.packs.tables import pack_tables

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
    """What a pack defines that others may reference or redefine: its ingredient, tag and
    recipe slugs."""

    pack: str
    ingredients: frozenset[str]
    tags: frozenset[str]
    recipes: frozenset[str]


def load_pack(path: Path, packs_dir: Path | None = None) -> LoadedPack:
    """Validate the pack at `path` and return its tables; raise PackError with every problem.

    Dependencies are looked up by name among the packs in `packs_dir` (default: the folder
    holding `path`).
    """
    with opened_pack(path) as root:
        manifest = read_manifest(root)
        problems = check_checksums(root, manifest)
        if problems:
            raise PackError(problems)
        tables = _records_then_tables(root)
    dependencies = resolve_dependencies(manifest, packs_dir or path.resolve().parent)
    problems = check_tables(manifest, tables, dependencies)
    if problems:
        raise PackError(problems[:MAX_PROBLEMS])
    return LoadedPack(manifest, tables, [d.pack for d in dependencies])


def _records_then_tables(root: Path) -> dict[str, pl.DataFrame]:
    """Check every record while DuckDB reads the files into tables on the side (one thread,
    outside the GIL: the record checks keep the other cores); the tables are used only when
    every record is valid. The validators are built before the thread starts, so processes
    forked for large files never need a lock the reading thread could hold."""
    for name in DATA_FILES:
        record_adapter(RECORD_MODELS[name])
    with ThreadPoolExecutor(1) as reader:
        reading = reader.submit(pack_tables, root, 1)
        problems = [p for name in DATA_FILES for p in check_records(root, name)]
        if problems:
            reading.exception()  # let it finish: files with problems may not even parse
            raise PackError(problems[:MAX_PROBLEMS])
        return reading.result()


def read_manifest(root: Path) -> PackManifest:
    path = root / MANIFEST
    if not path.exists():
        raise PackError([Problem(MANIFEST, "missing: every pack has a pack.json")])
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PackError([Problem(MANIFEST, f"invalid JSON: {error.msg}", error.lineno)]) from error
    try:
        return PackManifest.model_validate(data)
    except ValidationError as error:
        raise PackError(list(_problems(MANIFEST, None, error))) from error


def check_checksums(root: Path, manifest: PackManifest) -> list[Problem]:
    problems = []
    for name, expected in sorted(manifest.files.items()):
        path = root / name
        if not path.is_file():
            problems.append(
                Problem(MANIFEST, f"lists {name}, which is not in the pack", None, "files")
            )
        elif (actual := sha256_file(path)) != expected:
            problems.append(
                Problem(name, f"checksum mismatch: pack.json says {expected}, file is {actual}")
            )
    for name in DATA_FILES:
        if (root / name).exists() and name not in manifest.files:
            problems.append(Problem(name, "data file not listed in pack.json files"))
    return problems


def check_records(root: Path, name: str) -> list[Problem]:
    """Every line of one JSON Lines file against its model (large files on every core)."""
    path = root / name
    if not path.exists():
        return []
    ranges = _line_ranges(path, parts=_workers(path))
    if len(ranges) == 1:
        return _check_range(name, path, *ranges[0])
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(ranges), mp_context=context) as pool:
        found = pool.map(_check_range, repeat(name), repeat(path), *zip(*ranges, strict=True))
        return [problem for problems in found for problem in problems]


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
    or over-long lines) is checked line by line to locate its problems."""
    adapter = record_adapter(RECORD_MODELS[name])
    lines_ok = b"\n\n" not in block and not block.startswith(b"\n")
    if lines_ok and max(map(len, block.split(b"\n"))) <= MAX_LINE_BYTES:
        try:
            adapter.validate_json(b"[" + block.rstrip(b"\n").replace(b"\n", b",") + b"]")
            return []
        except ValidationError:
            pass
    problems: list[Problem] = []
    for chunk in _chunks(_numbered_lines(name, block, first_line, problems)):
        try:
            adapter.validate_json(b"[" + b",".join(line for _, line in chunk) + b"]")
        except ValidationError:
            problems.extend(_locate(name, chunk, adapter))
    return sorted(problems, key=lambda p: p.line or 0)


def _numbered_lines(
    name: str, data: bytes, first_line: int, problems: list[Problem]
) -> Iterator[tuple[int, bytes]]:
    """Non-empty lines with their numbers; over-long and blank lines become problems."""
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # what follows the range's final newline
    for number, line in enumerate(lines, start=first_line):
        if len(line) > MAX_LINE_BYTES:
            problems.append(
                Problem(name, f"line is {len(line):,} bytes; the limit is 1 MiB", number)
            )
        elif not (stripped := line.strip()):
            problems.append(Problem(name, "empty line", number))
        else:
            yield number, stripped


def _chunks(lines: Iterable[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    chunk: list[tuple[int, bytes]] = []
    for item in lines:
        chunk.append(item)
        if len(chunk) == CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _locate(
    name: str, chunk: list[tuple[int, bytes]], adapter: TypeAdapter[list[dict[str, Any]]]
) -> Iterator[Problem]:
    for number, line in chunk:
        try:
            adapter.validate_json(b"[" + line + b"]")
        except ValidationError as error:
            yield from _problems(name, number, error)


def _problems(file: str, line: int | None, error: ValidationError) -> Iterator[Problem]:
    for detail in error.errors(include_url=False):
        location = list(detail["loc"])
        if line is not None and location and isinstance(location[0], int):
            location = location[1:]
        message = detail["msg"]
        if detail["type"] == "json_invalid":
            message = f"invalid JSON: {detail.get('ctx', {}).get('error', message)}"
        elif detail["type"] == "missing":
            message = "missing required field"
        elif detail["type"] == "extra_forbidden":
            message = "unknown field"
        elif detail["type"] == "string_pattern_mismatch" and str(location[-1]).endswith("unit"):
            message = (
                f"unknown unit {detail['input']!r}: expected a kitchen unit name "
                "(gram, cup, tablespoon, large, ...; packs/README.md lists them)"
            )
        yield Problem(file, message, line, _field_path(location) or None)


def _field_path(location: list[Any]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def resolve_dependencies(manifest: PackManifest, packs_dir: Path) -> list[DefinedSlugs]:
    """The slugs defined by every pack this one depends on, transitively."""
    available = _manifests_by_name(packs_dir)
    resolved: dict[str, DefinedSlugs] = {}
    pending = [(manifest.name, dependency) for dependency in manifest.depends]
    problems: list[Problem] = []
    while pending:
        requirer, dependency = pending.pop()
        if dependency.name in resolved:
            continue
        found = available.get(dependency.name)
        if found is None:
            problems.append(
                Problem(
                    MANIFEST,
                    f"{requirer} depends on pack {dependency.name!r}, not found in {packs_dir}",
                    None,
                    "depends",
                )
            )
            continue
        path, other = found
        if not _satisfies(other.version, dependency.version):
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
        resolved[other.name] = defined_slugs(path, other.name)
        pending.extend((other.name, d) for d in other.depends)
    if problems:
        raise PackError(problems)
    return [resolved[name] for name in sorted(resolved)]


def _satisfies(version: str, specifier: str) -> bool:
    if not specifier:
        return True
    try:
        return Version(version) in SpecifierSet(specifier)
    except InvalidSpecifier:
        return False


def _manifests_by_name(packs_dir: Path) -> dict[str, tuple[Path, PackManifest]]:
    found: dict[str, tuple[Path, PackManifest]] = {}
    for path in discover_packs(packs_dir):
        try:
            with opened_pack(path) as root:
                manifest = read_manifest(root)
        except PackError:
            continue
        found.setdefault(manifest.name, (path, manifest))
    return found


def defined_slugs(path: Path, name: str) -> DefinedSlugs:
    with opened_pack(path) as root:
        return DefinedSlugs(
            pack=name,
            ingredients=_column_values(root / "ingredients.jsonl"),
            tags=_column_values(root / "tags.jsonl"),
            recipes=_column_values(root / "recipes.jsonl"),
        )


def _column_values(path: Path) -> frozenset[str]:
    if not path.exists() or path.stat().st_size == 0:
        return frozenset()
    frame = pl.read_ndjson(path, schema={"slug": pl.String}, ignore_errors=True)
    return frozenset(frame.get_column("slug").drop_nulls().to_list())


def check_tables(
    manifest: PackManifest, tables: dict[str, pl.DataFrame], dependencies: list[DefinedSlugs]
) -> list[Problem]:
    """Duplicates, references and conflicts: the checks that need more than one record."""
    ingredients = set(tables["ingredients"].get_column("slug").to_list())
    tags = set(tables["tags"].get_column("slug").to_list())
    recipes = set(tables["recipes"].get_column("slug").to_list())
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
        *_conflicts(manifest, ingredients, tags, recipes, dependencies),
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


def _conflicts(
    manifest: PackManifest,
    ingredients: set[str],
    tags: set[str],
    recipes: set[str],
    dependencies: list[DefinedSlugs],
) -> Iterator[Problem]:
    overrides = set(manifest.overrides)
    redefined: set[str] = set()
    for dependency in dependencies:
        for kind, own, theirs in (
            ("ingredient", ingredients, dependency.ingredients),
            ("tag", tags, dependency.tags),
            ("recipe", recipes, dependency.recipes),
        ):
            for slug in sorted(own & theirs):
                redefined.add(slug)
                if slug not in overrides:
                    yield Problem(
                        f"{kind}s.jsonl",
                        f"{kind} {slug!r} is defined by both {manifest.name!r} and "
                        f"{dependency.pack!r}; list it in pack.json overrides to redefine it",
                    )
    for slug in sorted(overrides - redefined):
        yield Problem(
            MANIFEST, f"overrides {slug!r}, which no dependency defines", None, "overrides"
        )
