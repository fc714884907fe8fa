"""parse_ingredient_line on the shapes of line found in the community recipes."""

from __future__ import annotations

import random

import pytest

from simmer.sources.ingredient_text import (
    RECIPE_SPELLINGS,
    kitchen_unit,
    parse_ingredient_line,
)
from simmer.text import slugify
from simmer.units import canonical_unit, unit_kind


@pytest.mark.parametrize(
    ("text", "quantity", "quantity_max", "unit", "name"),
    [
        ("2 eggs", 2, None, None, "egg"),
        ("2 boneless, skinless chicken breasts", 2, None, None, "boneless skinless chicken breast"),
        ("raisins (optional, 1/4 cup)", 0.25, None, "cup", "raisin"),
        ("1.5 l milk", 1.5, None, "liter", "milk"),
        ("1,5 l milk", 1.5, None, "liter", "milk"),
        (".5 TB ground allspice", 0.5, None, "tablespoon", "ground allspice"),
        ("1/2 cup flour", 0.5, None, "cup", "flour"),
        ("1 1/2 cups warm water", 1.5, None, "cup", "warm water"),
        ("2 and 1/4 teaspoons Active Dry Yeast", 2.25, None, "teaspoon", "active dry yeast"),
        ("½ cup milk", 0.5, None, "cup", "milk"),
        ("1½ tsp. cooking powder", 1.5, None, "teaspoon", "cooking powder"),
        ("1 ½ cup almond meal", 1.5, None, "cup", "almond meal"),
        ("3\N{FRACTION SLASH}4 cup milk", 0.75, None, "cup", "milk"),
        ("5-6 cloves of garlic", 5, 6, "clove", "garlic"),
        ("1 - 2L milk", 1, 2, "liter", "milk"),
        ("2 to 3 cups flour", 2, 3, "cup", "flour"),
        ("1/4 - 1/2 gal milk", 0.25, 0.5, "gallon", "milk"),
        ("½-1 teaspoon red-pepper flakes.", 0.5, 1, "teaspoon", "red-pepper flakes"),
        ("1 or 2 onions", 1, 2, None, "onion"),
        ("1 (or 2) clove(s) of garlic", 1, 2, "clove", "garlic"),
        ("two or three onions", 2, 3, None, "onion"),
        ("1 can (10-3/4 ounces) cream of chicken soup", 10.75, None, "ounce", None),
        ("1 - 2/3 cups Milk", 5 / 3, None, "cup", "milk"),
        ("400g flour", 400, None, "gram", "flour"),
        ("2L water", 2, None, "liter", "water"),
        ("250ml cream", 250, None, "milliliter", "cream"),
        ("60mL milk", 60, None, "milliliter", "milk"),
        ("1tsp vanilla extract", 1, None, "teaspoon", "vanilla extract"),
        ("3 Tbsp Olive Oil", 3, None, "tablespoon", "olive oil"),
        ("2 T sugar", 2, None, "tablespoon", "sugar"),
        ("1t curry powder", 1, None, "teaspoon", "curry powder"),
        ("1 table spoon of honey", 1, None, "tablespoon", "honey"),
        ("8 spoonfuls of tomato paste", 8, None, "tablespoon", "tomato paste"),
        ("12 oz. Linguine", 12, None, "ounce", "linguine"),
        ("1 Lb. beef", 1, None, "pound", "beef"),
        ("1 kg potatoes", 1, None, "kilogram", "potato"),
        ("2 dL water", 2, None, "deciliter", "water"),
        ("20cl beer", 20, None, "centiliter", "beer"),
        ("1 pt vinegar", 1, None, "pint", "vinegar"),
        ("~1/5 metric cups of bread crumbs", 0.2, None, "metric_cup", "bread crumb"),
        ("1 pinch of nutmeg", 1, None, "pinch", "nutmeg"),
        ("a dash cayenne pepper", 1, None, "dash", "cayenne pepper"),
        ("A handful of coffee beans", 1, None, "handful", "coffee bean"),
        ("1 bunch of parsley", 1, None, "bunch", "parsley"),
        ("2 cans of coconut milk", 2, None, "can", "coconut milk"),
        ("2 sticks cinnamon", 2, None, "stick", "cinnamon"),
        ("4 slices of Canadian bacon", 4, None, "slice", "canadian bacon"),
        ("2 bacon rashers", 2, None, "slice", "bacon"),
        ("1 sprig of fresh thyme", 1, None, "sprig", "fresh thyme"),
        ("a pinch of salt", 1, None, "pinch", "salt"),
        ("a jar of apple sauce", 1, None, "jar", "apple sauce"),
        ("an onion", 1, None, None, "onion"),
        ("One can of condensed milk.", 1, None, "can", "condensed milk"),
        ("Six eggs.", 6, None, None, "egg"),
        ("Half a cup of diced chives.", 0.5, None, "cup", "chives"),
        ("A quarter of a pound of sugar.", 0.25, None, "pound", "sugar"),
        ("A pint and a half of milk", 1.5, None, "pint", "milk"),
        ("Three ounces and a half of fresh butter.", 3.5, None, "ounce", "fresh butter"),
        ("1/4 of an onion", 0.25, None, None, "onion"),
        ("~150g bacon cubes", 150, None, "gram", "bacon cube"),
        ("Around 5 tbsp of sesame oil", 5, None, "tablespoon", "sesame oil"),
        ("3 large eggs", 3, None, "large", "egg"),
        ("1 medium-sized carrot", 1, None, "medium", "carrot"),
        ("3 onions (medium size)", 3, None, None, "onion"),
        ("1 small can of corn", 1, None, "can", "corn"),
        ("1 large garlic clove, chopped", 1, None, "clove", "garlic"),
        ("3-4 garlic cloves", 3, 4, "clove", "garlic"),
        ("2 celery sticks", 2, None, "stick", "celery"),
        ("1 heaping tbsp Cumin", 1, None, "tablespoon", "cumin"),
        ("Pinch of season salt", 1, None, "pinch", "season salt"),
        ("Overfilled Teaspoon Mixed Spice", 1, None, "teaspoon", "mixed spice"),
        ("A few cloves of garlic", None, None, "clove", "garlic"),
        ("Water *3 dl*", 3, None, "deciliter", "water"),
        ("Crushed fenugreek leaves 1/4 tbsp", 0.25, None, "tablespoon", None),
        ("Sugar (100 g)", 100, None, "gram", "sugar"),
        ("Egg (3)", 3, None, None, "egg"),
        ("Eggs: 5", 5, None, None, "egg"),
        ("Salt - 1 1/2 teaspoons", 1.5, None, "teaspoon", "salt"),
        ("Roughly chopped walnut pieces, 2 tbsp", 2, None, "tablespoon", None),
        ("Extra virgin olive oil 1/4 cup (40g)", 0.25, None, "cup", "extra virgin olive oil"),
        ("Onions 2 medium-sized, minced", 2, None, "medium", "onion"),
        ("Zest of 1 lemon", 1, None, None, "lemon zest"),
        ("Juice from 1 lime", 1, None, None, "lime juice"),
        ("1 glass of milk", 1, None, None, "milk"),
        ("2-4% sea salt by cabbage weight", None, None, None, None),
        ("Salt.", None, None, None, "salt"),
        ("Cream or creme fraiche.", None, None, None, "cream"),
        ("some vanilla sugar", None, None, None, "vanilla sugar"),
        ("A little sugar", None, None, None, "sugar"),
        ("A couple of Champignon 'shrooms**", None, None, None, None),
        ("Sandwich bun or bread (a good one)", None, None, None, "sandwich bun"),
        ("½ cup + 2 tablespoons (150ml) milk", 0.625, None, "cup", "milk"),
        ("2 glass marbles", 2, None, None, "marble"),
        ("13½ US fl. oz. milk", 13.5, None, "fluid_ounce", "milk"),
        ("6 us fluid ounces frozen orange juice concentrate", 6, None, "fluid_ounce", None),
        ("For the Salad:", None, None, None, ""),
    ],
)
def test_quantity_unit_and_name(
    text: str, quantity: float | None, quantity_max: float | None, unit: str | None, name: str
) -> None:
    parsed = parse_ingredient_line(text)
    assert parsed.quantity == pytest.approx(quantity)
    assert parsed.quantity_max == pytest.approx(quantity_max)
    assert parsed.unit == unit
    if name is not None:
        assert parsed.name == name
    assert parsed.text == text


@pytest.mark.parametrize(
    ("text", "quantity", "unit", "package", "count"),
    [
        ("1 (14 oz) can tomatoes", 14, "ounce", "can", 1),
        ("1 (6-ounce) package Mexican cornbread mix", 6, "ounce", "package", 1),
        ("1 (46 fluid ounce) bottle tomato juice", 46, "fluid_ounce", "bottle", 1),
        ("4 15oz cans of kidney beans", 60, "ounce", "can", 4),
        ("1 15 oz can diced tomatoes", 15, "ounce", "can", 1),
        ("2 33cl bottles of brown beer", 66, "centiliter", "bottle", 2),
        ("2 x 400g tins chopped plum tomatoes", 800, "gram", "can", 2),
        ("1 can (29 ounces) tomato puree", 29, "ounce", "can", 1),
        ("1 small can (around 14oz) of corn", 14, "ounce", "can", 1),
        ("1 bottle 700ml red wine", 700, "milliliter", "bottle", 1),
        ("2 (32 oz) Chicken Broth", 64, "ounce", None, 2),
        ("1 8oz cream cheese", 8, "ounce", None, 1),
        ("28 oz can Chickpeas, rinsed and drained", 28, "ounce", "can", None),
    ],
)
def test_package_lines_give_the_total_amount_and_keep_the_package(
    text: str, quantity: float, unit: str, package: str | None, count: float | None
) -> None:
    parsed = parse_ingredient_line(text)
    assert parsed.quantity == pytest.approx(quantity)
    assert (parsed.unit, parsed.package, parsed.package_count) == (unit, package, count)


def test_a_can_without_size_is_a_count_of_cans() -> None:
    parsed = parse_ingredient_line("1 can of condensed milk (370g)")
    assert (parsed.quantity, parsed.unit, parsed.package) == (1, "can", None)
    assert (parsed.alt_quantity, parsed.alt_unit) == (370, "gram")


@pytest.mark.parametrize(
    ("text", "quantity", "unit", "alt_quantity", "alt_unit"),
    [
        ("1 pound (500g) beef", 1, "pound", 500, "gram"),
        ("~150g (1/3 lb) bacon cubes", 150, "gram", 1 / 3, "pound"),
        ("1 kg / 2 lbs potatoes", 1, "kilogram", 2, "pound"),
        ("24 oz or 1 jar of sauce", 24, "ounce", 1, "jar"),
        ("1 cup milk (2.5 dl)", 1, "cup", 2.5, "deciliter"),
        ("1 stick (½ cup / 113g) unsalted butter", 1, "stick", 0.5, "cup"),
        ("Apricot jam (about 300 g | 10 oz)", 300, "gram", None, None),
    ],
)
def test_alternative_measures(
    text: str, quantity: float, unit: str, alt_quantity: float | None, alt_unit: str | None
) -> None:
    parsed = parse_ingredient_line(text)
    assert parsed.quantity == pytest.approx(quantity)
    assert parsed.alt_quantity == pytest.approx(alt_quantity)
    assert (parsed.unit, parsed.alt_unit) == (unit, alt_unit)


@pytest.mark.parametrize(
    ("text", "name", "alternatives"),
    [
        ("butter or margarine", "butter", ("margarine",)),
        ("1 tablespoon butter, or margarine", "butter", ("margarine",)),
        ("2 Tbsp maple syrup, agave, or honey", "maple syrup", ("agave", "honey")),
        ("Soy or teriyaki sauce", "soy sauce", ("teriyaki sauce",)),
        ("1 Can of black or pinto beans", "black bean", ("pinto bean",)),
        ("Milk/Sweet Cream", "milk", ("sweet cream",)),
        ("1 pound spaghetti (or similarly shaped pasta)", "spaghetti", ("similarly shaped pasta",)),
    ],
)
def test_alternatives(text: str, name: str, alternatives: tuple[str, ...]) -> None:
    parsed = parse_ingredient_line(text)
    assert (parsed.name, parsed.alternatives) == (name, alternatives)


@pytest.mark.parametrize(
    ("text", "name", "preparation"),
    [
        ("1 medium onion, chopped", "onion", "chopped"),
        ("1/2 cup Onion, finely chopped", "onion", "finely chopped"),
        ("1 cup finely chopped Yellow Onion", "yellow onion", "finely chopped"),
        ("1 lb chicken breasts diced", "chicken breast", "diced"),
        ("2 lb lamb stew meat , cut into large pieces", "lamb stew meat", "cut into large pieces"),
        ("1 Carrot, thinly sliced", "carrot", "thinly sliced"),
        ("2 cups all purpose flour", "all-purpose flour", None),
        ("1 pound ground beef", "ground beef", None),
        ("Vegetable oil for deep frying", "vegetable oil", "for deep frying"),
    ],
)
def test_preparation_is_split_from_the_name(text: str, name: str, preparation: str | None) -> None:
    parsed = parse_ingredient_line(text)
    assert (parsed.name, parsed.preparation) == (name, preparation)


@pytest.mark.parametrize(
    ("text", "optional", "to_taste"),
    [
        ("Garlic powder (optional)", True, False),
        ("(Optional) 1 Jalapeño Pepper", True, False),
        ("Chili powder (optional, if you like it spicy)", True, False),
        ("salt to taste", False, True),
        ("salt and pepper, to taste", False, True),
        ("Salt & Pepper (to taste)", False, True),
        ("1/2 tsp Salt (or more, to taste)", False, True),
        ("olive oil q.b.", False, True),
        ("1 cup milk", False, False),
    ],
)
def test_optional_and_to_taste(text: str, optional: bool, to_taste: bool) -> None:
    parsed = parse_ingredient_line(text)
    assert (parsed.optional, parsed.to_taste) == (optional, to_taste)
    assert "optional" not in parsed.name
    assert "taste" not in parsed.name


def test_the_preparation_before_the_name_is_kept_apart() -> None:
    assert parse_ingredient_line("690 grams diced tomatoes").leading_preparation == "diced"
    assert parse_ingredient_line("2 tomatoes, diced").leading_preparation is None


def test_salt_and_pepper_to_taste_keeps_both_words_in_the_name() -> None:
    parsed = parse_ingredient_line("Salt and pepper, to taste")
    assert (parsed.name, parsed.quantity, parsed.to_taste) == ("salt and pepper", None, True)


def test_notes_per_and_approximate() -> None:
    parsed = parse_ingredient_line("Around 120g of ground beef meat per person")
    assert (parsed.quantity, parsed.unit, parsed.per) == (120, "gram", "person")
    assert parsed.approximate
    noted = parse_ingredient_line("400g (15 oz) potatoes (firm/waxy)")
    assert (noted.name, noted.notes) == ("potato", ("firm/waxy",))


def test_markdown_is_read_as_text() -> None:
    parsed = parse_ingredient_line("**2 kg** of [pork loin](/pork) or ribs")
    assert (parsed.quantity, parsed.unit, parsed.name) == (2, "kilogram", "pork loin")


@pytest.mark.parametrize(
    "text",
    [
        "Nuez moscada.",
        "\N{CYRILLIC CAPITAL LETTER ES}rab meat (300 grams)",  # a Cyrillic C
        "olive oil q.b. (quanto basta \N{EN DASH} \N{LEFT SINGLE QUOTATION MARK}enough)",
        "150 g of large white beans (*garrofó*)",
        "2 blood sausages (*morcillas de cebolla*)",
        "Majoran, Muskat, Pepper",
        "粉丝 100g",
        "",
        "(",
        "1/0 cup",
        "- - -",
    ],
)
def test_non_english_and_odd_lines_do_not_crash(text: str) -> None:
    parse_ingredient_line(text)


def test_random_text_never_crashes() -> None:
    rng = random.Random(7)
    alphabet = "0123456789 /-.,()~½¼xXaTtgl ofcan+|*:;%éñ"
    for _ in range(3000):
        parse_ingredient_line("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))


def test_every_spelling_maps_to_a_kitchen_unit_of_the_registry() -> None:
    for spelling, unit in RECIPE_SPELLINGS.items():
        assert canonical_unit(unit) == unit, spelling
        assert unit_kind(unit) is not None, spelling


@pytest.mark.parametrize(
    ("word", "unit"),
    [("Tbsp", "tablespoon"), ("T", "tablespoon"), ("t", "teaspoon"), ("pinches", "pinch")],
)
def test_kitchen_unit(word: str, unit: str) -> None:
    assert kitchen_unit(word) == unit


def test_kitchen_unit_is_none_for_other_words() -> None:
    assert kitchen_unit("a") is None
    assert kitchen_unit("people") is None


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("main course", "main-course"),
        ("Main Course", "main-course"),
        ("Crème Brûlée!", "creme-brulee"),
        ("  new   zealand ", "new-zealand"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
