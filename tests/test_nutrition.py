"""simmer.nutrition on small hand-made catalogs, expected numbers worked out by hand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
import pytest
from catalogs import catalog, line, recipe

from simmer.grams import MAX_LINE_GRAMS, line_grams
from simmer.nutrition import line_nutrition, recipe_flags, recipe_macros
from simmer.packs.schema import Ingredient, IngredientLine, Nutrients, Portion, Recipe
from simmer.packs.tables import ALLERGENS, DIETS
from simmer.units import milliliters_per_unit

CUP_ML = milliliters_per_unit("cup")
NO_ALLERGENS = dict.fromkeys(ALLERGENS, False)
ALL_DIETS = dict.fromkeys(DIETS, True)
NOT_VEGAN = {**ALL_DIETS, "vegan": False}


INGREDIENTS = (
    Ingredient(
        slug="flour",
        name="Flour",
        nutrients=Nutrients(
            energy_kcal=364,
            protein_g=10,
            fat_g=1,
            carbohydrate_g=76,
            fiber_g=2.7,
            sugars_g=0.3,
            sodium_mg=2,
            saturated_fat_g=0.2,
        ),
        allergens={**NO_ALLERGENS, "wheat": True},
        diets=ALL_DIETS,
    ),
    Ingredient(
        slug="milk",
        name="Milk",
        nutrients=Nutrients(energy_kcal=60, protein_g=3.2),
        allergens={**NO_ALLERGENS, "milk": True},
        diets=NOT_VEGAN,
        density_g_per_ml=1.03,
    ),
    Ingredient(
        slug="egg",
        name="Egg",
        nutrients=Nutrients(energy_kcal=143, protein_g=12.6, fiber_g=0),
        allergens={**NO_ALLERGENS, "egg": True},
        diets=NOT_VEGAN,
    ),
    Ingredient(slug="onion", name="Onion", nutrients=Nutrients(energy_kcal=40)),
    Ingredient(slug="garlic", name="Garlic", nutrients=Nutrients(energy_kcal=149)),
    Ingredient(
        slug="salt",
        name="Salt",
        nutrients=Nutrients(energy_kcal=0, sodium_mg=38758),
        negligible_in_nutrition=True,
    ),
    Ingredient(slug="tomatoes", name="Tomatoes", nutrients=Nutrients(energy_kcal=18)),
    Ingredient(slug="saffron", name="Saffron"),
    Ingredient(
        slug="bay-leaf",
        name="Bay leaf",
        nutrients=Nutrients(energy_kcal=313),
        negligible_in_nutrition=True,
    ),
    Ingredient(slug="pepper", name="Pepper", nutrients=Nutrients(energy_kcal=251)),
    Ingredient(slug="tortilla", name="Tortilla", nutrients=Nutrients(energy_kcal=304)),
)
PORTIONS = (
    Portion(ingredient="flour", amount=1, unit="cup", grams=125, description="cup"),
    Portion(ingredient="flour", amount=1, unit="tablespoon", grams=8, description="tbsp"),
    Portion(ingredient="egg", amount=1, unit="large", grams=50, description="large"),
    Portion(ingredient="egg", amount=1, unit="small", grams=38, description="small"),
    Portion(ingredient="onion", amount=1, unit="large", grams=150, description="large"),
    Portion(ingredient="onion", amount=1, unit="medium", grams=100, description="medium, a"),
    Portion(ingredient="onion", amount=1, unit="medium", grams=110, description="medium, b"),
    Portion(ingredient="onion", amount=2, unit="medium", grams=240, description="medium, c"),
    Portion(ingredient="garlic", amount=1, unit="clove", grams=3, description="clove"),
    Portion(ingredient="bay-leaf", amount=1, unit="serving", grams=5, description="serving"),
    Portion(ingredient="pepper", amount=1, unit="dash", grams=0.1, description="dash"),
    Portion(ingredient="pepper", amount=1, unit="teaspoon", grams=2.3, description="tsp, ground"),
    Portion(ingredient="tortilla", amount=1, unit="package", grams=407, description="package"),
    Portion(
        ingredient="tortilla", amount=1, unit="medium", grams=30, description="tortilla medium"
    ),
)


def grams_of(*lines: IngredientLine) -> pl.DataFrame:
    tables = catalog(INGREDIENTS, PORTIONS, [recipe("r", *lines)])
    frame = line_grams(tables["recipe_ingredients"], tables["ingredients"], tables["portions"])
    return frame.collect()


def single(**fields: Any) -> tuple[Any, ...]:
    """The grams, method and issue of the one line `fields` describe."""
    row = grams_of(line(1, "x", **fields)).row(0, named=True)
    return row["grams"], row["grams_method"], row["grams_issue"]


def test_mass_units_convert_directly() -> None:
    assert single(quantity=250, unit="gram", ingredient="flour") == (250.0, "mass", None)
    grams, method, _ = single(quantity=1, unit="pound", ingredient="flour")
    assert grams == pytest.approx(453.59237) and method == "mass"


def test_volume_through_the_preferred_volume_portion() -> None:
    # 1 cup = 125 g is preferred over 1 tbsp = 8 g; a tablespoon is 1/16 cup.
    grams, method, issue = single(quantity=2, unit="tablespoon", ingredient="flour")
    assert grams == pytest.approx(2 * 125 / 16)
    assert (method, issue) == ("portion", None)


def test_volume_through_density() -> None:
    grams, method, issue = single(quantity=250, unit="milliliter", ingredient="milk")
    assert grams == pytest.approx(250 * 1.03)
    assert (method, issue) == ("density", None)
    cup, _, _ = single(quantity=1, unit="cup", ingredient="milk")
    assert cup == pytest.approx(CUP_ML * 1.03)


def test_a_dash_weighs_dashes_only() -> None:
    # SR26's 'dash' of pepper (0.1 g) is a shake, not 1/8 teaspoon: spoons use the spoon.
    grams, method, _ = single(quantity=0.5, unit="teaspoon", ingredient="pepper")
    assert (grams, method) == (pytest.approx(1.15), "portion")
    grams, _, _ = single(quantity=2, unit="dash", ingredient="pepper")
    assert grams == pytest.approx(0.2)


def test_count_unit_through_the_same_unit_portion() -> None:
    assert single(quantity=2, unit="clove", ingredient="garlic") == (6.0, "portion", None)
    assert single(quantity=2, unit="large", ingredient="egg") == (100.0, "portion", None)


def test_several_portions_of_one_unit_take_the_one_the_line_names() -> None:
    # medium onion portions: 'medium, a' 100 g ('a' says nothing: the plain one), 'medium, b'
    # 110 g, 'medium, c' 240 / 2 = 120 g each; the line's words pick, else the plainest.
    assert single(quantity=1, unit="medium", ingredient="onion") == (100.0, "portion", None)
    named = grams_of(line(1, "1 medium onion, c", quantity=1, unit="medium", ingredient="onion"))
    assert named.get_column("grams").to_list() == [120.0]


def test_portions_alike_in_all_but_grams_take_the_one_the_pack_lists_first() -> None:
    # SR lists two 'slice' portions of white bread (25 g, 28 g): the first listed wins, on
    # every run, so the same catalog always gives the same grams.
    bread = Ingredient(slug="bread", name="Bread")
    slices = [
        Portion(ingredient="bread", amount=1, unit="slice", grams=grams, description="slice")
        for grams in (25, 28, 30, 20)
    ]
    for listed in (slices, slices[::-1]):
        tables = catalog([bread], listed, [recipe("toast", *[
            line(n, "2 slices of bread", quantity=2, unit="slice", ingredient="bread")
            for n in range(1, 200)
        ])])  # fmt: skip
        lines = line_grams(tables["recipe_ingredients"], tables["ingredients"], tables["portions"])
        assert set(lines.collect().get_column("grams")) == {2.0 * listed[0].grams}


def test_bare_count_prefers_medium_then_piece_large_small() -> None:
    assert single(quantity=3, ingredient="onion") == (300.0, "portion", None)  # plain medium
    assert single(quantity=2, ingredient="egg") == (100.0, "portion", None)  # large over small
    assert single(quantity=2, ingredient="garlic") == (6.0, "portion", None)  # any count unit
    assert single(quantity=2, unit="piece", ingredient="egg") == (100.0, "portion", None)


def test_bare_count_never_uses_a_serving() -> None:
    assert single(quantity=2, ingredient="bay-leaf") == (None, None, "no count portion")


def test_bare_count_never_counts_packages() -> None:
    # '8 tortillas' are tortillas, not eight 407 g packages of them.
    assert single(quantity=8, ingredient="tortilla") == (240.0, "portion", None)


def _bare_counts(portions: Sequence[Portion], *lines: IngredientLine) -> list[float | None]:
    foods = [Ingredient(slug=slug, name=slug) for slug in ("cantaloupe", "chicken", "pastrami")]
    tables = catalog(foods, portions, [recipe("r", *lines)])
    frame = line_grams(tables["recipe_ingredients"], tables["ingredients"], tables["portions"])
    return frame.collect().get_column("grams").to_list()


def test_a_bare_count_is_a_whole_item_not_a_part_of_one() -> None:
    # SR26's cantaloupe and chicken meat portions, abridged; pastrami has only slices.
    def portion(food: str, amount: float, unit: str, grams: float, description: str) -> Portion:
        return Portion(
            ingredient=food, amount=amount, unit=unit, grams=grams, description=description
        )

    portions = [
        portion("cantaloupe", 10, "piece", 138, "cantaloupe balls"),
        portion("cantaloupe", 1, "piece", 814, 'melon, large (about 6-1/2" dia)'),
        portion("cantaloupe", 1, "piece", 552, 'melon, medium (about 5" dia)'),
        portion("cantaloupe", 1, "piece", 441, 'melon, small (about 4-1/4" dia)'),
        portion("chicken", 0.5, "piece", 329, "chicken, bone and skin removed"),
        portion("chicken", 1, "piece", 197, "unit (yield from 1 lb ready-to-cook chicken)"),
        portion("pastrami", 2, "piece", 57, "slices"),
    ]
    grams = _bare_counts(
        portions,
        line(1, "1 ripe cantaloupe", quantity=1, ingredient="cantaloupe"),
        line(2, "4 chicken pieces, skin removed", quantity=4, ingredient="chicken"),
        line(3, "1 chicken, bone and skin removed", quantity=1, ingredient="chicken"),
        line(4, "4 pastrami", quantity=4, ingredient="pastrami"),
    )
    # A medium melon, not a ball; pieces of chicken, not half chickens; a whole chicken's
    # meat (0.5 piece = 329 g) when the line counts chickens; slices when nothing else fits.
    assert grams == [552.0, 4 * 197.0, 658.0, 4 * 28.5]


def test_range_takes_the_midpoint() -> None:
    grams, _, _ = single(quantity=2, quantity_max=3, unit="large", ingredient="egg")
    assert grams == pytest.approx(2.5 * 50)


def test_lines_that_cannot_be_weighed_say_why() -> None:
    assert single(ingredient="salt") == (None, None, "no quantity")
    assert single(quantity=1, unit="can", ingredient="tomatoes") == (
        None,
        None,
        "no portion for unit can",
    )
    assert single(quantity=1, unit="cup", ingredient="tomatoes") == (
        None,
        None,
        "no density or volume portion",
    )


def test_unmatched_lines_get_no_grams() -> None:
    unmatched = (None, None, "unmatched ingredient")
    assert single(quantity=100, unit="gram", status="unmatched") == unmatched
    assert single(quantity=100, unit="gram", ingredient="flour", status="unmatched") == unmatched
    assert single(quantity=100, unit="gram", ingredient="unobtainium") == unmatched


def test_implausible_quantity_keeps_its_grams_but_is_flagged() -> None:
    assert MAX_LINE_GRAMS == 5000
    assert single(quantity=6, unit="kilogram", ingredient="flour") == (
        6000.0,
        "mass",
        "implausible quantity",
    )


def test_line_grams_keeps_every_column_in_line_order() -> None:
    frame = grams_of(
        line(2, "2 eggs", quantity=2, ingredient="egg"),
        line(1, "flour", quantity=1, unit="cup", ingredient="flour"),
    )
    assert frame["line_no"].to_list() == [1, 2]
    columns = catalog()["recipe_ingredients"].columns
    assert frame.columns == [*columns, "grams", "grams_method", "grams_issue"]


def macros(
    *recipes: Recipe, ingredients: Sequence[Ingredient] = INGREDIENTS
) -> dict[str, dict[str, Any]]:
    tables = catalog(ingredients, PORTIONS, recipes)
    grams = line_grams(tables["recipe_ingredients"], tables["ingredients"], tables["portions"])
    nutrition = line_nutrition(grams, tables["ingredients"])
    frame = recipe_macros(nutrition, tables["recipes"]).collect()
    return {row["slug"]: row for row in frame.iter_rows(named=True)}


PANCAKES = recipe(
    "pancakes",
    line(1, "250 g flour", quantity=250, unit="gram", ingredient="flour"),
    line(2, "2 large eggs", quantity=2, unit="large", ingredient="egg"),
    line(3, "250 ml milk", quantity=250, unit="milliliter", ingredient="milk"),
    line(4, "salt to taste", ingredient="salt"),
    line(5, "blueberries (optional)", optional=True, status="unmatched"),
    servings=4,
)


def test_recipe_macros_totals_and_per_serving() -> None:
    row = macros(PANCAKES)["pancakes"]
    flour, egg, milk = 250.0, 100.0, 250 * 1.03
    kcal = flour / 100 * 364 + egg / 100 * 143 + milk / 100 * 60
    protein = flour / 100 * 10 + egg / 100 * 12.6 + milk / 100 * 3.2
    assert row["kcal_total"] == pytest.approx(kcal)
    assert row["kcal_per_serving"] == pytest.approx(kcal / 4)
    assert row["protein_g_per_serving"] == pytest.approx(protein / 4)
    assert row["carbs_g_per_serving"] == pytest.approx(flour / 100 * 76 / 4)
    # Fiber: flour 2.7, egg 0 known, milk unknown -> the sum of the known values.
    assert row["fiber_g_total"] == pytest.approx(flour / 100 * 2.7)
    assert row["total_grams"] == pytest.approx(flour + egg + milk)
    assert (row["lines"], row["lines_with_grams"]) == (5, 3)
    assert row["coverage"] == pytest.approx(3 / 5)
    assert row["mass_coverage"] == pytest.approx(1.0)
    # Salt without a quantity and an optional unmatched line do not matter.
    assert row["fully_quantified"] is True
    assert row["issues"] == ["no quantity", "unmatched ingredient"]
    assert (row["servings"], row["servings_estimated"]) == (4, False)


def test_what_may_go_unquantified_is_the_packs_call_not_a_slug_list() -> None:
    # A community pack spells its salt 'sel' and marks it; garlic is not marked.
    sel = Ingredient(slug="sel", name="Sel", negligible_in_nutrition=True)
    rows = macros(
        recipe("a", line(1, "250 g flour", quantity=250, unit="gram", ingredient="flour"),
               line(2, "sel", ingredient="sel")),
        recipe("b", line(1, "250 g flour", quantity=250, unit="gram", ingredient="flour"),
               line(2, "garlic", ingredient="garlic")),
        ingredients=[*INGREDIENTS, sel],
    )  # fmt: skip
    assert (rows["a"]["fully_quantified"], rows["b"]["fully_quantified"]) == (True, False)


def test_missing_nutrient_values_stay_null() -> None:
    rows = macros(
        recipe("milk-only", line(1, "1 l milk", quantity=1, unit="liter", ingredient="milk"))
    )
    row = rows["milk-only"]
    assert row["kcal_total"] == pytest.approx(1030 / 100 * 60)
    assert row["fiber_g_total"] is None and row["fiber_g_per_serving"] is None
    assert row["sodium_mg_per_serving"] is None


def test_unknown_energy_lowers_mass_coverage_and_quantification() -> None:
    row = macros(
        recipe(
            "saffron-flour",
            line(1, "199 g flour", quantity=199, unit="gram", ingredient="flour"),
            line(2, "1 g saffron", quantity=1, unit="gram", ingredient="saffron"),
        )
    )["saffron-flour"]
    assert row["lines_with_grams"] == 2
    assert row["coverage"] == pytest.approx(0.5)
    assert row["mass_coverage"] == pytest.approx(199 / 200)
    assert row["fully_quantified"] is False
    assert row["issues"] == ["no energy value"]
    saffron = macros(
        recipe("saffron", line(1, "1 g", quantity=1, unit="gram", ingredient="saffron"))
    )
    assert (saffron["saffron"]["mass_coverage"], saffron["saffron"]["kcal_total"]) == (0.0, None)
    vague = macros(recipe("vague", line(1, "some flour", ingredient="flour")))["vague"]
    assert (vague["mass_coverage"], vague["coverage"], vague["total_grams"]) == (None, 0.0, None)


def test_implausible_line_is_left_out_of_the_macros() -> None:
    row = macros(
        recipe(
            "bulk",
            line(1, "6 kg flour", quantity=6, unit="kilogram", ingredient="flour"),
            line(2, "100 g flour", quantity=100, unit="gram", ingredient="flour"),
            servings=1,
        )
    )["bulk"]
    assert row["kcal_total"] == pytest.approx(364)
    assert (row["total_grams"], row["lines_with_grams"]) == (100.0, 1)
    assert row["fully_quantified"] is False
    assert row["issues"] == ["implausible quantity"]


def test_missing_or_zero_servings_give_null_per_serving_values() -> None:
    tables = catalog(
        INGREDIENTS,
        PORTIONS,
        [
            recipe(
                "none",
                line(1, "flour", quantity=100, unit="gram", ingredient="flour"),
                servings=None,
            ),
            recipe("zero", line(1, "flour", quantity=100, unit="gram", ingredient="flour")),
        ],
    )
    recipes = tables["recipes"].with_columns(
        pl.when(pl.col("slug") == "zero").then(0).otherwise(pl.col("servings")).alias("servings")
    )
    grams = line_grams(tables["recipe_ingredients"], tables["ingredients"], tables["portions"])
    frame = recipe_macros(line_nutrition(grams, tables["ingredients"]), recipes).collect()
    assert frame["slug"].to_list() == ["none", "zero"]
    assert frame["kcal_total"].to_list() == pytest.approx([364, 364])
    assert frame["kcal_per_serving"].to_list() == [None, None]
    assert frame["issues"].to_list() == [["no servings"], ["no servings"]]


def test_recipe_without_lines_is_not_fully_quantified() -> None:
    row = macros(recipe("empty"))["empty"]
    assert (row["lines"], row["lines_with_grams"], row["coverage"]) == (0, 0, None)
    assert row["kcal_total"] is None and row["fully_quantified"] is False
    assert row["issues"] == ["no ingredient lines"]


FLAG_INGREDIENTS = (
    Ingredient(
        slug="flour", name="Flour", allergens={**NO_ALLERGENS, "wheat": True}, diets=ALL_DIETS
    ),
    Ingredient(slug="sugar", name="Sugar", allergens=NO_ALLERGENS, diets=ALL_DIETS),
    Ingredient(slug="honey", name="Honey", allergens=NO_ALLERGENS, diets=NOT_VEGAN),
    Ingredient(slug="mystery-sauce", name="Mystery sauce", allergens={"soy": True}),
)


def flags(*recipes: Recipe) -> dict[str, dict[str, Any]]:
    tables = catalog(FLAG_INGREDIENTS, (), recipes)
    frame = recipe_flags(tables["recipe_ingredients"], tables["ingredients"]).collect()
    return {row.pop("slug"): row for row in frame.iter_rows(named=True)}


def uses(slug: str, *ingredients: str | None) -> Recipe:
    """A recipe of one line per ingredient; None is an unmatched line."""
    lines = [
        line(n, "x", ingredient=i, status="parsed" if i else "unmatched")
        for n, i in enumerate(ingredients, 1)
    ]
    return recipe(slug, *lines)


EVERY_DIET = sorted(DIETS)
OTHER_ALLERGENS = sorted(set(ALLERGENS) - {"wheat"})


def test_a_diet_fits_only_when_every_ingredient_is_known_to_fit() -> None:
    rows = flags(uses("cake", "flour", "sugar"), uses("honey-cake", "flour", "honey"))
    assert rows["cake"] == {
        "allergens": ["wheat"],
        "allergens_unknown": [],
        "diets": ["omnivore", "pescatarian", "vegan", "vegetarian"],
        "diets_unknown": [],
    }
    assert rows["honey-cake"]["diets"] == ["omnivore", "pescatarian", "vegetarian"]
    assert rows["honey-cake"]["diets_unknown"] == []


def test_unknown_propagates_and_present_wins_over_unknown() -> None:
    row = flags(uses("saucy", "flour", "mystery-sauce"))["saucy"]
    assert row["allergens"] == ["soy", "wheat"]  # wheat unknown in the sauce, present in flour
    assert row["allergens_unknown"] == sorted(set(ALLERGENS) - {"soy", "wheat"})
    assert (row["diets"], row["diets_unknown"]) == ([], EVERY_DIET)


def test_an_unmatched_line_makes_every_allergen_not_present_unknown() -> None:
    optional_unmatched = line(2, "?", optional=True, status="unmatched")
    rows = flags(
        recipe("garnished", line(1, "flour", ingredient="flour"), optional_unmatched),
        uses("unknown-slug", "flour", "unobtainium"),
        uses("honey-thing", "honey", None),
    )
    for slug in ("garnished", "unknown-slug"):
        assert rows[slug] == {
            "allergens": ["wheat"],
            "allergens_unknown": OTHER_ALLERGENS,
            "diets": [],
            "diets_unknown": EVERY_DIET,
        }
    # Honey is known not to be vegan: the unmatched line cannot make vegan possible again.
    assert rows["honey-thing"]["allergens_unknown"] == sorted(ALLERGENS)
    assert rows["honey-thing"]["diets"] == []
    assert rows["honey-thing"]["diets_unknown"] == ["omnivore", "pescatarian", "vegetarian"]


def test_the_merged_catalog_pack_column_is_kept_on_lines_and_ignored_elsewhere() -> None:
    tables = {
        name: frame.with_columns(pack=pl.lit("core"))
        for name, frame in catalog(INGREDIENTS, PORTIONS, [PANCAKES]).items()
    }
    grams = line_grams(tables["recipe_ingredients"], tables["ingredients"], tables["portions"])
    nutrition = line_nutrition(grams, tables["ingredients"])
    assert nutrition.collect()["pack"].to_list() == ["core"] * 5
    frame = recipe_macros(nutrition, tables["recipes"]).collect()
    assert frame.row(0, named=True)["kcal_total"] == macros(PANCAKES)["pancakes"]["kcal_total"]
    assert recipe_flags(grams, tables["ingredients"]).collect()["slug"].to_list() == ["pancakes"]
