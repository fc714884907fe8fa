"""The allergen and diet rule table, on tricky SR26 names (real NDB numbers and descriptions)."""

from __future__ import annotations

import pytest

from simmer.packs.schema import Allergen, Diet
from simmer.sources.usda_rules import food_flags

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
        ("16098", LEGUMES, "Peanut butter, smooth style, with salt", {"peanuts"}),
        ("18064", "Baked Products", "Bread, wheat", {"wheat"}),
        ("16123", LEGUMES, "Soy sauce made from soy and wheat (shoyu)", {"soy", "wheat"}),
        (
            "06043",
            "Soups, Sauces, and Gravies",
            "Soup, cream of mushroom, canned, condensed",
            {"milk"},
        ),
        ("06971", "Soups, Sauces, and Gravies", "Sauce, worcestershire", {"fish"}),
        ("20109", "Cereal Grains and Pasta", "Noodles, egg, dry, enriched", {"egg", "wheat"}),
        ("19120", "Sweets", "Candies, milk chocolate, with almonds", {"milk", "tree_nuts"}),
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
        ("11583", "Vegetables, mixed, frozen, unprepared"),
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
        ("16123", LEGUMES, "Soy sauce made from soy and wheat (shoyu)", {}),
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


def test_reviewed_ndb_corrections_win() -> None:
    assert _present("43015", FATS, "Salad dressing, caesar dressing, regular") == {
        "milk",
        "egg",
        "fish",
    }
    assert _unknown("02046", "Spices and Herbs", "Mustard, prepared, yellow") == set()


def test_flags_are_in_vocabulary_order() -> None:
    flags = food_flags("01001", DAIRY, "Butter, salted")
    assert list(flags.allergens) == list(Allergen)
    assert list(flags.diets) == [d for d in Diet if d in flags.diets]
