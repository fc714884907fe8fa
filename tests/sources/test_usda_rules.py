"""The allergen and diet rule table, on tricky SR26 names (real NDB numbers and descriptions)."""

from __future__ import annotations

import pytest

from simmer.packs.schema import Allergen, Diet
from simmer.sources import SourceError
from simmer.sources.usda_rules import (
    NDB_RULES,
    allergens_present,
    food_flags,
    read_reviewed_foods,
)

ALL = frozenset(Allergen)
DAIRY = "Dairy and Egg Products"
LEGUMES = "Legumes and Legume Products"
NUTS = "Nut and Seed Products"
SEAFOOD = "Finfish and Shellfish Products"
FATS = "Fats and Oils"


def _present(ndb: str, group: str, description: str) -> set[str]:
    return {a.value for a, v in food_flags(ndb, group, description).allergens.items() if v}


def _absent(ndb: str, group: str, description: str) -> set[str]:
    return {a.value for a, v in food_flags(ndb, group, description).allergens.items() if not v}


def _unknown(ndb: str, group: str, description: str) -> set[str]:
    return {a.value for a in ALL} - set(food_flags(ndb, group, description).allergens)


def _diets(ndb: str, group: str, description: str) -> dict[str, bool]:
    return {d.value: v for d, v in food_flags(ndb, group, description).diets.items()}


@pytest.mark.parametrize(
    ("ndb", "group", "description", "present", "unknown"),
    [
        # Plain foods: everything else known absent.
        ("01001", DAIRY, "Butter, salted", {"milk"}, set()),
        ("01123", DAIRY, "Egg, whole, raw, fresh", {"egg"}, set()),
        ("02030", "Spices and Herbs", "Spices, pepper, black", set(), set()),
        (
            "20081",
            "Cereal Grains and Pasta",
            "Wheat flour, white, all-purpose, enriched, bleached",
            {"wheat"},
            set(),
        ),
        (
            "16126",
            LEGUMES,
            "Tofu, firm, prepared with calcium sulfate and magnesium chloride (nigari)",
            {"soy"},
            set(),
        ),
        (
            "20044",
            "Cereal Grains and Pasta",
            "Rice, white, long-grain, regular, raw, enriched",
            set(),
            set(),
        ),
        # Crustaceans are shellfish; molluscs keep shellfish unknown and are not fish.
        ("15149", SEAFOOD, "Crustaceans, shrimp, mixed species, raw", {"shellfish"}, set()),
        ("15164", SEAFOOD, "Mollusks, mussel, blue, raw", set(), {"shellfish"}),
        (
            "15121",
            SEAFOOD,
            "Fish, tuna, light, canned in water, drained solids",
            {"fish"},
            {"soy"},
        ),
        # Nuts never clear peanuts or tree nuts; coconut is no tree nut but stays unknown.
        ("12061", NUTS, "Nuts, almonds", {"tree_nuts"}, {"peanuts"}),
        (
            "12118",
            NUTS,
            "Nuts, coconut milk, canned (liquid expressed from grated meat and water)",
            set(),
            {"tree_nuts", "peanuts"},
        ),
        ("16087", LEGUMES, "Peanuts, all types, raw", {"peanuts"}, {"tree_nuts"}),
        # Grains milled alongside wheat keep wheat unknown.
        (
            "08120",
            "Breakfast Cereals",
            "Cereals, oats, regular and quick, not fortified, dry",
            set(),
            {"wheat"},
        ),
        # Refined soybean and peanut oils: neither present nor absent; sesame oil is sesame.
        ("04044", FATS, "Oil, soybean, salad or cooking", set(), {"soy"}),
        ("04042", FATS, "Oil, peanut, salad or cooking", set(), {"peanuts"}),
        ("04058", FATS, "Oil, sesame, salad or cooking", {"sesame"}, set()),
        ("04047", FATS, "Oil, coconut", set(), {"tree_nuts"}),
    ],
)
def test_plain_foods(
    ndb: str, group: str, description: str, present: set[str], unknown: set[str]
) -> None:
    assert _present(ndb, group, description) == present
    assert _unknown(ndb, group, description) == unknown


@pytest.mark.parametrize(
    ("ndb", "group", "description", "present"),
    [
        (
            "27059",
            "Soups, Sauces, and Gravies",
            "Sauce, peanut, made from peanut butter, water, soy sauce",
            {"peanuts", "soy"},
        ),
        ("18064", "Baked Products", "Bread, wheat", {"wheat"}),
        (
            "06053",
            "Soups, Sauces, and Gravies",
            "Soup, cream of potato, canned, condensed",
            {"milk"},
        ),
        ("20110", "Cereal Grains and Pasta", "Noodles, egg, cooked, enriched", {"egg", "wheat"}),
        ("19132", "Sweets", "Candies, milk chocolate, with almonds", {"milk", "tree_nuts"}),
        (
            "05008",
            "Poultry Products",
            "Chicken, broilers or fryers, meat and skin, cooked, fried, flour",
            {"wheat"},
        ),
    ],
)
def test_composite_foods_only_claim_what_a_keyword_shows(
    ndb: str, group: str, description: str, present: set[str]
) -> None:
    assert _present(ndb, group, description) == present
    assert _absent(ndb, group, description) == set()


@pytest.mark.parametrize(
    ("ndb", "description"),
    [
        (
            "11359",
            "Potatoes, french fried, crinkle or regular cut, salt added in processing, "
            "frozen, as purchased",
        ),
        ("11174", "Corn, sweet, yellow, canned, cream style, regular pack"),
        ("31008", "CAMPBELL'S, V8 100% Vegetable Juice"),
    ],
)
def test_prepared_mixed_or_branded_vegetables_stay_unknown(ndb: str, description: str) -> None:
    assert _absent(ndb, "Vegetables and Vegetable Products", description) == set()


@pytest.mark.parametrize(
    ("ndb", "group", "description", "not_present"),
    [
        ("11209", "Vegetables and Vegetable Products", "Eggplant, raw", "egg"),
        (
            "11590",
            "Vegetables and Vegetable Products",
            "Waterchestnuts, chinese, canned, solids and liquids",
            "tree_nuts",
        ),
        (
            "11485",
            "Vegetables and Vegetable Products",
            "Squash, winter, butternut, raw",
            "tree_nuts",
        ),
        (
            "11174",
            "Vegetables and Vegetable Products",
            "Corn, sweet, yellow, canned, cream style, regular pack",
            "milk",
        ),
        ("18373", "Baked Products", "Leavening agents, cream of tartar", "milk"),
        (
            "06932",
            "Soups, Sauces, and Gravies",
            "PREGO Pasta, Traditional Italian Sauce, ready-to-serve",
            "wheat",
        ),
        ("20011", "Cereal Grains and Pasta", "Buckwheat flour, whole-groat", "wheat"),
        ("20061", "Cereal Grains and Pasta", "Rice flour, white", "wheat"),
        (
            "14016",
            "Beverages",
            "Beverages, almond milk, sweetened, vanilla flavor, ready-to-drink",
            "milk",
        ),
    ],
)
def test_look_alike_words_are_not_allergens(
    ndb: str, group: str, description: str, not_present: str
) -> None:
    assert not_present not in _present(ndb, group, description)


@pytest.mark.parametrize(
    ("ndb", "group", "description", "diets"),
    [
        (
            "01001",
            DAIRY,
            "Butter, salted",
            {"vegetarian": True, "pescatarian": True, "vegan": False},
        ),
        (
            "01123",
            DAIRY,
            "Egg, whole, raw, fresh",
            {"vegetarian": True, "pescatarian": True, "vegan": False},
        ),
        ("01032", DAIRY, "Cheese, parmesan, grated", {"vegan": False}),  # animal rennet
        (
            "15149",
            SEAFOOD,
            "Crustaceans, shrimp, mixed species, raw",
            {"vegetarian": False, "pescatarian": True, "vegan": False},
        ),
        (
            "05062",
            "Poultry Products",
            "Chicken, broiler or fryers, breast, skinless, boneless, meat only, raw",
            {"vegetarian": False, "pescatarian": False, "vegan": False},
        ),
        (
            "02030",
            "Spices and Herbs",
            "Spices, pepper, black",
            {"vegetarian": True, "pescatarian": True, "vegan": True},
        ),
        (
            "12118",
            NUTS,
            "Nuts, coconut milk, canned (liquid expressed from grated meat and water)",
            {"vegetarian": True, "pescatarian": True, "vegan": True},
        ),
        ("19296", "Sweets", "Honey", {"vegetarian": True, "pescatarian": True, "vegan": False}),
        (
            "19177",
            "Sweets",
            "Gelatins, dry powder, unsweetened",
            {"vegetarian": False, "pescatarian": False, "vegan": False},
        ),
        (
            "01108",
            DAIRY,
            "Milk, indian buffalo, fluid",
            {"vegetarian": True, "pescatarian": True, "vegan": False},
        ),
        (
            "06043",
            "Soups, Sauces, and Gravies",
            "Soup, cream of mushroom, canned, condensed",
            {"vegan": False},
        ),
        (
            "07022",
            "Sausages and Luncheon Meats",
            "Frankfurter, beef, unheated",
            {"vegetarian": False, "pescatarian": False, "vegan": False},
        ),
    ],
)
def test_diets(ndb: str, group: str, description: str, diets: dict[str, bool]) -> None:
    assert _diets(ndb, group, description) == {"omnivore": True, **diets}


SAUCES = "Soups, Sauces, and Gravies"
BAKED = "Baked Products"
GRAINS = "Cereal Grains and Pasta"
PLANT = {"vegan": True, "vegetarian": True, "pescatarian": True}


@pytest.mark.parametrize(
    ("ndb", "group", "description", "present", "unknown", "diets"),
    [
        # Broths: the usual recipe has no allergen; hydrolysed soy or wheat protein varies.
        ("06194", SAUCES, "Soup, chicken broth, ready-to-serve", set(), {"wheat", "soy"}, {}),
        ("06615", SAUCES, "SWANSON BROTH, Vegetable Broth", set(), {"wheat", "soy"}, PLANT),
        ("06081", SAUCES, "Soup, chicken broth cubes, dry", set(), {"milk", "wheat", "soy"}, {}),
        ("02009", "Spices and Herbs", "Spices, chili powder", set(), set(), PLANT),
        ("02015", "Spices and Herbs", "Spices, curry powder", set(), {"wheat"}, PLANT),
        (
            "16123",
            LEGUMES,
            "Soy sauce made from soy and wheat (shoyu)",
            {"soy", "wheat"},
            set(),
            PLANT,
        ),
        (
            "06971",
            SAUCES,
            "Sauce, worcestershire",
            {"fish"},
            {"wheat", "soy"},
            {"pescatarian": True},
        ),
        (
            "04025",
            FATS,
            "Salad dressing, mayonnaise, regular",
            {"egg"},
            {"soy"},
            {"vegetarian": True, "pescatarian": True},
        ),
        # Bread: wheat; milk, egg, soy, sesame and nuts vary between bakeries.
        (
            "18069",
            BAKED,
            "Bread, white, commercially prepared (includes soft bread crumbs)",
            {"wheat"},
            {"milk", "egg", "soy", "sesame", "tree_nuts", "peanuts"},
            {},
        ),
        ("20120", GRAINS, "Spaghetti, dry, enriched", {"wheat"}, {"egg"}, PLANT),
        (
            "19080",
            "Sweets",
            "Candies, semisweet chocolate",
            set(),
            {"milk", "soy", "tree_nuts", "peanuts"},
            {"vegetarian": True, "pescatarian": True},
        ),
        # Wine: fining agents may remain and leave the diets unknown.
        (
            "14096",
            "Beverages",
            "Alcoholic beverage, wine, table, red",
            set(),
            {"milk", "egg", "fish"},
            {},
        ),
        # The name says pasta, but marinara has none.
        (
            "06931",
            SAUCES,
            "Sauce, pasta, spaghetti/marinara, ready-to-serve",
            set(),
            {"milk", "soy"},
            {},
        ),
        (
            "06176",
            SAUCES,
            "Sauce, oyster, ready-to-serve",
            set(),
            {"shellfish", "wheat", "soy"},
            {"pescatarian": True, "vegetarian": False, "vegan": False},
        ),
    ],
)
def test_reviewed_staples_state_every_allergen(
    ndb: str,
    group: str,
    description: str,
    present: set[str],
    unknown: set[str],
    diets: dict[str, bool],
) -> None:
    assert _present(ndb, group, description) == present
    assert _unknown(ndb, group, description) == unknown
    assert _diets(ndb, group, description) == {**_derived_diets(group, description), **diets}


def _derived_diets(group: str, description: str) -> dict[str, bool]:
    return _diets("", group, description)


@pytest.mark.parametrize("ndb", sorted(NDB_RULES))
def test_a_reviewed_row_never_clears_what_its_name_shows(ndb: str) -> None:
    rule = NDB_RULES[ndb]
    named = allergens_present("", rule.food)
    cleared = {allergen for allergen, present in rule.allergens.items() if not present}
    assert not (named & cleared), (rule.food, named & cleared)


def test_a_mistyped_ndb_number_is_refused() -> None:
    with pytest.raises(
        SourceError, match=r"usda_reviewed.csv:\d+: food: NDB 06971 .*Sauce, hoisin"
    ):
        food_flags("06971", SAUCES, "Sauce, hoisin, ready-to-serve")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('06971,"Sauce, worcestershire",fish,nuts,,,anchovies', r"t.csv:2: varies: 'nuts'"),
        ('6971,"Sauce, worcestershire",fish,,,,anchovies', r"t.csv:2: ndb: '6971'"),
        ('06971,"Sauce, worcestershire",fish,fish,,,anchovies', r"t.csv:2: .*both"),
        ('06971,"Sauce, worcestershire",fish,,,,', r"t.csv:2: food and reason"),
    ],
)
def test_a_bad_reviewed_row_is_a_located_error(row: str, message: str) -> None:
    header = "ndb,food,present,varies,fits,does_not_fit,reason"
    with pytest.raises(SourceError, match=message):
        read_reviewed_foods(f"{header}\n{row}\n", "t.csv")


def test_flags_are_in_vocabulary_order() -> None:
    flags = food_flags("01001", DAIRY, "Butter, salted")
    assert list(flags.allergens) == list(Allergen)
    assert list(flags.diets) == [d for d in Diet if d in flags.diets]
