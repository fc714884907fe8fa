"""The planner's tables: what it reads (households, candidate recipes) and what it writes.

Every frame the planner takes or returns has exactly these columns (more are allowed on input).
Days are dates in the household's own time zone; `week` is the Sunday that starts the week.

Households (`HOUSEHOLDS`), one row each, the snapshot taken from PostgreSQL:
- `members`: null, or one entry per person with their own daily energy target; without members
  every one of `size` people counts as `kcal_per_person`.
- `pins`: recurring favourites, each for a weekday (0 = Sunday ... 6 = Saturday) and slot, naming
  a recipe slug or a tag (exactly one of the two).
- `leftovers`: whether a dinner may be cooked for two meals to feed the next day's lunch.

Candidates (`CANDIDATES`), one row per plannable recipe, with the flags the hard rules need.
Recipe ingredients (`CANDIDATE_INGREDIENTS`) carry the ingredient slugs for dislikes and reuse.

Output:
- `PLANS`: one row per (household, week); `plan_id` is stable for a (household, week)
  (`plan_id()`), `status` is `proposed` or `infeasible`; `reason` says why a plan is
  infeasible (the rule and how many recipes it left); `goal_misses` the goals it misses and by
  how much (`energy`, `protein`, `budget`, ...), as text; `notes` what was not honoured
  (a pin that breaks a hard rule) and why.
- `PLAN_MEALS`: one row per planned meal; `servings` the servings to cook (for leftovers, the
  servings eaten); `leftover` true when the meal eats what the previous day's dinner cooked.
- `DAILY_NUTRITION`: per household and day, planned energy and macros against target: the
  household's whole day (every person, the planned slots' share), the macro targets null where
  the household sets no goal for that macro (`simmer.planner.core.day_macro_targets`).
"""

from __future__ import annotations

import uuid
from datetime import date

import polars as pl

PLAN_NAMESPACE = uuid.UUID("0b8f7a52-3c1d-4d7e-9a61-5b2f0c8e4d11")
SLOTS = ("breakfast", "lunch", "dinner")
PLAN_STATUSES = ("proposed", "infeasible", "approved")

MEMBER = pl.Struct({"name": pl.String(), "kcal_target": pl.Int32()})
PIN = pl.Struct(
    {"weekday": pl.Int8(), "slot": pl.String(), "recipe_slug": pl.String(), "tag": pl.String()}
)

HOUSEHOLDS = pl.Schema(
    {
        "household_id": pl.String(),
        "size": pl.Int32(),
        "diet": pl.String(),
        "allergies": pl.List(pl.String()),
        "dislikes": pl.List(pl.String()),
        "weekly_budget": pl.Float64(),
        "currency": pl.String(),
        "kcal_per_person": pl.Int32(),
        "protein_g_per_person": pl.Int32(),
        "fat_g_per_person": pl.Int32(),
        "carbs_g_per_person": pl.Int32(),
        "meal_slots": pl.List(pl.String()),
        "max_cook_time_min": pl.Int32(),
        "timezone": pl.String(),
        "leftovers": pl.Boolean(),
        "members": pl.List(MEMBER),
        "pins": pl.List(PIN),
    }
)

CANDIDATES = pl.Schema(
    {
        "slug": pl.String(),
        "title": pl.String(),
        "kcal_per_serving": pl.Float64(),
        "protein_g_per_serving": pl.Float64(),
        "fat_g_per_serving": pl.Float64(),
        "carbs_g_per_serving": pl.Float64(),
        "cost_per_serving": pl.Float64(),
        "total_time_min": pl.Int32(),
        "meal_slots": pl.List(pl.String()),
        "tags": pl.List(pl.String()),
        "allergens": pl.List(pl.String()),
        "allergens_unknown": pl.List(pl.String()),
        "diets": pl.List(pl.String()),
    }
)

CANDIDATE_INGREDIENTS = pl.Schema(
    {"recipe_slug": pl.String(), "ingredient_slug": pl.String(), "grams": pl.Float64()}
)

PLANS = pl.Schema(
    {
        "plan_id": pl.String(),
        "household_id": pl.String(),
        "week": pl.Date(),
        "zone": pl.String(),
        "status": pl.String(),
        "catalog_version": pl.String(),
        "reason": pl.String(),
        "goal_misses": pl.List(pl.String()),
        "notes": pl.List(pl.String()),
        "meals": pl.Int32(),
        "kcal_deviation": pl.Float64(),
        "macro_deviation": pl.Float64(),
        "distinct_ingredients": pl.Int32(),
        "cost": pl.Float64(),
    }
)

PLAN_MEALS = pl.Schema(
    {
        "plan_id": pl.String(),
        "day": pl.Date(),
        "slot": pl.String(),
        "recipe_slug": pl.String(),
        "servings": pl.Float64(),
        "leftover": pl.Boolean(),
        "pinned": pl.Boolean(),
    }
)

DAILY_NUTRITION = pl.Schema(
    {
        "household_id": pl.String(),
        "week": pl.Date(),
        "day": pl.Date(),
        "kcal": pl.Float64(),
        "kcal_target": pl.Float64(),
        "protein_g": pl.Float64(),
        "fat_g": pl.Float64(),
        "carbs_g": pl.Float64(),
        "protein_g_target": pl.Float64(),
        "fat_g_target": pl.Float64(),
        "carbs_g_target": pl.Float64(),
    }
)


def plan_id(household_id: str, week: date) -> str:
    """The stable id of a household's plan for a week: a re-run replaces, never duplicates."""
    return str(uuid.uuid5(PLAN_NAMESPACE, f"{household_id}:{week.isoformat()}"))
