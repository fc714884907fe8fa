"""The catalog tables (one asset each) merged from every staged pack."""

from collections.abc import Iterator, Sequence
from pathlib import Path

import dagster as dg
import polars as pl

from assets.packs import pack_key, pack_name
from assets.resources import SimmerHome
from simmer.catalog import (
    StagedPack,
    current_catalog,
    find_staged,
    merge_catalog,
    publish_catalog,
)
from simmer.lake import read_table_set
from simmer.packs.source import PackError, pack_checksum
from simmer.packs.tables import TABLES

CATALOG_GROUP = "catalog"
REFERENCES = (
    ("portions", "ingredient"),
    ("recipe_ingredients", "ingredient"),
    ("vendor_products", "ingredient"),
)


def catalog_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["catalog", table])


def catalog_definition(pack_paths: Sequence[Path]) -> dg.AssetsDefinition:
    names = [pack_name(path) for path in pack_paths]
    specs = [
        dg.AssetSpec(catalog_key(t), deps=[pack_key(n) for n in names], group_name=CATALOG_GROUP)
        for t in TABLES
    ]
    checks = [
        dg.AssetCheckSpec("not_empty", asset=catalog_key(t)) for t in ("ingredients", "recipes")
    ]
    checks += [dg.AssetCheckSpec("references_resolve", asset=catalog_key(t)) for t, _ in REFERENCES]
    checks.append(dg.AssetCheckSpec("packs_match_lake", asset=catalog_key("ingredients")))

    @dg.multi_asset(specs=specs, check_specs=checks, pool="lake", name="catalog")
    def catalog(
        context: dg.AssetExecutionContext, simmer: SimmerHome
    ) -> Iterator[dg.MaterializeResult[None]]:
        staged = [_staged(simmer.lake_dir, path) for path in pack_paths]
        try:
            tables = merge_catalog(staged)
        except PackError as error:
            raise dg.Failure(description=f"catalog not updated\n{error}") from error
        folder = publish_catalog(simmer.lake_dir, staged, tables)
        context.log.info(f"catalog {folder.name} is current")
        versions = {p.name: p.manifest.version for p in staged}
        for table in TABLES:
            yield dg.MaterializeResult(
                asset_key=catalog_key(table),
                metadata={
                    "rows": tables[table].height,
                    "catalog": folder.name,
                    "packs": versions,
                    **table_coverage(table, tables[table]),
                },
                check_results=list(_checks(table, tables, staged, pack_paths)),
            )

    return catalog


def current_catalog_tables(lake_dir: Path) -> tuple[str, dict[str, pl.DataFrame]]:
    """The live catalog's version and tables, for the assets computed from it."""
    folder = current_catalog(lake_dir)
    if folder is None:
        raise dg.Failure("no catalog in the lake yet: materialize the catalog first")
    return folder.name, read_table_set(folder)


def table_coverage(table: str, frame: pl.DataFrame) -> dict[str, float]:
    """How complete a table is, where that has a meaning: nutrition known for ingredients,
    lines matched to an ingredient for recipe lines, servings stated for recipes."""
    known = {
        "ingredients": "energy_kcal",
        "recipe_ingredients": "ingredient",
        "recipes": "servings",
    }
    column = known.get(table)
    if column is None or frame.is_empty():
        return {}
    return {f"coverage_{column}": round(frame.get_column(column).count() / frame.height, 4)}


def _staged(lake_dir: Path, path: Path) -> StagedPack:
    name = pack_name(path)
    try:
        staged = find_staged(lake_dir, name, pack_checksum(path))
    except PackError as error:
        raise dg.Failure(description=f"pack {name} cannot be read\n{error}") from error
    if staged is None:
        raise dg.Failure(
            description=f"pack {name} changed since it was ingested: "
            f"materialize {pack_key(name).to_user_string()} first"
        )
    return staged


def _checks(
    table: str, tables: dict[str, pl.DataFrame], staged: list[StagedPack], paths: Sequence[Path]
) -> Iterator[dg.AssetCheckResult]:
    if table in ("ingredients", "recipes"):
        rows = tables[table].height
        yield dg.AssetCheckResult(
            asset_key=catalog_key(table),
            check_name="not_empty",
            passed=rows > 0,
            metadata={"rows": rows},
        )
    for referencing, column in REFERENCES:
        if referencing == table:
            known = tables["ingredients"].get_column("slug")
            values = tables[table].get_column(column).drop_nulls()
            dangling = values.filter(~values.is_in(known.implode())).unique().sort()
            yield dg.AssetCheckResult(
                asset_key=catalog_key(table),
                check_name="references_resolve",
                passed=dangling.len() == 0,
                metadata={
                    "dangling": dangling.len(),
                    "examples": ", ".join(dangling.head(5).to_list()),
                },
            )
    if table == "ingredients":
        drifted = [
            p.name
            for p, path in zip(staged, paths, strict=True)
            if pack_checksum(path) != p.checksum
        ]
        yield dg.AssetCheckResult(
            asset_key=catalog_key(table),
            check_name="packs_match_lake",
            passed=not drifted,
            metadata={"changed_since_ingest": ", ".join(drifted) or "none"},
        )
