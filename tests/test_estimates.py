"""Estimates over a small catalog: each rule on a real-looking case, worked out by hand, and the
check that fails when an estimate goes unmarked.

Oil and sugar carry round energy values (900 and 400 kcal per 100 g, close to SR26's 884 and
387) so that the threshold case is exact: 360 of 2,400 kcal is 15 % to the last bit.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from packfactory import BASE_INGREDIENTS, RECIPES, TAGS, write_base, write_recipes

from simmer.catalog_report import catalog_figures
from simmer.estimates import MIN_STATED_USES, PLANNABLE_MAX_ESTIMATED_SHARE
from simmer.packs.tables import ALLERGENS, DIETS
from simmer.packs.validate import load_pack
from simmer.recipe_analysis import analyse_catalog, check_estimates_marked
from simmer.report import most_protein

FATS = "Fats and Oils"
FREE_OF_ALL = dict.fromkeys(ALLERGENS, False)
FITS_ALL = dict.fromkeys(DIETS, True)
INGREDIENTS = [
    *BASE_INGREDIENTS,
    {"slug": "vegetable-oil", "name": "Vegetable oil", "food_group": FATS,
     "nutrients": {"energy_kcal": 900, "protein_g": 0, "fat_g": 100, "carbohydrate_g": 0},
     "allergens": FREE_OF_ALL, "diets": FITS_ALL},
    {"slug": "lard", "name": "Lard", "food_group": FATS,
     "nutrients": {"energy_kcal": 902, "protein_g": 0, "fat_g": 100, "carbohydrate_g": 0}},
    {"slug": "sugar", "name": "Sugar", "food_group": "Sweets",
     "nutrients": {"energy_kcal": 400, "protein_g": 0, "fat_g": 0, "carbohydrate_g": 100},
     "allergens": FREE_OF_ALL, "diets": FITS_ALL},
]  # fmt: skip
FLOUR_KCAL, EGG_KCAL, MILK_KCAL = 3.64, 1.43, 0.61  # per gram, as the base pack states them
# Five recipes state their oil: 6, 8, 10, 12 and 30 g per serving, so the median is 10 g.
OIL_PER_SERVING = (6, 8, 10, 12, 30)


def line(number: int, text: str, ingredient: str, quantity: float | None = None,
         unit: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"line_no": number, "text": text, "quantity": quantity, "unit": unit,
            "ingredient": ingredient, "status": "parsed"}  # fmt: skip


def recipe(slug: str, servings: int | None, *lines: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"slug": slug, "title": slug.replace("-", " ").title(), "servings": servings,
            "ingredients": list(lines), **more}  # fmt: skip


def oil_users() -> list[dict[str, Any]]:
    return [
        recipe(
            f"stir-fry-{grams}",
            2,
            line(1, f"{2 * grams} g vegetable oil", "vegetable-oil", 2 * grams, "gram"),
            line(2, "200 g flour", "all-purpose-flour", 200, "gram"),
        )
        for grams in OIL_PER_SERVING
    ]


def amount_less(
    slug: str, servings: int, stated: dict[str, Any], text: str, ingredient: str
) -> dict[str, Any]:
    """A recipe of one stated line and one line naming an ingredient without an amount."""
    return recipe(slug, servings, stated, line(2, text, ingredient))


FLOUR_250 = line(1, "250 g flour", "all-purpose-flour", 250, "gram")
CASES = [
    amount_less(
        "fried-eggs", 2, line(1, "4 large eggs", "egg", 4, "large"),
        "vegetable oil for frying", "vegetable-oil",
    ),
    amount_less("lard-pancakes", 2, FLOUR_250, "lard for the pan", "lard"),
    amount_less("sugared-crepes", 2, FLOUR_250, "sugar", "sugar"),
    # 2,040 kcal of sugar stated, 4 servings x 10 g x 9 kcal = 360 kcal of oil estimated
    amount_less(
        "fried-dough", 4, line(1, "510 g sugar", "sugar", 510, "gram"),
        "oil for frying", "vegetable-oil",
    ),
    amount_less(
        "fried-dough-lean", 4, line(1, "500 g sugar", "sugar", 500, "gram"),
        "oil for frying", "vegetable-oil",
    ),
    recipe(
        "flatbread-supper",
        None,
        line(1, "1 kg flour", "all-purpose-flour", 1, "kilogram"),
        line(2, "2 cups milk", "whole-milk", 2, "cup"),
        meal_slots=["lunch", "dinner"],
    ),
    recipe(
        "challah",
        1,
        line(1, "1 kg flour", "all-purpose-flour", 1, "kilogram"),
        line(2, "4 large eggs", "egg", 4, "large"),
        tags=["bread"],
    ),
]  # fmt: skip


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    root = tmp_path_factory.mktemp("estimates")
    write_base(root, ingredients=INGREDIENTS, tags=[*TAGS, {"slug": "bread", "name": "Bread"}])
    write_recipes(root, recipes=[*RECIPES, *oil_users(), *CASES])
    base = load_pack(root / "mini-base").tables
    recipes = load_pack(root / "mini-recipes").tables
    tables = {name: pl.concat([base[name], recipes[name]]) for name in base}
    return {**analyse_catalog(tables), "recipes": tables["recipes"]}


def macros_of(analysis: dict[str, pl.DataFrame], slug: str) -> dict[str, Any]:
    return analysis["recipe_macros"].filter(pl.col("slug") == slug).row(0, named=True)


def line_of(analysis: dict[str, pl.DataFrame], slug: str, number: int) -> dict[str, Any]:
    lines = analysis["recipe_lines"]
    return lines.filter((pl.col("recipe_slug") == slug) & (pl.col("line_no") == number)).row(
        0, named=True
    )


def test_amount_less_oil_gets_the_catalog_median_marked(
    analysis: dict[str, pl.DataFrame],
) -> None:
    assert len(OIL_PER_SERVING) == MIN_STATED_USES
    oil = line_of(analysis, "fried-eggs", 2)
    assert oil["grams"] == pytest.approx(10 * 2)  # median 10 g per serving, 2 servings
    assert oil["estimated"] is True and oil["grams_issue"] is None
    assert oil["grams_method"] == (
        "estimated: median 10.0 g per serving of 5 recipes stating vegetable-oil"
    )
    assert line_of(analysis, "fried-eggs", 1)["estimated"] is False
    eggs = macros_of(analysis, "fried-eggs")
    assert eggs["kcal_total"] == pytest.approx(200 * EGG_KCAL + 20 * 9)
    assert eggs["estimated_kcal_share"] == pytest.approx(180 / (286 + 180))
    assert eggs["energy_known"] is True and eggs["fully_quantified"] is False


def test_an_ingredient_stated_too_rarely_takes_its_food_groups_median(
    analysis: dict[str, pl.DataFrame],
) -> None:
    lard = line_of(analysis, "lard-pancakes", 2)
    # no recipe states lard; the Fats and Oils uses are the five oil recipes
    assert lard["grams"] == pytest.approx(10 * 2)
    assert "5 stated uses of 'Fats and Oils' ingredients" in lard["grams_method"]
    assert "lard is stated by 0 recipes, fewer than 5" in lard["grams_method"]


def test_too_few_uses_anywhere_gives_no_estimate_and_no_plan(
    analysis: dict[str, pl.DataFrame],
) -> None:
    sugar = line_of(analysis, "sugared-crepes", 2)  # 2 recipes state sugar, none else is Sweets
    assert sugar["grams"] is None and sugar["grams_issue"] == "no quantity"
    assert sugar["estimated"] is False
    crepes = macros_of(analysis, "sugared-crepes")
    assert crepes["plannable"] is False and crepes["not_plannable_because"] == ["no quantity"]


def test_recipe_without_servings_gets_servings_from_the_energy_norm(
    analysis: dict[str, pl.DataFrame],
) -> None:
    supper = macros_of(analysis, "flatbread-supper")
    total = 1000 * FLOUR_KCAL + 2 * 244 * MILK_KCAL  # 3,937.7 kcal
    assert supper["servings_stated"] is None
    assert supper["servings"] == round(total / 600) == 7  # a main dish: 600 kcal a serving
    assert supper["servings_estimated"] is True and supper["servings_implausible"] is False
    assert supper["servings_method"] == (
        "energy norm, 600 kcal per serving of a main: servings not stated"
    )
    assert supper["kcal_per_serving"] == pytest.approx(total / 7)
    assert "no servings" not in supper["issues"]
    # servings are a portion size: the energy is all stated, so nothing of it is estimated
    assert supper["estimated_kcal_share"] == 0.0 and supper["plannable"] is True


def test_whole_loaf_as_one_serving_is_flagged_and_re_estimated(
    analysis: dict[str, pl.DataFrame],
) -> None:
    challah = macros_of(analysis, "challah")
    total = 1000 * FLOUR_KCAL + 200 * EGG_KCAL  # 3,926 kcal in "1 serving"
    assert challah["meal_kind"] == "side"
    assert challah["servings_stated"] == 1 and challah["servings_implausible"] is True
    assert challah["servings"] == round(total / 200) == 20
    assert challah["servings_estimated"] is True
    assert challah["servings_method"] == (
        "energy norm, 200 kcal per serving of a side: the stated 1 gave 3926 kcal per serving, "
        "outside 0-800"
    )
    assert challah["kcal_per_serving"] == pytest.approx(total / 20)


def test_most_protein_is_not_led_by_an_implausible_serving(
    analysis: dict[str, pl.DataFrame],
) -> None:
    macros = analysis["recipe_macros"].with_columns(title=pl.col("slug"))
    # with its stated single serving the challah would lead by far: 129 g of protein
    assert macros_of(analysis, "challah")["protein_g_total"] > 100
    top = most_protein(macros).get_column("title").to_list()
    assert "challah" in top and top[0] != "challah"


def test_plannable_up_to_the_threshold_share_of_estimated_energy(
    analysis: dict[str, pl.DataFrame],
) -> None:
    at = macros_of(analysis, "fried-dough")
    assert at["kcal_total"] == 2400.0
    assert at["estimated_kcal_share"] == PLANNABLE_MAX_ESTIMATED_SHARE == 0.15
    assert at["plannable"] is True and at["not_plannable_because"] == []
    over = macros_of(analysis, "fried-dough-lean")
    assert over["estimated_kcal_share"] == pytest.approx(360 / 2360)
    assert over["plannable"] is False
    assert over["not_plannable_because"] == ["estimated share above 15%"]


def test_pack_estimates_count_as_estimated_and_stated_recipes_stay_as_they_were(
    analysis: dict[str, pl.DataFrame],
) -> None:
    salt = line_of(analysis, "pancakes", 4)  # 'salt to taste', estimated by the pack
    assert salt["estimated"] is True and salt["grams_method"] == "portion"
    pancakes = macros_of(analysis, "pancakes")
    assert pancakes["servings"] == pancakes["servings_stated"] == 4
    assert pancakes["servings_method"] == "stated" and pancakes["fully_quantified"] is True
    assert pancakes["estimated_kcal_share"] == 0.0 and pancakes["plannable"] is True
    crepes = macros_of(analysis, "crepes")
    assert crepes["plannable"] is False and crepes["not_plannable_because"] == [
        "unmatched ingredient"
    ]


def test_estimates_check_passes_and_fails_when_an_estimate_is_unmarked(
    analysis: dict[str, pl.DataFrame],
) -> None:
    lines, macros, recipes = (
        analysis["recipe_lines"],
        analysis["recipe_macros"],
        analysis["recipes"],
    )
    assert check_estimates_marked(lines, recipes, macros).passed
    silent_line = lines.with_columns(
        estimated=pl.when(pl.col("recipe_slug") == "fried-eggs").then(False).otherwise("estimated")
    )
    outcome = check_estimates_marked(silent_line, recipes, macros)
    assert not outcome.passed and "fried-eggs:2" in outcome.details["examples"]
    silent_servings = macros.with_columns(servings_estimated=pl.lit(False))
    outcome = check_estimates_marked(lines, recipes, silent_servings)
    assert not outcome.passed and "challah: servings" in outcome.details["examples"]


def test_catalog_figures_by_status_slot_diet_and_allergen(
    analysis: dict[str, pl.DataFrame],
) -> None:
    macros = analysis["recipe_macros"].join(
        analysis["recipes"].select("slug", pl.col("meal_slots").fill_null([])), on="slug"
    )
    figures = catalog_figures(macros.with_columns(pack=pl.lit("mini-recipes")))
    # stated: pancakes and the five stir-fries; estimated: flatbread and challah (servings),
    # fried-dough (oil); not: three over 15 %, sugar without an estimate, crêpes' rum
    assert figures.by_status == {
        "fully quantified": 6,
        "plannable with estimates": 3,
        "not plannable": 5,
    }
    assert figures.estimates == {
        "amounts estimated from the catalog's medians": 1,  # fried-dough
        "servings not stated, estimated from the energy norm": 1,  # flatbread-supper
        "servings implausible, re-estimated from the energy norm": 1,  # challah
        "servings estimated by the pack": 0,
    }
    assert figures.not_plannable["over 15 % of the energy from estimates"] == 3
    assert (
        figures.not_plannable[
            "an amount-less line not estimated (too few stated uses, or no servings)"
        ]
        == 1
    )
    assert figures.not_plannable["a line matches no ingredient"] == 1
    assert figures.by_pack == {"mini-recipes": 9}
    assert figures.by_slot == {"breakfast": 0, "lunch": 1, "dinner": 1}  # the flatbread supper
    # flour, oil and sugar fit every diet; milk and egg are not known to be pescatarian here
    assert figures.by_diet == {"omnivore": 8, "pescatarian": 6, "vegetarian": 8, "vegan": 6}
    # flour is known free of milk and egg only; oil and sugar of everything
    assert figures.free_of["milk"] == figures.free_of["egg"] == 6
    assert figures.free_of["wheat"] == figures.free_of["fish"] == 1


def test_estimates_check_fails_when_a_share_understates_the_estimates(
    analysis: dict[str, pl.DataFrame],
) -> None:
    lines, recipes = analysis["recipe_lines"], analysis["recipes"]
    understated = analysis["recipe_macros"].with_columns(
        estimated_kcal_share=pl.when(pl.col("slug") == "fried-dough")
        .then(0.0)
        .otherwise("estimated_kcal_share")
    )
    outcome = check_estimates_marked(lines, recipes, understated)
    assert not outcome.passed
    assert outcome.details["examples"] == ["fried-dough: estimated_kcal_share"]
