"""`plan_week` on small hand-made catalogs: every hard rule holds (checked directly and by the
independent checker `simmer.planner.rules`), pins, leftovers, members, infeasible households
with a reason, goal misses, determinism and stable ids; and the ejection move on a small
synthetic catalog (`bench.synthetic_catalog`)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
from planfactory import household, households, varied_catalog

from bench.synthetic_catalog import (
    synthetic_candidate_ingredients,
    synthetic_candidates,
    synthetic_catalog,
)
from bench.synthetic_households import synthetic_households
from simmer.overlap import ingredient_weights
from simmer.planner.core import PlanBatch, plan_week
from simmer.planner.rules import find_breaks
from simmer.planner.schema import DAILY_NUTRITION, PLAN_MEALS, PLANS, plan_id
from simmer.planner.settings import PlannerSettings

WEEK = date(2026, 11, 29)  # a Sunday
CANDIDATES, INGREDIENTS, WEIGHTS = varied_catalog()


DEFAULT = PlannerSettings(staples=frozenset({"salt"}))


def plan(rows: list[dict[str, Any]], settings: PlannerSettings = DEFAULT) -> PlanBatch:
    """Plan the households and assert the independent checker finds no break."""
    table = households(rows)
    batch = plan_week(table, CANDIDATES, INGREDIENTS, WEIGHTS, WEEK, "catalog-1", settings)
    breaks = find_breaks(batch.plans, batch.plan_meals, table, CANDIDATES, INGREDIENTS)
    assert breaks.is_empty(), breaks
    assert batch.plans.schema == PLANS
    assert batch.plan_meals.schema == PLAN_MEALS
    assert batch.daily_nutrition.schema == DAILY_NUTRITION
    return batch


def meals_of(batch: PlanBatch, household_id: str) -> pl.DataFrame:
    return batch.plan_meals.filter(pl.col("plan_id") == plan_id(household_id, WEEK)).join(
        CANDIDATES, left_on="recipe_slug", right_on="slug"
    )


def plan_row(batch: PlanBatch, household_id: str) -> dict[str, Any]:
    return batch.plans.filter(pl.col("household_id") == household_id).row(0, named=True)


def test_every_meal_slot_of_the_week_is_planned_once() -> None:
    batch = plan([household("a"), household("b", meal_slots=["lunch", "dinner"])])
    assert meals_of(batch, "a").group_by("day", "slot").len().height == 21
    assert meals_of(batch, "b").get_column("slot").unique().sort().to_list() == ["dinner", "lunch"]
    assert plan_row(batch, "a")["status"] == "proposed"


def test_diet_allergies_with_unknown_status_dislikes_and_cook_time_are_never_broken() -> None:
    strict = household(
        "strict",
        diet="vegan",
        allergies=["peanuts"],
        dislikes=["ingredient-03"],
        max_cook_time_min=45,
        meal_slots=["lunch", "dinner"],
    )
    batch = plan([strict])
    meals = meals_of(batch, "strict")
    assert meals.height == 14
    assert meals.get_column("diets").list.contains("vegan").all()
    assert not meals.get_column("allergens_unknown").list.contains("peanuts").any()
    assert meals.get_column("total_time_min").is_not_null().all()
    assert (meals.get_column("total_time_min") <= 45).all()
    used = INGREDIENTS.join(meals.select("recipe_slug").unique(), on="recipe_slug")
    assert "ingredient-03" not in used.get_column("ingredient_slug").to_list()


def test_a_recipe_at_most_twice_a_week_never_on_consecutive_days_and_suits_its_slot() -> None:
    batch = plan([household("a"), household("b", size=4)])
    for household_id in ("a", "b"):
        cooked = meals_of(batch, household_id).filter(~pl.col("leftover"))
        assert cooked.get_column("meal_slots").list.contains(cooked.get_column("slot")).all()
        per_recipe = cooked.group_by("recipe_slug").agg(days=pl.col("day").sort())
        assert (per_recipe.get_column("days").list.len() <= 2).all()
        gaps = per_recipe.get_column("days").list.diff(null_behavior="drop").explode().drop_nulls()
        assert (gaps > timedelta(days=1)).all()


def test_energy_lands_on_target_within_the_portion_range() -> None:
    batch = plan([household("a", size=3), household("b", kcal_per_person=1500)])
    days = batch.daily_nutrition
    deviation = ((days["kcal"] - days["kcal_target"]).abs() / days["kcal_target"]).max()
    assert deviation is not None and deviation < 0.05
    per_person = meals_of(batch, "a").get_column("servings") / 3
    assert per_person.is_between(0.5, 2.0).all()


def test_pins_are_honoured_and_a_pin_breaking_a_rule_is_noted() -> None:
    pins = [
        {"weekday": 5, "slot": "dinner", "recipe_slug": "recipe-01", "tag": None},
        {"weekday": 2, "slot": "lunch", "recipe_slug": None, "tag": "pizza"},
        {"weekday": 3, "slot": "dinner", "recipe_slug": "recipe-04", "tag": None},  # peanuts?
        {"weekday": 4, "slot": "breakfast", "recipe_slug": "recipe-01", "tag": None},  # no slot
    ]
    batch = plan([household("p", allergies=["peanuts"], pins=pins)])
    meals = meals_of(batch, "p")
    friday = meals.filter(pl.col("day") == WEEK + timedelta(days=5), pl.col("slot") == "dinner")
    assert friday.get_column("recipe_slug").to_list() == ["recipe-01"]
    assert friday.get_column("pinned").to_list() == [True]
    tuesday = meals.filter(pl.col("day") == WEEK + timedelta(days=2), pl.col("slot") == "lunch")
    assert tuesday.get_column("tags").to_list() == [["pizza"]]
    notes = plan_row(batch, "p")["notes"]
    assert len(notes) == 2
    assert "recipe-04" in notes[0] and "allergy" in notes[0] and "peanuts" in notes[0]
    assert "Thursday breakfast recipe-01" in notes[1] and "slot" in notes[1]
    assert "recipe-04" not in meals.get_column("recipe_slug").to_list()


def test_leftovers_feed_the_next_days_lunch_and_buy_nothing() -> None:
    batch = plan(
        [
            household("yes", meal_slots=["lunch", "dinner"], leftovers=True),
            household("no", meal_slots=["lunch", "dinner"], leftovers=False),
        ]
    )
    meals = meals_of(batch, "yes").sort("day", "slot")
    leftovers = meals.filter(pl.col("leftover"))
    assert leftovers.height == 6 and (leftovers.get_column("slot") == "lunch").all()
    dinners = meals.filter(pl.col("slot") == "dinner").select(
        pl.col("day") + timedelta(days=1), "recipe_slug"
    )
    assert (
        leftovers.select("day", "recipe_slug").join(dinners, on=["day", "recipe_slug"]).height == 6
    )
    assert not meals_of(batch, "no").get_column("leftover").any()
    cooked = meals.filter(~pl.col("leftover")).get_column("recipe_slug")
    bought = INGREDIENTS.join(pl.DataFrame({"recipe_slug": cooked.unique()}), on="recipe_slug")
    perishable = bought.filter(pl.col("ingredient_slug") != "salt")
    assert (
        plan_row(batch, "yes")["distinct_ingredients"] == perishable["ingredient_slug"].n_unique()
    )


def test_members_portions_add_up_and_each_member_has_their_own_target() -> None:
    members = [{"name": "child", "kcal_target": 1400}, {"name": "adult", "kcal_target": 2600}]
    batch = plan([household("m", size=2, members=members, meal_slots=["dinner"])])
    days = batch.daily_nutrition
    assert (days.get_column("kcal_target") == (1400 + 2600) * 0.40).all()
    meals = meals_of(batch, "m").join(days, on="day")
    kcal = meals.get_column("servings") * meals.get_column("kcal_per_serving")
    assert ((kcal - meals.get_column("kcal")).abs() < 1e-6).all()
    # child and adult each aim at their own target, each within 0.5-2 servings
    kcal_per_serving = meals.get_column("kcal_per_serving")
    expected = sum((target * 0.40 / kcal_per_serving).clip(0.5, 2.0) for target in (1400, 2600))
    assert ((meals.get_column("servings") - expected).abs() <= 0.01).all()


def test_too_few_recipes_make_an_infeasible_plan_naming_the_rule_and_what_was_left() -> None:
    batch = plan(
        [household("v", diet="vegan", dislikes=[f"ingredient-{i:02d}" for i in range(22)])]
    )
    row = plan_row(batch, "v")
    assert row["status"] == "infeasible"
    assert row["reason"].startswith("dislike: ")
    assert "recipes left" in row["reason"]
    assert meals_of(batch, "v").is_empty()
    assert batch.daily_nutrition.filter(pl.col("household_id") == "v").is_empty()


def test_a_budget_too_small_is_a_goal_miss_with_the_amount() -> None:
    batch = plan([household("poor", weekly_budget=5.0), household("rich", weekly_budget=1000.0)])
    poor = plan_row(batch, "poor")
    assert poor["status"] == "proposed"
    budget = [miss for miss in poor["goal_misses"] if miss.startswith("budget: ")]
    assert budget == [f"budget: {poor['cost'] - 5.0:.2f} USD over 5.0 ({poor['cost']:.2f} planned)"]
    assert not any(m.startswith("budget") for m in plan_row(batch, "rich")["goal_misses"])


def test_the_reuse_term_buys_fewer_distinct_ingredients() -> None:
    rows = [household(f"h{i}", kcal_per_person=1800 + 100 * i) for i in range(5)]
    with_reuse = plan(rows, PlannerSettings(reuse_weight=0.2)).plans
    without = plan(rows, PlannerSettings(reuse_weight=0.0)).plans
    assert with_reuse["distinct_ingredients"].sum() < without["distinct_ingredients"].sum()


def _parquet(frame: pl.DataFrame) -> bytes:
    sink = io.BytesIO()
    frame.write_parquet(sink)
    return sink.getvalue()


def test_same_inputs_give_byte_identical_plans_and_a_household_does_not_depend_on_its_batch() -> (
    None
):
    rows = [household(f"h{i}", size=1 + i % 4, leftovers=i % 2 == 0) for i in range(6)]
    first, second = plan(rows), plan(list(reversed(rows)), PlannerSettings(chunk_households=2))
    for name in ("plans", "plan_meals", "daily_nutrition"):
        assert _parquet(getattr(first, name)) == _parquet(getattr(second, name))
    alone = plan([rows[3]])
    assert meals_of(alone, "h3").equals(meals_of(first, "h3"))


def test_plan_ids_are_stable_for_a_household_and_week() -> None:
    batch = plan([household("a"), household("é-ü")])
    assert batch.plans.get_column("plan_id").to_list() == [plan_id("a", WEEK), plan_id("é-ü", WEEK)]
    assert plan_id("a", WEEK) != plan_id("a", WEEK + timedelta(days=7))
    assert batch.plans.get_column("catalog_version").to_list() == ["catalog-1"] * 2


def test_random_search_keeps_every_hard_rule_too() -> None:
    batch = plan(
        [household("a", leftovers=True), household("b", diet="vegan")],
        PlannerSettings(search="random"),
    )
    # `plan` asserts the checker finds no break; that means something only with meals planned
    assert batch.plans.get_column("status").to_list() == ["proposed", "proposed"]
    assert meals_of(batch, "a").height == meals_of(batch, "b").height == 21


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"diet": "carnivore"}, "diet"),
        ({"allergies": ["gluten"]}, "allergies"),
        ({"meal_slots": ["brunch"]}, "meal_slots"),
        ({"pins": [{"weekday": 9, "slot": "dinner", "recipe_slug": "x", "tag": None}]}, "pins"),
    ],
)
def test_a_household_the_planner_cannot_read_is_a_clear_error(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValueError, match=f"household bad: field {field}"):
        plan_week(
            households([household("bad", **change)]),
            CANDIDATES,
            INGREDIENTS,
            WEIGHTS,
            WEEK,
            "catalog-1",
        )


def test_no_households_is_an_empty_batch() -> None:
    batch = plan([])
    assert batch.plans.is_empty() and batch.plan_meals.is_empty()
    assert batch.daily_nutrition.is_empty()


def test_week_must_be_a_sunday() -> None:
    with pytest.raises(ValueError, match="not a Sunday"):
        plan_week(
            households([household("a")]),
            CANDIDATES,
            INGREDIENTS,
            WEIGHTS,
            WEEK + timedelta(days=1),
            "catalog-1",
        )


def test_days_carry_the_macro_targets_the_plan_is_measured_against() -> None:
    """A day's macro targets are the household's goals per person times its people times the
    share of the day its slots carry (lunch 35 % + dinner 40 %), null for a macro without a
    goal; the plan's macro deviation is the mean deviation of the days from exactly these."""
    no_fat = household("no-fat", fat_g_per_person=None)
    no_goals = household(
        "no-goals", protein_g_per_person=None, fat_g_per_person=None, carbs_g_per_person=None
    )
    batch = plan([household("goals", size=3, meal_slots=["lunch", "dinner"]), no_fat, no_goals])
    days = batch.daily_nutrition
    targets = ("protein_g_target", "fat_g_target", "carbs_g_target")

    def of(household_id: str) -> pl.DataFrame:
        return days.filter(pl.col("household_id") == household_id)

    goals = of("goals")
    assert goals.height == 7
    for column, per_person in zip(targets, (120, 80, 300), strict=True):
        assert goals.get_column(column).to_list() == pytest.approx([per_person * 3 * 0.75] * 7)
    assert of("no-fat").get_column("fat_g_target").is_null().all()
    assert of("no-fat").get_column("protein_g_target").to_list() == pytest.approx([120.0] * 7)
    assert of("no-goals").select(pl.all_horizontal(pl.col(targets).is_null())).to_series().all()
    assert plan_row(batch, "no-goals")["macro_deviation"] is None

    deviations = goals.select(
        ((pl.col(m) - pl.col(f"{m}_target")).abs() / pl.col(f"{m}_target")).mean()
        for m in ("protein_g", "fat_g", "carbs_g")
    )
    mean = sum(deviations.row(0)) / 3
    assert plan_row(batch, "goals")["macro_deviation"] == pytest.approx(mean)


def test_ejections_buy_fewer_distinct_ingredients_and_break_no_rule() -> None:
    catalog = synthetic_catalog(600, n_ingredients=400)
    candidates = synthetic_candidates(catalog)
    lines = synthetic_candidate_ingredients(catalog)
    weights = ingredient_weights(catalog.ingredients.lazy()).collect()
    homes = synthetic_households(150, candidates, lines)
    distinct = {}
    for eject in (0, 2):
        settings = PlannerSettings(eject_meals=eject, restarts=0)
        batch = plan_week(homes, candidates, lines, weights, WEEK, "synthetic", settings)
        assert find_breaks(batch.plans, batch.plan_meals, homes, candidates, lines).is_empty()
        distinct[eject] = batch.plans.get_column("distinct_ingredients").sum()
    assert distinct[2] < distinct[0]
