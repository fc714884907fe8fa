"""The catalog tables (one asset each) merged from every staged pack."""

from collections.abc import Iterator, Sequence
from pathlib import Path

import dagster as dg
import polars as pl

from assets.checks import check_result
from assets.packs import pack_key, rejected
from assets.resources import SimmerHome
from simmer.catalog import (
    MUST_NOT_BE_EMPTY,
    REFERENCES,
    StagedPack,
    check_not_empty,
    check_packs_match_lake,
    check_references_resolve,
    current_catalog,
    find_staged,
    merge_catalog,
    publish_catalog,
)
from simmer.lake import read_table_set
from simmer.packs.source import PackError, PackSource, pack_checksum
from simmer.packs.tables import TABLES
from simmer.recipe_analysis import CheckOutcome

CATALOG_GROUP = "catalog"


def catalog_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["catalog", table])


def catalog_definition(sources: Sequence[PackSource]) -> dg.AssetsDefinition:
    specs = [
        dg.AssetSpec(catalog_key(t), deps=[pack_key(s) for s in sources], group_name=CATALOG_GROUP)
        for t in TABLES
    ]
    checks = [dg.AssetCheckSpec(name, asset=catalog_key(table)) for table, name in CHECKS]

    @dg.multi_asset(specs=specs, check_specs=checks, pool="lake", name="catalog")
    def catalog(
        context: dg.AssetExecutionContext, simmer: SimmerHome
    ) -> Iterator[dg.MaterializeResult[None] | dg.AssetCheckResult]:
        staged = [_staged(simmer.lake_dir, source) for source in sources]
        try:
            tables = merge_catalog(staged)
        except PackError as error:
            raise dg.Failure(description=f"catalog not updated\n{error}") from error
        outcomes = _outcomes(tables, staged, sources)
        failed = [(t, n, o) for t, n, o in outcomes if not o.passed]
        if failed:  # before the swap: the current catalog stays current
            yield from (check_result(n, catalog_key(t), o) for t, n, o in outcomes)
            reasons = "\n".join(
                f"  {catalog_key(t).to_user_string()} {n}: {o.summary}" for t, n, o in failed
            )
            raise dg.Failure(description=f"catalog not updated: checks failed\n{reasons}")
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
                check_results=[
                    check_result(n, catalog_key(t), o) for t, n, o in outcomes if t == table
                ],
            )

    return catalog


CHECKS = [
    *((table, "not_empty") for table in MUST_NOT_BE_EMPTY),
    *((table, "references_resolve") for table, _ in REFERENCES),
    ("ingredients", "packs_match_lake"),
]


def _outcomes(
    tables: dict[str, pl.DataFrame], staged: list[StagedPack], sources: Sequence[PackSource]
) -> list[tuple[str, str, CheckOutcome]]:
    """Every check that guards publishing (CHECKS, in order), on the merged tables, before
    anything is written."""
    on_disk = {s.name: pack_checksum(s.path) for s in sources}
    return [
        *((t, "not_empty", check_not_empty(tables, t)) for t in MUST_NOT_BE_EMPTY),
        *(
            (t, "references_resolve", check_references_resolve(tables, t, column))
            for t, column in REFERENCES
        ),
        ("ingredients", "packs_match_lake", check_packs_match_lake(staged, on_disk)),
    ]


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


def _staged(lake_dir: Path, source: PackSource) -> StagedPack:
    try:
        if source.problems:
            raise PackError(list(source.problems))
        staged = find_staged(lake_dir, source.name, pack_checksum(source.path))
    except PackError as error:
        raise rejected(source, error) from error
    if staged is None:
        raise dg.Failure(
            description=f"pack {source.name} changed since it was ingested: "
            f"materialize {pack_key(source).to_user_string()} first"
        )
    return staged
