"""Ingredient prices per gram and recipe costs, from vendor products and recipe lines.

- One currency per catalog: prices are compared and added as they are, so vendor products in
  more than one currency raise a ValueError (convert prices before ingesting the pack).
- A package's grams follow the rules of recipe lines (`simmer.grams.with_grams`): mass
  units directly, volume through the ingredient's grams per millilitre, count units through
  its count portions (a 'piece' being a whole item). A product whose grams cannot be known is
  left out; the implausibility guard does not apply (a 10 kg sack is a fine package).
- Per ingredient the cheapest product per gram wins (ties: vendor, then sku).
- A line costs its grams (as `simmer.grams.counted_grams` counts them: unknown and
  implausible grams count as none) times its ingredient's price per gram. `cost_total` adds the
  priced lines (null when none is priced), `cost_coverage` is the share of lines with grams that
  have a price (null without such lines), `cost_per_serving` is `cost_total / servings`, null
  when no line is priced or servings are missing or zero. Optional lines count like any other.
"""

from __future__ import annotations

import polars as pl

from simmer.figures import Frame, known_sum
from simmer.grams import counted_grams, with_grams


def catalog_currency(prices: Frame) -> str | None:
    """The one currency of `prices` (None when there is no price); ValueError when several,
    naming a product (vendor and sku, where `prices` has them) priced in each."""
    named = [c for c in ("vendor", "sku") if c in prices.lazy().collect_schema().names()]
    found = (
        prices.lazy()
        .filter(pl.col("currency").is_not_null())
        .sort("currency", *named)
        .unique("currency", keep="first", maintain_order=True)
        .select("currency", *named)
        .collect()
    )
    currencies: list[str] = found.get_column("currency").to_list()
    if len(currencies) > 1:
        where = (
            "".join(f"; {row[0]} at vendor {row[1]}, sku {row[2]}" for row in found.iter_rows())
            if named == ["vendor", "sku"]
            else ""
        )
        raise ValueError(
            f"vendor prices are in several currencies ({', '.join(currencies)}){where}; Simmer "
            "supports one currency per catalog: convert the prices before ingesting the packs"
        )
    return currencies[0] if currencies else None


def package_prices(vendor_products: Frame, ingredients: Frame, portions: Frame) -> pl.LazyFrame:
    """Every vendor product whose grams are known, with package_grams and price_per_gram."""
    return (
        with_grams(
            vendor_products, ingredients, portions, quantity="package_size", unit="package_unit"
        )
        .filter(pl.col("grams") > 0)
        .rename({"grams": "package_grams"})
        .with_columns((pl.col("price") / pl.col("package_grams")).alias("price_per_gram"))
    )


def ingredient_unit_prices(
    vendor_products: Frame, ingredients: Frame, portions: Frame
) -> pl.LazyFrame:
    """Per ingredient (slug order) its cheapest product per gram: slug, price_per_gram,
    currency, vendor, sku, package_grams, package_price."""
    catalog_currency(vendor_products)
    return (
        package_prices(vendor_products, ingredients, portions)
        .sort("ingredient", "price_per_gram", "vendor", "sku")
        .unique("ingredient", keep="first", maintain_order=True)
        .select(
            pl.col("ingredient").alias("slug"),
            "price_per_gram",
            "currency",
            "vendor",
            "sku",
            "package_grams",
            pl.col("price").alias("package_price"),
        )
    )


def cost_totals(lines_with_grams: Frame, unit_prices: Frame) -> pl.LazyFrame:
    """Per recipe_slug: cost_total, lines_with_grams and priced_lines."""
    prices = unit_prices.lazy().select(pl.col("slug").alias("_slug"), "price_per_gram")
    grams = counted_grams()
    line_cost = grams * pl.col("price_per_gram")
    return (
        lines_with_grams.lazy()
        .join(prices, left_on="ingredient", right_on="_slug", how="left")
        .group_by("recipe_slug")
        .agg(
            known_sum(line_cost).alias("cost_total"),
            grams.is_not_null().sum().alias("lines_with_grams"),
            line_cost.is_not_null().sum().alias("priced_lines"),
        )
    )


def recipe_costs(lines_with_grams: Frame, unit_prices: Frame, recipes: Frame) -> pl.LazyFrame:
    """Per recipe (slug order): slug, cost_total, cost_per_serving, currency, cost_coverage."""
    currency = catalog_currency(unit_prices)
    servings = pl.col("servings")
    coverage = pl.col("priced_lines") / pl.col("lines_with_grams")
    return (
        recipes.lazy()
        .select("slug", "servings")
        .join(
            cost_totals(lines_with_grams, unit_prices),
            left_on="slug",
            right_on="recipe_slug",
            how="left",
        )
        .select(
            "slug",
            "cost_total",
            pl.when((pl.col("priced_lines") > 0) & (servings > 0))
            .then(pl.col("cost_total") / servings)
            .alias("cost_per_serving"),
            pl.when(pl.col("cost_total").is_not_null())
            .then(pl.lit(currency, dtype=pl.String))
            .alias("currency"),
            pl.when(pl.col("lines_with_grams") > 0).then(coverage).alias("cost_coverage"),
        )
        .sort("slug")
    )
