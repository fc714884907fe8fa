"""A plan's shopping list and carts as the JSON documents the serving table `plan_documents`
holds, one row per plan, built from the lake's rows in polars (no per-item rows in PostgreSQL).

    plan_documents(plan_ids, items, cart_items, unsold, totals) -> plan_id, shopping_list, carts

- `shopping_list`: a JSON array of the plan's list items in list order, each an object of
  `SHOPPING_FIELDS` (`simmer.shopping.SHOPPING_ITEMS`).
- `carts`: a JSON array with one object per vendor of the plan's `cart_totals` (by vendor):
  its `TOTAL_FIELDS`, `items` (its `cart_items`, each with the list item's `aisle`, in list
  order then by sku; a cart item whose ingredient is not on the list is left out) and `unsold`
  (its `cart_unsold` rows, by ingredient).
A plan without list or carts has `[]`. `api.plans.service` serves these documents.
"""

from __future__ import annotations

import polars as pl

SHOPPING_FIELDS = (
    "ingredient_slug",
    "name",
    "aisle",
    "pantry_staple",
    "as_needed",
    "unmatched",
    "grams",
    "on_hand_grams",
    "to_buy_grams",
    "display",
    "texts",
    "meals",
    "lines",
)
CART_ITEM_FIELDS = (
    "vendor",
    "ingredient_slug",
    "sku",
    "packages",
    "package_grams",
    "price",
    "currency",
    "need_grams",
    "purchased_grams",
    "leftover_grams",
    "leftover_money",
)
UNSOLD_FIELDS = ("vendor", "ingredient_slug", "grams")
TOTAL_FIELDS = (
    "vendor",
    "currency",
    "total",
    "items_bought",
    "purchased_grams",
    "leftover_grams",
    "leftover_money",
    "perishable_purchased_grams",
    "perishable_leftover_grams",
    "items_unsold",
    "weekly_budget",
    "leftover_share",
    "perishable_leftover_share",
    "leftover_money_share",
    "within_budget",
)
EMPTY = "[]"


def plan_documents(
    plan_ids: pl.DataFrame,
    items: pl.DataFrame,
    cart_items: pl.DataFrame,
    unsold: pl.DataFrame,
    totals: pl.DataFrame,
) -> pl.DataFrame:
    """One row per plan of `plan_ids` (a `plan_id` column): its shopping list and carts as JSON
    text. `items` are in list order within each plan."""
    lists = json_arrays(items, ["plan_id"], json_object(SHOPPING_FIELDS), "shopping_list")
    carts = _carts(items, cart_items, unsold, totals)
    carts = json_arrays(carts, ["plan_id"], pl.col("cart"), "carts")
    return (
        plan_ids.select("plan_id")
        .join(lists, on="plan_id", how="left")
        .join(carts, on="plan_id", how="left")
        .with_columns(pl.col("shopping_list", "carts").fill_null(EMPTY))
    )


def json_arrays(rows: pl.DataFrame, keys: list[str], element: pl.Expr, name: str) -> pl.DataFrame:
    """Per `keys`, column `name`: a JSON array of `element` (JSON text) of each row, in the
    rows' order."""
    return (
        rows.select(*keys, element.alias(name))
        .group_by(keys, maintain_order=True)
        .agg(name)
        .with_columns(
            pl.concat_str(pl.lit("["), pl.col(name).list.join(","), pl.lit("]")).alias(name)
        )
    )


def json_object(fields: tuple[str, ...] | list[str]) -> pl.Expr:
    """A row's `fields` as one JSON object."""
    return pl.struct(fields).struct.json_encode()


def _carts(
    items: pl.DataFrame, cart_items: pl.DataFrame, unsold: pl.DataFrame, totals: pl.DataFrame
) -> pl.DataFrame:
    """One row per plan and vendor, by plan and vendor: `cart`, its JSON object."""
    keys = ["plan_id", "vendor"]
    listed = items.select("plan_id", "ingredient_slug", "aisle", order=pl.int_range(pl.len()))
    bought = (
        cart_items.join(listed, on=["plan_id", "ingredient_slug"], how="inner")
        .sort("order", "sku")
        .select("plan_id", *CART_ITEM_FIELDS, "aisle")
    )
    parts = (
        json_arrays(bought, keys, json_object([*CART_ITEM_FIELDS[1:], "aisle"]), "items"),
        json_arrays(unsold.sort("ingredient_slug"), keys, json_object(UNSOLD_FIELDS[1:]), "unsold"),
    )
    carts = totals.select("plan_id", "vendor", head=json_object(TOTAL_FIELDS))
    for part in parts:
        carts = carts.join(part, on=keys, how="left")
    return carts.sort(keys).select(
        "plan_id",
        cart=pl.concat_str(
            pl.col("head").str.strip_suffix("}"),
            pl.lit(',"items":'),
            pl.col("items").fill_null(EMPTY),
            pl.lit(',"unsold":'),
            pl.col("unsold").fill_null(EMPTY),
            pl.lit("}"),
        ),
    )
