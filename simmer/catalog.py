"""The catalog: every pack's tables merged into one set in the lake, swapped in atomically.

Each pack is first staged on its own (`lake/packs/<name>/<checksum>/`, content-addressed, so an
unchanged pack is never staged twice); the catalog (`lake/catalog/<id>/`, `current` pointing at
the live one) merges the staged packs in dependency order. A slug defined by two packs is an
error naming both, unless the later pack depends on the earlier and lists the slug in its
`overrides`, in which case the later definition wins (a recipe's lines come with it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from simmer.lake import (
    content_id,
    current_dir,
    prune_versions,
    publish_table_set,
    read_table_set,
    write_table_set,
)
from simmer.packs.schema import PackManifest
from simmer.packs.source import PackError, Problem
from simmer.packs.tables import TABLES, pack_tables
from simmer.packs.validate import LoadedPack

KEYS: dict[str, list[str]] = {
    "ingredients": ["slug"],
    "tags": ["slug"],
    "recipes": ["slug"],
    "vendor_products": ["vendor", "sku"],
}
STAGED_MANIFEST = "pack.json"


@dataclass(frozen=True)
class StagedPack:
    manifest: PackManifest
    checksum: str
    folder: Path

    @property
    def name(self) -> str:
        return self.manifest.name

    def tables(self) -> dict[str, pl.DataFrame]:
        return read_table_set(self.folder)


def staged_folder(lake_dir: Path, name: str, checksum: str) -> Path:
    return lake_dir / "packs" / name / checksum[:16]


def stage_pack(loaded: LoadedPack, checksum: str, lake_dir: Path) -> StagedPack:
    """Write a validated pack's tables into the lake (a no-op when that version is there)."""
    folder = staged_folder(lake_dir, loaded.name, checksum)
    notes = {STAGED_MANIFEST: loaded.manifest.model_dump_json(indent=2)}
    write_table_set(folder, loaded.tables, notes)
    prune_versions(folder.parent, keep=folder.name)
    return StagedPack(loaded.manifest, checksum, folder)


def find_staged(lake_dir: Path, name: str, checksum: str) -> StagedPack | None:
    folder = staged_folder(lake_dir, name, checksum)
    manifest = folder / STAGED_MANIFEST
    if not manifest.is_file():
        return None
    return StagedPack(PackManifest.model_validate_json(manifest.read_text()), checksum, folder)


def dependency_order(packs: list[StagedPack]) -> list[StagedPack]:
    """Packs sorted so that each comes after what it depends on (ties by name)."""
    by_name = {p.name: p for p in packs}
    ordered: list[StagedPack] = []
    placed: set[str] = set()
    remaining = sorted(by_name)
    while remaining:
        ready = [
            n
            for n in remaining
            if all(d.name in placed or d.name not in by_name for d in by_name[n].manifest.depends)
        ]
        if not ready:
            raise PackError(
                [Problem("pack.json", f"dependency cycle among packs {remaining}", None, "depends")]
            )
        for name in ready:
            ordered.append(by_name[name])
            placed.add(name)
        remaining = [n for n in remaining if n not in placed]
    return ordered


def merge_catalog(packs: list[StagedPack]) -> dict[str, pl.DataFrame]:
    ordered = dependency_order(packs)
    stacked = _stack(ordered)
    problems = _cross_pack_conflicts(ordered, stacked)
    if problems:
        raise PackError(problems)
    merged = {table: _winners(table, frame) for table, frame in stacked.items()}
    merged["recipe_ingredients"] = (
        stacked["recipe_ingredients"]
        .join(
            merged["recipes"].select(pl.col("slug").alias("recipe_slug"), "pack"),
            on=["recipe_slug", "pack"],
            how="semi",
        )
        .sort("recipe_slug", "line_no")
    )
    return {table: frame.drop("pack_rank") for table, frame in merged.items()}


def _stack(ordered: list[StagedPack]) -> dict[str, pl.DataFrame]:
    loaded = [(rank, pack.name, pack.tables()) for rank, pack in enumerate(ordered)]
    if not loaded:
        loaded = [(0, "", pack_tables(None))]
    return {
        table: pl.concat(
            [
                tables[table].with_columns(pack=pl.lit(name), pack_rank=pl.lit(rank, pl.Int32))
                for rank, name, tables in loaded
            ],
            how="vertical_relaxed",
        )
        for table in TABLES
    }


def _winners(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    keys = KEYS.get(table)
    if keys is None:
        return frame
    return (
        frame.sort("pack_rank")
        .unique(subset=keys, keep="last", maintain_order=True)
        .sort(keys, nulls_last=True)
    )


def _cross_pack_conflicts(
    ordered: list[StagedPack], stacked: dict[str, pl.DataFrame]
) -> list[Problem]:
    closure = _dependency_closure(ordered)
    overrides = {p.name: set(p.manifest.overrides) for p in ordered}
    problems = []
    for table in ("ingredients", "tags", "recipes", "vendor_products"):
        keys = KEYS[table]
        shared = (
            stacked[table]
            .group_by(keys)
            .agg(pl.col("pack").sort_by("pack_rank").alias("packs"))
            .filter(pl.col("packs").list.len() > 1)
            .sort(keys)
        )
        for row in shared.iter_rows(named=True):
            key = "/".join(str(row[k]) for k in keys)
            for earlier, later in zip(row["packs"], row["packs"][1:], strict=False):
                if key in overrides[later] and earlier in closure[later]:
                    continue
                problems.append(
                    Problem(
                        f"{later}/{table}.jsonl",
                        f"{table[:-1].replace('_', ' ')} {key!r} is defined by both "
                        f"{earlier!r} and {later!r}; {later!r} must depend on {earlier!r} "
                        "and list it in overrides",
                    )
                )
    return problems


def _dependency_closure(packs: list[StagedPack]) -> dict[str, set[str]]:
    direct = {p.name: {d.name for d in p.manifest.depends} for p in packs}
    closure: dict[str, set[str]] = {}
    for pack in packs:  # dependency order: every dependency's closure is already known
        closure[pack.name] = set(direct[pack.name]).union(
            *(closure.get(d, set()) for d in direct[pack.name])
        )
    return closure


def publish_catalog(
    lake_dir: Path, packs: list[StagedPack], tables: dict[str, pl.DataFrame]
) -> Path:
    """Write the merged catalog as a new version and make it `current`; its folder."""
    dataset = lake_dir / "catalog"
    version = content_id(sorted(f"{p.name}:{p.checksum}" for p in packs))
    manifest = {p.name: {"version": p.manifest.version, "checksum": p.checksum} for p in packs}
    notes = {"packs.json": json.dumps(manifest, indent=2, sort_keys=True) + "\n"}
    return publish_table_set(dataset, version, tables, notes)


def current_catalog(lake_dir: Path) -> Path | None:
    return current_dir(lake_dir / "catalog")
