"""The usda-myplate-kitchen builder on real MyPlate Kitchen recipes the tests carry
(tests/data/usda-myplate-kitchen), matched against the committed usda-sr26 pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packfactory import recipes_by_slug

from simmer.cli import main
from simmer.packs.schema import PackManifest, Recipe
from simmer.packs.validate import load_pack
from simmer.sources import SourceError
from simmer.sources.myplate import build_myplate_pack, read_myplate

REPO = Path(__file__).resolve().parents[2]
PACKS = REPO / "packs"
SOURCE = REPO / "tests" / "data" / "usda-myplate-kitchen"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("myplate") / "usda-myplate-kitchen"
    build_myplate_pack(SOURCE, PACKS, out)
    return out


@pytest.fixture(scope="module")
def recipes(built: Path) -> dict[str, Recipe]:
    return recipes_by_slug(built)


def source_items() -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(
        (SOURCE / "recipes.json").read_text(encoding="utf-8")
    )["recipes"]
    return items


def test_pack_validates_with_its_dependencies(built: Path) -> None:
    loaded = load_pack(built, PACKS)
    assert loaded.name == "usda-myplate-kitchen"
    assert loaded.tables["recipes"].height == len(source_items())


def test_slugs_are_the_last_segment_of_the_source_url(recipes: dict[str, Recipe]) -> None:
    urls = [str(item["sourceUrl"]) for item in source_items()]
    assert sorted(recipes) == sorted(url.rsplit("/", 1)[1] for url in urls)
    assert recipes["3-can-chili"].source == "https://myplate.food/recipes/3-can-chili"


def test_a_slug_public_domain_recipes_also_uses_is_a_declared_override(built: Path) -> None:
    manifest = PackManifest.model_validate_json((built / "pack.json").read_text())
    assert manifest.overrides == ["banana-bread"]
    assert [d.name for d in manifest.depends] == ["usda-sr26", "public-domain-recipes"]


def test_every_recipe_is_attributed_and_public_domain(recipes: dict[str, Recipe]) -> None:
    for recipe in recipes.values():
        assert recipe.license and "public domain" in recipe.license.lower()
        assert recipe.author and "Center for Nutrition Policy and Promotion" in recipe.author
        assert recipe.source == f"https://myplate.food/recipes/{recipe.slug}"


def test_a_four_is_uncertain_unless_the_recipe_text_confirms_it(
    recipes: dict[str, Recipe],
) -> None:
    wraps = recipes["fiesta-lettuce-wraps-and-pepper-boats"]  # 4, nothing says so
    bowl = recipes["pork-power-bowl"]  # 4: "Divide ... among 4 bowls"
    bake = recipes["butternut-squash-pasta-bake"]  # 2
    assert (wraps.servings, wraps.servings_estimated) == (4, True)
    assert (bowl.servings, bowl.servings_estimated) == (4, False)
    assert (bake.servings, bake.servings_estimated) == (2, False)


def test_sub_list_headings_are_groups_not_lines(recipes: dict[str, Recipe]) -> None:
    lines = recipes["fiesta-lettuce-wraps-and-pepper-boats"].ingredients
    assert all("Salsa Fresca" not in line.text for line in lines)
    corn = next(line for line in lines if "yellow corn" in line.text)
    assert corn.group == "For the Salsa Fresca"
    assert corn.line_no == 10  # the tenth line: the heading is none
    assert lines[0].group is None


def test_lines_are_parsed_and_matched_by_the_shared_parser(recipes: dict[str, Recipe]) -> None:
    beans = recipes["3-can-chili"].ingredients[0]
    assert (beans.quantity, beans.unit, beans.ingredient) == (15.5, "ounce", "canned-black-beans")
    salt = next(
        line
        for line in recipes["chicken-and-dumplings"].ingredients
        if line.text.startswith("salt")
    )
    assert (salt.quantity, salt.unit, salt.optional) == (0.25, "teaspoon", True)


def test_usda_tags_give_tags_and_meal_slots(recipes: dict[str, Recipe]) -> None:
    assert "main-dish" in recipes["pork-power-bowl"].tags
    assert recipes["pork-power-bowl"].meal_slots == ["lunch", "dinner"]
    assert recipes["tomato-and-garlic-omelet"].meal_slots == ["breakfast"]
    assert recipes["frosted-cake"].meal_slots == []  # a dessert
    assert recipes["fried-rice"].meal_slots == []  # a side dish


def test_tags_the_dependency_defines_are_not_redefined(built: Path) -> None:
    tags = {json.loads(line)["slug"] for line in (built / "tags.jsonl").read_text().splitlines()}
    assert "main-dish" in tags and "protein-foods" in tags
    assert "dessert" not in tags and "breakfast" not in tags  # public-domain-recipes has them


def test_broken_source_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "recipes.json").write_text('{"recipes": [{"name": "x"}]}')
    with pytest.raises(SourceError, match=r"recipes\.json: recipes\[0\]\.servingsMade"):
        read_myplate(tmp_path)
    (tmp_path / "recipes.json").write_text('{"recipes": [\n')
    with pytest.raises(SourceError, match=r"recipes\.json:2: not JSON"):
        read_myplate(tmp_path)


def test_command_says_what_is_missing_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["pack", "build-myplate", str(tmp_path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"simmer: {tmp_path}/recipes.json: missing MyPlate Kitchen file" in err
    assert "Traceback" not in err and not out.exists()
