"""A (week, zone) partition of planning: its inputs from the lake, its outputs in the lake.

- `planning_inputs`: the planner's candidates (`CANDIDATES`) and their ingredients
  (`CANDIDATE_INGREDIENTS`, grams per serving) from the nutrition dataset's `recipe_macros` and
  `recipe_lines` and the catalog's `recipes`; plannable means the `plannable` column where the
  nutrition dataset has it, else fully quantified with energy known.
- `partition_dir`: where a partition's table sets live (`lake/planning/<dataset>/<week>/<zone>`,
  the zone percent-encoded); each is a versioned table set behind `current` (`simmer.lake`).
- `quality_figures`: what a run reports about the plans it made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import polars as pl

from simmer.overlap import ingredient_weights
from simmer.planner.schema import CANDIDATE_INGREDIENTS, CANDIDATES

PLANNING = "planning"


@dataclass(frozen=True)
class PlanningInputs:
    candidates: pl.DataFrame
    candidate_ingredients: pl.DataFrame
    ingredient_weights: pl.DataFrame


def planning_inputs(
    catalog: dict[str, pl.DataFrame], nutrition: dict[str, pl.DataFrame]
) -> PlanningInputs:
    candidates = plannable_candidates(nutrition["recipe_macros"], catalog["recipes"])
    return PlanningInputs(
        candidates=candidates,
        candidate_ingredients=candidate_ingredients(
            nutrition["recipe_lines"], nutrition["recipe_macros"], candidates
        ),
        ingredient_weights=weights_with_staples(catalog["ingredients"]),
    )


def weights_with_staples(ingredients: pl.DataFrame) -> pl.DataFrame:
    """`slug, weight, pantry_staple`: each ingredient's perishability weight and whether it is a
    pantry staple (staples weigh nothing in the planner's reuse term)."""
    staples = (
        ingredients.lazy().group_by("slug").agg(pl.col("pantry_staple").fill_null(False).any())
    )
    return (
        ingredient_weights(ingredients.lazy())
        .join(staples, on="slug", how="left")
        .sort("slug")
        .collect()
    )


def plannable(macros: pl.DataFrame) -> pl.Expr:
    if "plannable" in macros.columns:
        return pl.col("plannable").fill_null(False)
    return pl.col("fully_quantified").fill_null(False) & pl.col("kcal_per_serving").is_not_null()


def plannable_candidates(macros: pl.DataFrame, recipes: pl.DataFrame) -> pl.DataFrame:
    """One row per plannable recipe, with what the hard rules and goals need, by slug."""
    recipe_facts = recipes.select("slug", "title", "total_time_min", "meal_slots", "tags")
    return (
        macros.filter(plannable(macros))
        .join(recipe_facts, on="slug")
        .select(CANDIDATES.names())
        .cast(CANDIDATES)
        .sort("slug")
    )


def candidate_ingredients(
    lines: pl.DataFrame, macros: pl.DataFrame, candidates: pl.DataFrame
) -> pl.DataFrame:
    """The matched ingredients of each candidate, grams per serving summed per ingredient."""
    return (
        lines.lazy()
        .filter(pl.col("ingredient").is_not_null())
        .join(candidates.lazy().select(pl.col("slug").alias("recipe_slug")), on="recipe_slug")
        .join(
            macros.lazy().select(pl.col("slug").alias("recipe_slug"), "servings"), on="recipe_slug"
        )
        .group_by("recipe_slug", pl.col("ingredient").alias("ingredient_slug"))
        .agg(grams=(pl.col("grams") / pl.col("servings")).sum())
        .select(CANDIDATE_INGREDIENTS.names())
        .cast(CANDIDATE_INGREDIENTS)
        .sort("recipe_slug", "ingredient_slug")
        .collect()
    )


def table_set_digest(tables: dict[str, pl.DataFrame]) -> str:
    """A version folder name from the tables' content: the same plans land in the same folder."""
    digest = hashlib.sha256()
    for name, frame in sorted(tables.items()):
        digest.update(name.encode())
        digest.update(frame.hash_rows(seed=0).to_numpy().tobytes())
    return digest.hexdigest()[:16]


def partition_dir(lake_dir: Path, dataset: str, week: date, zone: str) -> Path:
    return lake_dir / PLANNING / dataset / week.isoformat() / quote(zone, safe="")


def quality_figures(plans: pl.DataFrame, households: pl.DataFrame) -> dict[str, float | int]:
    """Households planned, infeasible plans, and the proposed plans' mean energy and macro
    deviation, distinct ingredients and share within budget (no budget counts as within)."""
    proposed = plans.filter(pl.col("status") == "proposed").join(
        households.select("household_id", "weekly_budget"), on="household_id", how="left"
    )
    budget = pl.col("weekly_budget")
    figures = proposed.select(
        mean_kcal_deviation=pl.col("kcal_deviation").mean(),
        mean_macro_deviation=pl.col("macro_deviation").mean(),
        mean_distinct_ingredients=pl.col("distinct_ingredients").mean(),
        within_budget_share=(budget.is_null() | (pl.col("cost") <= budget)).mean(),
    ).row(0, named=True)
    return {
        "households": plans.height,
        "proposed": proposed.height,
        "infeasible": plans.height - proposed.height,
        **{name: round(value, 4) for name, value in figures.items() if value is not None},
    }
