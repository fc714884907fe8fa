"""The wikibooks-cookbook builder on real Wikibooks Cookbook pages the tests carry
(tests/data/wikibooks-cookbook), matched against the committed usda-sr26 pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packfactory import recipes_by_slug

from simmer.packs.schema import PackManifest, Recipe
from simmer.packs.validate import load_pack
from simmer.sources.wikibooks import (
    NO_INGREDIENTS,
    TECHNIQUE,
    build_wikibooks_pack,
    category_tag,
    read_wikibooks,
    times,
    title_kind,
)

REPO = Path(__file__).resolve().parents[2]
PACKS = REPO / "packs"
SOURCE = REPO / "tests" / "data" / "wikibooks-cookbook"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wikibooks") / "wikibooks-cookbook"
    build_wikibooks_pack(SOURCE, PACKS, out)
    return out


@pytest.fixture(scope="module")
def recipes(built: Path) -> dict[str, Recipe]:
    return recipes_by_slug(built)


def test_pack_validates_and_is_share_alike(built: Path) -> None:
    loaded = load_pack(built, PACKS)
    manifest = PackManifest.model_validate_json((built / "pack.json").read_text())
    assert loaded.name == "wikibooks-cookbook"
    assert manifest.license.startswith("CC BY-SA 4.0")
    assert "Wikibooks contributors" in manifest.attribution


def test_every_recipe_names_its_page_authors_and_licence(recipes: dict[str, Recipe]) -> None:
    stroganoff = recipes["20-minute-beef-stroganoff"]
    assert stroganoff.source == (
        "Wikibooks, Cookbook:20-Minute Beef Stroganoff, "
        "https://en.wikibooks.org/wiki/Cookbook:20-Minute_Beef_Stroganoff"
    )
    for recipe in recipes.values():
        assert recipe.license == "CC BY-SA 4.0" and recipe.author == "Wikibooks contributors"
        assert recipe.source and f"Cookbook:{recipe.title}" in recipe.source


def test_pages_that_are_not_recipes_are_skipped_and_counted(recipes: dict[str, Recipe]) -> None:
    read = read_wikibooks(SOURCE)
    assert read.skipped == {
        NO_INGREDIENTS: ["Cookbook:Crème Brûlée II"],  # its ingredients were a wiki table
        TECHNIQUE: ["Cookbook:Boiled Potatoes"],  # 'Potatoes', then how to boil them
    }
    pages = json.loads((SOURCE / "recipes_en-us.json").read_text(encoding="utf-8"))
    assert len(recipes) == len(pages) - 2


def test_a_slug_an_earlier_pack_defines_gets_the_suffix(
    built: Path, recipes: dict[str, Recipe]
) -> None:
    assert "greek-salad" not in recipes  # public-domain-recipes and MyPlate have one
    assert recipes["greek-salad-wikibooks"].title == "Greek Salad"
    manifest = PackManifest.model_validate_json((built / "pack.json").read_text())
    assert manifest.overrides == []
    assert [d.name for d in manifest.depends] == [
        "usda-sr26",
        "public-domain-recipes",
        "usda-myplate-kitchen",
    ]


def test_servings_and_times_come_from_the_summary(recipes: dict[str, Recipe]) -> None:
    dressing = recipes["out-of-salad-dressing-salad-dressing"]  # '12', '8 h, 10 minutes'
    assert (dressing.servings, dressing.total_time_min) == (12, 490)
    ambrosia = recipes["ambrosia-fruit-salad"]  # 'Prep: 5 minutes<br/>Chilling: 60 minutes'
    assert (ambrosia.prep_time_min, ambrosia.cook_time_min, ambrosia.total_time_min) == (5, 60, 65)
    assert recipes["chocolate-icing"].total_time_min == 30  # '½ hour'
    assert recipes["greek-salad-wikibooks"].servings is None  # no summary value


def test_markup_is_removed_from_lines(recipes: dict[str, Recipe]) -> None:
    stock = recipes["fish-stock-fumet-de-poisson"].ingredients[0]
    assert stock.text == "3 lb fish trimmings"  # the <ref> note is gone
    assert (stock.quantity, stock.unit) == (3, "pound")
    mushrooms = recipes["20-minute-beef-stroganoff"].ingredients[2]
    assert mushrooms.text == "1 package sliced mushrooms"  # '()' of a unit template gone


def test_a_line_ending_with_a_colon_heads_the_lines_after_it(recipes: dict[str, Recipe]) -> None:
    lines = recipes["onigiri"].ingredients
    assert all(not line.text.endswith(":") for line in lines)
    assert lines[1].group == "Filling of choice, such as any of the following"
    assert not lines[1].text.startswith("*")


def test_category_and_title_give_tags_and_meal_slots(recipes: dict[str, Recipe]) -> None:
    assert recipes["out-of-salad-dressing-salad-dressing"].tags == ["salad-dressing", "sauce"]
    assert recipes["out-of-salad-dressing-salad-dressing"].meal_slots == []
    assert "dessert" in recipes["chocolate-icing"].tags
    assert recipes["20-minute-beef-stroganoff"].meal_slots == ["lunch", "dinner"]


@pytest.mark.parametrize(
    ("category", "tag"),
    [
        ("Soup recipes", "soup"),
        ("Recipes for dessert", "dessert"),
        ("Beverages", "beverage"),
        ("60 minutes", None),
        (None, None),
    ],
)
def test_category_tags(category: str | None, tag: str | None) -> None:
    assert category_tag(category) == tag


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Chocolate Icing", "dessert"),
        ("Toum (Lebanese Garlic Sauce)", "sauce"),
        ("Mango Lassi II", "beverage"),
        ("Pasta with Tomato Sauce", None),
        ("Beef Stew", None),
    ],
)
def test_title_kinds(title: str, kind: str | None) -> None:
    assert title_kind(title) == kind


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Prep: ½ hour<br>Total: 1 hour", (30, None, 60)),
        ("Prep: 1 hour</br>Cooking: 40 minutes", (60, 40, 100)),
        ("1 &frac12; hours", (None, None, 90)),
        ("1 month", (None, None, None)),
        ("Overnight", (None, None, None)),
    ],
)
def test_times(value: str, expected: tuple[int | None, int | None, int | None]) -> None:
    assert times(value) == expected
