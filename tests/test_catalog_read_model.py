"""The catalog read model's rows: what the API serves of a recipe agrees with the figures it
serves beside it."""

from __future__ import annotations

import json

import polars as pl

from simmer.store.catalog_read_model import RECIPE_MACRO_FIELDS, recipe_rows


def test_servings_are_the_ones_the_per_serving_figures_divide_by_and_estimates_are_marked() -> None:
    recipes = pl.LazyFrame(
        {
            "slug": ["loaf"],
            "title": ["Loaf"],
            "pack": ["p"],
            "servings": [1],  # as the pack states it: a whole loaf
            "servings_estimated": [False],
            "total_time_min": [60],
            "tags": [["bread"]],
            "meal_slots": [["breakfast"]],
        }
    )
    macros = pl.LazyFrame(
        {name: [None] for name in RECIPE_MACRO_FIELDS}
        | {"slug": ["loaf"], "servings": [12], "servings_estimated": [True]}
        | {"kcal_per_serving": [200.0], "coverage": [1.0], "fully_quantified": [True]}
    )
    lines = pl.LazyFrame(
        {
            "recipe_slug": ["loaf", "loaf"],
            "line_no": [1, 2],
            "text": ["500 g flour", "a pinch of salt"],
            "quantity": [500.0, None],
            "unit": ["g", None],
            "grams": [500.0, 0.4],
            "status": ["parsed", "parsed"],
            "optional": [False, False],
            "estimated": [False, True],
            "grams_method": [None, "estimated: a pinch"],
            "ingredient": ["flour", "salt"],
        }
    )
    row = recipe_rows(recipes, macros, lines, "v1").row(0, named=True)
    assert (row["servings"], row["servings_estimated"]) == (12, True)
    served = json.loads(row["lines"])
    assert [line["estimated"] for line in served] == [False, True]
    assert served[1]["grams_method"] == "estimated: a pinch"
