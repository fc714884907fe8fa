"""Overlap scores: small catalogs computed by hand, and agreement with a brute force."""

from __future__ import annotations

import io
import random
from collections.abc import Iterable, Mapping

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from simmer import overlap
from simmer.overlap import (
    OVERLAP_SCHEMA,
    PERISHABILITY,
    UNKNOWN_PERISHABILITY,
    ingredient_weights,
    overlap_scores,
)

VEGETABLES = "Vegetables and Vegetable Products"
INGREDIENTS = pl.LazyFrame(
    {
        "slug": [
            "onion",
            "carrot",
            "spinach",
            "chicken",
            "rice",
            "basil",
            "odd",
            "salt",
            "black-pepper",
        ],
        "food_group": [
            VEGETABLES,  # 1.0
            VEGETABLES,
            VEGETABLES,
            "Poultry Products",  # 1.0
            "Cereal Grains and Pasta",  # 0.1
            "Spices and Herbs",  # 0.1
            None,  # unknown: 0.5
            "Spices and Herbs",
            "Spices and Herbs",
        ],
        "pantry_staple": [False] * 7 + [True, True],  # salt, black pepper
    }
)
STAPLES = frozenset({"salt", "water"})
LINES_SCHEMA = pl.Schema({"recipe_slug": pl.String, "ingredient": pl.String, "grams": pl.Float64})
Row = tuple[str, str, float, int]


def catalog(
    recipes: Mapping[str, Iterable[str | None]], grams: float | None = 100.0
) -> pl.LazyFrame:
    rows = [(slug, item, grams) for slug, items in recipes.items() for item in items]
    return pl.LazyFrame(rows, schema=LINES_SCHEMA, orient="row")


def scores(
    recipes: Mapping[str, Iterable[str | None]],
    *,
    k: int = 20,
    staples: frozenset[str] | None = None,
) -> list[Row]:
    return overlap_scores(catalog(recipes), INGREDIENTS, k=k, staples=staples).rows()


def test_score_is_the_shared_perishable_share_of_the_first_recipe() -> None:
    # stir-fry weighs onion 1.0 + chicken 1.0 + rice 0.1; soup weighs onion + chicken.
    assert scores({"stir-fry": ["onion", "chicken", "rice"], "soup": ["onion", "chicken"]}) == [
        ("soup", "stir-fry", 1.0, 1),
        ("stir-fry", "soup", 2000 / 2100, 1),
    ]


def test_perishable_ingredients_outweigh_dry_goods() -> None:
    got = scores({"a": ["spinach", "rice"], "b": ["rice"], "c": ["spinach"]})
    assert got == [
        ("a", "c", 1000 / 1100, 1),
        ("a", "b", 100 / 1100, 2),
        ("b", "a", 1.0, 1),
        ("c", "a", 1.0, 1),
    ]


def test_pantry_staples_are_ignored_unless_the_caller_says_otherwise() -> None:
    recipes = {"a": ["salt", "black-pepper", "onion"], "b": ["salt", "carrot"], "c": ["onion"]}
    assert scores(recipes) == [("a", "c", 1.0, 1), ("c", "a", 1.0, 1)]
    assert scores(recipes, staples=frozenset({"black-pepper"})) == [
        ("a", "c", 1000 / 1100, 1),
        ("a", "b", 100 / 1100, 2),
        ("b", "a", 100 / 1100, 1),
        ("c", "a", 1.0, 1),
    ]


def test_a_recipe_never_lists_itself_and_pairs_sharing_nothing_are_left_out() -> None:
    got = scores({"a": ["onion", "onion", "carrot"], "b": ["carrot"], "lonely": ["rice"]})
    assert got == [("a", "b", 0.5, 1), ("b", "a", 1.0, 1)]


def test_k_keeps_the_best_partners_ranked_from_one() -> None:
    hub = ["onion", "carrot", "spinach", "chicken"]
    recipes = {"hub": hub, "p1": hub[:1], "p2": hub[:2], "p3": hub[:3], "p4": hub}
    got = [row for row in scores(recipes, k=2) if row[0] == "hub"]
    assert got == [("hub", "p4", 1.0, 1), ("hub", "p3", 0.75, 2)]


def test_ties_go_to_the_smaller_other_slug_whatever_the_input_order() -> None:
    recipes = {"zeta": ["onion"], "a": ["onion", "carrot"], "mid": ["onion"], "beta": ["onion"]}
    got = [row for row in scores(recipes, k=2) if row[0] == "a"]
    assert got == [("a", "beta", 0.5, 1), ("a", "mid", 0.5, 2)]


def test_same_input_gives_the_same_parquet_bytes_in_any_row_order() -> None:
    lines = random_catalog(random.Random(7), recipes=120)
    shuffled = lines.collect().sample(fraction=1.0, shuffle=True, seed=1).lazy()
    outputs = [
        overlap_scores(frame, random_ingredients(), staples=STAPLES)
        for frame in (lines, lines, shuffled)
    ]
    assert len({parquet_bytes(frame) for frame in outputs}) == 1


def test_lines_with_unknown_grams_count_like_known_ones() -> None:
    recipes: dict[str, list[str | None]] = {"a": ["onion", "carrot", None], "b": ["carrot"]}
    known = overlap_scores(catalog(recipes, grams=250.0), INGREDIENTS)
    unknown = overlap_scores(catalog(recipes, grams=None), INGREDIENTS)
    assert_frame_equal(known, unknown)
    assert known.rows() == [("a", "b", 0.5, 1), ("b", "a", 1.0, 1)]


def test_unknown_food_group_or_ingredient_weighs_the_default() -> None:
    # "odd" has no food group, "mystery" is not in the ingredient frame: 0.5 each.
    got = scores({"a": ["odd", "mystery", "onion"], "b": ["odd"], "c": ["mystery", "onion"]})
    assert got[:2] == [("a", "c", 0.75, 1), ("a", "b", 0.25, 2)]


def test_food_groups_match_whatever_their_spelling() -> None:
    groups = ["Dairy and Egg Products", "dairy-and-egg-products", "Lamb, Veal, and Game Products"]
    frame = pl.LazyFrame({"slug": ["a", "b", "c"], "food_group": groups})
    weights = ingredient_weights(frame).sort("slug").collect()
    assert weights.get_column("weight").to_list() == [1000, 1000, 1000]


@pytest.mark.parametrize(
    "recipes", [{}, {"a": ["salt"], "b": ["salt", None]}, {"a": [None], "b": ["water"]}]
)
def test_no_basket_gives_an_empty_frame_with_the_schema(
    recipes: Mapping[str, Iterable[str | None]],
) -> None:
    got = overlap_scores(catalog(recipes), INGREDIENTS)
    assert got.is_empty()
    assert got.schema == OVERLAP_SCHEMA


def test_k_must_be_positive() -> None:
    with pytest.raises(ValueError, match="k must be at least 1"):
        overlap_scores(catalog({"a": ["onion"]}), INGREDIENTS, k=0)


# --- agreement with a brute force over every pair --------------------------------------------

GROUPS = [*PERISHABILITY, None]  # food groups already spelled as PERISHABILITY's keys
RANDOM_INGREDIENTS = [f"ingredient-{i:02d}" for i in range(40)]


def random_ingredients() -> pl.LazyFrame:
    rng = random.Random(0)
    groups = [rng.choice(GROUPS) for _ in RANDOM_INGREDIENTS]
    return pl.LazyFrame({"slug": RANDOM_INGREDIENTS, "food_group": groups})


def random_catalog(rng: random.Random, recipes: int) -> pl.LazyFrame:
    """Zipf-like popularity, staples, unmatched lines and unknown grams among the lines."""
    names = [*RANDOM_INGREDIENTS, "salt", "water", "not-in-the-ingredient-frame", None]
    popularity = [1 / (rank + 1) for rank in range(len(names))]
    rows = [
        (f"recipe-{index:03d}", name, rng.choice([None, 50.0]))
        for index in range(recipes)
        for name in rng.choices(names, weights=popularity, k=rng.randint(1, 12))
    ]
    return pl.LazyFrame(rows, schema=LINES_SCHEMA, orient="row")


def brute_force(lines: pl.LazyFrame, ingredients: pl.LazyFrame, k: int) -> pl.DataFrame:
    groups = dict(ingredients.collect().iter_rows())
    baskets: dict[str, set[str]] = {}
    for recipe, name, _ in lines.collect().iter_rows():
        if name is not None and name not in STAPLES:
            baskets.setdefault(recipe, set()).add(name)

    def weight(names: set[str]) -> int:
        perishability = (
            PERISHABILITY.get(groups.get(name) or "", UNKNOWN_PERISHABILITY) for name in names
        )
        return sum(round(value * 1000) for value in perishability)

    rows: list[Row] = []
    for recipe in sorted(baskets):
        shared = [(weight(baskets[recipe] & baskets[other]), other) for other in baskets]
        best = sorted((-w, other) for w, other in shared if w > 0 and other != recipe)[:k]
        total = weight(baskets[recipe])
        rows += [(recipe, other, -w / total, rank) for rank, (w, other) in enumerate(best, 1)]
    return pl.DataFrame(rows, schema=OVERLAP_SCHEMA, orient="row")


TUNINGS = {
    # Module defaults: on 150 recipes every ingredient is light.
    "all-light": {},
    # Many heavy ingredients: subset index, multi-light pairs, masks in light rows.
    "heavy": {"HEAVY_MIN_RECIPES": 5},
    # Few mask bits: common ingredients stay light; tiny blocks.
    "few-bits": {"HEAVY_MIN_RECIPES": 2, "MASK_BITS": 4, "PAIRS_PER_BLOCK": 50},
    # Most recipes too wide for subsets: explicit pairs in both directions.
    "wide": {"HEAVY_MIN_RECIPES": 3, "MAX_SUBSET_BITS": 2},
    # Every path at once: heavy-only, light rows, multi-light pairs, wide recipes.
    "mixed": {"HEAVY_MIN_RECIPES": 15, "MAX_SUBSET_BITS": 3},
}


@pytest.mark.parametrize("k", [1, 3, 20])
@pytest.mark.parametrize("tuning", TUNINGS.values(), ids=TUNINGS.keys())
def test_agrees_with_brute_force(
    tuning: dict[str, int], k: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in tuning.items():
        monkeypatch.setattr(overlap, name, value)
    lines = random_catalog(random.Random(k), recipes=150)
    expected = brute_force(lines, random_ingredients(), k)
    assert_frame_equal(overlap_scores(lines, random_ingredients(), k=k, staples=STAPLES), expected)


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()
