"""Write a pack deterministically: sorted JSON Lines, sha256 per file, then `pack.json`.

Builders (USDA, recipes, vendor) and the synthetic benchmark generator all write through here,
so every pack on disk has the same byte-level conventions and a correct manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from simmer.packs.digest import sha256_file
from simmer.packs.schema import PackManifest, Record


def record_line(record: Record | Mapping[str, Any]) -> str:
    """One JSON Lines line: compact, keys in model order, defaults left out."""
    data = (
        record.model_dump(mode="json", exclude_defaults=True)
        if isinstance(record, Record)
        else record
    )
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(path: Path, records: Iterable[Record | Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(record_line(record))
            handle.write("\n")


def write_pack(
    out_dir: Path,
    manifest: Mapping[str, Any],
    files: Mapping[str, Iterable[Record | Mapping[str, Any]]],
) -> PackManifest:
    """Write `files` (name -> records, already in a stable order) and a checksummed pack.json.

    `manifest` holds every pack.json field but `files`, which is computed here. A file without
    records is left out of the pack (a listed data file holds records).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    checksums: dict[str, str] = {}
    for name in sorted(files):
        path = out_dir / name
        write_jsonl(path, files[name])
        if path.stat().st_size == 0:
            path.unlink()
            continue
        checksums[name] = sha256_file(path)
    return write_manifest(out_dir, {**manifest, "files": checksums})


def write_manifest(out_dir: Path, manifest: Mapping[str, Any]) -> PackManifest:
    """`manifest` checked by the model and written as `out_dir/pack.json`."""
    pack = PackManifest.model_validate(manifest)
    (out_dir / "pack.json").write_text(
        json.dumps(pack.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return pack
