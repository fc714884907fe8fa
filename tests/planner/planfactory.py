"""Small hand-made catalogs and households for the planner tests, as the planner's input tables."""

from __future__ import annotations

from typing import Any

import polars as pl

from simmer.planner.schema import CANDIDATE_INGREDIENTS, CANDIDATES, HOUSEHOLDS

ALL_DIETS = ["omnivore", "pescatarian", "vegetarian", "vegan"]
ALL_SLOTS = ["breakfast", "lunch", "dinner"]


def recipe(slug: str, **overrides: Any) -> dict[str, Any]:
    """A plannable recipe fitting every diet and slot, no allergens: 600 kcal, 20/30/50 %."""
    row: dict[str, Any] = {
        "slug": slug,
        "title": slug.replace("-", " "),
        "kcal_per_serving": 600.0,
        "protein_g_per_serving": 30.0,
        "fat_g_per_serving": 20.0,
        "carbs_g_per_serving": 75.0,
        "cost_per_serving": 2.0,
        "total_time_min": 30,
        "meal_slots": list(ALL_SLOTS),
        "tags": [],
        "allergens": [],
        "allergens_unknown": [],
        "diets": list(ALL_DIETS),
    }
    return row | overrides


def candidates(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=CANDIDATES)


def ingredients(uses: dict[str, list[str]]) -> pl.DataFrame:
    """`{recipe: [ingredient, ...]}` as candidate ingredient lines of 100 g each."""
    rows = [
        {"recipe_slug": r, "ingredient_slug": i, "grams": 100.0}
        for r, items in uses.items()
        for i in items
    ]
    return pl.DataFrame(rows, schema=CANDIDATE_INGREDIENTS)


STAPLES = ("salt",)


def weights(slugs: list[str], weight: int = 1000) -> pl.DataFrame:
    """Ingredient weights as `simmer.overlap.ingredient_weights` gives them, with the pantry
    staples of the pack (`STAPLES`) marked."""
    return pl.DataFrame(
        {
            "slug": slugs,
            "weight": [weight] * len(slugs),
            "pantry_staple": [s in STAPLES for s in slugs],
        }
    )


def household(household_id: str, **overrides: Any) -> dict[str, Any]:
    """One person, omnivore, three meals, 2,400 kcal, macros 20/30/50 % of energy."""
    row: dict[str, Any] = {
        "household_id": household_id,
        "size": 1,
        "diet": "omnivore",
        "allergies": [],
        "dislikes": [],
        "weekly_budget": None,
        "currency": "USD",
        "kcal_per_person": 2400,
        "protein_g_per_person": 120,
        "fat_g_per_person": 80,
        "carbs_g_per_person": 300,
        "meal_slots": list(ALL_SLOTS),
        "max_cook_time_min": None,
        "timezone": "Europe/Berlin",
        "leftovers": False,
        "members": None,
        "pins": None,
    }
    return row | overrides


def households(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=HOUSEHOLDS)


def varied_catalog(count: int = 120) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """`count` recipes of varied energy and macros; every other vegan, every fourth with
    peanuts possibly present, every fifth a pizza; ingredients shared in overlapping groups."""
    rows = []
    uses = {}
    for i in range(count):
        slug = f"recipe-{i:02d}"
        rows.append(
            recipe(
                slug,
                kcal_per_serving=350.0 + 23.0 * i,
                protein_g_per_serving=15.0 + (i * 7) % 30,
                fat_g_per_serving=10.0 + (i * 5) % 20,
                carbs_g_per_serving=40.0 + (i * 11) % 50,
                cost_per_serving=1.0 + (i % 6) * 0.75,
                total_time_min=None if i % 9 == 0 else 15 + (i % 5) * 15,
                meal_slots=["breakfast"] if i % 7 == 0 else ["lunch", "dinner"],
                tags=["pizza"] if i % 5 == 0 else [],
                allergens_unknown=["peanuts"] if i % 4 == 0 else [],
                diets=list(ALL_DIETS) if i % 2 == 0 else ["omnivore"],
            )
        )
        uses[slug] = [f"ingredient-{(i + j) % 25:02d}" for j in range(4)] + ["salt"]
    slugs = sorted({s for items in uses.values() for s in items})
    return candidates(rows), ingredients(uses), weights(slugs)
