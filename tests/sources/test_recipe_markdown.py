"""read_recipe_markdown on real community recipe files (copies in tests/data/recipes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from simmer.sources.recipe_markdown import (
    RecipeSourceError,
    SourceLine,
    parse_minutes,
    parse_servings,
    read_recipe_markdown,
)

RECIPES = Path(__file__).resolve().parents[1] / "data" / "recipes"


def test_front_matter_meta_and_description() -> None:
    recipe = read_recipe_markdown(RECIPES / "aelplermagronen.md")
    assert recipe.slug == "aelplermagronen"
    assert recipe.title == "Älplermagronen (Alpine macaroni)"
    assert recipe.tags == ["swiss", "pork", "potato", "pasta"]
    assert recipe.date == date(2021, 3, 11)
    assert recipe.author == "alexander-bocken"
    assert recipe.description is not None
    assert recipe.description.startswith("A swiss favorite")
    assert recipe.description.endswith("comfort food for the Swiss.")
    assert (recipe.prep_time_min, recipe.cook_time_min, recipe.servings) == (None, 30, 4)


def test_ingredient_lines_keep_their_file_line_numbers_and_skip_prose() -> None:
    recipe = read_recipe_markdown(RECIPES / "aelplermagronen.md")
    assert recipe.ingredients[0] == SourceLine(18, None, "~150g (1/3 lb) bacon cubes")
    assert recipe.ingredients[-1] == SourceLine(24, None, "a jar of apple sauce")
    assert len(recipe.ingredients) == 7  # 'Feel free to vary these amounts...' is prose
    lines = (RECIPES / "aelplermagronen.md").read_text("utf-8").splitlines()
    for line in recipe.ingredients:
        assert line.text in lines[line.line_no - 1]


def test_steps_are_the_directions_without_their_numbers() -> None:
    recipe = read_recipe_markdown(RECIPES / "aelplermagronen.md")
    assert len(recipe.steps) == 10
    assert recipe.steps[0].startswith("Fry bacon cubes in pot")
    assert recipe.steps[-1] == (
        "Serve with apple sauce. Should be eaten together, not as a dessert."
    )


def test_a_parent_bullet_with_children_is_a_group_heading() -> None:
    recipe = read_recipe_markdown(RECIPES / "banana-bread.md")
    by_text = {line.text: line for line in recipe.ingredients}
    assert "Spices:" not in by_text
    assert by_text["1 teaspoon cinnamon"].group == "Spices"
    assert by_text["1/4 teaspoon ginger"] == SourceLine(18, "Spices", "1/4 teaspoon ginger")
    assert by_text["1/4 teaspoon salt"].group is None
    assert by_text["2 cups all purpose flour"].group is None


def test_sub_headings_group_the_lines_under_them() -> None:
    recipe = read_recipe_markdown(RECIPES / "apple-pie.md")
    groups = [line.group for line in recipe.ingredients]
    assert groups == ["Filling"] * 9 + ["Crust"] * 5 + ["Egg Wash"] * 2
    assert recipe.description is None


def test_plain_text_headings_group_the_lines_under_them() -> None:
    recipe = read_recipe_markdown(RECIPES / "nashville-chicken.md")
    groups = list(dict.fromkeys(line.group for line in recipe.ingredients))
    assert groups == ["Batter", "Flour", "Nashville Hot Chicken", "Sauce For the Buns"]
    assert len(recipe.ingredients) == 22


def test_star_bullets_wrapped_lines_and_prose_headings() -> None:
    recipe = read_recipe_markdown(RECIPES / "cheesy-meatballs.md")
    assert recipe.ingredients[2] == SourceLine(
        22,
        "For the meatballs",
        "~70g of cheese; I have made with different cheese types, but usually I use Gouda",
    )
    assert recipe.ingredients[0].text == "300-400g of ground beef meat"
    assert {line.group for line in recipe.ingredients} == {"For the meatballs", "For the sauce"}
    assert recipe.servings is None  # only prose says 'about two adult portions'
    assert recipe.steps[0] == "Beat the egg(s) in a large bowl."


def test_notes_under_an_ingredient_are_not_ingredients() -> None:
    recipe = read_recipe_markdown(RECIPES / "quesadilla.md")
    texts = [line.text for line in recipe.ingredients]
    assert len(texts) == 4
    assert texts[1] == "~4 small pinches of (Mozzarella, Oaxaca, or Montery Jack cheese)."
    assert not any(text.startswith("Most cheeses are fine") for text in texts)


def test_ranges_description_heading_and_several_direction_sections() -> None:
    recipe = read_recipe_markdown(RECIPES / "modern-borscht.md")
    assert recipe.description is not None
    assert recipe.description.startswith("This is a modern take on classic Eastern European")
    assert (recipe.prep_time_min, recipe.cook_time_min, recipe.servings) == (45, 90, 8)
    assert len(recipe.steps) == 7 + 11  # 'Prep Directions' then 'Cooking Directions'
    assert recipe.ingredients[-1].text == "Sour Cream (Optional)"


def test_windows_line_endings_and_a_slug_with_underscores() -> None:
    recipe = read_recipe_markdown(RECIPES / "hoisin_tofu_and_broccoli.md")
    assert recipe.slug == "hoisin_tofu_and_broccoli"
    assert (recipe.prep_time_min, recipe.cook_time_min, recipe.servings) == (15, 10, 4)
    assert recipe.ingredients[0].line_no == 14
    assert not any("\r" in line.text for line in recipe.ingredients)


def _write(tmp_path: Path, text: str, name: str = "sample.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_crlf_file_reads_like_lf(tmp_path: Path) -> None:
    text = "---\ntitle: Toast\n---\n\n- 🍽️ Servings: 2\n\n## Ingredients\n\n- 2 slices bread\n"
    lf = read_recipe_markdown(_write(tmp_path, text, "lf.md"))
    crlf = read_recipe_markdown(_write(tmp_path, text.replace("\n", "\r\n"), "crlf.md"))
    assert (
        (crlf.servings, crlf.ingredients)
        == (lf.servings, lf.ingredients)
        == (
            2,
            [SourceLine(9, None, "2 slices bread")],
        )
    )


def test_tags_are_slugified(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "---\ntitle: X\ntags: ['Main Course', \"new zealand\", Drink, drink]\n"
        "date: 2024-02-24T15:40:05+01:00\n---\n\n## Ingredients\n\n- salt\n",
    )
    recipe = read_recipe_markdown(path)
    assert recipe.tags == ["main-course", "new-zealand", "drink"]
    assert recipe.date == date(2024, 2, 24)
    assert (recipe.author, recipe.steps, recipe.servings) == (None, [], None)


@pytest.mark.parametrize(
    ("meta", "servings"),
    [
        ("- 🍽️ Serving 14", 14),
        ("- 🍽️Servings:4-6", 4),
        ("- 🍽️ Servings: Depends", None),
        ("- 🍽️ Servings:", None),
        ("- 🧇 Amount: 19-20 waffles", 19),
        ("Servings: 2", 2),
        ("Makes 12", 12),
        ("Serves 4", 4),
        ("Makes a fine snack.\n\nServings: 3", 3),
    ],
)
def test_servings_lines(tmp_path: Path, meta: str, servings: int | None) -> None:
    path = _write(tmp_path, f"---\ntitle: X\n---\n\n{meta}\n\n## Ingredients\n\n- salt\n")
    assert read_recipe_markdown(path).servings == servings


def test_servings_from_prose_when_there_is_no_servings_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\ntitle: X\n---\n\n## Ingredients\n\n5 serving\n\n* 1 Cup rice\n")
    recipe = read_recipe_markdown(path)
    assert recipe.servings == 5
    assert recipe.ingredients == [SourceLine(9, None, "1 Cup rice")]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("~30 minutes", 30),
        ("1 hour 15 min", 75),
        ("2h", 120),
        ("2h 30min", 150),
        ("10-15 min", 15),
        ("45 ~ 60 min", 60),
        ("2.5 - 3.25 hr", 195),
        ("0.5-2 hours", 120),
        ("1 hr.", 60),
        ("50 m", 50),
        ("0m", 0),
        ("20", 20),
        ("20 min + 30 min for rising", 50),
        ("5 min, + 2 hours minimum chill time", 125),
        ("30 min (plus one hour rising)", 30),
        ("1h 10min or 2h 10min, (depending on how long you leave it to rest.)", 130),
        ("4 days", 5760),
        ("Simmer all day", None),
        ("", None),
    ],
)
def test_parse_minutes(text: str, minutes: int | None) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "servings"),
    [
        ("4", 4),
        ("4-6", 4),
        ("6-8 people", 6),
        ("Makes 12", 12),
        ("makes 4 large pretzels", 4),
        ("8 pancakes", 8),
        ("1~2, about 1 plate full", 1),
        ("2 litres", None),
        ("An average-sized mason jar.", None),
        ("0", None),
    ],
)
def test_parse_servings(text: str, servings: int | None) -> None:
    assert parse_servings(text) == servings


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: X\n\n## Ingredients\n- salt\n", 1, "no front matter"),
        ("---\ntitle: X\n\n## Ingredients\n", 1, "not closed"),
        ("---\ntags: [a]\n---\n\n## Ingredients\n- salt\n", 1, "no title"),
        ("---\ntitle: X\n---\n\nJust prose.\n\n## Directions\n1. Eat.\n", 4, "Ingredients"),
    ],
)
def test_unreadable_files_raise_located_errors(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(RecipeSourceError) as raised:
        read_recipe_markdown(path)
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)
