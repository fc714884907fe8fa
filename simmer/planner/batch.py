"""A (week, zone) partition of planning: its inputs from the lake, its outputs in the lake.

- `planning_inputs`: the planner's candidates (`CANDIDATES`) and their ingredients
  (`CANDIDATE_INGREDIENTS`, grams per serving) from the nutrition dataset's `recipe_macros` and
  `recipe_lines` and the catalog's `recipes`; plannable means the `plannable` column where the
  nutrition dataset has it, else fully quantified with energy known; and each ingredient's
  reuse weight (`weights_with_staples`: perishability x the grams its vendors' packages leave
  over when one meal's use is bought alone).
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

from simmer.cart import chosen_packages
from simmer.cart import packages as cart_packages
from simmer.grams import counted_grams
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
    ingredients = candidate_ingredients(
        nutrition["recipe_lines"], nutrition["recipe_macros"], candidates
    )
    return PlanningInputs(
        candidates=candidates,
        candidate_ingredients=ingredients,
        ingredient_weights=weights_with_staples(
            catalog["ingredients"],
            PackageSizes(ingredients, catalog["vendor_products"], catalog["portions"]),
        ),
    )


def weights_with_staples(
    ingredients: pl.DataFrame,
    packages: PackageSizes | None = None,
) -> pl.DataFrame:
    """`slug, weight, pantry_staple`: each ingredient's reuse weight in `WEIGHT_UNITS` (what the
    planner's reuse term charges for buying it at all in a week; buying it again is free) and
    whether it is a pantry staple (staples weigh nothing in the reuse term).

    Without `packages` the weight is the ingredient's perishability. With them it is the
    perishability x `package_leftover` (at least `MIN_LEFTOVER_GRAMS`) /
    `LEFTOVER_GRAMS_PER_WEIGHT`: an ingredient sold in packages much bigger than one meal
    uses weighs the most, so once bought the planner cooks it again rather than buy another.
    Ingredients no vendor sells get the median leftover of those sold (none sold at all:
    `LEFTOVER_GRAMS_PER_WEIGHT`, the perishability). Measured against perishability x (1 +
    leftover / 50 g), which dilutes the package sizes: 27.7 % less perishable leftover than
    greedy without reuse against 31.7 % (BENCHMARKS.md)."""
    staples = (
        ingredients.lazy().group_by("slug").agg(pl.col("pantry_staple").fill_null(False).any())
    )
    weights = ingredient_weights(ingredients.lazy())
    if packages is not None:
        leftover = package_leftover(ingredients, packages).collect()
        typical = leftover.get_column("leftover_grams").median()
        weights = (
            weights.join(leftover.lazy(), on="slug", how="left")
            .with_columns(
                weight=pl.col("weight")
                * pl.col("leftover_grams")
                .fill_null(typical if isinstance(typical, float) else LEFTOVER_GRAMS_PER_WEIGHT)
                .clip(lower_bound=MIN_LEFTOVER_GRAMS)
                / LEFTOVER_GRAMS_PER_WEIGHT
            )
            .drop("leftover_grams")
        )
    return weights.join(staples, on="slug", how="left").sort("slug").collect()


MEAL_SERVINGS = 2.0  # servings of a typical meal: households of 1-6 people, leftovers doubled
LEFTOVER_GRAMS_PER_WEIGHT = 50.0  # grams left over that weigh as much as perishability 1.0
MIN_LEFTOVER_GRAMS = 1.0  # a package that fits still weighs: a perishable stays one


@dataclass(frozen=True)
class PackageSizes:
    """What `package_leftover` needs: the candidates' grams per serving of each ingredient
    (`CANDIDATE_INGREDIENTS`), the vendors' products and the catalog's portions."""

    candidate_ingredients: pl.DataFrame
    vendor_products: pl.DataFrame
    portions: pl.DataFrame


def package_leftover(ingredients: pl.DataFrame, packages: PackageSizes) -> pl.LazyFrame:
    """`slug, leftover_grams`: per ingredient a vendor sells, one typical meal's use (the
    median grams per serving of the candidates using it x `MEAL_SERVINGS`) bought alone, as
    each vendor's cart would buy it (`simmer.cart.chosen_packages`): the grams left over,
    the mean over the vendors selling it."""
    use = (
        packages.candidate_ingredients.drop_nulls("ingredient_slug")
        .group_by(ingredient="ingredient_slug")
        .agg(need=pl.col("grams").median() * MEAL_SERVINGS)
        .filter(pl.col("need") > 0)
        .select(plan_id="ingredient", household_id=pl.lit(""), ingredient="ingredient", need="need")
    )
    products = cart_packages(packages.vendor_products, ingredients, packages.portions).collect()
    return (
        chosen_packages(use, products)
        .lazy()
        .group_by(slug="ingredient")
        .agg(leftover_grams=(pl.col("bought_grams") - pl.col("need")).mean())
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
    """The matched ingredients of each candidate, grams per serving summed per ingredient as
    every figure counts them (`simmer.grams.counted_grams`: a flagged line's grams count as
    unknown; null when none is known), added up one by one in ascending order (a running
    sum: `sum()` adds in an order of its own) so that the sum does not depend on the order the
    lines arrive in."""
    per_serving = counted_grams() / pl.col("servings")
    return (
        lines.lazy()
        .filter(pl.col("ingredient").is_not_null())
        .join(candidates.lazy().select(pl.col("slug").alias("recipe_slug")), on="recipe_slug")
        .join(
            macros.lazy().select(pl.col("slug").alias("recipe_slug"), "servings"), on="recipe_slug"
        )
        .group_by("recipe_slug", pl.col("ingredient").alias("ingredient_slug"))
        .agg(grams=per_serving.drop_nulls().sort().cum_sum().last())
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
