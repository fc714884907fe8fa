"""Synthetic lake tables of one (week, zone) partition, in the planner's and shopping's schemas:
`synthetic_partition(household_ids, week, zone, variant=0)`.

Deterministic for the same arguments, generated with polars expressions (100,000 plans take
seconds). Sizes follow what the real pipeline makes per plan (BENCHMARKS.md, shopping at
100,000 plans: 35 list items and 28 cart rows per plan): 1 in 20 plans infeasible (no meals,
list or cart), the others 21 meals, 7 days, `ITEMS` list items, one vendor's cart with
`CART_ITEMS` items and `UNSOLD` unsold. `variant` changes every value that a re-planning would
(recipes, servings, quantities, costs, the catalog version), so two variants of one partition
are two different weeks' worth of rows under the same plan ids.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from simmer.planner.schema import DAILY_NUTRITION, PLAN_MEALS, PLANS, SLOTS, plan_id
from simmer.shopping import SHOPPING_ITEMS

ITEMS, CART_ITEMS, UNSOLD = 35, 28, 2
RECIPES, INGREDIENTS = 500, 800
INFEASIBLE_EVERY = 20


def _plans(household_ids: list[str], week: date, zone: str, variant: int) -> pl.DataFrame:
    ids = [plan_id(household, week) for household in household_ids]
    index = pl.int_range(pl.len())
    infeasible = index % INFEASIBLE_EVERY == INFEASIBLE_EVERY - 1
    return pl.DataFrame({"plan_id": ids, "household_id": household_ids}).select(
        "plan_id",
        "household_id",
        week=pl.lit(week),
        zone=pl.lit(zone),
        status=pl.when(infeasible).then(pl.lit("infeasible")).otherwise(pl.lit("proposed")),
        catalog_version=pl.lit(f"synthetic-{variant}"),
        reason=pl.when(infeasible).then(pl.lit("allergies left 0 recipes for breakfast")),
        goal_misses=pl.when(index % 7 == 0)
        .then(pl.concat_list(pl.format("energy +{}%", (index + variant) % 15)))
        .otherwise(pl.lit([], pl.List(pl.String))),
        notes=pl.lit([], pl.List(pl.String)),
        meals=pl.when(infeasible).then(0).otherwise(21).cast(pl.Int32),
        kcal_deviation=((index + variant) % 100) / 1000,
        macro_deviation=((index * 3 + variant) % 100) / 1000,
        distinct_ingredients=((index + variant) % 30 + 20).cast(pl.Int32),
        cost=((index * 7 + variant) % 9000) / 100 + 40,
    )


def _per_plan(plans: pl.DataFrame, count: int) -> pl.DataFrame:
    """`count` rows for each feasible plan, with `n` = the plan's number, `k` = 0 .. count-1."""
    return (
        plans.filter(pl.col("status") == "proposed")
        .select("plan_id", "household_id", "week", n=pl.int_range(pl.len()))
        .join(pl.DataFrame({"k": range(count)}), how="cross")
    )


def _meals(plans: pl.DataFrame, variant: int) -> pl.DataFrame:
    rows = _per_plan(plans, 7 * len(SLOTS))
    recipe = (pl.col("n") * 13 + pl.col("k") * 7 + variant) % RECIPES
    return rows.select(
        "plan_id",
        day=pl.col("week") + pl.duration(days=pl.col("k") // len(SLOTS)),
        slot=pl.lit(pl.Series(SLOTS)).gather(pl.col("k") % len(SLOTS)),
        recipe_slug=pl.format("recipe-{}", recipe),
        servings=((pl.col("n") + variant) % 4 + 1).cast(pl.Float64),
        leftover=(pl.col("k") % len(SLOTS) == 1) & (pl.col("k") > 2),
        pinned=pl.col("k") == (pl.col("n") % 21),
    ).cast(dict(PLAN_MEALS))  # type: ignore[arg-type]


def _days(plans: pl.DataFrame, variant: int) -> pl.DataFrame:
    rows = _per_plan(plans, 7)
    kcal = 2000.0 + ((pl.col("n") * 31 + pl.col("k") * 17 + variant) % 400)
    return rows.select(
        "household_id",
        "week",
        day=pl.col("week") + pl.duration(days=pl.col("k")),
        kcal=kcal,
        kcal_target=pl.lit(2100.0),
        protein_g=kcal * 0.2 / 4,
        fat_g=kcal * 0.3 / 9,
        carbs_g=kcal * 0.5 / 4,
        protein_g_target=pl.lit(2100.0 * 0.2 / 4),
        fat_g_target=pl.lit(2100.0 * 0.3 / 9),
        carbs_g_target=pl.lit(None, pl.Float64),
    ).cast(dict(DAILY_NUTRITION))  # type: ignore[arg-type]


def _ingredient(offset: int, variant: int) -> pl.Expr:
    return pl.format(
        "ingredient-{}", (pl.col("n") * 11 + pl.col("k") * 3 + offset + variant) % INGREDIENTS
    )


def _items(plans: pl.DataFrame, variant: int) -> pl.DataFrame:
    rows = _per_plan(plans, ITEMS)
    grams = ((pl.col("n") + pl.col("k") * 37 + variant) % 900 + 50).cast(pl.Float64)
    meal = pl.struct(
        day=pl.col("week") + pl.duration(days=pl.col("k") % 7),
        slot=pl.lit("dinner"),
        recipe_slug=pl.format("recipe-{}", (pl.col("n") + pl.col("k") + variant) % RECIPES),
    )
    return rows.select(
        "plan_id",
        "household_id",
        ingredient_slug=_ingredient(0, variant),
        name=pl.format("Ingredient {}", pl.col("k")),
        aisle=pl.format("aisle-{}", pl.col("k") % 12),
        pantry_staple=pl.col("k") >= ITEMS - 3,
        as_needed=pl.col("k") == ITEMS - 1,
        unmatched=pl.lit(False),
        grams=grams,
        on_hand_grams=pl.lit(0.0),
        to_buy_grams=grams,
        display=pl.format("{} g ingredient {}", grams, pl.col("k")),
        texts=pl.format('{} g of it|a pinch, "to taste"', grams).str.split("|"),
        meals=meal.repeat_by(2),
        lines=pl.lit(2),
    ).cast(dict(SHOPPING_ITEMS))  # type: ignore[arg-type]


def _cart_items(plans: pl.DataFrame, variant: int) -> pl.DataFrame:
    rows = _per_plan(plans, CART_ITEMS)
    need = ((pl.col("n") + pl.col("k") * 37 + variant) % 900 + 50).cast(pl.Float64)
    return rows.select(
        "plan_id",
        "household_id",
        vendor=pl.lit("synthetic"),
        sku=pl.format("{}-small", _ingredient(0, variant)),
        ingredient_slug=_ingredient(0, variant),
        packages=pl.lit(2, pl.Int32),
        package_grams=pl.lit(500.0),
        price=(need / 100).round(2),
        currency=pl.lit("USD"),
        need_grams=need,
        purchased_grams=pl.lit(1000.0),
        leftover_grams=1000.0 - need,
        leftover_money=((1000.0 - need) / 1000).round(2),
    )


def _unsold(plans: pl.DataFrame, variant: int) -> pl.DataFrame:
    rows = _per_plan(plans, UNSOLD)
    return rows.select(
        "plan_id",
        vendor=pl.lit("synthetic"),
        ingredient_slug=_ingredient(CART_ITEMS, variant),
        grams=((pl.col("n") + variant) % 300 + 10).cast(pl.Float64),
    )


def _totals(cart: pl.DataFrame) -> pl.DataFrame:
    return (
        cart.group_by("plan_id", "household_id", "vendor", "currency", maintain_order=True)
        .agg(
            total=pl.col("price").sum(),
            items_bought=pl.len().cast(pl.Int32),
            purchased_grams=pl.col("purchased_grams").sum(),
            leftover_grams=pl.col("leftover_grams").sum(),
            leftover_money=pl.col("leftover_money").sum(),
        )
        .with_columns(
            perishable_purchased_grams=pl.col("purchased_grams") / 2,
            perishable_leftover_grams=pl.col("leftover_grams") / 2,
            items_unsold=pl.lit(UNSOLD, pl.Int32),
            weekly_budget=pl.lit(150.0),
            leftover_share=pl.col("leftover_grams") / pl.col("purchased_grams"),
            perishable_leftover_share=pl.col("leftover_grams") / pl.col("purchased_grams"),
            leftover_money_share=pl.col("leftover_money") / pl.col("total"),
            within_budget=pl.col("total") <= 150.0,
        )
    )


def synthetic_partition(
    household_ids: list[str], week: date, zone: str, variant: int = 0
) -> dict[str, pl.DataFrame]:
    """The plans, plan_meals, daily_nutrition, shopping_list_items, cart_items, cart_unsold and
    cart_totals of one partition of these households."""
    plans = _plans(household_ids, week, zone, variant).cast(dict(PLANS))  # type: ignore[arg-type]
    cart = _cart_items(plans, variant)
    return {
        "plans": plans,
        "plan_meals": _meals(plans, variant),
        "daily_nutrition": _days(plans, variant),
        "shopping_list_items": _items(plans, variant),
        "cart_items": cart,
        "cart_unsold": _unsold(plans, variant),
        "cart_totals": _totals(cart),
    }
