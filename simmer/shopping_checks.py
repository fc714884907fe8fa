"""The blocking checks of shopping lists and carts, as `CheckOutcome`s (no Dagster here).

- `check_quantities`: no negative grams, packages or price anywhere, and no item above
  `MAX_ITEM_GRAMS` (25 kg of one ingredient in a household's week is a unit slip).
- `check_lines_accounted`: every line of every cooked meal (a plain join of the plan's meals
  with the recipes' lines, independent of the list's own code) is accounted for by exactly one
  item, as bought or on hand (weighed), as needed, or kept with its text (unweighed,
  unmatched); and on every weighed item to buy plus on hand equals what is needed.
"""

from __future__ import annotations

import polars as pl

from simmer.figures import Frame
from simmer.recipe_analysis import CheckOutcome

MAX_ITEM_GRAMS = 25_000.0
TOLERANCE_GRAMS = 1e-6


def check_quantities(items: pl.DataFrame, cart_items: pl.DataFrame) -> CheckOutcome:
    grams = ["grams", "on_hand_grams", "to_buy_grams"]
    negative = items.filter(pl.any_horizontal(pl.col(grams) < 0))
    absurd = items.filter(pl.col("grams") > MAX_ITEM_GRAMS)
    bad_cart = cart_items.filter(
        (pl.col("packages") <= 0) | (pl.col("price") < 0) | (pl.col("leftover_grams") < 0)
    )
    examples = (
        (
            pl.concat([negative, absurd]).select(
                pl.format("{} {}: {} g", "plan_id", "ingredient_slug", "grams")
            )
        )
        .to_series()
        .to_list()
    )
    bad = negative.height + absurd.height + bad_cart.height
    return CheckOutcome(
        bad == 0,
        f"{bad} negative or absurd quantities",
        {
            "negative_items": negative.height,
            "items_over_25kg": absurd.height,
            "bad_cart_rows": bad_cart.height,
            "examples": examples[:10],
        },
    )


def check_lines_accounted(
    plan_meals: Frame, recipe_lines: Frame, items: pl.DataFrame
) -> CheckOutcome:
    expected = (
        plan_meals.lazy()
        .filter(~pl.col("leftover").fill_null(False))
        .join(recipe_lines.lazy().select("recipe_slug", "line_no"), on="recipe_slug")
        .group_by("plan_id")
        .agg(expected=pl.len())
    )
    listed = items.lazy().group_by("plan_id").agg(listed=pl.col("lines").sum())
    mismatched = (
        expected.join(listed, on="plan_id", how="full", coalesce=True)
        .filter(pl.col("expected").fill_null(0) != pl.col("listed").fill_null(0))
        .collect()
    )
    unbalanced = items.filter(
        (pl.col("to_buy_grams") + pl.col("on_hand_grams") - pl.col("grams")).abs() > TOLERANCE_GRAMS
    )
    passed = mismatched.is_empty() and unbalanced.is_empty()
    return CheckOutcome(
        passed,
        f"{mismatched.height} plan(s) with lines not accounted for, "
        f"{unbalanced.height} item(s) where bought + on hand != needed",
        {
            "plans_mismatched": mismatched.height,
            "items_unbalanced": unbalanced.height,
            "examples": mismatched.get_column("plan_id").head(10).to_list(),
        },
    )
