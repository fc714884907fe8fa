"""The recipes pack builder on real recipe files the tests carry, matched against the
project's own usda-sr26 pack."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from packfactory import recipes_by_slug

from simmer.packs.schema import Recipe
from simmer.packs.validate import load_pack
from simmer.sources.recipes_pack import build_recipes_pack, meal_slots

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "recipes"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("recipes")
    shutil.copytree(FIXTURES, root / "src" / "content")
    out = root / "packs" / "public-domain-recipes"
    build_recipes_pack(root / "src", REPO / "packs" / "usda-sr26", out)
    return out


@pytest.fixture(scope="module")
def recipes(built: Path) -> dict[str, Recipe]:
    return recipes_by_slug(built)


def test_pack_validates_against_usda(built: Path) -> None:
    loaded = load_pack(built, REPO / "packs")
    assert loaded.tables["recipes"].height == len(list(FIXTURES.glob("*.md")))


def test_slugs_are_file_names(recipes: dict[str, Recipe]) -> None:
    assert sorted(recipes) == sorted(path.stem for path in FIXTURES.glob("*.md"))


def test_lines_are_parsed_and_matched(recipes: dict[str, Recipe]) -> None:
    lines = {line.text: line for line in recipes["banana-bread"].ingredients}
    flour = next(line for text, line in lines.items() if "flour" in text.lower())
    assert flour.ingredient == "all-purpose-flour"
    assert flour.status == "parsed" and flour.quantity is not None and flour.unit == "cup"


def test_every_line_says_what_it_is(recipes: dict[str, Recipe]) -> None:
    for recipe in recipes.values():
        for line in recipe.ingredients:
            if line.status == "unmatched":
                assert (
                    line.ingredient is None and line.note and "no ingredient matched" in line.note
                )
            if line.status == "estimated":
                assert line.note and "estimated" in line.note
            if line.ingredient is None:
                assert line.status == "unmatched"


def test_missing_servings_stay_unknown(recipes: dict[str, Recipe]) -> None:
    assert any(recipe.servings is None for recipe in recipes.values())
    assert not any(recipe.servings_estimated for recipe in recipes.values())


def test_building_twice_gives_identical_bytes(built: Path, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "src" / "content")
    again = tmp_path / "again"
    build_recipes_pack(tmp_path / "src", REPO / "packs" / "usda-sr26", again)
    for name in ("pack.json", "recipes.jsonl", "tags.jsonl"):
        assert (again / name).read_bytes() == (built / name).read_bytes()


@pytest.mark.parametrize(
    ("tags", "slots"),
    [
        (["breakfast", "sweet"], ["breakfast"]),
        (["dessert"], []),
        (["pasta", "italian"], ["lunch", "dinner"]),
    ],
)
def test_meal_slots_from_tags(tags: list[str], slots: list[str]) -> None:
    assert meal_slots(tags) == slots


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("4 whole or diced tomatoes", "tomato"),
        ("2-3 cups Crushed or Pureed Tomatoes", "crushed-tomatoes"),
        ("2 tbsp butter or margarine", "butter"),
        ("1 package (12 ounces) dark or bittersweet chocolate chips", "dark-chocolate"),
    ],
)
def test_a_lone_adjective_before_or_shares_the_noun(text: str, slug: str) -> None:
    from simmer.packs.source import load_ingredients
    from simmer.sources.ingredient_text import parse_ingredient_line
    from simmer.sources.match import IngredientMatcher
    from simmer.sources.recipes_pack import best_match

    matcher = IngredientMatcher(load_ingredients(REPO / "packs" / "usda-sr26"))
    match = best_match(parse_ingredient_line(text), matcher)
    assert match is not None and match.slug == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # Qualifiers stated outside the name choose the product form.
        ("4 28 oz cans of whole or diced tomatoes", "canned-tomatoes"),
        ("1 can (14.5 ounce) low-sodium tomatoes", "low-sodium-canned-tomatoes"),
        ("2 cups chicken broth, low-sodium", "low-sodium-chicken-broth"),
        ("1 1/2 cups milk, fat free", "skim-milk"),
        ("1/2 teaspoon basil (dried)", "dried-basil"),
        ("1 cup Black Beans (canned), rinsed and drained", "canned-black-beans"),
        ("690 grams diced tomatoes", "canned-tomatoes"),
        # A line measured in cans gets the canned form of the food its name matches, also
        # when the name carries another qualifier no canned name has (MyPlate's legumes).
        ("1 15 ounce can low-sodium black beans, drained and rinsed", "canned-black-beans"),
        ("1 can (15.5 ounces) low-sodium cannellini beans", "canned-white-beans"),
        ("2 cans (15.5 ounce) low-sodium red kidney beans", "canned-kidney-beans"),
        ("1 can (15 ounces) low-sodium garbanzo beans, drained", "canned-chickpeas"),
        ("1 can (14.5 ounces) low-sodium chopped tomatoes", "low-sodium-canned-tomatoes"),
        ("1 can (16 ounces) low-sodium corn, drained", "canned-corn"),
        ("1 can reduced sodium cut green beans (14.5-ounce can)", "canned-green-beans"),
        ("3 ears corn", "corn"),
        # Without them, the plain food.
        ("2 cups chicken broth", "chicken-broth"),
        ("1 cup black beans, soaked overnight", "black-beans"),
        ("1 cup chopped tomatoes", "tomato"),
        # Qualifiers of an alternative are not the first choice's.
        ("1 medium tomato, chopped (or 1 small can of tomato sauce)", "tomato"),
        ("1 1/2 cups of pinto beans (can be dried or canned)", "pinto-beans"),
        # A qualifier no curated name carries changes nothing.
        ("1 can (15 oz) chickpeas, low-sodium", "canned-chickpeas"),
    ],
)
def test_qualifiers_the_line_states_choose_the_product(text: str, slug: str) -> None:
    from simmer.packs.source import load_ingredients
    from simmer.sources.ingredient_text import parse_ingredient_line
    from simmer.sources.match import IngredientMatcher
    from simmer.sources.recipes_pack import best_match

    matcher = IngredientMatcher(load_ingredients(REPO / "packs" / "usda-sr26"))
    match = best_match(parse_ingredient_line(text), matcher)
    assert match is not None and match.slug == slug


def test_builders_say_what_is_missing_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from simmer.cli import main

    assert main(["pack", "build-usda", str(tmp_path), "--out", str(tmp_path / "u")]) == 2
    assert main(["pack", "build-recipes", str(tmp_path), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert f"simmer: {tmp_path}/FD_GROUP.txt: missing SR26 file" in err
    assert f"simmer: {tmp_path}/content: no recipe files (*.md)" in err
    assert "Traceback" not in err and not (tmp_path / "r").exists()


def test_the_build_command_shows_its_progress_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from simmer.cli import main

    shutil.copytree(FIXTURES, tmp_path / "src" / "content")
    out = tmp_path / "out"
    args = ["--usda", str(REPO / "packs" / "usda-sr26"), "--out", str(out)]
    assert main(["pack", "build-recipes", str(tmp_path / "src"), *args]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{out}: public-domain-recipes 1.0.0 written\n"
    recipes = len(list(FIXTURES.glob("*.md")))
    assert re.search(
        rf"^\[ *\d+\.\d s\] public-domain-recipes: {recipes}/{recipes} recipes parsed and matched$",
        captured.err,
        re.M,
    )
