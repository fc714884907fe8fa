"""`simmer pack import`: each format's hand-written files into a sealed, valid pack, what real
exports hold that the importer must survive, re-imports, and bad input that changes nothing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from recipefiles import DATA, JPEG, WEBP, data, zip_bytes, zipped

from simmer.cli import main
from simmer.packs.schema import LineStatus, Recipe
from simmer.packs.validate import load_pack


def imported(packs: Path, *paths: Path) -> dict[str, Recipe]:
    assert main(["pack", "import", *map(str, paths), "--into", str(packs / "family")]) == 0
    load_pack(packs / "family")  # valid and sealed
    lines = (packs / "family" / "recipes.jsonl").read_text(encoding="utf-8").splitlines()
    return {r.slug: r for r in map(Recipe.model_validate_json, lines)}


def line_facts(recipe: Recipe) -> list[tuple[object, ...]]:
    return [(x.text, x.group, x.quantity, x.unit, x.ingredient) for x in recipe.ingredients]


def media(packs: Path) -> dict[str, bytes]:
    folder = packs / "family" / "media"
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


def published(packs: Path, slug: str) -> dict[str, str]:
    path = packs / "family" / "media" / f"{slug}.nutrition.json"
    per_serving: dict[str, str] = json.loads(path.read_text())["per_serving"]
    return per_serving


def test_schema_org_page_with_graph_type_list_and_messy_json_ld(
    packs: Path, sources: dict[str, Path]
) -> None:
    recipes = imported(packs, sources["schema-org html"])
    assert list(recipes) == ["tom-jerry-s-pancakes"]  # the WebSite and empty blocks skipped
    pancakes = recipes["tom-jerry-s-pancakes"]
    assert pancakes.title == "Tom & Jerry's pancakes"  # entities decoded once
    assert (pancakes.servings, pancakes.prep_time_min, pancakes.cook_time_min) == (4, 10, 20)
    assert pancakes.total_time_min == 30
    assert pancakes.tags == ["breakfast", "quick"]
    assert (pancakes.author, pancakes.source) == ("Ada Example", "https://grandma.example/pancakes")
    assert pancakes.license == "https://creativecommons.org/licenses/by/4.0/"
    assert line_facts(pancakes)[:4] == [
        ("200 g flour", "For the batter", 200, "gram", "all-purpose-flour"),
        ("2 eggs", "For the batter", 2, None, "egg"),
        ("0,25 l milk", "For the batter", 0.25, "liter", "milk"),
        ("2 tbsp maple syrup", "For the topping", 2, "tablespoon", "maple-syrup"),
    ]
    luck = pancakes.ingredients[4]
    assert (luck.text, luck.status, luck.ingredient) == (
        "1 sprig of good luck",
        LineStatus.UNMATCHED,
        None,
    )
    assert pancakes.steps == [
        "Whisk the flour, eggs & milk.",
        "Rest 10 minutes.",  # a raw tab inside the JSON-LD string
        "Fry in a hot pan; serve with syrup.",
    ]
    assert published(packs, "tom-jerry-s-pancakes") == {
        "calories": "320 kcal",
        "proteinContent": "11 g",
        "servingSize": "2 pancakes",
    }


def test_schema_org_array_yields_durations_and_two_recipes_of_one_name(
    packs: Path, sources: dict[str, Path]
) -> None:
    recipes = imported(packs, sources["schema-org json"])
    stove, oven = recipes["rice-pudding"], recipes["rice-pudding-2"]
    assert (stove.title, oven.title) == ("Rice pudding", "Rice pudding")
    assert (stove.servings, oven.servings) == (2, 18)  # "Serves 2", "Makes about 18"
    assert (stove.prep_time_min, stove.cook_time_min, stove.total_time_min) == (None, 180, 150)
    assert (oven.cook_time_min, oven.total_time_min) == (0, 13)  # PT0S, "10-13 minutes"
    assert stove.steps == ["Simmer the rice in the milk.", "Stir in the sugar."]
    assert stove.tags == ["dessert", "rice"]


def test_mealie_raw_json_uses_structured_quantities_and_section_titles(
    packs: Path, sources: dict[str, Path]
) -> None:
    soup = imported(packs, sources["mealie raw"])["lentil-soup"]
    assert line_facts(soup) == [
        ("250g red lentils, rinsed", "Soup", 250, "gram", "lentils"),
        ("1 onion, chopped", "Soup", 1, None, "onion"),
        ("2 tbsp olive oil", "To serve", 2, "tablespoon", "olive-oil"),
    ]
    assert (soup.servings, soup.prep_time_min, soup.cook_time_min, soup.total_time_min) == (
        4,
        15,
        45,
        60,
    )
    assert (soup.tags, soup.source) == (["soup", "vegan"], "https://soups.example/lentil")
    assert published(packs, "lentil-soup") == {"calories": "280", "proteinContent": "16 g"}


def test_mealie_zip_export_with_unparsed_lines_and_its_image(
    packs: Path, sources: dict[str, Path]
) -> None:
    bread = imported(packs, sources["mealie zip"])["garlic-bread"]
    assert line_facts(bread) == [
        ("1 baguette", None, 1, None, "french-bread"),
        ("3 cloves garlic, crushed", None, 3, "clove", "garlic"),
        ("50 g butter", None, 50, "gram", "butter"),
    ]
    assert (bread.servings, bread.prep_time_min, bread.cook_time_min) == (6, 10, 15)
    assert media(packs) == {"garlic-bread.webp": WEBP}


def test_tandoor_zip_of_zips_with_headers_and_amounts_as_given(
    packs: Path, sources: dict[str, Path]
) -> None:
    recipes = imported(packs, sources["tandoor"])
    flatbread, porridge = recipes["flatbread"], recipes["porridge"]
    assert line_facts(flatbread) == [
        ("250 g flour", "Dough", 250, "gram", "all-purpose-flour"),
        ("150 ml water, lukewarm", "Dough", 150, "milliliter", "water"),
        ("salt", "Seasoning", None, None, "salt"),  # no_amount; the header row is no line
    ]
    assert (flatbread.servings, flatbread.prep_time_min, flatbread.cook_time_min) == (4, 20, 30)
    assert (flatbread.total_time_min, flatbread.tags) == (50, ["bread", "vegetarian"])
    assert line_facts(porridge) == [
        ("0.5 cup rolled oats", None, 0.5, "cup", "rolled-oats"),
        ("1 cup milk", None, 1, "cup", "milk"),
    ]
    assert media(packs)["flatbread.jpg"] == JPEG
    assert published(packs, "flatbread")["calories"] == "250 kcal"


def test_nextcloud_zip_with_wrapper_folder_mac_debris_and_same_named_recipes(
    packs: Path, sources: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    recipes = imported(packs, sources["nextcloud"])
    assert sorted(recipes) == ["cheese-omelette", "cheese-omelette-2"]
    first, second = recipes["cheese-omelette"], recipes["cheese-omelette-2"]
    assert first.tags == ["breakfast", "cheese", "eggs", "quick"]  # "eggs,quick, cheese"
    assert (first.servings, second.servings) == (1, 2)  # recipeYield as an integer
    assert second.steps == ["Whisk the eggs with the chives and cook gently."]
    assert media(packs)["cheese-omelette.jpg"] == JPEG  # full.jpg, not the thumbnail
    assert "cheese-omelette.nutrition.json" not in media(packs)  # nutrition: []
    report = capsys.readouterr().out.splitlines()
    assert report[:3] == [
        "cookbook.zip: 2 recipe(s) taken, 5 line(s) matched, 0 unmatched",
        "  skipped Recipes/.DS_Store: macOS Finder metadata (.DS_Store), no recipe",
        "  skipped __MACOSX/Recipes/._Cheese omelette: a macOS resource fork (__MACOSX/), "
        "no recipe",
    ]


@pytest.mark.parametrize("kind", ["paprika zip", "paprika single"])
def test_paprika_gzipped_recipes_with_free_text_and_photo(
    kind: str, packs: Path, sources: dict[str, Path]
) -> None:
    chili = imported(packs, sources[kind])["bean-chili"]
    assert (chili.servings, chili.prep_time_min, chili.cook_time_min) == (4, 10, 90)
    assert [line.group for line in chili.ingredients] == [None, None, None, "Spices", "Spices"]
    assert chili.ingredients[2].ingredient == "canned-kidney-beans"
    assert chili.steps[0] == "Soften the onion in the oil."
    assert (chili.author, chili.tags) == ("Family notebook", ["dinner", "vegetarian"])
    assert media(packs)["bean-chili.jpg"].startswith(b"\xff\xd8\xff")
    if kind == "paprika zip":
        toast = imported(packs, sources[kind])["cinnamon-toast"]
        assert toast.servings == 2  # "Makes 2"
        assert toast.ingredients[3].quantity == 0.5  # "½ tsp"


def test_reimport_updates_in_place_under_the_same_slug(
    packs: Path, sources: dict[str, Path], tmp_path: Path
) -> None:
    everything = [path for kind, path in sources.items() if kind != "paprika single"]
    first = imported(packs, *everything)
    assert len(first) == 11
    assert imported(packs, *everything) == first
    edited = json.loads(data("mealie-raw.json"))
    edited["name"] = "Red lentil soup"
    sources["mealie raw"].write_text(json.dumps(edited))
    again = imported(packs, sources["mealie raw"])
    assert len(again) == 11
    assert again["lentil-soup"].title == "Red lentil soup"


def _bomb_zip(path: Path) -> Path:
    return zipped(path, {"recipe.json": b"{" + b" " * (16 << 20) + b"}"})


def _traversal(path: Path) -> Path:
    return zipped(path, {"../../escape.json": data("nextcloud-omelette.json")})


def _nested_traversal(path: Path) -> Path:
    inner = zip_bytes({"/etc/recipe.json": data("tandoor-porridge.json")})
    return zipped(path, {"Porridge.zip": inner})


BAD_INPUTS = {
    "no recipe": ("page.html", lambda p: p.write_bytes(data("no-recipe.html")), "no recipe found"),
    "zip bomb": ("cookbook.zip", _bomb_zip, "recipe.json: unpacks to over 100 times"),
    "gzip bomb": (
        "x.paprikarecipe",
        lambda p: p.write_bytes(gzip.compress(b" " * (16 << 20))),
        "x.paprikarecipe: unpacks to over 100 times its size",
    ),
    "path traversal": ("cookbook.zip", _traversal, "../../escape.json: member path leaves"),
    "nested traversal": ("export.zip", _nested_traversal, "/etc/recipe.json: member path leaves"),
    "wrong type": ("recipes.txt", lambda p: p.write_text("hello"), "not an import source"),
    "broken json": ("soup.json", lambda p: p.write_text('{"name": "x",, }'), "soup.json:1: broken"),
    "not a zip": ("export.zip", lambda p: p.write_text("PK no"), "export.zip: not a zip archive"),
    "bad member json": (
        "export.paprikarecipes",
        lambda p: zipped(p, {"Chili.paprikarecipe": gzip.compress(b"{nope")}),
        "export.paprikarecipes: Chili.paprikarecipe:1: broken JSON",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_naming_file_and_member_and_changes_nothing(
    case: str,
    packs: Path,
    sources: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    imported(packs, sources["mealie raw"])
    before = {p: p.read_bytes() for p in (packs / "family").rglob("*") if p.is_file()}
    name, write, message = BAD_INPUTS[case]
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    write(bad)
    args = ["pack", "import", str(sources["schema-org json"])]
    assert main([*args, str(bad), "--into", str(packs / "family")]) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    after = {p: p.read_bytes() for p in (packs / "family").rglob("*") if p.is_file()}
    assert after == before


def test_import_needs_the_usda_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "packs" / "family"
    assert main(["pack", "import", str(DATA / "array.json"), "--into", str(target)]) == 2
    assert "usda-sr26: the USDA pack is needed" in capsys.readouterr().err
    assert not target.exists()


def test_two_recipes_of_one_page_share_its_url_and_reimport_in_place(
    packs: Path, tmp_path: Path
) -> None:
    page = tmp_path / "menu.json"
    recipes = [
        {
            "@type": "Recipe",
            "name": "Soup",
            "url": "https://x.example/menu",
            "recipeIngredient": ["1 onion"],
        },
        {
            "@type": "Recipe",
            "name": "Soup",
            "url": "https://x.example/menu",
            "recipeIngredient": ["1 leek"],
        },
    ]
    page.write_text(json.dumps({"@graph": recipes}))
    first = imported(packs, page)
    assert {slug: r.source for slug, r in first.items()} == {
        "soup": "https://x.example/menu#1",
        "soup-2": "https://x.example/menu#2",
    }
    assert imported(packs, page) == first


def test_remote_images_are_kept_as_urls_and_reported_not_fetched(
    packs: Path, sources: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Imports use no network: the page's ImageObject URL is kept for a later import to fetch
    and the report says so; a Paprika photo embedded beside a remote URL is used as before."""
    chili = {**json.loads(data("paprika-chili.json")), "image_url": "https://chili.example/c.jpg"}
    paprika = tmp_path / "chili.paprikarecipe"
    paprika.write_bytes(gzip.compress(json.dumps(chili).encode()))
    imported(packs, sources["schema-org html"], paprika)
    report = capsys.readouterr().out.splitlines()
    assert (
        "  not fetched: the image of tom-jerry-s-pancakes, https://grandma.example/pancakes.jpg "
        "(imports use no network): its URL is kept in media/tom-jerry-s-pancakes.image.json"
    ) in report
    assert [line for line in report if "not fetched" in line and "bean-chili" in line] == []
    files = media(packs)
    assert json.loads(files["tom-jerry-s-pancakes.image.json"]) == {
        "source": "https://grandma.example/pancakes",
        "image_url": "https://grandma.example/pancakes.jpg",
        "photo": None,
        "fetched": False,
    }
    assert "tom-jerry-s-pancakes.jpg" not in files
    assert files["bean-chili.jpg"].startswith(b"\xff\xd8\xff")
    assert json.loads(files["bean-chili.image.json"])["photo"] == "media/bean-chili.jpg"
