"""The independent rule checker: a hand-made plan that keeps every rule has no break, and each
hand-made way of breaking a rule is caught as exactly that rule, at the meal that breaks it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from simmer.planner.rules import BREAKS, RuleLimits, check_plan_rules, find_breaks
from simmer.planner.schema import (
    CANDIDATE_INGREDIENTS,
    CANDIDATES,
    HOUSEHOLDS,
    PLAN_MEALS,
    PLANS,
    plan_id,
)

WEEK = date(2026, 11, 29)  # a Sunday
HOUSEHOLD = "h-1"
PLAN = plan_id(HOUSEHOLD, WEEK)
GOOD = [f"r{i}" for i in range(8)]  # r7 is a spare the valid plan does not use
Meal = dict[str, Any]


def household(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "household_id": HOUSEHOLD,
        "size": 2,
        "diet": "vegetarian",
        "allergies": ["peanuts"],
        "dislikes": ["mushroom"],
        "weekly_budget": 100.0,
        "currency": "USD",
        "kcal_per_person": 2000,
        "protein_g_per_person": None,
        "fat_g_per_person": None,
        "carbs_g_per_person": None,
        "meal_slots": ["lunch", "dinner"],
        "max_cook_time_min": 45,
        "timezone": "Europe/Berlin",
        "leftovers": True,
        "members": None,
        "pins": [],
    }
    return row | changes


def recipe(slug: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "slug": slug,
        "title": slug,
        "kcal_per_serving": 600.0,
        "protein_g_per_serving": 20.0,
        "fat_g_per_serving": 20.0,
        "carbs_g_per_serving": 80.0,
        "cost_per_serving": 2.0,
        "total_time_min": 30,
        "meal_slots": ["lunch", "dinner"],
        "tags": [],
        "allergens": [],
        "allergens_unknown": [],
        "diets": ["omnivore", "vegetarian"],
    }
    return row | changes


CANDIDATE_ROWS = [
    *(recipe(slug) for slug in GOOD),
    recipe("satay", allergens=["peanuts"]),
    recipe("maybe-nutty", allergens_unknown=["peanuts", "sesame"]),
    recipe("steak", diets=["omnivore"]),
    recipe("mushroom-risotto"),
    recipe("slow-stew", total_time_min=120),
    recipe("untimed-stew", total_time_min=None),
    recipe("porridge", meal_slots=["breakfast"]),
    recipe("mystery", kcal_per_serving=None),
]
INGREDIENT_ROWS = [
    {"recipe_slug": row["slug"], "ingredient_slug": "onion", "grams": 100.0}
    for row in CANDIDATE_ROWS
] + [{"recipe_slug": "mushroom-risotto", "ingredient_slug": "mushroom", "grams": 200.0}]


def valid_meals() -> list[Meal]:
    """Lunch r_i and dinner r_(i+3) on day i: every recipe twice, never on consecutive days;
    Monday's lunch eats Sunday's dinner (r3) as leftovers."""
    meals = []
    for offset in range(7):
        day = WEEK + timedelta(days=offset)
        for slot, recipe_slug in (("lunch", GOOD[offset]), ("dinner", GOOD[(offset + 3) % 7])):
            meals.append(meal(day, slot, recipe_slug))
    meals[2] = meal(WEEK + timedelta(days=1), "lunch", "r3", leftover=True)
    return meals


def meal(day: date, slot: str, recipe_slug: str, **changes: Any) -> Meal:
    row: Meal = {
        "plan_id": PLAN,
        "day": day,
        "slot": slot,
        "recipe_slug": recipe_slug,
        "servings": 2.0,
        "leftover": False,
        "pinned": False,
    }
    return row | changes


def plan_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "plan_id": PLAN,
        "household_id": HOUSEHOLD,
        "week": WEEK,
        "zone": "Europe/Berlin",
        "status": "proposed",
        "catalog_version": "test",
        "reason": None,
        "goal_misses": [],
        "notes": [],
        "meals": 14,
        "kcal_deviation": 0.0,
        "macro_deviation": 0.0,
        "distinct_ingredients": 1,
        "cost": 56.0,
    }
    return row | changes


def breaks_of(
    meals: list[Meal],
    households: list[dict[str, Any]] | None = None,
    plans: list[dict[str, Any]] | None = None,
) -> pl.DataFrame:
    return find_breaks(
        pl.DataFrame(plans or [plan_row()], schema=PLANS),
        pl.DataFrame(meals, schema=PLAN_MEALS),
        pl.DataFrame(households or [household()], schema=HOUSEHOLDS),
        pl.DataFrame(CANDIDATE_ROWS, schema=CANDIDATES),
        pl.DataFrame(INGREDIENT_ROWS, schema=CANDIDATE_INGREDIENTS),
    )


def day(offset: int) -> date:
    return WEEK + timedelta(days=offset)


def replace(index: int, **changes: Any) -> Callable[[list[Meal]], list[Meal]]:
    def change(meals: list[Meal]) -> list[Meal]:
        meals[index] = meals[index] | changes
        return meals

    return change


def test_a_plan_that_keeps_every_rule_has_no_break() -> None:
    breaks = breaks_of(valid_meals())
    assert breaks.schema == BREAKS
    assert breaks.is_empty()
    outcome = check_plan_rules(breaks)
    assert outcome.passed and outcome.details["breaks"] == 0


# meal index = 2 * day offset + (0 lunch, 1 dinner)
BROKEN_MEALS = {
    "diet": (replace(4, recipe_slug="steak"), {(day(2), "lunch")}),
    "allergy": (replace(4, recipe_slug="satay"), {(day(2), "lunch")}),
    "allergy_unknown": (replace(5, recipe_slug="maybe-nutty"), {(day(2), "dinner")}),
    "dislike": (replace(6, recipe_slug="mushroom-risotto"), {(day(3), "lunch")}),
    "cook_time": (replace(6, recipe_slug="slow-stew"), {(day(3), "lunch")}),
    "cook_time_unknown": (replace(6, recipe_slug="untimed-stew"), {(day(3), "lunch")}),
    "slot": (replace(6, recipe_slug="porridge"), {(day(3), "lunch")}),
    "not_candidate": (replace(6, recipe_slug="no-such-recipe"), {(day(3), "lunch")}),
    "not_candidate_energy": (replace(6, recipe_slug="mystery"), {(day(3), "lunch")}),
    # r0 is Sunday's lunch and Thursday's dinner; a third cooking on Tuesday
    "repeats": (replace(4, recipe_slug="r0"), {(day(4), "dinner")}),
    "consecutive": (
        lambda meals: replace(4, recipe_slug="r7")(replace(3, recipe_slug="r7")(meals)),
        {(day(2), "lunch")},
    ),
    "leftover_without_dinner": (replace(4, leftover=True), {(day(2), "lunch")}),
    "leftover_at_dinner": (replace(3, recipe_slug="r3", leftover=True), {(day(1), "dinner")}),
    "servings": (replace(7, servings=5.0), {(day(3), "dinner")}),
    "missing_meal": (lambda meals: meals[:-1], {(day(6), "dinner")}),
    "duplicate_meal": (lambda meals: [*meals, meals[2]], {(day(1), "lunch")}),
    "unplanned_meal": (
        lambda meals: [*meals, meal(day(7), "dinner", "r7"), meal(day(0), "breakfast", "porridge")],
        {(day(7), "dinner"), (day(0), "breakfast")},
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_MEALS))
def test_each_broken_rule_is_caught_where_it_breaks(case: str) -> None:
    change, where = BROKEN_MEALS[case]
    rule = case.removesuffix("_unknown").removesuffix("_energy")
    rule = "leftover" if rule.startswith("leftover") else rule
    breaks = breaks_of(change(valid_meals()))
    assert set(breaks.get_column("rule")) == {rule}, breaks
    assert set(breaks.select("day", "slot").iter_rows()) == where
    assert breaks.get_column("detail").is_not_null().all()


def test_leftovers_break_in_a_household_that_does_not_allow_them() -> None:
    breaks = breaks_of(valid_meals(), households=[household(leftovers=False)])
    assert breaks.select("day", "slot", "rule").rows() == [(day(1), "lunch", "leftover")]
    assert breaks.item(0, "detail") == "the household does not allow leftovers"


def test_members_set_the_number_of_people_the_servings_are_for() -> None:
    members = [{"name": n, "kcal_target": 2000} for n in ("a", "b", "c", "d", "e")]
    breaks = breaks_of(valid_meals(), households=[household(members=members)])
    # 2 servings for 5 people is 0.4 per person, below the scale: every meal breaks
    assert breaks.height == 14 and set(breaks.get_column("rule")) == {"servings"}
    assert RuleLimits().portion_scale == (0.5, 2.0)


def test_infeasible_plan_without_meals_breaks_nothing_but_orphans_do() -> None:
    infeasible = plan_row(status="infeasible", reason="allergy: 0 recipes left", meals=0)
    assert breaks_of([], plans=[infeasible]).is_empty()
    stray = breaks_of([meal(day(0), "lunch", "r0", plan_id="elsewhere")], plans=[infeasible])
    assert stray.select("plan_id", "rule").rows() == [("elsewhere", "unknown_plan")]
    unknown = breaks_of(valid_meals(), plans=[plan_row(household_id="nobody")])
    assert unknown.select("rule", "detail").rows() == [("unknown_household", "household nobody")]


def test_check_outcome_counts_breaks_per_rule() -> None:
    meals = replace(4, recipe_slug="satay")(replace(6, recipe_slug="steak")(valid_meals()))
    outcome = check_plan_rules(breaks_of(meals))
    assert not outcome.passed
    assert outcome.details["breaks_allergy"] == 1 and outcome.details["breaks_diet"] == 1
    assert outcome.summary == "2 hard-rule break(s) in 1 plan(s)"
