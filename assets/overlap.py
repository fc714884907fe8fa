"""Ingredient-overlap neighbours of every recipe (top k), in the lake and the warehouse."""

import dagster as dg
import polars as pl

from assets.catalog import catalog_key, current_catalog_tables
from assets.resources import SimmerHome
from simmer.lake import content_id, publish_table_set
from simmer.overlap import overlap_scores, pantry_staples

OVERLAP_KEY = dg.AssetKey(["overlap", "recipe_overlap"])
OVERLAP_VERSION = "1"


class OverlapConfig(dg.Config):
    k: int = 20
    staples: list[str] | None = None  # None: the ingredients their packs mark pantry staples


@dg.asset(
    key=OVERLAP_KEY,
    deps=[catalog_key("recipe_ingredients"), catalog_key("ingredients")],
    group_name="nutrition",
    pool="lake",
    description="Top-k recipes sharing the most perishable ingredients with each recipe "
    "(asymmetric score: the share of A's perishable shopping that B also uses).",
)
def recipe_overlap(config: OverlapConfig, simmer: SimmerHome) -> dg.MaterializeResult[None]:
    catalog, tables = current_catalog_tables(simmer.lake_dir)
    ingredients = tables["ingredients"].lazy()
    staples = pantry_staples(ingredients) if config.staples is None else frozenset(config.staples)
    scores = overlap_scores(
        tables["recipe_ingredients"].lazy(), ingredients, k=config.k, staples=staples
    )
    settings = content_id([str(config.k), *sorted(staples), OVERLAP_VERSION])
    publish_table_set(
        simmer.lake_dir / "overlap", f"{catalog}-{settings}", {"recipe_overlap": scores}
    )
    with_neighbours = scores.get_column("recipe_slug").n_unique()
    return dg.MaterializeResult(
        metadata={
            "pairs": scores.height,
            "recipes_with_neighbours": with_neighbours,
            "k": config.k,
            "pantry_staples": len(staples),
            "median_best_score": scores.filter(pl.col("rank") == 1)
            .select(pl.col("score").median())
            .item(),
        }
    )
