"""How pack files become catalog tables: the Polars read schemas and the flattening to tables.

The JSON Lines files are read with explicit schemas (after `simmer.packs.validate` has checked
every record with the pydantic models), then flattened: nutrients to columns, allergen and diet
maps to lists, recipe ingredient lines to a table of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import polars as pl
from polars._typing import PolarsDataType

from simmer.packs.schema import Allergen, Diet

NUTRIENTS = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "carbohydrate_g",
    "fiber_g",
    "sugars_g",
    "sodium_mg",
    "saturated_fat_g",
)
ALLERGENS = tuple(a.value for a in Allergen)
DIETS = tuple(d.value for d in Diet)
TABLES = ("ingredients", "portions", "tags", "recipes", "recipe_ingredients", "vendor_products")
# What each kind of key is: its table and the columns that make it (joined by '/').
KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ingredient": ("ingredients", ("slug",)),
    "tag": ("tags", ("slug",)),
    "recipe": ("recipes", ("slug",)),
    "vendor product": ("vendor_products", ("vendor", "sku")),
}
STRINGS = pl.List(pl.String)

_LINE = pl.Struct(
    {
        "line_no": pl.Int32,
        "text": pl.String,
        "group": pl.String,
        "quantity": pl.Float64,
        "quantity_max": pl.Float64,
        "unit": pl.String,
        "ingredient": pl.String,
        "confidence": pl.Float64,
        "preparation": pl.String,
        "optional": pl.Boolean,
        "status": pl.String,
        "note": pl.String,
    }
)

READ_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "ingredients.jsonl": {
        "slug": pl.String(),
        "name": pl.String(),
        "food_group": pl.String(),
        "source_id": pl.String(),
        "synonyms": STRINGS,
        "nutrients": pl.Struct(dict.fromkeys(NUTRIENTS, pl.Float64)),
        "allergens": pl.Struct(dict.fromkeys(ALLERGENS, pl.Boolean)),
        "diets": pl.Struct(dict.fromkeys(DIETS, pl.Boolean)),
        "density_g_per_ml": pl.Float64(),
        "negligible_in_nutrition": pl.Boolean(),
        "pantry_staple": pl.Boolean(),
    },
    "portions.jsonl": {
        "ingredient": pl.String(),
        "amount": pl.Float64(),
        "unit": pl.String(),
        "grams": pl.Float64(),
        "description": pl.String(),
    },
    "tags.jsonl": {"slug": pl.String(), "name": pl.String()},
    "recipes.jsonl": {
        "slug": pl.String(),
        "title": pl.String(),
        "servings": pl.Int32(),
        "servings_estimated": pl.Boolean(),
        "prep_time_min": pl.Int32(),
        "cook_time_min": pl.Int32(),
        "total_time_min": pl.Int32(),
        "tags": STRINGS,
        "ingredients": pl.List(_LINE),
        "steps": STRINGS,
        "author": pl.String(),
        "source": pl.String(),
        "license": pl.String(),
        "meal_slots": STRINGS,
    },
    "vendor_products.jsonl": {
        "vendor": pl.String(),
        "sku": pl.String(),
        "ingredient": pl.String(),
        "name": pl.String(),
        "package_size": pl.Float64(),
        "package_unit": pl.String(),
        "price": pl.Float64(),
        "currency": pl.String(),
    },
}


def read_file(root: Path, name: str, threads: int | None = None) -> pl.DataFrame:
    """A validated JSON Lines file as a frame (an absent file is an empty frame).

    DuckDB's JSON reader does the parsing (about twice as fast as Polars' here), with the column
    types given, not guessed, on `threads` threads (default: every core).
    """
    schema = READ_SCHEMAS[name]
    path = root / name
    if not path.exists() or path.stat().st_size == 0:
        return pl.DataFrame(schema=schema)
    columns = {column: duckdb_type(dtype) for column, dtype in schema.items()}
    with duckdb.connect(config={"threads": threads} if threads else {}) as connection:
        relation = connection.read_json(
            str(path), format="newline_delimited", columns=columns, maximum_object_size=1 << 21
        )
        return pl.DataFrame(relation.pl(), schema=schema)


def duckdb_type(dtype: PolarsDataType) -> str:
    """The DuckDB spelling of a Polars type (the ones the read schemas use)."""
    if isinstance(dtype, pl.List):
        return f"{duckdb_type(dtype.inner)}[]"
    if isinstance(dtype, pl.Struct):
        fields = ", ".join(f'"{f.name}" {duckdb_type(f.dtype)}' for f in dtype.fields)
        return f"STRUCT({fields})"
    names = {"String": "VARCHAR", "Float64": "DOUBLE", "Int32": "INTEGER", "Boolean": "BOOLEAN"}
    return names[str(dtype.base_type())]


def _flags(struct: str, value: bool | None, names: tuple[str, ...]) -> pl.Expr:
    """The names whose flag in `struct` equals `value` (None: is missing), as a sorted list."""
    fields = pl.col(struct).struct
    picks = [
        pl.when(fields.field(n).is_null() if value is None else fields.field(n) == value)
        .then(pl.lit(n))
        .otherwise(None)
        for n in names
    ]
    return pl.concat_list(picks).list.drop_nulls()


def ingredients_table(raw: pl.DataFrame) -> pl.DataFrame:
    return raw.select(
        "slug",
        "name",
        "food_group",
        "source_id",
        pl.col("synonyms").fill_null([]),
        *[pl.col("nutrients").struct.field(n).alias(n) for n in NUTRIENTS],
        _flags("allergens", True, ALLERGENS).alias("allergens"),
        _flags("allergens", None, ALLERGENS).alias("allergens_unknown"),
        _flags("diets", True, DIETS).alias("diets"),
        _flags("diets", None, DIETS).alias("diets_unknown"),
        "density_g_per_ml",
        pl.col("negligible_in_nutrition", "pantry_staple").fill_null(False),
    )


def recipes_table(raw: pl.DataFrame) -> pl.DataFrame:
    return raw.select(
        "slug",
        "title",
        "servings",
        pl.col("servings_estimated").fill_null(False),
        "prep_time_min",
        "cook_time_min",
        pl.coalesce(
            "total_time_min",
            pl.when(pl.col("prep_time_min").is_not_null() | pl.col("cook_time_min").is_not_null())
            .then(pl.col("prep_time_min").fill_null(0) + pl.col("cook_time_min").fill_null(0))
            .otherwise(None),
        ).alias("total_time_min"),
        pl.col("tags").fill_null([]),
        pl.col("steps").fill_null([]),
        "author",
        "source",
        "license",
        pl.col("meal_slots").fill_null([]),
    )


def recipe_ingredients_table(raw: pl.DataFrame) -> pl.DataFrame:
    lines = (
        raw.select(pl.col("slug").alias("recipe_slug"), "ingredients")
        .explode("ingredients")
        .filter(pl.col("ingredients").is_not_null())
        .unnest("ingredients")
    )
    return lines.with_columns(pl.col("optional").fill_null(False))


def pack_tables(root: Path | None, threads: int | None = None) -> dict[str, pl.DataFrame]:
    """Every catalog table of one (validated) pack; empty tables when `root` is None."""

    def raw(name: str) -> pl.DataFrame:
        if root is None:
            return pl.DataFrame(schema=READ_SCHEMAS[name])
        return read_file(root, name, threads)

    recipes = raw("recipes.jsonl")
    return {
        "ingredients": ingredients_table(raw("ingredients.jsonl")),
        "portions": raw("portions.jsonl"),
        "tags": raw("tags.jsonl"),
        "recipes": recipes_table(recipes),
        "recipe_ingredients": recipe_ingredients_table(recipes),
        "vendor_products": raw("vendor_products.jsonl"),
    }


def key_lines(tables: dict[str, pl.DataFrame], kind: str) -> pl.DataFrame:
    """Every `kind` key of a pack's tables with its line in the file (`key`, `line`)."""
    table, columns = KEYS[kind]
    return (
        tables[table]
        .select(pl.concat_str(list(columns), separator="/").alias("key"))
        .with_row_index("line", offset=1)
    )


def defined_keys(
    tables: dict[str, pl.DataFrame], kinds: Iterable[str] = KEYS
) -> dict[str, frozenset[str]]:
    """The keys a pack defines, by kind (what cross-pack conflicts are about)."""
    return {
        kind: frozenset(key_lines(tables, kind).get_column("key").drop_nulls().to_list())
        for kind in kinds
    }
