"""The catalog: every pack's tables merged into one set in the lake, swapped in atomically.

Each pack is first staged on its own (`lake/packs/<name>/<checksum>/`, content-addressed, so an
unchanged pack is never staged twice); the catalog (`lake/catalog/<id>/`, `current` pointing at
the live one) merges the staged packs in dependency order (`simmer.packs.graph` decides the
order and the conflicts). A slug defined by two packs is an error naming both, unless the later
pack depends on the earlier and lists the slug in its `overrides`, in which case the later
definition wins (a recipe's lines come with it).

The checks that guard publishing (`check_not_empty`, `check_references_resolve`,
`check_packs_match_lake`) are pure functions over the merged tables, run before the swap: a
catalog that fails one is never made current.
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
from simmer.packs.graph import CycleError, DependencyGraph
from simmer.packs.schema import PackManifest
from simmer.packs.source import PackError, Problem
from simmer.packs.tables import KEYS, TABLES, defined_keys, key_lines, pack_tables
from simmer.packs.validate import LoadedPack
from simmer.recipe_analysis import CheckOutcome

KEY_COLUMNS: dict[str, list[str]] = {table: list(columns) for table, columns in KEYS.values()}
CATALOG_DATASET = "catalog"
STAGED_MANIFEST = "pack.json"
REFERENCES = (
    ("portions", "ingredient"),
    ("recipe_ingredients", "ingredient"),
    ("vendor_products", "ingredient"),
)
MUST_NOT_BE_EMPTY = ("ingredients", "recipes")


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
    try:
        order = DependencyGraph.of(p.manifest for p in packs).order()
    except CycleError as error:
        raise PackError([Problem("pack.json", str(error), None, "depends")]) from error
    return [by_name[name] for name in order]


def merge_catalog(packs: list[StagedPack]) -> dict[str, pl.DataFrame]:
    ordered = dependency_order(packs)
    loaded = [(pack.name, pack.tables()) for pack in ordered]
    problems = _cross_pack_conflicts(ordered, dict(loaded))
    if problems:
        raise PackError(problems)
    stacked = _stack(loaded)
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


def _stack(loaded: list[tuple[str, dict[str, pl.DataFrame]]]) -> dict[str, pl.DataFrame]:
    ranked = [(rank, name, tables) for rank, (name, tables) in enumerate(loaded)]
    if not ranked:
        ranked = [(0, "", pack_tables(None))]
    return {
        table: pl.concat(
            [
                tables[table].with_columns(pack=pl.lit(name), pack_rank=pl.lit(rank, pl.Int32))
                for rank, name, tables in ranked
            ],
            how="diagonal_relaxed",  # a pack staged before a column existed has it null
        )
        for table in TABLES
    }


def _winners(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    keys = KEY_COLUMNS.get(table)
    if keys is None:
        return frame
    return (
        frame.sort("pack_rank")
        .unique(subset=keys, keep="last", maintain_order=True)
        .sort(keys, nulls_last=True)
    )


def _cross_pack_conflicts(
    ordered: list[StagedPack], tables: dict[str, dict[str, pl.DataFrame]]
) -> list[Problem]:
    graph = DependencyGraph.of(p.manifest for p in ordered)
    defined = {name: defined_keys(pack_tables) for name, pack_tables in tables.items()}
    problems = []
    for conflict in graph.conflicts(defined):
        later, earlier = conflict.newcomer, conflict.incumbent
        lines = key_lines(tables[later], conflict.kind).filter(pl.col("key") == conflict.key)
        problems.append(
            Problem(
                f"{later}/{KEYS[conflict.kind][0]}.jsonl",
                f"{conflict.describe(incumbent_first=True)}; {later!r} must depend on "
                f"{earlier!r} and list it in overrides",
                lines.get_column("line").first() if lines.height else None,  # type: ignore[arg-type]
            )
        )
    return problems


def check_not_empty(tables: dict[str, pl.DataFrame], table: str) -> CheckOutcome:
    """A catalog without ingredients or recipes is never published: an update that drops them
    all is far more likely a broken pack than the intent."""
    rows = tables[table].height
    return CheckOutcome(rows > 0, f"{rows:,} {table}", {"rows": rows})


def check_references_resolve(
    tables: dict[str, pl.DataFrame], table: str, column: str
) -> CheckOutcome:
    """Every ingredient `table.column` names is in the catalog's ingredients."""
    known = tables["ingredients"].get_column("slug")
    values = tables[table].get_column(column).drop_nulls()
    dangling = values.filter(~values.is_in(known.implode())).unique().sort()
    return CheckOutcome(
        dangling.len() == 0,
        f"{dangling.len()} unknown ingredient(s) in {table}.{column}",
        {"dangling": dangling.len(), "examples": ", ".join(dangling.head(5).to_list())},
    )


def check_packs_match_lake(packs: list[StagedPack], on_disk: dict[str, str]) -> CheckOutcome:
    """The packs on disk (`on_disk`: name -> content checksum) are the ones staged."""
    drifted = [p.name for p in packs if on_disk.get(p.name) != p.checksum]
    return CheckOutcome(
        not drifted,
        f"changed since ingest: {', '.join(drifted)}" if drifted else "every pack as staged",
        {"changed_since_ingest": ", ".join(drifted) or "none"},
    )


def publish_catalog(
    lake_dir: Path, packs: list[StagedPack], tables: dict[str, pl.DataFrame]
) -> Path:
    """Write the merged catalog as a new version and make it `current`; its folder."""
    dataset = lake_dir / CATALOG_DATASET
    version = content_id(sorted(f"{p.name}:{p.checksum}" for p in packs))
    manifest = {p.name: {"version": p.manifest.version, "checksum": p.checksum} for p in packs}
    notes = {"packs.json": json.dumps(manifest, indent=2, sort_keys=True) + "\n"}
    return publish_table_set(dataset, version, tables, notes)


def current_catalog(lake_dir: Path) -> Path | None:
    return current_dir(lake_dir / CATALOG_DATASET)


def catalog_version_dir(lake_dir: Path, version: str) -> Path | None:
    """The folder of catalog `version` (as the read model names it), while the lake keeps it."""
    folder = lake_dir / CATALOG_DATASET / version
    return folder if version and "/" not in version and folder.is_dir() else None
