"""The planner's ingredient table from the nutrition dataset's lines (`simmer.planner.batch`)."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from planfactory import candidates, recipe

from simmer.planner.batch import candidate_ingredients
from simmer.planner.schema import CANDIDATE_INGREDIENTS

MACROS = pl.DataFrame({"slug": ["soup", "stew"], "servings": [1.0, 2.0]})
CANDIDATES = candidates([recipe("soup"), recipe("stew")])


def line(
    slug: str, no: int, ingredient: str, grams: float, issue: str | None = None
) -> dict[str, Any]:
    return {
        "recipe_slug": slug,
        "line_no": no,
        "ingredient": ingredient,
        "grams": grams,
        "grams_issue": issue,
    }


def lines(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "recipe_slug": pl.String,
            "line_no": pl.Int64,
            "ingredient": pl.String,
            "grams": pl.Float64,
            "grams_issue": pl.String,
        },
    )


def test_a_flagged_line_counts_as_unknown_grams_and_keeps_its_ingredient() -> None:
    table = candidate_ingredients(
        lines(
            [
                line("stew", 1, "onion", 300.0),
                line("stew", 2, "onion", 6000.0, "implausible quantity"),
                line("stew", 3, "salt", 9000.0, "implausible quantity"),
            ]
        ),
        MACROS,
        CANDIDATES,
    )
    assert table.schema == CANDIDATE_INGREDIENTS
    assert table.rows() == [("stew", "onion", 150.0), ("stew", "salt", None)]


def test_the_sum_does_not_depend_on_the_order_of_the_lines() -> None:
    grams = [0.1, 0.2, 0.3]  # (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3) in floating point
    rows = [line("soup", i, "leek", g) for i, g in enumerate(grams)]
    forward = candidate_ingredients(lines(rows), MACROS, CANDIDATES)
    backward = candidate_ingredients(lines(rows[::-1]), MACROS, CANDIDATES)
    assert forward.rows() == backward.rows()
    assert forward.get_column("grams").to_list() == [pytest.approx(0.6)]
