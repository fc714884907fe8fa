"""Publish the catalog read model the API serves: recipes (macros, flags, cost, coverage, lines)
and ingredients, from the lake's catalog and nutrition tables into PostgreSQL.

One transaction per publication: the rows are COPYed into temporary staging tables
(`simmer.store.staging`), merged into the live tables (insert or update by slug) and the slugs
no longer in the catalog are deleted, so a reader sees the old catalog or the new one, never
half of each. Publishing the same
catalog twice changes no row (the merge only rewrites rows whose values differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from psycopg import Connection as PgConnection
from sqlalchemy import Engine

from simmer.store.models import CatalogIngredient, CatalogRecipe
from simmer.store.staging import driver_connection, json_array, stage_frame

LINE_FIELDS = (
    "line_no",
    "text",
    "quantity",
    "unit",
    "grams",
    "status",
    "optional",
    "estimated",
    "grams_method",
)
RECIPE_FIELDS = ("slug", "title", "pack", "total_time_min")
RECIPE_MACRO_FIELDS = (  # servings as resolved: the ones the per-serving figures divide by
    "servings",
    "servings_estimated",
    "kcal_per_serving",
    "protein_g_per_serving",
    "fat_g_per_serving",
    "carbs_g_per_serving",
    "coverage",
    "fully_quantified",
    "allergens",
    "allergens_unknown",
    "diets",
    "cost_per_serving",
    "currency",
    "cost_coverage",
)
INGREDIENT_NUTRIENTS = {
    "energy_kcal": "kcal_per_100g",
    "protein_g": "protein_g_per_100g",
    "fat_g": "fat_g_per_100g",
    "carbohydrate_g": "carbs_g_per_100g",
}


@dataclass(frozen=True)
class Published:
    recipes: int
    ingredients: int
    changed_recipes: int
    changed_ingredients: int
    removed_recipes: int
    removed_ingredients: int


def lines_by_recipe(recipe_lines: pl.LazyFrame) -> pl.LazyFrame:
    return recipe_lines.group_by("recipe_slug").agg(
        pl.struct(*LINE_FIELDS, pl.col("ingredient").alias("ingredient_slug"))
        .sort_by("line_no")
        .alias("lines")
    )


def recipe_rows(
    recipes: pl.LazyFrame, macros: pl.LazyFrame, recipe_lines: pl.LazyFrame, version: str
) -> pl.DataFrame:
    return (
        recipes.select(*RECIPE_FIELDS, "tags", "meal_slots")
        .join(macros.select("slug", *RECIPE_MACRO_FIELDS), on="slug", how="left")
        .join(lines_by_recipe(recipe_lines), left_on="slug", right_on="recipe_slug", how="left")
        .with_columns(
            pl.col("servings_estimated").fill_null(False),
            pl.col("coverage").fill_null(0.0),
            pl.col("fully_quantified").fill_null(False),
            lines_json(pl.col("lines")),
            pl.lit(version).alias("catalog_version"),
        )
        .sort("slug")
        .collect()
    )


def lines_json(lines: pl.Expr) -> pl.Expr:
    """The lines as one JSON array (text that PostgreSQL's COPY reads into jsonb)."""
    return pl.coalesce(json_array(lines), pl.lit("[]")).alias("lines")


def ingredient_tags(ingredients: pl.LazyFrame) -> pl.LazyFrame:
    """An ingredient's tags: its food group as a slug, and the diets it is known to fit."""
    group_slug = (
        pl.col("food_group")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9]+", "-")
        .str.strip_chars("-")
    )
    return ingredients.with_columns(
        pl.concat_list(pl.concat_list(group_slug).drop_nulls(), pl.col("diets")).alias("tags")
    )


def ingredient_rows(ingredients: pl.LazyFrame, version: str) -> pl.DataFrame:
    return (
        ingredient_tags(ingredients)
        .rename(INGREDIENT_NUTRIENTS)
        .select(
            "slug",
            "name",
            "food_group",
            "source_id",
            "pack",
            *INGREDIENT_NUTRIENTS.values(),
            "allergens",
            "allergens_unknown",
            "diets",
            "tags",
            pl.lit(version).alias("catalog_version"),
        )
        .sort("slug")
        .collect()
    )


def publish_catalog_read_model(
    engine: Engine,
    version: str,
    catalog: dict[str, pl.DataFrame],
    analysis: dict[str, pl.DataFrame],
) -> Published:
    """Replace the read model with this catalog (`catalog` and `analysis` are the lake's table
    sets: `recipes` and `ingredients`; `recipe_macros` and `recipe_lines`)."""
    recipes = recipe_rows(
        catalog["recipes"].lazy(),
        analysis["recipe_macros"].lazy(),
        analysis["recipe_lines"].lazy(),
        version,
    )
    ingredients = ingredient_rows(catalog["ingredients"].lazy(), version)
    with engine.begin() as connection:
        pg = driver_connection(connection)
        changed_i, removed_i = _replace(pg, CatalogIngredient.__tablename__, ingredients)
        changed_r, removed_r = _replace(pg, CatalogRecipe.__tablename__, recipes)
    return Published(recipes.height, ingredients.height, changed_r, changed_i, removed_r, removed_i)


def _replace(pg: PgConnection[Any], table: str, rows: pl.DataFrame) -> tuple[int, int]:
    """COPY `rows` into a staging table, merge into `table` by slug; (changed, removed)."""
    columns = ", ".join(rows.columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in rows.columns if c != "slug")
    with pg.cursor() as cursor:
        stage = stage_frame(cursor, table, rows)
        cursor.execute(
            f"INSERT INTO {table} AS live ({columns}) SELECT {columns} FROM {stage} "
            f"ON CONFLICT (slug) DO UPDATE SET {updates} "
            f"WHERE (live.*) IS DISTINCT FROM (EXCLUDED.*)"
        )
        changed = cursor.rowcount
        cursor.execute(
            f"DELETE FROM {table} live WHERE NOT EXISTS "
            f"(SELECT 1 FROM {stage} s WHERE s.slug = live.slug)"
        )
        return changed, cursor.rowcount
