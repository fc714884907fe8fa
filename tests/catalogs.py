"""Small hand-made catalogs for unit tests, built from validated pack records the way
`simmer.packs.tables.pack_tables` builds them from a pack's files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from simmer.packs.schema import Ingredient, IngredientLine, Portion, Recipe, Record
from simmer.packs.tables import (
    READ_SCHEMAS,
    ingredients_table,
    recipe_ingredients_table,
    recipes_table,
)


def raw(name: str, records: Sequence[Record]) -> pl.DataFrame:
    """The frame `read_file` would read from a file `name` holding `records`."""
    rows = [r.model_dump(mode="json") for r in records]
    return pl.DataFrame(rows, schema=READ_SCHEMAS[name])


def catalog(
    ingredients: Sequence[Ingredient] = (),
    portions: Sequence[Portion] = (),
    recipes: Sequence[Recipe] = (),
) -> dict[str, pl.DataFrame]:
    """The ingredients, portions, recipes and recipe_ingredients tables of these records."""
    recipe_rows = raw("recipes.jsonl", recipes)
    return {
        "ingredients": ingredients_table(raw("ingredients.jsonl", ingredients)),
        "portions": raw("portions.jsonl", portions),
        "recipes": recipes_table(recipe_rows),
        "recipe_ingredients": recipe_ingredients_table(recipe_rows),
    }


def line(line_no: int, text: str, **fields: Any) -> IngredientLine:
    """An ingredient line, 'parsed' unless `status` says otherwise."""
    return IngredientLine(
        line_no=line_no, text=text, status=fields.pop("status", "parsed"), **fields
    )


def recipe(slug: str, *lines: IngredientLine, servings: int | None = 4) -> Recipe:
    return Recipe(slug=slug, title=slug.title(), servings=servings, ingredients=list(lines))
