"""Shopping lists and carts on a hand-made catalog: units merged through grams, leftovers buying
nothing, the pantry subtracted, as-needed and unmatched lines kept, the checks, the exact
package choice against a brute-force oracle, and the planner's reuse weights from package
sizes."""

from __future__ import annotations

import itertools
import math
import random
from datetime import date
from typing import Any

import polars as pl
import pytest
from catalogs import catalog, line, raw, recipe
from polars.testing import assert_frame_equal

from simmer.cart import cart_totals, carts, chosen_packages, packages
from simmer.figures import SUM_SCALE
from simmer.grams import line_grams
from simmer.households import PANTRY
from simmer.packs.schema import Ingredient, Portion, VendorProduct
from simmer.planner.batch import LEFTOVER_GRAMS_PER_WEIGHT, PackageSizes, weights_with_staples
from simmer.shopping import shopping_list
from simmer.shopping_checks import check_lines_accounted, check_quantities

MONDAY, TUESDAY = date(2026, 11, 30), date(2026, 12, 1)
INGREDIENTS = raw(
    "ingredients.jsonl",
    [
        Ingredient(slug="flour", name="Flour", food_group="Cereal Grains and Pasta"),
        Ingredient(slug="onion", name="Onion", food_group="Vegetables and Vegetable Products"),
        Ingredient(slug="salt", name="Salt", food_group="Spices and Herbs", pantry_staple=True),
    ],
)
PORTIONS = raw(
    "portions.jsonl",
    [
        Portion(ingredient="flour", amount=1, unit="cup", grams=125),
        Portion(ingredient="onion", amount=1, unit="medium", grams=110),
        Portion(ingredient="onion", amount=1, unit="cup", grams=160, description="cup, chopped"),
    ],
)
STEW = recipe(  # 4 servings
    "stew",
    line(1, "2 onions", quantity=2, ingredient="onion"),
    line(2, "1 cup chopped onion", quantity=1, unit="cup", ingredient="onion"),
    line(3, "100 g onion", quantity=100, unit="gram", ingredient="onion"),
    line(4, "1 cup flour", quantity=1, unit="cup", ingredient="flour"),
    line(5, "200 g flour", quantity=200, unit="gram", ingredient="flour"),
    line(6, "salt to taste", ingredient="salt"),
    line(7, "a pinch of unicorn dust", status="unmatched"),
)
SOUP = recipe(
    "soup", line(1, "50 g onion", quantity=50, unit="gram", ingredient="onion"), servings=2
)
PLANS = pl.DataFrame({"plan_id": ["p1"], "household_id": ["h1"]})
MEALS = pl.DataFrame(
    {
        "plan_id": ["p1"] * 3,
        "day": [MONDAY, TUESDAY, TUESDAY],
        "slot": ["dinner", "lunch", "dinner"],
        "recipe_slug": ["stew", "stew", "soup"],
        "servings": [4.0, 4.0, 4.0],  # the soup doubled
        "leftover": [False, True, False],  # Tuesday's lunch eats Monday's stew
    }
)


def recipe_tables() -> tuple[pl.DataFrame, pl.DataFrame]:
    tables = catalog(recipes=[STEW, SOUP])
    lines = line_grams(tables["recipe_ingredients"], INGREDIENTS, PORTIONS).collect()
    servings = tables["recipes"].select(recipe_slug="slug", servings="servings")
    return lines, servings


def pantry(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=PANTRY, orient="row")


def items_of(on_hand: list[tuple[str, str, float]] | None = None) -> pl.DataFrame:
    lines, servings = recipe_tables()
    return shopping_list(
        PLANS, MEALS, lines, servings, INGREDIENTS, PORTIONS, pantry(on_hand or [])
    )


def item(items: pl.DataFrame, key: str) -> dict[str, Any]:
    found = items.filter(
        (pl.col("ingredient_slug") == key) | pl.col("texts").list.contains(key)
    ).to_dicts()
    assert len(found) == 1, found
    return found[0]


def test_volume_count_and_mass_of_one_ingredient_merge_into_one_item() -> None:
    items = items_of()
    onion = item(items, "onion")
    # stew once (the leftover lunch buys nothing): 2 x 110 + 160 + 100; soup doubled: 2 x 50
    assert onion["grams"] == pytest.approx(580.0)
    assert onion["lines"] == 4
    assert [(m["day"], m["slot"], m["recipe_slug"]) for m in onion["meals"]] == [
        (MONDAY, "dinner", "stew"),
        (TUESDAY, "dinner", "soup"),
    ]
    assert onion["aisle"] == "Produce"
    assert onion["display"] == "6 onions (≈ 580 g)"  # whole onions carry most grams
    flour = item(items, "flour")
    assert flour["grams"] == pytest.approx(325.0)
    assert flour["display"] == "325 g flour"  # 200 g by weight outweigh the 125 g cup


def test_pantry_is_subtracted_and_covers_at_most_the_need() -> None:
    items = items_of([("h1", "onion", 500.0), ("h1", "flour", 1000.0), ("h2", "onion", 9e3)])
    onion, flour = item(items, "onion"), item(items, "flour")
    assert (onion["on_hand_grams"], onion["to_buy_grams"]) == pytest.approx((500.0, 80.0))
    assert onion["display"] == "1 onion (≈ 80 g) (500 g on hand, 580 g needed)"
    assert (flour["on_hand_grams"], flour["to_buy_grams"]) == pytest.approx((325.0, 0.0))
    assert flour["display"].startswith("flour: none to buy")


def test_lines_without_amount_or_ingredient_are_kept_with_their_text_and_recipes() -> None:
    items = items_of()
    salt = item(items, "salt")
    assert salt["as_needed"] and salt["grams"] is None and salt["pantry_staple"]
    assert salt["texts"] == ["salt to taste"] and salt["display"] == "salt, as needed"
    assert [m["recipe_slug"] for m in salt["meals"]] == ["stew"]
    dust = item(items, "a pinch of unicorn dust")
    assert dust["unmatched"] and dust["ingredient_slug"] is None and not dust["as_needed"]
    assert dust["display"] == "a pinch of unicorn dust (not in the catalog)"
    assert dust["aisle"] == "Other"
    assert items.get_column("pantry_staple").to_list()[-1]  # staples are listed last, apart


def test_the_checks_pass_on_a_list_and_fail_on_a_line_lost_or_a_negative_quantity() -> None:
    lines, _ = recipe_tables()
    items = items_of([("h1", "onion", 200.0)])
    assert check_lines_accounted(MEALS, lines, items).passed
    lost = check_lines_accounted(MEALS, lines, items.filter(pl.col("ingredient_slug") != "salt"))
    assert not lost.passed and lost.details["plans_mismatched"] == 1
    unbalanced = items.with_columns(to_buy_grams=pl.col("grams"))  # pantry not subtracted
    assert not check_lines_accounted(MEALS, lines, unbalanced).passed
    no_cart = pl.DataFrame(
        schema={"packages": pl.Int32, "price": pl.Float64, "leftover_grams": pl.Float64}
    )
    assert check_quantities(items, no_cart).passed
    negative = items.with_columns(grams=pl.col("grams") * -1)
    absurd = items.with_columns(grams=pl.col("grams") * 1000)
    assert not check_quantities(negative, no_cart).passed
    assert not check_quantities(absurd, no_cart).passed


def product(sku: str, ingredient: str, grams: float, price: float) -> VendorProduct:
    return VendorProduct(
        vendor="shop",
        sku=sku,
        ingredient=ingredient,
        package_size=grams,
        package_unit="gram",
        price=price,
        currency="USD",
    )


def test_cart_buys_two_small_packages_when_cheaper_than_one_big_and_skips_staples() -> None:
    products = raw(
        "vendor_products.jsonl",
        [
            product("onion-500", "onion", 500, 1.00),
            product("onion-1000", "onion", 1000, 2.50),
            product("salt-1000", "salt", 1000, 0.50),
        ],
    )
    items = items_of()  # 580 g onion, flour not sold, salt a staple
    households = pl.DataFrame({"household_id": ["h1"], "weekly_budget": [1.5], "currency": ["USD"]})
    found = carts(items, households, products, INGREDIENTS, PORTIONS)
    assert found.items.select("sku", "packages").rows() == [("onion-500", 2)]
    assert found.items.get_column("leftover_grams").sum() == pytest.approx(420.0)
    assert found.unsold.get_column("ingredient_slug").to_list() == ["flour"]
    [total] = found.totals.to_dicts()
    assert total["total"] == pytest.approx(2.0) and total["within_budget"] is False
    assert total["leftover_share"] == pytest.approx(420 / 1000)
    assert total["perishable_leftover_share"] == pytest.approx(420 / 1000)  # onions perish
    assert total["leftover_money"] == pytest.approx(2.0 * 420 / 1000)
    assert total["items_unsold"] == 1


def test_a_vendor_selling_nothing_on_the_list_has_a_cart_of_unsold_items() -> None:
    products = raw(
        "vendor_products.jsonl",
        [
            product("onion-500", "onion", 500, 1.00),
            product("salt-1000", "salt", 1000, 0.50).model_copy(update={"vendor": "corner"}),
        ],
    )
    households = pl.DataFrame({"household_id": ["h1"], "weekly_budget": [9.0], "currency": ["USD"]})
    found = carts(items_of(), households, products, INGREDIENTS, PORTIONS)
    totals = {row["vendor"]: row for row in found.totals.to_dicts()}
    assert set(totals) == {"shop", "corner"}
    assert totals["corner"]["total"] == 0.0 and totals["corner"]["items_unsold"] == 2


def test_cart_totals_are_the_same_to_the_last_bit_in_any_row_order() -> None:
    rng = random.Random(3)
    rows = pl.DataFrame(
        {
            "plan_id": "p1",
            "vendor": "shop",
            "ingredient_slug": [rng.choice(["onion", "flour"]) for _ in range(2000)],
            "price": [rng.randint(1, 999) / 100 for _ in range(2000)],
            "purchased_grams": [rng.uniform(1, 900) for _ in range(2000)],
            "leftover_grams": [rng.uniform(0, 90) for _ in range(2000)],
            "leftover_money": [rng.uniform(0, 2) for _ in range(2000)],
        }
    )
    unsold = pl.DataFrame(schema={"plan_id": pl.String, "vendor": pl.String})
    vendors = pl.DataFrame({"vendor": ["shop"], "currency": ["USD"]})
    households = pl.DataFrame({"household_id": ["h1"], "weekly_budget": [9.0], "currency": ["USD"]})

    def totals(order: pl.DataFrame) -> pl.DataFrame:
        return cart_totals(order, unsold, vendors, PLANS, households, INGREDIENTS)

    first = totals(rows)
    for seed in range(5):
        shuffled = rows.sample(fraction=1.0, shuffle=True, seed=seed)
        assert_frame_equal(totals(shuffled), first, check_exact=True)
    # added exactly, as integer millionths (simmer.figures.known_sum), not as floats in order
    for column in ("total", "purchased_grams", "leftover_grams", "leftover_money"):
        source = "price" if column == "total" else column
        exact = sum(round(x * SUM_SCALE) for x in rows.get_column(source)) * (1.0 / SUM_SCALE)
        assert first.get_column(column).item() == exact


def brute_force(sizes: list[tuple[float, int]], need: float) -> tuple[int, float]:
    """The cheapest (cents, then grams) multiset covering `need`, each size up to well past
    any useful count."""
    ranges = [range(math.ceil(need / grams) + 2) for grams, _ in sizes]
    best: tuple[int, float] | None = None
    for counts in itertools.product(*ranges):
        grams = sum(n * g for n, (g, _) in zip(counts, sizes, strict=True))
        cents = sum(n * c for n, (_, c) in zip(counts, sizes, strict=True))
        if grams >= need and (best is None or (cents, grams) < best):
            best = (cents, grams)
    assert best is not None
    return best


def test_package_choice_is_exact_against_a_brute_force_oracle() -> None:
    rng = random.Random(7)
    offers, wants, expected = [], [], {}
    for case in range(40):
        ingredient = f"food-{case}"
        sizes = [
            (float(rng.choice([50, 100, 150, 250, 400, 500, 750, 1000])), rng.randint(20, 900))
            for _ in range(rng.randint(1, 3))
        ]
        sizes = list(dict(sizes).items())  # one price per size
        offers += [
            product(f"{ingredient}-{i}", ingredient, grams, cents / 100)
            for i, (grams, cents) in enumerate(sizes)
        ]
        for k in range(3):
            need = round(rng.uniform(1, 2600), 1)
            wants.append(
                {
                    "plan_id": f"{case}-{k}",
                    "household_id": "h",
                    "ingredient": ingredient,
                    "need": need,
                }
            )
            expected[(f"{case}-{k}")] = brute_force(sizes, need)
    ingredients = raw(
        "ingredients.jsonl", [Ingredient(slug=f"food-{c}", name=f"Food {c}") for c in range(40)]
    )
    products = packages(raw("vendor_products.jsonl", offers), ingredients, PORTIONS).collect()
    chosen = chosen_packages(pl.DataFrame(wants), products)
    found = {
        row["plan_id"]: (row["cents"], round(row["bought_grams"], 6)) for row in chosen.to_dicts()
    }
    assert found == expected


def test_reuse_weights_see_package_sizes_of_one_meals_use() -> None:
    uses = pl.DataFrame(  # grams per serving: a typical meal (2 servings) uses 40 g onion
        {
            "recipe_slug": ["stew", "stew", "bread", "bread"],
            "ingredient_slug": ["onion", "flour", "flour", "salt"],
            "grams": [20.0, 150.0, 250.0, 1.0],
        }
    )
    products = raw(
        "vendor_products.jsonl",
        [product("onion-1000", "onion", 1000, 2.0), product("flour-500", "flour", 500, 1.0)],
    )
    sizes = PackageSizes(uses, products, PORTIONS)
    weights = dict(weights_with_staples(INGREDIENTS, sizes).select("slug", "weight").rows())
    plain = dict(weights_with_staples(INGREDIENTS).select("slug", "weight").rows())
    per_weight = LEFTOVER_GRAMS_PER_WEIGHT
    # onion (perishability 1.0): 40 g of a 1 kg bag leaves 960 g; flour (0.1): 400 of 500 g
    assert weights["onion"] == pytest.approx(plain["onion"] * 960 / per_weight)
    assert weights["flour"] == pytest.approx(plain["flour"] * 100 / per_weight)
    assert weights["salt"] == pytest.approx(plain["salt"] * 530 / per_weight)  # not sold: median
    assert plain["onion"] == 1000 and plain["flour"] == 100  # perishability in WEIGHT_UNITS


def test_whole_items_name_the_portion_when_it_is_not_the_item_itself() -> None:
    ingredients = raw(
        "ingredients.jsonl",
        [
            Ingredient(
                slug="garlic", name="Garlic", food_group="Vegetables and Vegetable Products"
            ),
            Ingredient(slug="onion", name="Onion", food_group="Vegetables and Vegetable Products"),
        ],
    )
    portions = raw(
        "portions.jsonl",
        [
            Portion(ingredient="garlic", amount=1, unit="clove", grams=3),
            Portion(ingredient="onion", amount=1, unit="medium", grams=110),
        ],
    )
    aioli = recipe(
        "aioli",
        line(1, "5 cloves garlic", quantity=5, unit="clove", ingredient="garlic"),
        line(2, "1 onion", quantity=1, ingredient="onion"),
        servings=2,
    )
    tables = catalog(recipes=[aioli])
    lines = line_grams(tables["recipe_ingredients"], ingredients, portions).collect()
    meals = pl.DataFrame(
        {
            "plan_id": ["p1"],
            "day": [MONDAY],
            "slot": ["dinner"],
            "recipe_slug": ["aioli"],
            "servings": [4.0],
            "leftover": [False],
        }
    )
    servings = tables["recipes"].select(recipe_slug="slug", servings="servings")
    items = shopping_list(PLANS, meals, lines, servings, ingredients, portions, pantry([]))
    assert item(items, "garlic")["display"] == "10 cloves garlic (≈ 30 g)"
    assert item(items, "onion")["display"] == "2 onions (≈ 220 g)"  # a medium onion is one


def test_a_weighed_item_says_its_lines_without_grams_and_keeps_the_catalog_hyphen() -> None:
    ingredients = raw(
        "ingredients.jsonl",
        [
            Ingredient(slug="all-purpose-flour", name="All-purpose flour"),
            Ingredient(slug="olive-oil", name="Olive oil"),
            Ingredient(slug="abiyuch-raw", name="Abiyuch, raw"),
        ],
    )
    dough = recipe(
        "dough",
        line(
            1, "200 g all-purpose flour", quantity=200, unit="gram", ingredient="all-purpose-flour"
        ),
        line(2, "All-purpose flour.", ingredient="all-purpose-flour"),
        line(3, "30 g olive oil", quantity=30, unit="gram", ingredient="olive-oil"),
        line(4, "Olive oil for frying", ingredient="olive-oil"),
        line(5, "olive oil", ingredient="olive-oil"),
        line(6, "50 g abiyuch", quantity=50, unit="gram", ingredient="abiyuch-raw"),
        servings=1,
    )
    tables = catalog(recipes=[dough])
    lines = line_grams(tables["recipe_ingredients"], ingredients, PORTIONS).collect()
    servings = tables["recipes"].select(recipe_slug="slug", servings="servings")
    meals = MEALS.head(1).with_columns(recipe_slug=pl.lit("dough"), servings=pl.lit(1.0))
    items = shopping_list(PLANS, meals, lines, servings, ingredients, PORTIONS, pantry([]))
    displays = dict(items.select("ingredient_slug", "display").rows())
    assert displays == {
        "all-purpose-flour": "200 g all-purpose flour, plus more as needed",
        "olive-oil": "30 g olive oil, plus olive oil for frying; more as needed",
        "abiyuch-raw": "50 g abiyuch raw",
    }
