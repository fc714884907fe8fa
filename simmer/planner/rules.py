"""The independent hard-rule checker: every way a batch of plans breaks a hard rule, as rows.

Deliberately simple and separate from the solver: plain joins and explodes over the planner's
tables (`simmer.planner.schema`), no bitmasks, no shared code with `simmer.planner.core`. It
reads the plans and their meals as written, with the households and candidate recipes they were
planned from, and returns one row per break (`BREAKS`: plan_id, day, slot, rule, detail).

The rules, as the checker reads them:
- `unknown_plan` / `unknown_household`: a meal of no plan, a plan of no household.
- `not_candidate`: the recipe is not a plannable candidate (absent, or energy unknown).
- `diet`: the household's diet is not among the recipe's known diets (an omnivore eats anything).
- `allergy`: the recipe has, or may have (status unknown), one of the household's allergens.
- `dislike`: one of the recipe's ingredients is disliked by the household.
- `cook_time`: the household has a limit and the recipe's time is unknown or over it.
- `slot`: a cooked meal's recipe does not suit its slot (a leftover eats a dinner, so its
  recipe is checked against the dinner slot instead, by the `leftover` rule).
- `repeats`: a recipe cooked more than `max_repeats` times in the week (leftovers not counted);
  every cooking beyond the limit is a row.
- `consecutive`: the same recipe cooked on two consecutive days (leftovers not counted).
- `leftover`: a leftover in a household that does not allow them, not at lunch, or without the
  same recipe cooked for dinner the day before in the same plan.
- `servings`: servings per person outside `portion_scale` (people: the members when listed,
  else `size`).
- `missing_meal` / `duplicate_meal` / `unplanned_meal`: a proposed plan must plan each (day,
  slot) of the household's meal slots over its week exactly once, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import polars as pl

from simmer.recipe_analysis import CheckOutcome

BREAKS = pl.Schema(
    {
        "plan_id": pl.String(),
        "day": pl.Date(),
        "slot": pl.String(),
        "rule": pl.String(),
        "detail": pl.String(),
    }
)
DAYS_PER_WEEK = 7
Frame = pl.DataFrame | pl.LazyFrame


@dataclass(frozen=True)
class RuleLimits:
    """The numbers in the hard rules: how often a recipe may be cooked in a week and the range
    of servings per person a meal may be scaled to."""

    max_repeats: int = 2
    portion_scale: tuple[float, float] = (0.5, 2.0)


def find_breaks(
    plans: Frame,
    plan_meals: Frame,
    households: Frame,
    candidates: Frame,
    candidate_ingredients: Frame,
    limits: RuleLimits = RuleLimits(),
) -> pl.DataFrame:
    """Every hard-rule break of the plans, one row each (`BREAKS`), sorted."""
    meals = _meals_in_context(plan_meals.lazy(), plans.lazy(), households.lazy())
    known = candidates.lazy()
    found = [
        _unknown_plan(plan_meals.lazy(), plans.lazy()),
        _unknown_household(plans.lazy(), households.lazy()),
        _not_candidate(meals, known),
        _diet(meals, known),
        _allergy(meals, known),
        _dislike(meals, candidate_ingredients.lazy()),
        _cook_time(meals, known),
        _slot(meals, known),
        _repeats(meals, limits.max_repeats),
        _consecutive(meals),
        _leftover(meals),
        _servings(meals, limits.portion_scale),
        _meal_grid(meals, plans.lazy(), households.lazy()),
    ]
    return (
        pl.concat([frame.select(BREAKS.names()).cast(BREAKS) for frame in found])
        .sort("plan_id", "day", "slot", "rule", "detail", nulls_last=True)
        .collect()
    )


def check_plan_rules(breaks: pl.DataFrame) -> CheckOutcome:
    """Passes when `find_breaks` found no break; the breaks counted per rule, with examples."""
    per_rule = breaks.group_by("rule").len().sort("rule")
    examples = [
        f"{row['plan_id']} {row['day']} {row['slot']}: {row['rule']} ({row['detail']})"
        for row in breaks.head(10).iter_rows(named=True)
    ]
    return CheckOutcome(
        breaks.is_empty(),
        f"{breaks.height} hard-rule break(s) in {breaks.get_column('plan_id').n_unique()} plan(s)",
        {
            "breaks": breaks.height,
            **{f"breaks_{rule}": count for rule, count in per_rule.iter_rows()},
            "examples": examples,
        },
    )


def _meals_in_context(
    plan_meals: pl.LazyFrame, plans: pl.LazyFrame, households: pl.LazyFrame
) -> pl.LazyFrame:
    """Each meal with its plan's household and the household's preferences."""
    people = (
        pl.when(pl.col("members").list.len() > 0)
        .then(pl.col("members").list.len())
        .otherwise(pl.col("size"))
    )
    return plan_meals.join(plans.select("plan_id", "household_id", "week"), on="plan_id").join(
        households.select(
            "household_id",
            "diet",
            "allergies",
            "dislikes",
            "max_cook_time_min",
            "leftovers",
            people.alias("people"),
        ),
        on="household_id",
    )


def _broken(frame: pl.LazyFrame, rule: str, detail: pl.Expr) -> pl.LazyFrame:
    return frame.select("plan_id", "day", "slot", rule=pl.lit(rule), detail=detail)


def _unknown_plan(plan_meals: pl.LazyFrame, plans: pl.LazyFrame) -> pl.LazyFrame:
    orphans = plan_meals.join(plans, on="plan_id", how="anti")
    return _broken(orphans, "unknown_plan", pl.lit("no plan has this id"))


def _unknown_household(plans: pl.LazyFrame, households: pl.LazyFrame) -> pl.LazyFrame:
    orphans = plans.join(households, on="household_id", how="anti").with_columns(
        day=pl.lit(None, pl.Date), slot=pl.lit(None, pl.String)
    )
    return _broken(orphans, "unknown_household", "household " + pl.col("household_id"))


def _not_candidate(meals: pl.LazyFrame, candidates: pl.LazyFrame) -> pl.LazyFrame:
    energy_known = candidates.filter(pl.col("kcal_per_serving").is_not_null())
    outside = meals.join(energy_known, left_on="recipe_slug", right_on="slug", how="anti")
    return _broken(outside, "not_candidate", pl.col("recipe_slug") + " is not plannable")


def _with_recipe(meals: pl.LazyFrame, candidates: pl.LazyFrame) -> pl.LazyFrame:
    return meals.join(candidates, left_on="recipe_slug", right_on="slug")


def _diet(meals: pl.LazyFrame, candidates: pl.LazyFrame) -> pl.LazyFrame:
    unfit = _with_recipe(meals, candidates).filter(
        (pl.col("diet") != "omnivore") & ~pl.col("diets").list.contains(pl.col("diet"))
    )
    return _broken(unfit, "diet", pl.col("recipe_slug") + " is not known to be " + pl.col("diet"))


def _allergy(meals: pl.LazyFrame, candidates: pl.LazyFrame) -> pl.LazyFrame:
    risks = candidates.select(
        pl.col("slug").alias("recipe_slug"),
        pl.concat_list("allergens", "allergens_unknown").alias("allergy"),
    ).explode("allergy")
    hit = (
        meals.explode("allergies")
        .rename({"allergies": "allergy"})
        .join(risks, on=["recipe_slug", "allergy"])
        .unique(["plan_id", "day", "slot", "allergy"])
    )
    return _broken(hit, "allergy", pl.col("recipe_slug") + " has or may have " + pl.col("allergy"))


def _dislike(meals: pl.LazyFrame, candidate_ingredients: pl.LazyFrame) -> pl.LazyFrame:
    hit = (
        meals.explode("dislikes")
        .join(
            candidate_ingredients.select("recipe_slug", "ingredient_slug").unique(),
            left_on=["recipe_slug", "dislikes"],
            right_on=["recipe_slug", "ingredient_slug"],
        )
        .unique(["plan_id", "day", "slot", "dislikes"])
    )
    return _broken(hit, "dislike", pl.col("recipe_slug") + " uses disliked " + pl.col("dislikes"))


def _cook_time(meals: pl.LazyFrame, candidates: pl.LazyFrame) -> pl.LazyFrame:
    limit, time = pl.col("max_cook_time_min"), pl.col("total_time_min")
    slow = _with_recipe(meals, candidates).filter(
        limit.is_not_null() & (time.is_null() | (time > limit))
    )
    detail = (
        pl.col("recipe_slug")
        + " takes "
        + time.cast(pl.String).fill_null("an unknown time")
        + ", limit "
        + limit.cast(pl.String)
    )
    return _broken(slow, "cook_time", detail)


def _cooked(meals: pl.LazyFrame) -> pl.LazyFrame:
    return meals.filter(~pl.col("leftover"))


def _slot(meals: pl.LazyFrame, candidates: pl.LazyFrame) -> pl.LazyFrame:
    unsuited = _with_recipe(_cooked(meals), candidates).filter(
        ~pl.col("meal_slots").list.contains(pl.col("slot"))
    )
    return _broken(unsuited, "slot", pl.col("recipe_slug") + " does not suit " + pl.col("slot"))


def _repeats(meals: pl.LazyFrame, max_repeats: int) -> pl.LazyFrame:
    cookings = (
        _cooked(meals)
        .sort("day", "slot")
        .with_columns(
            nth=pl.int_range(1, pl.len() + 1).over("plan_id", "recipe_slug"),
            times=pl.len().over("plan_id", "recipe_slug"),
        )
        .filter(pl.col("nth") > max_repeats)
    )
    detail = (
        pl.col("recipe_slug")
        + " cooked "
        + pl.col("times").cast(pl.String)
        + f" times (at most {max_repeats})"
    )
    return _broken(cookings, "repeats", detail)


def _consecutive(meals: pl.LazyFrame) -> pl.LazyFrame:
    cooked = _cooked(meals).select("plan_id", "recipe_slug", "day", "slot")
    day_before = cooked.select(
        "plan_id", "recipe_slug", (pl.col("day") + timedelta(days=1)).alias("day")
    ).unique()
    again = cooked.join(day_before, on=["plan_id", "recipe_slug", "day"], how="semi")
    return _broken(again, "consecutive", pl.col("recipe_slug") + " also cooked the day before")


def _leftover(meals: pl.LazyFrame) -> pl.LazyFrame:
    dinners = (
        _cooked(meals)
        .filter(pl.col("slot") == "dinner")
        .select(
            "plan_id",
            "recipe_slug",
            (pl.col("day") + timedelta(days=1)).alias("day"),
            fed=pl.lit(True),
        )
        .unique()
    )
    leftovers = meals.filter(pl.col("leftover")).join(
        dinners, on=["plan_id", "recipe_slug", "day"], how="left"
    )
    detail = (
        pl.when(~pl.col("leftovers"))
        .then(pl.lit("the household does not allow leftovers"))
        .when(pl.col("slot") != "lunch")
        .then("a leftover at " + pl.col("slot") + ", not lunch")
        .when(pl.col("fed").is_null())
        .then("no dinner of " + pl.col("recipe_slug") + " the day before")
    )
    return _broken(leftovers, "leftover", detail).filter(pl.col("detail").is_not_null())


def _servings(meals: pl.LazyFrame, portion_scale: tuple[float, float]) -> pl.LazyFrame:
    low, high = portion_scale
    per_person = pl.col("servings") / pl.col("people")
    odd = meals.filter(per_person.is_null() | ~per_person.is_between(low, high))
    detail = (
        pl.col("servings").cast(pl.String)
        + " servings for "
        + pl.col("people").cast(pl.String)
        + f" people (per person {low} to {high})"
    )
    return _broken(odd, "servings", detail)


def _meal_grid(meals: pl.LazyFrame, plans: pl.LazyFrame, households: pl.LazyFrame) -> pl.LazyFrame:
    """Each (day, slot) of a proposed plan's week and household slots planned exactly once."""
    expected = (
        plans.filter(pl.col("status") == "proposed")
        .select("plan_id", "household_id", "week")
        .join(households.select("household_id", "meal_slots"), on="household_id")
        .with_columns(offset=pl.int_ranges(0, DAYS_PER_WEEK))
        .explode("offset")
        .explode("meal_slots")
        .select(
            "plan_id",
            (pl.col("week") + pl.duration(days=pl.col("offset"))).alias("day"),
            pl.col("meal_slots").alias("slot"),
            expected=pl.lit(True),
        )
    )
    planned = meals.group_by("plan_id", "day", "slot").agg(count=pl.len())
    grid = expected.join(planned, on=["plan_id", "day", "slot"], how="full", coalesce=True)
    proposed = plans.filter(pl.col("status") == "proposed").select("plan_id")
    missing = grid.filter(pl.col("count").is_null())
    duplicated = grid.filter(pl.col("expected") & (pl.col("count") > 1))
    unplanned = grid.filter(pl.col("expected").is_null()).join(proposed, on="plan_id", how="semi")
    return pl.concat(
        [
            _broken(missing, "missing_meal", pl.lit("no meal planned")),
            _broken(duplicated, "duplicate_meal", pl.col("count").cast(pl.String) + " meals"),
            _broken(unplanned, "unplanned_meal", pl.lit("not a meal slot of the household's week")),
        ]
    )
