"""Shopping lists and cart previews of the week's plans, per (week, zone) partition: one lake
dataset (`planning/shopping/<week>/<zone>`), two assets, two blocking checks."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import dagster as dg
import polars as pl

from assets.catalog import catalog_key
from assets.checks import check_result
from assets.nutrition import LINES_KEY, MACROS_KEY
from assets.partitions import WEEK_ZONE, week_and_zone
from assets.planning import HOUSEHOLDS_KEY, PLANNING_GROUP, PLANS_KEY
from assets.resources import SimmerHome
from simmer.cart import shopping_tables
from simmer.lake import current_dir, publish_table_set, read_table_set
from simmer.planner.batch import partition_dir, table_set_digest
from simmer.planner.replan import NoCatalog, planning_catalog
from simmer.shopping_checks import check_lines_accounted, check_quantities

LISTS_KEY = dg.AssetKey(["planning", "shopping_lists"])
CARTS_KEY = dg.AssetKey(["planning", "carts"])
LINES_CHECK = "every_line_accounted"
QUANTITIES_CHECK = "quantities_plausible"
SHOPPING_SELECTION = (LISTS_KEY, CARTS_KEY)


def partition_tables(lake: Path, dataset: str, week: date, zone: str) -> dict[str, pl.DataFrame]:
    """The current table set of a (week, zone) partition of a lake dataset."""
    folder = current_dir(partition_dir(lake, dataset, week, zone))
    if folder is None:
        raise dg.Failure(f"no {dataset} for {week} {zone}: materialize planning/{dataset} first")
    return read_table_set(folder)


@dg.multi_asset(
    name="shopping",
    partitions_def=WEEK_ZONE,
    specs=[
        dg.AssetSpec(
            LISTS_KEY,
            deps=[PLANS_KEY, HOUSEHOLDS_KEY, LINES_KEY, MACROS_KEY, catalog_key("portions")],
            group_name=PLANNING_GROUP,
            description="Per plan: every ingredient to buy, on hand, as needed or unmatched.",
        ),
        dg.AssetSpec(
            CARTS_KEY,
            deps=[LISTS_KEY, catalog_key("vendor_products")],
            group_name=PLANNING_GROUP,
            description="Per plan and vendor: the cheapest packages, leftovers, total, budget.",
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec(LINES_CHECK, asset=LISTS_KEY, blocking=True),
        dg.AssetCheckSpec(QUANTITIES_CHECK, asset=CARTS_KEY, blocking=True),
    ],
)
def shopping(
    context: dg.AssetExecutionContext, simmer: SimmerHome
) -> Iterator[dg.MaterializeResult]:  # type: ignore[type-arg]
    week, zone = week_and_zone(context)
    lake = simmer.lake_dir
    plans = partition_tables(lake, "plans", week, zone)
    try:
        loaded = planning_catalog(lake)
    except NoCatalog as error:
        raise dg.Failure(str(error)) from error
    catalog, nutrition = loaded.catalog, loaded.nutrition
    tables = shopping_tables(
        catalog, nutrition, partition_tables(lake, "households", week, zone), plans
    )
    items, totals = tables["shopping_list_items"], tables["cart_totals"]
    lines = check_lines_accounted(plans["plan_meals"], nutrition["recipe_lines"], items)
    quantities = check_quantities(items, tables["cart_items"])
    if lines.passed and quantities.passed:
        dataset = partition_dir(lake, "shopping", week, zone)
        publish_table_set(dataset, table_set_digest(tables), tables)
    else:
        context.log.error(f"shopping for {week} {zone} not published: {lines.summary}")
    yield dg.MaterializeResult(
        asset_key=LISTS_KEY,
        metadata={
            "items": items.height,
            "as_needed": int(items.get_column("as_needed").sum()),
            "unmatched": int(items.get_column("unmatched").sum()),
            "on_hand_grams": float(items.get_column("on_hand_grams").fill_null(0).sum()),
        },
        check_results=[check_result(LINES_CHECK, LISTS_KEY, lines)],
    )
    yield dg.MaterializeResult(
        asset_key=CARTS_KEY,
        metadata={
            "carts": totals.height,
            "within_budget": int(totals.get_column("within_budget").fill_null(False).sum()),
            "leftover_grams": float(totals.get_column("leftover_grams").sum()),
            "purchased_grams": float(totals.get_column("purchased_grams").sum()),
        },
        check_results=[check_result(QUANTITIES_CHECK, CARTS_KEY, quantities)],
    )
