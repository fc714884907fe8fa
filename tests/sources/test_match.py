"""The ingredient matcher, on a small catalog shaped like the usda-sr26 pack."""

from __future__ import annotations

import pytest

from simmer.packs.schema import Ingredient
from simmer.sources.match import IngredientMatcher, Match, normalize


def _curated(slug: str, name: str, *synonyms: str) -> Ingredient:
    return Ingredient(slug=slug, name=name, synonyms=list(synonyms), source_id="sr26:00000")


def _sr(slug: str, name: str) -> Ingredient:
    return Ingredient(slug=slug, name=name, source_id="sr26:00000")


CATALOG = [
    _curated("all-purpose-flour", "All-purpose flour", "flour", "plain flour", "ap flour"),
    _curated("almond-flour", "Almond flour", "almond meal", "ground almonds"),
    _curated("onion", "Onion", "yellow onion", "white onion"),
    _curated("green-onion", "Green onion", "scallion", "spring onion"),
    _curated("garlic", "Garlic", "garlic clove", "clove garlic"),
    _curated("garlic-powder", "Garlic powder", "granulated garlic"),
    _curated("salt", "Salt", "table salt", "sea salt", "kosher salt"),
    _curated("black-pepper", "Black pepper", "pepper", "ground black pepper"),
    _curated("tomato", "Tomato", "roma tomato"),
    _curated("crushed-tomatoes", "Crushed tomatoes", "canned crushed tomatoes"),
    _curated("broccoli", "Broccoli", "broccoli florets"),
    _curated("coconut", "Coconut", "fresh coconut"),
    _curated("half-and-half", "Half and half", "half-and-half"),
    _curated("jalapeno", "Jalapeño", "jalapeno pepper"),
    _curated("vanilla-extract", "Vanilla extract", "vanilla"),
    _curated("butter", "Butter", "salted butter"),
    _sr("kohlrabi-raw", "Kohlrabi, raw"),
    _sr("kohlrabi-cooked-boiled-drained", "Kohlrabi, cooked, boiled, drained"),
    _sr("persimmons-japanese-raw", "Persimmons, japanese, raw"),
    _sr("persimmons-native-raw", "Persimmons, native, raw"),
    _sr("spices-saffron", "Spices, saffron"),
    _sr("chayote-fruit-raw", "Chayote, fruit, raw"),
    _sr("chayote-fruit-cooked-boiled", "Chayote, fruit, cooked, boiled, drained, without salt"),
]


@pytest.fixture(scope="module")
def matcher() -> IngredientMatcher:
    return IngredientMatcher(CATALOG)


def _slug(matcher: IngredientMatcher, name: str) -> str | None:
    return matcher.match(name).slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("flour", "all-purpose-flour"),
        ("All-Purpose Flour", "all-purpose-flour"),
        ("Onions", "onion"),
        ("2 large onions, chopped", None),  # quantities are the parser's job, not a name
        ("Large organic onions", "onion"),
        ("scallions", "green-onion"),
        ("garlic cloves", "garlic"),
        ("Jalapeño peppers", "jalapeno"),
        ("half and half", "half-and-half"),
        ("Spices, saffron", "spices-saffron"),
        ("kohlrabi", "kohlrabi-raw"),  # SR's 'Kohlrabi, raw', 'raw' being no distinction
    ],
)
def test_exact_names_slugs_and_synonyms(matcher: IngredientMatcher, name: str, slug: str) -> None:
    match = matcher.match(name)
    if slug is None:
        assert match.confidence < 1.0
    else:
        assert match == Match(slug, 1.0, False, ((slug, 1.0),))


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("red onion", "onion"),  # an extra word the candidate lacks
        ("broccli", "broccoli"),  # a typo
        ("very ripe roma tomatoes", "tomato"),
        ("chayote", "chayote-fruit-raw"),  # an SR name's first part, plainest form
    ],
)
def test_fuzzy_and_sr_name_matches(matcher: IngredientMatcher, name: str, slug: str) -> None:
    match = matcher.match(name)
    assert match.slug == slug
    assert 0.85 <= match.confidence < 1.0


@pytest.mark.parametrize(
    "name",
    [
        "coconut flour",  # the extra word is itself a food: not all-purpose flour
        "gluten-free flour",  # a stand-in for flour, not flour
        "vanilla bean",  # the head noun is missing from 'vanilla'
        "garlic salt",  # neither garlic nor salt
        "thermometer",
        "",
    ],
)
def test_no_match_below_the_threshold(matcher: IngredientMatcher, name: str) -> None:
    assert matcher.match(name).slug is None


def test_an_sr_name_part_shared_by_different_foods_is_ambiguous(
    matcher: IngredientMatcher,
) -> None:
    match = matcher.match("persimmons")
    assert match.slug is None
    assert match.ambiguous
    assert {slug for slug, _ in match.candidates} == {
        "persimmons-japanese-raw",
        "persimmons-native-raw",
    }


def test_names_joining_foods_are_ambiguous(matcher: IngredientMatcher) -> None:
    match = matcher.match("salt and pepper")
    assert match.ambiguous


def test_candidates_are_the_top_three_best_first(matcher: IngredientMatcher) -> None:
    match = matcher.match("red onion")
    assert len(match.candidates) <= 3
    assert match.candidates[0] == ("onion", match.confidence)
    scores = [score for _, score in match.candidates]
    assert scores == sorted(scores, reverse=True)


def test_a_synonym_shared_by_two_records_is_ambiguous() -> None:
    matcher = IngredientMatcher(
        [
            _curated("cilantro", "Cilantro", "coriander"),
            _curated("coriander", "Coriander seed", "coriander seeds"),
        ]
    )
    match = matcher.match("coriander")
    assert match.ambiguous
    assert match.slug in {"cilantro", "coriander"}


def test_qualifiers_move_a_match_to_the_foods_qualified_form() -> None:
    beans = _curated("black-beans", "Black beans", "dried black beans")
    canned = _curated("canned-black-beans", "Canned black beans")
    matcher = IngredientMatcher([*CATALOG, beans, canned])
    plain = matcher.match("low-sodium black beans")
    assert plain.slug == "black-beans" and plain.confidence < 1.0
    qualified = matcher.match("low-sodium black beans", ["canned", "low sodium"])
    assert (qualified.slug, qualified.confidence) == ("canned-black-beans", plain.confidence)
    assert [slug for slug, _ in qualified.candidates].count("canned-black-beans") == 1
    # A food without a form of that qualifier keeps its match.
    assert matcher.match("roma tomatoes", ["canned"]).slug == "tomato"


def test_matching_is_deterministic() -> None:
    names = ["red onion", "broccli", "persimmons", "garlic salt", "coconut flour"]
    first = [IngredientMatcher(CATALOG).match(name) for name in names]
    second = [IngredientMatcher(list(reversed(CATALOG))).match(name) for name in names]
    assert first == second


def test_normalize() -> None:
    assert normalize("Ripe Tomatoes, sliced") == "tomato"
    assert normalize("fresh diced tomatoes") == "fresh diced tomato"
    assert normalize("Berries") == "berry"
    assert normalize("peaches") == "peach"
    assert normalize("Crème fraîche") == "creme fraiche"
