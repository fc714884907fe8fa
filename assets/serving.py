"""What the API serves, published to PostgreSQL: the catalog read model (group `serving`)."""

import dagster as dg

from assets.catalog import catalog_key, current_catalog_tables
from assets.nutrition import LINES_KEY, MACROS_KEY
from assets.resources import SimmerHome
from simmer.lake import current_dir, read_table_set
from simmer.store.catalog_read_model import publish_catalog_read_model
from simmer.store.engine import engine_for

SERVING_GROUP = "serving"
CATALOG_READ_MODEL_KEY = dg.AssetKey(["serving", "catalog_read_model"])


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
