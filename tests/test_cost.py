"""simmer.cost on a small hand-made catalog, expected prices worked out by hand."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from catalogs import catalog, line, raw, recipe

from simmer.cost import ingredient_unit_prices, package_prices, recipe_costs
from simmer.grams import line_grams
from simmer.packs.schema import (
    Ingredient,
    IngredientLine,
    Portion,
    Recipe,
    VendorProduct,
)
from simmer.packs.tables import ingredients_table

INGREDIENTS = raw(
    "ingredients.jsonl",
    [
        Ingredient(slug="flour", name="Flour"),
        Ingredient(slug="milk", name="Milk", density_g_per_ml=1.03),
        Ingredient(slug="egg", name="Egg"),
        Ingredient(slug="salt", name="Salt"),
        Ingredient(slug="saffron", name="Saffron"),
        Ingredient(slug="tomatoes", name="Tomatoes"),
    ],
).pipe(ingredients_table)
PORTIONS = raw(
    "portions.jsonl",
    [
        Portion(ingredient="egg", amount=1, unit="large", grams=50),
        Portion(ingredient="egg", amount=1, unit="medium", grams=44),
    ],
)


def product(
    sku: str,
    ingredient: str,
    size: float,
    unit: str,
    price: float,
    *,
    vendor: str = "shop-a",
    currency: str = "EUR",
) -> VendorProduct:
    return VendorProduct(
        vendor=vendor,
        sku=sku,
        ingredient=ingredient,
        package_size=size,
        package_unit=unit,
        price=price,
        currency=currency,
    )


PRODUCTS = raw(
    "vendor_products.jsonl",
    [
        product("flour-1kg", "flour", 1, "kilogram", 2.00),  # 0.002 / g
        product("flour-500g", "flour", 500, "gram", 0.80, vendor="shop-b"),  # 0.0016 / g
        product("flour-5lb", "flour", 5, "pound", 8.00),  # 0.0035 / g
        product("milk-1l", "milk", 1, "liter", 1.03),  # 1030 g: 0.001 / g
        product("eggs-12", "egg", 12, "large", 3.00),  # 600 g: 0.005 / g
        product("eggs-6", "egg", 6, "piece", 1.20),  # whole items: 6 medium = 264 g
        product("tomatoes-can", "tomatoes", 1, "can", 0.90),  # no can portion: unknown grams
    ],
)
EGG_PER_GRAM = 1.20 / 264


def unit_prices() -> dict[str, dict[str, Any]]:
    frame = ingredient_unit_prices(PRODUCTS, INGREDIENTS, PORTIONS).collect()
    return {row.pop("slug"): row for row in frame.iter_rows(named=True)}


def test_the_cheapest_package_per_gram_wins() -> None:
    prices = unit_prices()
    assert list(prices) == ["egg", "flour", "milk"]  # tomatoes: no package with known grams
    assert prices["flour"] == {
        "price_per_gram": pytest.approx(0.0016),
        "currency": "EUR",
        "vendor": "shop-b",
        "sku": "flour-500g",
        "package_grams": 500.0,
        "package_price": 0.80,
    }
    assert prices["milk"]["price_per_gram"] == pytest.approx(0.001)


def test_count_priced_eggs_weigh_through_their_portions() -> None:
    packages = package_prices(PRODUCTS, INGREDIENTS, PORTIONS).collect()
    grams = dict(packages.select("sku", "package_grams").iter_rows())
    assert grams["eggs-12"] == pytest.approx(600)  # 12 large x 50 g
    assert grams["eggs-6"] == pytest.approx(264)  # 6 pieces: whole items, 6 medium x 44 g
    egg = unit_prices()["egg"]
    assert (egg["sku"], egg["price_per_gram"]) == ("eggs-6", pytest.approx(EGG_PER_GRAM))


def test_mixed_currencies_are_refused() -> None:
    dollars = raw(
        "vendor_products.jsonl", [product("salt", "salt", 1, "kilogram", 1, currency="USD")]
    )
    mixed = pl.concat([PRODUCTS, dollars])
    # which products: the first of each currency, by vendor and sku
    first = r"; EUR at vendor shop-a, sku \S+; USD at vendor shop-a, sku salt;"
    with pytest.raises(ValueError, match=r"several currencies \(EUR, USD\)" + first):
        ingredient_unit_prices(mixed, INGREDIENTS, PORTIONS)
    prices = pl.DataFrame(
        {"slug": ["a", "b"], "price_per_gram": [0.1, 0.2], "currency": ["EUR", "USD"]}
    )
    with pytest.raises(ValueError, match="one currency per catalog"):
        recipe_costs(pl.LazyFrame(), prices, pl.LazyFrame())


def weighed(
    line_no: int, quantity: float | None, unit: str | None, ingredient: str
) -> IngredientLine:
    text = f"{quantity} {unit} {ingredient}"
    return line(line_no, text, quantity=quantity, unit=unit, ingredient=ingredient)


def costs(*recipes: Recipe) -> dict[str, dict[str, Any]]:
    tables = catalog(recipes=recipes)
    lines = line_grams(tables["recipe_ingredients"], INGREDIENTS, PORTIONS)
    prices = ingredient_unit_prices(PRODUCTS, INGREDIENTS, PORTIONS)
    frame = recipe_costs(lines, prices, tables["recipes"]).collect()
    assert frame["slug"].to_list() == sorted(r.slug for r in recipes)
    return {row.pop("slug"): row for row in frame.iter_rows(named=True)}


def test_recipe_cost_adds_the_priced_lines() -> None:
    row = costs(
        recipe(
            "pancakes",
            weighed(1, 250, "gram", "flour"),
            weighed(2, 2, "large", "egg"),
            weighed(3, 250, "milliliter", "milk"),
            weighed(4, 1, "gram", "saffron"),  # weighed, but no price
            weighed(5, None, None, "salt"),  # no grams: not counted either way
        )
    )["pancakes"]
    total = 250 * 0.0016 + 100 * EGG_PER_GRAM + 250 * 1.03 * 0.001
    assert row["cost_total"] == pytest.approx(total)
    assert row["cost_per_serving"] == pytest.approx(total / 4)
    assert row["currency"] == "EUR"
    assert row["cost_coverage"] == pytest.approx(3 / 4)


def test_recipes_without_price_or_servings_get_no_cost_per_serving() -> None:
    rows = costs(
        recipe("soup", weighed(1, 400, "gram", "tomatoes"), servings=2),
        recipe("no-servings", weighed(1, 100, "gram", "flour"), servings=None),
        recipe("vague", weighed(1, None, None, "salt")),
        recipe(
            "bulk", weighed(1, 6, "kilogram", "flour"), weighed(2, 100, "gram", "flour"), servings=1
        ),
    )
    assert rows["soup"] == {
        "cost_total": None,
        "cost_per_serving": None,
        "currency": None,
        "cost_coverage": 0.0,
    }
    assert rows["no-servings"]["cost_total"] == pytest.approx(0.16)
    assert rows["no-servings"]["cost_per_serving"] is None
    assert rows["vague"]["cost_total"] is None and rows["vague"]["cost_coverage"] is None
    # The implausible 6 kg line counts as a line without grams.
    assert rows["bulk"]["cost_total"] == pytest.approx(0.16)
    assert rows["bulk"]["cost_coverage"] == pytest.approx(1.0)
