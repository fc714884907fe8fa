"""The pack maintainer's workflow: scaffold a pack, seal it, diff two versions, release it.

A pack written by a person (or by `simmer pack import`) never needs a hand-computed sha256:
`seal_pack` lists every data file and every file under `media/` with its checksum (and bumps
the version when asked), `release_pack` validates the pack and writes the deterministic
`NAME-VERSION.tar.gz` that the plan ingests, and `diff_packs` says what changed between two
versions, record by record (by slug, or vendor/sku), per file.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import ValidationError

from simmer.packs.digest import sha256_file
from simmer.packs.schema import DATA_FILES, PackManifest
from simmer.packs.source import (
    MANIFEST,
    PackError,
    Problem,
    located_problems,
    pack_files,
    pack_root,
    read_manifest,
)
from simmer.packs.tables import KEYS
from simmer.packs.validate import load_pack
from simmer.packs.writer import write_manifest

Bump = Literal["major", "minor", "patch"]
KEY_COLUMNS = {
    **{f"{table}.jsonl": columns for table, columns in KEYS.values()},
    "portions.jsonl": ("ingredient", "amount", "unit"),  # a portion is its measure
}
README = """# {name}

{description}

Maintained with `simmer pack`: add records to the JSON Lines files (see packs/README.md for
the format and packs/schema/ for their JSON Schema), then `simmer pack seal {path}` and
`simmer pack validate {path}`; `simmer pack release {path}` writes the archive to publish.
"""


def new_pack(
    path: Path,
    *,
    license: str,
    attribution: str,
    description: str,
    depends: list[str],
) -> PackManifest:
    """Scaffold an empty pack at `path` (its folder name is the pack's name): a sealed
    `pack.json` at version 0.1.0 and a README. Refuses a folder that already holds a pack."""
    if (path / MANIFEST).exists():
        raise PackError([Problem(str(path / MANIFEST), "already exists; not overwritten")])
    manifest = {
        "name": path.name,
        "version": "0.1.0",
        "license": license,
        "attribution": attribution,
        "description": description,
        "files": {},
        "depends": [{"name": name, "version": ">=1.0"} for name in depends],
    }
    _checked(manifest)
    path.mkdir(parents=True, exist_ok=True)
    written = write_manifest(path, manifest)
    readme = README.format(name=path.name, description=description, path=path)
    (path / "README.md").write_text(readme, encoding="utf-8")
    return written


def _checked(manifest: dict[str, Any]) -> PackManifest:
    try:
        return PackManifest.model_validate(manifest)
    except ValidationError as error:
        raise PackError(list(located_problems(MANIFEST, None, error))) from None


def seal_pack(path: Path, bump: Bump | None = None) -> PackManifest:
    """Rewrite `path/pack.json`'s `files`: every data file present and every file under
    `media/`, each with its sha256; the version bumped when asked. Records are not checked
    here: `simmer pack validate` does that."""
    raw = _manifest_json(path)
    files = [path / name for name in DATA_FILES if (path / name).is_file()]
    media = [f for f in pack_files(path) if f.relative_to(path).parts[0] == "media"]
    raw["files"] = {f.relative_to(path).as_posix(): sha256_file(f) for f in [*files, *media]}
    if bump is not None:
        raw["version"] = bumped(str(raw.get("version", "0.0.0")), bump)
    _checked(raw)
    return write_manifest(path, raw)


def _manifest_json(path: Path) -> dict[str, Any]:
    where = str(path / MANIFEST)
    try:
        raw = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError([Problem(where, "missing: run `simmer pack new` first")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PackError([Problem(where, f"not JSON: {error}")]) from None
    if not isinstance(raw, dict):
        raise PackError([Problem(where, "must be a JSON object")])
    return raw


def bumped(version: str, part: Bump) -> str:
    """'1.4.2' bumped: major 2.0.0, minor 1.5.0, patch 1.4.3."""
    major, minor, patch = (int(n) for n in version.split("-")[0].split("+")[0].split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


@dataclass(frozen=True)
class FileDiff:
    """What changed in one data file, by record key."""

    file: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        counts = f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)}"
        return [
            f"{self.file}: {counts} changed",
            *(f"  + {key}" for key in self.added),
            *(f"  - {key}" for key in self.removed),
            *(f"  ~ {key}" for key in self.changed),
        ]


def diff_packs(old: Path, new: Path) -> list[FileDiff]:
    """Records added, removed and changed (any field) between two versions of a pack, per
    data file that differs; folders or archives."""
    old_root, new_root = pack_root(old), pack_root(new)
    diffs = []
    for name in DATA_FILES:
        before, after = _keyed_lines(old_root / name), _keyed_lines(new_root / name)
        joined = before.join(after, on="key", how="full", coalesce=True, suffix="_new")
        diff = FileDiff(
            name,
            added=_keys(joined.filter(pl.col("record").is_null())),
            removed=_keys(joined.filter(pl.col("record_new").is_null())),
            changed=_keys(joined.filter(pl.col("record") != pl.col("record_new"))),
        )
        if diff.added or diff.removed or diff.changed:
            diffs.append(diff)
    return diffs


def _keyed_lines(path: Path) -> pl.DataFrame:
    """Each record of a JSON Lines file (its line as written, blank lines left out), by key."""
    columns = KEY_COLUMNS[path.name]
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    lines = pl.LazyFrame({"record": text.splitlines()}, schema={"record": pl.String})
    keys = [pl.col("record").str.json_path_match(f"$.{column}") for column in columns]
    return (
        lines.filter(pl.col("record").str.strip_chars() != "")
        .select(pl.concat_str(keys, separator="/").alias("key"), pl.col("record"))
        .collect()
    )


def _keys(frame: pl.DataFrame) -> list[str]:
    return sorted(frame.get_column("key").to_list())


def release_pack(path: Path, out_dir: Path, packs_dir: Path | None = None) -> Path:
    """Validate the pack at `path` (dependencies in `packs_dir`, default its parent folder),
    then write `out_dir/NAME-VERSION.tar.gz` (one top folder NAME-VERSION/, members sorted,
    times and owners zeroed: the same pack gives the same bytes) and validate that archive
    against the same dependencies. The archive is what goes into a packs folder: installed
    beside its own source folder, the two would claim one name. It is written and validated in
    a scratch folder of `out_dir` and moved into place only when valid: an archive the
    validation refuses (one over the archive limits) leaves `out_dir` as it was."""
    manifest = load_pack(path, packs_dir).manifest
    release = f"{manifest.name}-{manifest.version}"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{release}.", dir=out_dir) as scratch:
        unchecked = Path(scratch) / f"{release}.tar.gz"
        unchecked.write_bytes(_archive_bytes(path, release))
        load_pack(unchecked, packs_dir or path.resolve().parent)  # its dependencies
        return unchecked.replace(out_dir / unchecked.name)


def _archive_bytes(path: Path, release: str) -> bytes:
    """The pack's files as a gzipped tar under one folder `release`, the same bytes each time."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for file in pack_files(path):
            info = tarfile.TarInfo(f"{release}/{file.relative_to(path).as_posix()}")
            info.size = file.stat().st_size
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(file.read_bytes()))
    return gzip.compress(buffer.getvalue(), mtime=0)


def manifest_of(path: Path) -> PackManifest:
    return read_manifest(pack_root(path))
