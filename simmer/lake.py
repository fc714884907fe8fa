"""The Parquet lake under `$SIMMER_HOME/lake`: versioned table sets behind an atomic pointer.

A table set (the catalog, a staged pack, ...) is written into a fresh folder named by the
content it holds, then `current` (a symlink) is swapped to it with one `rename`: readers see the
old set or the new one, never a mix, and a failed run leaves `current` where it was. Writing
the same content twice lands in the same folder, so re-runs converge.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import polars as pl

CURRENT = "current"
KEEP_VERSIONS = 3


def content_id(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def write_table_set(
    target: Path, tables: dict[str, pl.DataFrame], notes: dict[str, str] | None = None
) -> Path:
    """Write `tables` as Parquet (and `notes` as text files) into `target`, atomically.

    Nothing is written when `target` already exists: its name says what it holds.
    """
    if target.is_dir():
        return target
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, frame in sorted(tables.items()):
        frame.write_parquet(staging / f"{name}.parquet", compression="lz4", statistics=True)
    for name, text in sorted((notes or {}).items()):
        (staging / name).write_text(text, encoding="utf-8")
    staging.rename(target)
    return target


def publish_table_set(
    dataset_dir: Path,
    version: str,
    tables: dict[str, pl.DataFrame],
    notes: dict[str, str] | None = None,
) -> Path:
    """Write `tables` as version `version` of the dataset and make it `current`; its folder.

    The one way a dataset (`lake/<dataset>/<version>/`, `lake/<dataset>/current`) is published:
    written whole into its own folder, then swapped in, then old versions pruned.
    """
    folder = write_table_set(dataset_dir / version, tables, notes)
    swap_current(dataset_dir, folder)
    return folder


def read_table_set(folder: Path) -> dict[str, pl.DataFrame]:
    return {path.stem: pl.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}


def swap_current(dataset_dir: Path, version_dir: Path) -> None:
    """Point `dataset_dir/current` at `version_dir` atomically, then prune old versions."""
    link = dataset_dir / CURRENT
    temporary = dataset_dir / f".{CURRENT}-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(version_dir.name)
    temporary.replace(link)
    prune_versions(dataset_dir, keep=version_dir.name)


def current_dir(dataset_dir: Path) -> Path | None:
    link = dataset_dir / CURRENT
    return link.resolve() if link.exists() else None


def prune_versions(dataset_dir: Path, keep: str) -> None:
    """Remove all but the KEEP_VERSIONS newest version folders; `keep` always stays."""
    versions = sorted(
        (
            p
            for p in dataset_dir.iterdir()
            if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
        ),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in [v for v in versions if v.name != keep][KEEP_VERSIONS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
