"""What the API serves, published to PostgreSQL (group `serving`): the catalog read model, and
each (week, zone) partition's plans with their meals, days, shopping lists and carts."""

import dagster as dg

from assets.catalog import catalog_key, current_catalog_tables
from assets.nutrition import LINES_KEY, MACROS_KEY
from assets.partitions import WEEK_ZONE, week_and_zone
from assets.planning import PLANS_KEY
from assets.resources import SimmerHome
from assets.shopping import CARTS_KEY, LISTS_KEY, partition_tables
from simmer.lake import current_dir, read_table_set
from simmer.store.catalog_read_model import publish_catalog_read_model
from simmer.store.engine import engine_for
from simmer.store.plans_publish import Partition, publish_plans

SERVING_GROUP = "serving"
CATALOG_READ_MODEL_KEY = dg.AssetKey(["serving", "catalog_read_model"])
SERVING_PLANS_KEY = dg.AssetKey(["serving", "plans"])


@dg.asset(
    key=CATALOG_READ_MODEL_KEY,
    deps=[MACROS_KEY, LINES_KEY, catalog_key("recipes"), catalog_key("ingredients")],
    group_name=SERVING_GROUP,
    description="Recipes (macros, flags, cost, coverage, lines) and ingredients in the serving "
    "PostgreSQL, replaced in one transaction.",
)
def catalog_read_model(simmer: SimmerHome) -> dg.MaterializeResult[None]:
    catalog, tables = current_catalog_tables(simmer.lake_dir)
    nutrition = current_dir(simmer.lake_dir / "nutrition")
    if nutrition is None or not nutrition.name.startswith(catalog):
        raise dg.Failure(f"no nutrition for catalog {catalog} yet: materialize nutrition first")
    engine = engine_for(simmer.settings.serving_url())
    published = publish_catalog_read_model(engine, catalog, tables, read_table_set(nutrition))
    return dg.MaterializeResult(
        metadata={
            "catalog": catalog,
            "recipes": published.recipes,
            "ingredients": published.ingredients,
            "recipes_changed": published.changed_recipes,
            "ingredients_changed": published.changed_ingredients,
            "recipes_removed": published.removed_recipes,
            "ingredients_removed": published.removed_ingredients,
        }
    )


@dg.asset(
    key=SERVING_PLANS_KEY,
    partitions_def=WEEK_ZONE,
    deps=[PLANS_KEY, LISTS_KEY, CARTS_KEY, CATALOG_READ_MODEL_KEY],
    group_name=SERVING_GROUP,
    description="The partition's plans with their meals, days, shopping lists and carts in the "
    "serving PostgreSQL, replaced in one transaction; approved and regenerated plans are kept.",
)
def serving_plans(
    context: dg.AssetExecutionContext, simmer: SimmerHome
) -> dg.MaterializeResult[None]:
    week, zone = week_and_zone(context)
    lake = simmer.lake_dir
    tables = {
        **partition_tables(lake, "plans", week, zone),
        **partition_tables(lake, "shopping", week, zone),
    }
    engine = engine_for(simmer.settings.serving_url())
    published = publish_plans(engine, tables, source="schedule", replace=Partition(week, zone))
    return dg.MaterializeResult(
        metadata={
            "plans": published.plans,
            "approved_kept": published.approved_kept,
            "regenerated_kept": published.regenerated_kept,
            "removed": published.removed,
            "households_gone": published.households_gone,
            **{f"{table}_rows": rows for table, rows in published.rows.items()},
        }
    )
