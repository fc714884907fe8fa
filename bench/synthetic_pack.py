"""Synthetic packs of any size, valid by construction: `python -m bench.synthetic_pack N OUT`.

An ingredient pack (`synthetic-base`, 2,000 ingredients with portions and vendor products) and
a recipe pack (`synthetic-recipes`, N recipes of 5-15 lines each, Zipf-like ingredient
popularity) that depends on it. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from simmer.packs.writer import write_pack

UNITS = ("gram", "cup", "tablespoon", "teaspoon", "large", "clove", "ounce", "milliliter")
TAGS = ("dinner", "lunch", "breakfast", "quick", "vegetarian", "soup", "baking", "spicy")


def _manifest(name: str, description: str, depends: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "name": name,
        "version": "1.0.0",
        "license": "CC0-1.0",
        "attribution": "Simmer synthetic benchmark data",
        "description": description,
        "depends": depends,
    }


def ingredient_slug(index: int) -> str:
    return f"ingredient-{index:05d}"


def _ingredients(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    for i in range(count):
        protein, fat = round(rng.uniform(0, 30), 2), round(rng.uniform(0, 40), 2)
        carbs = round(rng.uniform(0, 80), 2)
        yield {
            "slug": ingredient_slug(i),
            "name": f"Ingredient {i}",
            "food_group": f"Group {i % 25}",
            "source_id": f"synthetic:{i}",
            "synonyms": [f"ingredient number {i}"],
            "nutrients": {
                "energy_kcal": round(4 * protein + 4 * carbs + 9 * fat, 1),
                "protein_g": protein,
                "fat_g": fat,
                "carbohydrate_g": carbs,
            },
            "allergens": {"milk": i % 7 == 0, "egg": False} if i % 3 else {},
            "diets": {"vegan": i % 5 != 0, "vegetarian": True} if i % 4 else {},
        }


def _portions(count: int) -> Iterator[dict[str, Any]]:
    for i in range(count):
        for unit, grams in (("cup", 120 + i % 100), ("tablespoon", 8 + i % 7), ("large", 50)):
            yield {"ingredient": ingredient_slug(i), "amount": 1, "unit": unit, "grams": grams}


def _vendor(count: int) -> Iterator[dict[str, Any]]:
    for i in range(count):
        yield {
            "vendor": "synthetic",
            "sku": f"SKU-{i:05d}",
            "ingredient": ingredient_slug(i),
            "package_size": 500,
            "package_unit": "gram",
            "price": round(1 + (i % 50) / 10, 2),
            "currency": "USD",
        }


def _recipes(count: int, ingredients: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    weights = [1 / (rank + 1) for rank in range(ingredients)]
    for r in range(count):
        chosen = rng.choices(range(ingredients), weights=weights, k=rng.randint(5, 15))
        lines = []
        for line_no, index in enumerate(dict.fromkeys(chosen), start=1):
            unit = rng.choice(UNITS)
            quantity = rng.choice((0.25, 0.5, 1, 1.5, 2, 3, 100, 250))
            lines.append(
                {
                    "line_no": line_no,
                    "text": f"{quantity} {unit} ingredient {index}, chopped",
                    "quantity": quantity,
                    "unit": unit,
                    "ingredient": ingredient_slug(index),
                    "confidence": 0.9,
                    "preparation": "chopped",
                    "status": "parsed",
                }
            )
        yield {
            "slug": f"recipe-{r:07d}",
            "title": f"Synthetic recipe {r}",
            "servings": rng.randint(1, 8),
            "prep_time_min": rng.randint(5, 30),
            "cook_time_min": rng.randint(0, 90),
            "tags": rng.sample(TAGS, 2),
            "meal_slots": ["breakfast", "lunch", "dinner"] if r % 5 == 0 else ["lunch", "dinner"],
            "ingredients": lines,
            "steps": ["Prepare the ingredients.", "Cook them.", "Serve."],
            "license": "CC0-1.0",
        }


def write_synthetic_packs(out: Path, recipes: int, ingredients: int = 2000, seed: int = 0) -> Path:
    rng = random.Random(seed)
    write_pack(
        out / "synthetic-base",
        _manifest("synthetic-base", "Synthetic ingredients", []),
        {
            "ingredients.jsonl": _ingredients(ingredients, rng),
            "portions.jsonl": _portions(ingredients),
            "tags.jsonl": ({"slug": t, "name": t.title()} for t in TAGS),
            "vendor_products.jsonl": _vendor(ingredients),
        },
    )
    write_pack(
        out / "synthetic-recipes",
        _manifest("synthetic-recipes", "Synthetic recipes", [{"name": "synthetic-base"}]),
        {"recipes.jsonl": _recipes(recipes, ingredients, rng)},
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("recipes", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_synthetic_packs(args.out, args.recipes, seed=args.seed)


if __name__ == "__main__":
    main()
