"""Ingredient matching: how long `IngredientMatcher` takes to match 5,000 ingredient names.

`python -m bench.bench_match`. The catalog is the real `usda-sr26` pack. Cases, each on a fresh
matcher (its cache empty) and including building it: 5,000 names that are exactly catalog names
(the baseline: normalization and dictionary hits), and 5,000 names that need fuzzy matching (a
catalog name with a misspelt first word and an extra word, '... leaves'). Goal: 5,000 lines of a
recipe source matched in under 10 s on this machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from bench.common import machine, table, timed
from simmer.packs.schema import Ingredient
from simmer.packs.source import load_ingredients
from simmer.sources.match import IngredientMatcher

PACK = Path(__file__).resolve().parents[1] / "packs" / "usda-sr26"
LINES = 5_000


def exact_names(ingredients: Sequence[Ingredient]) -> list[str]:
    return [ingredient.name for ingredient in ingredients[:LINES]]


def fuzzy_names(ingredients: Sequence[Ingredient]) -> list[str]:
    """Each name before its first comma, its first word misspelt (last letter dropped) and
    ' leaves' added."""
    heads = (ingredient.name.split(",")[0].split() for ingredient in ingredients[:LINES])
    return [" ".join([words[0][:-1], *words[1:], "leaves"]) for words in heads]


def _match_all(ingredients: Sequence[Ingredient], names: Sequence[str]) -> None:
    matcher = IngredientMatcher(ingredients)
    for name in names:
        matcher.match(name)


def run() -> list[list[object]]:
    ingredients = load_ingredients(PACK)
    cases: dict[str, list[str]] = {
        "build only (no names)": [],
        f"{LINES:,} exact names (baseline)": exact_names(ingredients),
        f"{LINES:,} fuzzy names": fuzzy_names(ingredients),
    }
    rows: list[list[object]] = []
    for case, names in cases.items():
        best, median = timed(partial(_match_all, ingredients, names))
        rows.append([case, len(ingredients), f"{best:.2f}", f"{median:.2f}"])
    return rows


def main() -> None:
    print(f"## Ingredient matching ({machine()})\n")
    print(table(["case", "catalog records", "best s", "median s"], run()))


if __name__ == "__main__":
    main()
