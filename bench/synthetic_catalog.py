"""Synthetic recipe catalogs at scale, for the overlap benchmark: `synthetic_catalog(n)`.

About 2,000 ingredients with Zipf-like popularity: real names at the head, pantry staples among
them as in real recipe collections (at 50,000 recipes: salt in 32 %, onion 27 %, garlic 21 %),
food groups from USDA SR's 25 groups. Each recipe has 5-15 distinct ingredient lines; grams are
log-normal, about one line in ten has unknown grams and one in fifty no matched ingredient.
Deterministic for a given seed.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import polars as pl

from simmer.sources.usda_kitchen import PANTRY_STAPLES

VEGETABLES = "Vegetables and Vegetable Products"
FRUITS = "Fruits and Fruit Juices"
DAIRY = "Dairy and Egg Products"
SPICES = "Spices and Herbs"
FATS = "Fats and Oils"
POULTRY = "Poultry Products"
BEEF = "Beef Products"
PORK = "Pork Products"
FISH = "Finfish and Shellfish Products"
GRAINS = "Cereal Grains and Pasta"
LEGUMES = "Legumes and Legume Products"
NUTS = "Nut and Seed Products"
SWEETS = "Sweets"
BAKED = "Baked Products"
BEVERAGES = "Beverages"
SAUCES = "Soups, Sauces, and Gravies"

HEAD_INGREDIENTS: tuple[tuple[str, str], ...] = (
    ("salt", SPICES),
    ("onion", VEGETABLES),
    ("olive-oil", FATS),
    ("garlic", VEGETABLES),
    ("butter", DAIRY),
    ("sugar", SWEETS),
    ("all-purpose-flour", GRAINS),
    ("black-pepper", SPICES),
    ("egg", DAIRY),
    ("water", BEVERAGES),
    ("milk", DAIRY),
    ("vegetable-oil", FATS),
    ("tomato", VEGETABLES),
    ("lemon", FRUITS),
    ("carrot", VEGETABLES),
    ("chicken-breast", POULTRY),
    ("parmesan", DAIRY),
    ("baking-powder", BAKED),
    ("cilantro", VEGETABLES),
    ("ground-beef", BEEF),
    ("baking-soda", BAKED),
    ("heavy-cream", DAIRY),
    ("celery", VEGETABLES),
    ("rice", GRAINS),
    ("soy-sauce", LEGUMES),
    ("potato", VEGETABLES),
    ("ginger", SPICES),
    ("green-bell-pepper", VEGETABLES),
    ("bacon", PORK),
    ("cheddar", DAIRY),
    ("basil", SPICES),
    ("sour-cream", DAIRY),
    ("cumin", SPICES),
    ("spinach", VEGETABLES),
    ("salmon", FISH),
    ("chicken-broth", SAUCES),
    ("almonds", NUTS),
    ("honey", SWEETS),
    ("bread", BAKED),
    ("white-vinegar", SPICES),
)

TAIL_FOOD_GROUPS: tuple[tuple[str | None, int], ...] = (
    (VEGETABLES, 20),
    (SPICES, 10),
    (FRUITS, 9),
    (DAIRY, 8),
    (GRAINS, 6),
    (BAKED, 6),
    (LEGUMES, 5),
    (BEEF, 5),
    (POULTRY, 4),
    (PORK, 4),
    (FISH, 4),
    (NUTS, 4),
    (SWEETS, 4),
    (SAUCES, 4),
    (FATS, 2),
    (BEVERAGES, 2),
    ("Sausages and Luncheon Meats", 2),
    ("Lamb, Veal, and Game Products", 1),
    ("Breakfast Cereals", 1),
    ("Snacks", 1),
    (None, 3),
)

ZIPF_EXPONENT = 1.0
ZIPF_OFFSET = 4.0
MIN_LINES, MAX_LINES = 5, 15
UNKNOWN_GRAMS_SHARE = 0.1
UNMATCHED_SHARE = 0.02


@dataclass(frozen=True)
class Catalog:
    """`lines(recipe_slug, ingredient, grams)` and `ingredients(slug, food_group,
    pantry_staple)` (the usda-sr26 pack's pantry staples among the head names)."""

    lines: pl.DataFrame
    ingredients: pl.DataFrame


def synthetic_catalog(n_recipes: int, *, n_ingredients: int = 2000, seed: int = 0) -> Catalog:
    rng = random.Random(seed)
    ingredients = _ingredients(n_ingredients, rng)
    lines = _lines(n_recipes, ingredients["slug"], rng)
    return Catalog(lines=lines, ingredients=ingredients)


def _ingredients(count: int, rng: random.Random) -> pl.DataFrame:
    head = HEAD_INGREDIENTS[:count]
    groups, weights = zip(*TAIL_FOOD_GROUPS, strict=True)
    tail_groups = rng.choices(groups, weights=weights, k=count - len(head))
    return pl.DataFrame(
        {
            "slug": [slug for slug, _ in head]
            + [f"ingredient-{i:04d}" for i in range(len(head), count)],
            "food_group": [group for _, group in head] + tail_groups,
        },
        schema={"slug": pl.String, "food_group": pl.String},
    ).with_columns(pantry_staple=pl.col("slug").is_in(sorted(PANTRY_STAPLES)))


def _popularity_cdf(count: int) -> pl.Series:
    weights = [1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(count)]
    total = sum(weights)
    return pl.Series(list(itertools.accumulate(w / total for w in weights)))


def _lines(n_recipes: int, slugs: pl.Series, rng: random.Random) -> pl.DataFrame:
    """Oversample popularity-weighted draws per recipe, keep the first distinct ones."""
    sizes = [rng.randint(MIN_LINES, MAX_LINES) for _ in range(n_recipes)]
    draws_per_recipe = [2 * size + 6 for size in sizes]
    n_draws = sum(draws_per_recipe)
    cdf = _popularity_cdf(slugs.len())
    draws = pl.DataFrame(
        {
            "recipe": pl.int_range(n_recipes, eager=True)
            .repeat_by(pl.Series(draws_per_recipe))
            .explode(),
            "rank": cdf.search_sorted(pl.Series([rng.random() for _ in range(n_draws)])),
        }
    )
    kept = (
        draws.unique(["recipe", "rank"], keep="first", maintain_order=True)
        .with_columns(position=pl.int_range(pl.len()).over("recipe"))
        .join(pl.DataFrame({"recipe": range(n_recipes), "size": sizes}), on="recipe")
        .filter(pl.col("position") < pl.col("size"))
    )
    grams = [round(rng.lognormvariate(4.0, 1.0), 1) for _ in range(kept.height)]
    missing = [rng.random() for _ in range(2 * kept.height)]
    return kept.select(
        recipe_slug=pl.format("recipe-{}", pl.col("recipe").cast(pl.String).str.zfill(6)),
        ingredient=pl.when(pl.Series(missing[: kept.height]) >= UNMATCHED_SHARE).then(
            slugs.gather(kept["rank"].clip(0, slugs.len() - 1))
        ),
        grams=pl.when(pl.Series(missing[kept.height :]) >= UNKNOWN_GRAMS_SHARE).then(
            pl.Series(grams, dtype=pl.Float64)
        ),
    )


ALLERGENS_BY_GROUP: dict[str | None, tuple[str, ...]] = {
    # What a food group brings, roughly: dairy is milk (eggs are in it too, see EGG_SLUGS),
    # nuts are tree nuts or peanuts, baked goods and pasta wheat, fish and shellfish split.
    DAIRY: ("milk",),
    NUTS: ("tree_nuts",),
    BAKED: ("wheat",),
    GRAINS: ("wheat",),
    FISH: ("fish",),
}
ANIMAL_GROUPS = {
    POULTRY,
    BEEF,
    PORK,
    "Sausages and Luncheon Meats",
    "Lamb, Veal, and Game Products",
}
TAGS = ("pizza", "pasta", "soup", "salad", "curry", "stew", "quick", "baked", "grill", "bowl")
SLOT_PATTERNS = (["breakfast"], ["lunch", "dinner"], ["breakfast", "lunch"], ["dinner"])
SLOT_PATTERN_WEIGHTS = (25, 55, 5, 15)
UNKNOWN_ALLERGEN_SHARE = 0.05
UNKNOWN_TIME_SHARE = 0.05


def synthetic_candidates(catalog: Catalog, *, seed: int = 0) -> pl.DataFrame:
    """The planner's `CANDIDATES` for a synthetic catalog, deterministic for a seed.

    Allergens follow the ingredients' food groups (`ALLERGENS_BY_GROUP`; nuts alternate tree
    nuts and peanuts, fish alternates fish and shellfish, eggs are milk's neighbours in
    dairy), and about one recipe in twenty gets an allergen of unknown status; diets follow
    the groups too (meat: omnivore only; fish: pescatarian; dairy or eggs: vegetarian; else
    vegan). Energy per serving is log-normal around 500 kcal, protein 10-35 % and fat 20-45 %
    of it, carbohydrate the rest; cost 0.6-6.0 per serving; times 10-120 min (one in twenty
    unknown); meal slots and one or two tags drawn by the weights above.
    """
    rng = random.Random(seed)
    groups = catalog.ingredients.with_row_index("n").with_columns(
        allergen=pl.col("food_group").replace_strict(
            {g: a[0] for g, a in ALLERGENS_BY_GROUP.items() if g is not None},
            default=None,
            return_dtype=pl.String,
        )
    )
    groups = groups.with_columns(
        allergen=pl.when(pl.col("food_group") == NUTS, pl.col("n") % 2 == 1)
        .then(pl.lit("peanuts"))
        .when(pl.col("food_group") == FISH, pl.col("n") % 2 == 1)
        .then(pl.lit("shellfish"))
        .when(pl.col("food_group") == DAIRY, pl.col("n") % 3 == 1)
        .then(pl.lit("egg"))
        .otherwise("allergen"),
        animal=pl.col("food_group").is_in(sorted(ANIMAL_GROUPS)),
        fish=pl.col("food_group") == FISH,
        dairy=pl.col("food_group") == DAIRY,
    )
    per_recipe = (
        catalog.lines.drop_nulls("ingredient")
        .join(groups, left_on="ingredient", right_on="slug")
        .group_by("recipe_slug")
        .agg(
            allergens=pl.col("allergen").drop_nulls().unique().sort(),
            animal=pl.col("animal").any(),
            fish=pl.col("fish").any(),
            dairy=pl.col("dairy").any(),
        )
    )
    recipes = (
        catalog.lines.select("recipe_slug")
        .unique()
        .sort("recipe_slug")
        .join(per_recipe, on="recipe_slug", how="left")
    )
    n = recipes.height
    kcal = [round(min(1400.0, max(150.0, rng.lognormvariate(6.2, 0.35))), 1) for _ in range(n)]
    protein = [rng.uniform(0.10, 0.35) for _ in range(n)]
    fat = [rng.uniform(0.20, 0.45) for _ in range(n)]
    slots = rng.choices(SLOT_PATTERNS, weights=SLOT_PATTERN_WEIGHTS, k=n)
    unknown = [
        [rng.choice(("milk", "egg", "wheat", "soy", "sesame", "peanuts"))]
        if rng.random() < UNKNOWN_ALLERGEN_SHARE
        else []
        for _ in range(n)
    ]
    times = [
        None if rng.random() < UNKNOWN_TIME_SHARE else rng.randrange(10, 121, 5) for _ in range(n)
    ]
    tags = [sorted(set(rng.sample(TAGS, rng.choice((1, 1, 2))))) for _ in range(n)]
    costs = [round(rng.uniform(0.6, 6.0), 2) for _ in range(n)]
    diets = pl.concat_list(
        pl.lit("omnivore"),
        pl.when(~pl.col("animal")).then(pl.lit("pescatarian")),
        pl.when(~pl.col("animal") & ~pl.col("fish")).then(pl.lit("vegetarian")),
        pl.when(~pl.col("animal") & ~pl.col("fish") & ~pl.col("dairy")).then(pl.lit("vegan")),
    ).list.drop_nulls()
    return recipes.with_columns(pl.col("animal", "fish", "dairy").fill_null(False)).select(
        slug="recipe_slug",
        title=pl.col("recipe_slug").str.replace("recipe-", "Recipe "),
        kcal_per_serving=pl.Series(kcal),
        protein_g_per_serving=(pl.Series(kcal) * pl.Series(protein) / 4).round(1),
        fat_g_per_serving=(pl.Series(kcal) * pl.Series(fat) / 9).round(1),
        carbs_g_per_serving=(pl.Series(kcal) * (1 - pl.Series(protein) - pl.Series(fat)) / 4).round(
            1
        ),
        cost_per_serving=pl.Series(costs),
        total_time_min=pl.Series(times, dtype=pl.Int32),
        meal_slots=pl.Series(slots, dtype=pl.List(pl.String)),
        tags=pl.Series(tags, dtype=pl.List(pl.String)),
        allergens=pl.col("allergens").fill_null([]),
        allergens_unknown=pl.Series(unknown, dtype=pl.List(pl.String)),
        diets=diets,
    )


def synthetic_candidate_ingredients(catalog: Catalog) -> pl.DataFrame:
    """The planner's `CANDIDATE_INGREDIENTS`: the matched lines."""
    return catalog.lines.drop_nulls("ingredient").select(
        "recipe_slug", ingredient_slug="ingredient", grams="grams"
    )
