"""Recipe nutrition, flags and cost over the current catalog: one lake dataset, two assets."""

from collections.abc import Iterator

import dagster as dg

from assets.catalog import catalog_key, current_catalog_tables
from assets.checks import check_result
from assets.resources import SimmerHome
from simmer.lake import publish_table_set
from simmer.recipe_analysis import (
    analyse_catalog,
    check_allergen_safety,
    check_energy_consistency,
    check_estimates_marked,
    check_plausible_values,
    coverage_distribution,
)

NUTRITION_GROUP = "nutrition"
ANALYSIS_VERSION = "2"
LINES_KEY = dg.AssetKey(["nutrition", "recipe_lines"])
MACROS_KEY = dg.AssetKey(["nutrition", "recipe_macros"])
CATALOG_INPUTS = ("ingredients", "portions", "recipes", "recipe_ingredients", "vendor_products")


@dg.multi_asset(
    name="nutrition",
    specs=[
        dg.AssetSpec(
            LINES_KEY,
            deps=[catalog_key(t) for t in CATALOG_INPUTS],
            group_name=NUTRITION_GROUP,
            description="Every recipe line with grams (and why not) and nutrient contributions.",
        ),
        dg.AssetSpec(
            MACROS_KEY,
            deps=[LINES_KEY],
            group_name=NUTRITION_GROUP,
            description="Per recipe: macros per serving, coverage, diet/allergen flags, cost.",
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec("plausible_values", asset=MACROS_KEY),
        dg.AssetCheckSpec("energy_matches_atwater", asset=MACROS_KEY),
        dg.AssetCheckSpec("allergen_flags_safe", asset=MACROS_KEY, blocking=True),
        dg.AssetCheckSpec("estimates_marked", asset=MACROS_KEY, blocking=True),
    ],
    pool="lake",
)
def nutrition(
    context: dg.AssetExecutionContext, simmer: SimmerHome
) -> Iterator[dg.MaterializeResult[None]]:
    catalog, tables = current_catalog_tables(simmer.lake_dir)
    analysis = analyse_catalog(tables)
    publish_table_set(simmer.lake_dir / "nutrition", f"{catalog}-v{ANALYSIS_VERSION}", analysis)
    lines, macros = analysis["recipe_lines"], analysis["recipe_macros"]
    yield dg.MaterializeResult(
        asset_key=LINES_KEY,
        metadata={
            "rows": lines.height,
            "lines_with_grams": int(lines.get_column("grams").is_not_null().sum()),
            "catalog": catalog,
        },
    )
    yield dg.MaterializeResult(
        asset_key=MACROS_KEY,
        metadata={"catalog": catalog, **coverage_distribution(macros)},
        check_results=[
            check_result("plausible_values", MACROS_KEY, check_plausible_values(macros)),
            check_result("energy_matches_atwater", MACROS_KEY, check_energy_consistency(macros)),
            check_result(
                "allergen_flags_safe",
                MACROS_KEY,
                check_allergen_safety(lines, tables["ingredients"], macros),
            ),
            check_result(
                "estimates_marked",
                MACROS_KEY,
                check_estimates_marked(lines, tables["recipes"], macros),
            ),
        ],
    )
    context.log.info(f"nutrition for catalog {catalog} is current")
