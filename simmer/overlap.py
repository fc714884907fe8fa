"""Ingredient-overlap scores: which recipes use up what another recipe leaves over.

Definition. A recipe's *basket* is its set of matched ingredients, pantry staples (the
ingredients whose pack marks them `pantry_staple`, unless the caller names its own) left out. An
ingredient weighs its perishability, from its USDA food group (`PERISHABILITY`: meat, fish,
vegetables and dairy 1.0 down to spices, grains and sweets 0.1; unknown 0.5), and

    score(A, B) = weight of the ingredients A and B share / weight of A's basket

is the perishable share of A's shopping that B uses too. It is asymmetric, in (0, 1]: a small
recipe can be covered by a big one and not the other way round, and the planner asks exactly
"what uses up A's leftovers". Lines count by presence, so a line with unknown grams counts like
one with known grams: what is left over depends on package sizes (the planner's and the cart's
business), not on recipe quantities; what matters here is that B uses the opened bunch at all.
Weights are summed as integers (thousandths), so ties are exact and the output is reproducible.

Algorithm: the exact top k (it agrees with the all-pairs brute force) without the all-pairs
product. Ingredients of many recipes ("heavy": onion, garlic, butter) are bits of a per-recipe
u128 mask; the others ("light") are joined on ingredient, one block of recipes at a time.
1. Pairs sharing heavy ingredients only come from an index of heavy subsets: if B shares
   exactly the subset c with A, B is among the first k+1 recipes holding c, or k others win.
2. Pairs sharing a light ingredient are scored row by row (its weight plus the masks' overlap)
   and dropped below A's k-th best from step 1; the few sharing two light ones are summed.
3. A recipe with too many heavy ingredients to enumerate subsets ("wide") is joined on all of
   its ingredients, its pairs kept in both directions.
50,000 recipes take seconds and well under a GB (bench/bench_overlap.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import polars as pl

PERISHABILITY: MappingProxyType[str, float] = MappingProxyType(
    {
        # USDA SR food groups, lower-cased with "-" for other characters. How soon it spoils
        # once bought or opened: days 1.0, a week or two 0.6, months 0.3, shelf-stable 0.1.
        # SR files fresh basil or thyme with the (mostly dried) spices: they get 0.1 too.
        "finfish-and-shellfish-products": 1.0,
        "poultry-products": 1.0,
        "beef-products": 1.0,
        "pork-products": 1.0,
        "lamb-veal-and-game-products": 1.0,
        "vegetables-and-vegetable-products": 1.0,
        "dairy-and-egg-products": 1.0,
        "fruits-and-fruit-juices": 0.6,
        "sausages-and-luncheon-meats": 0.6,
        "baked-products": 0.6,
        "soups-sauces-and-gravies": 0.6,
        "meals-entrees-and-side-dishes": 0.6,
        "fast-foods": 0.6,
        "restaurant-foods": 0.6,
        "baby-foods": 0.6,
        "american-indian-alaska-native-foods": 0.6,
        "legumes-and-legume-products": 0.3,
        "nut-and-seed-products": 0.3,
        "fats-and-oils": 0.3,
        "beverages": 0.3,
        "snacks": 0.3,
        "spices-and-herbs": 0.1,
        "cereal-grains-and-pasta": 0.1,
        "breakfast-cereals": 0.1,
        "sweets": 0.1,
    }
)
UNKNOWN_PERISHABILITY = 0.5

OVERLAP_SCHEMA = pl.Schema(
    {"recipe_slug": pl.String, "other_slug": pl.String, "score": pl.Float64, "rank": pl.UInt32}
)

WEIGHT_UNITS = 1000  # perishability 1.0 = 1000: weights add up exactly as integers
HEAVY_MIN_RECIPES = 500  # an ingredient of this many recipes is a mask bit ...
MASK_BITS = 128  # ... if it is among the MASK_BITS most used (at most 128: a u128)
MAX_SUBSET_BITS = 12  # a recipe with more heavy ingredients is "wide"
PAIRS_PER_BLOCK = 5_000_000  # join rows per block of recipes

ID = pl.UInt32
WEIGHT = pl.Int64
MASK = pl.UInt128


def overlap_scores(
    lines: pl.LazyFrame,
    ingredients: pl.LazyFrame,
    *,
    k: int = 20,
    staples: frozenset[str] | None = None,
) -> pl.DataFrame:
    """The k best partners of every recipe: `recipe_slug, other_slug, score, rank`.

    `lines(recipe_slug, ingredient, grams)` (ingredient null when unmatched; grams unused),
    `ingredients(slug, food_group, pantry_staple)`; `staples` replaces the ingredients' own
    pantry staples. Sorted by recipe_slug and rank; ties in score go to the smaller
    other_slug; a recipe never lists itself, pairs sharing nothing are not listed.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if staples is None:
        staples = pantry_staples(ingredients)
    baskets = recipe_baskets(lines, ingredients, staples).collect()
    if baskets.is_empty():
        return pl.DataFrame(schema=OVERLAP_SCHEMA)
    catalog = _Catalog.encode(baskets)
    heavy_only = _heavy_only_candidates(catalog, k)
    light = _light_candidates(catalog, _kth_shared(heavy_only, catalog, k), k)
    return _ranked(pl.concat([heavy_only, light, _wide_candidates(catalog, k)]), catalog, k)


def pantry_staples(ingredients: pl.LazyFrame) -> frozenset[str]:
    """The slugs of the ingredients marked `pantry_staple`."""
    staples = ingredients.filter(pl.col("pantry_staple")).select("slug").collect()
    return frozenset(staples.get_column("slug").to_list())


def food_group_key(food_group: pl.Expr) -> pl.Expr:
    """A USDA food group as the keys of `PERISHABILITY` spell it: lower case, '-' for every run
    of other characters ('Dairy and Egg Products' -> 'dairy-and-egg-products')."""
    return food_group.str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "-").str.strip_chars("-")


def ingredient_weights(ingredients: pl.LazyFrame) -> pl.LazyFrame:
    """`slug, weight`: perishability of each ingredient's food group, in `WEIGHT_UNITS`."""
    perishability = (
        food_group_key(pl.col("food_group"))
        .replace_strict(dict(PERISHABILITY), default=UNKNOWN_PERISHABILITY, return_dtype=pl.Float64)
        .fill_null(UNKNOWN_PERISHABILITY)
    )
    return (
        ingredients.select("slug", weight=_to_units(perishability))
        .group_by("slug")
        .agg(pl.col("weight").max())
    )


def recipe_baskets(
    lines: pl.LazyFrame, ingredients: pl.LazyFrame, staples: frozenset[str]
) -> pl.LazyFrame:
    """`recipe_slug, ingredient, weight`: each recipe's distinct matched non-staple ingredients.

    An ingredient missing from `ingredients` weighs `UNKNOWN_PERISHABILITY`.
    """
    return (
        lines.select("recipe_slug", "ingredient")
        .drop_nulls()
        .filter(~pl.col("ingredient").is_in(sorted(staples)))
        .unique()
        .join(ingredient_weights(ingredients), left_on="ingredient", right_on="slug", how="left")
        .with_columns(pl.col("weight").fill_null(_to_units(pl.lit(UNKNOWN_PERISHABILITY))))
    )


def _to_units(perishability: pl.Expr) -> pl.Expr:
    return (perishability * WEIGHT_UNITS).round().cast(WEIGHT)


@dataclass(frozen=True)
class _Catalog:
    """Baskets with dense ids (recipe ids in slug order) and heavy ingredients as mask bits.

    `items(recipe, ingredient, weight, recipes, bit)` has the ingredients of two recipes or
    more; `recipes` counts an ingredient's recipes, `bit` is null when it is light. `recipes`
    is indexed by recipe id: `slug, total, mask, wide`. `classes`: (weight, mask of its bits).
    """

    items: pl.DataFrame
    recipes: pl.DataFrame
    classes: tuple[tuple[int, int], ...]

    @staticmethod
    def encode(baskets: pl.DataFrame) -> _Catalog:
        slugs = baskets.get_column("recipe_slug").unique().sort()
        numbered = baskets.select(
            recipe=pl.col("recipe_slug").rank("dense").cast(ID) - 1,
            ingredient=pl.col("ingredient").rank("dense").cast(ID),
            weight="weight",
            recipes=pl.len().over("ingredient").cast(ID),
        )
        bits = _heavy_bits(numbered)
        items = (
            numbered.filter(pl.col("recipes") > 1)
            .join(bits.drop("weight"), on="ingredient", how="left")
            .sort("ingredient", "recipe")
        )
        classes = bits.group_by("weight").agg(pl.col("bit").bitwise_or()).sort("weight")
        return _Catalog(
            items=items,
            recipes=_recipe_table(numbered, items, slugs),
            classes=tuple(classes.iter_rows()),
        )


def _heavy_bits(items: pl.DataFrame) -> pl.DataFrame:
    """`ingredient, weight, bit`: the `MASK_BITS` most used of the ingredients that are heavy."""
    return (
        items.group_by("ingredient")
        .agg(pl.col("weight", "recipes").first())
        .filter(pl.col("recipes") >= HEAVY_MIN_RECIPES)
        .sort(["recipes", "ingredient"], descending=[True, False])
        .head(MASK_BITS)
        .select("ingredient", "weight", bit=pl.lit(2, MASK).pow(pl.int_range(pl.len())))
    )


def _recipe_table(numbered: pl.DataFrame, items: pl.DataFrame, slugs: pl.Series) -> pl.DataFrame:
    masks = items.group_by("recipe").agg(mask=pl.col("bit").bitwise_or())
    return (
        numbered.group_by("recipe")
        .agg(total=pl.col("weight").sum())
        .join(masks, on="recipe", how="left")
        .sort("recipe")
        .select(
            slug=slugs,
            total="total",
            mask=pl.col("mask").fill_null(0),
            wide=pl.col("mask").bitwise_count_ones().fill_null(0) > MAX_SUBSET_BITS,
        )
    )


def _recipe_value(catalog: _Catalog, column: str, recipe: str = "recipe") -> pl.Expr:
    """`catalog.recipes[column]` of the recipe id in column `recipe` (ids are row numbers)."""
    return pl.lit(catalog.recipes.get_column(column)).gather(pl.col(recipe))


def _is_wide(catalog: _Catalog) -> pl.Expr:
    return _recipe_value(catalog, "wide")


def _heavy_shared(catalog: _Catalog) -> pl.Expr:
    """Weight of the heavy ingredients that `recipe` and `other` share, from their masks."""
    both = _recipe_value(catalog, "mask") & _recipe_value(catalog, "mask", "other")
    return pl.sum_horizontal(
        pl.lit(0, WEIGHT),
        *(
            (both & pl.lit(bits, MASK)).bitwise_count_ones().cast(WEIGHT) * weight
            for weight, bits in catalog.classes
        ),
    )


def _top_k(pairs: pl.LazyFrame, k: int) -> pl.LazyFrame:
    """`recipe, other, shared, rank`: the k best `other` per `recipe`, ties to the smaller id.

    One u128 sort key (recipe, then shared descending, then other) sorts several times faster
    than three columns; shared weights stay far below 2**32 (a thousand per ingredient).
    """
    descending_shared = pl.lit(2**32 - 1, MASK) - pl.col("shared").cast(pl.UInt32)
    key = (
        pl.col("recipe").cast(MASK) * pl.lit(2**64, MASK)
        + descending_shared * pl.lit(2**32, MASK)
        + pl.col("other").cast(MASK)
    )
    return (
        pairs.sort(key)
        .with_columns(rank=pl.col("recipe").cum_count().over("recipe"))
        .filter(pl.col("rank") <= k)
    )


def _heavy_subsets(catalog: _Catalog) -> pl.DataFrame:
    """`recipe, subset, shared`: every non-empty subset of each narrow recipe's heavy set."""
    heavy = (
        catalog.items.filter(pl.col("bit").is_not_null(), ~_is_wide(catalog))
        .select("recipe", "bit", "weight")
        .with_columns(slot=pl.int_range(pl.len()).over("recipe"))
    )
    subsets = heavy.select(
        pl.col("recipe").unique(), subset=pl.lit(0, MASK), shared=pl.lit(0, WEIGHT)
    )
    for slot in range(heavy.get_column("slot").n_unique()):
        grown = subsets.join(heavy.filter(pl.col("slot") == slot), on="recipe").select(
            "recipe",
            subset=pl.col("subset") | pl.col("bit"),
            shared=pl.col("shared") + pl.col("weight"),
        )
        subsets = pl.concat([subsets, grown])
    return subsets.filter(pl.col("shared") > 0)


def _heavy_only_candidates(catalog: _Catalog, k: int) -> pl.DataFrame:
    """`recipe, other, shared`: each narrow recipe's k best narrow partners by heavy overlap.

    If B shares exactly the heavy subset c with A, either B is among the first k+1 recipes
    holding c or k others holding c beat it; and a subset lighter than one held by more than k
    recipes cannot place anyone in A's top k.
    """
    subsets = (
        _heavy_subsets(catalog)
        .lazy()
        .with_columns(holders=pl.len().over("subset"))
        .filter(pl.col("holders") > 1)
    )
    floor = pl.col("shared").filter(pl.col("holders") > k).max().over("recipe").fill_null(0)
    index = subsets.filter(pl.col("recipe").rank("ordinal").over("subset") <= k + 1)
    pairs = (
        subsets.filter(pl.col("shared") >= floor)
        .join(index.select("subset", other="recipe"), on="subset")
        .filter(pl.col("other") != pl.col("recipe"))
        .filter(_heavy_shared(catalog) == pl.col("shared"))
        .select("recipe", "other", "shared")
    )
    return _top_k(pairs, k).drop("rank").collect()


def _kth_shared(heavy_only: pl.DataFrame, catalog: _Catalog, k: int) -> pl.Series:
    """Per recipe id, a lower bound of its k-th best shared weight (0 when none is known)."""
    kth = heavy_only.group_by("recipe").agg(
        kth=pl.when(pl.len() >= k).then(pl.col("shared").min()).otherwise(0)
    )
    return (
        catalog.recipes.with_row_index("recipe")
        .join(kth, on="recipe", how="left")
        .sort("recipe")
        .get_column("kth")
        .fill_null(0)
    )


def _light_lines(catalog: _Catalog) -> pl.LazyFrame:
    return (
        catalog.items.lazy()
        .filter(pl.col("bit").is_null())
        .select("recipe", "ingredient", "weight", "recipes")
    )


def _multi_light_pairs(catalog: _Catalog) -> pl.DataFrame:
    """`recipe, other, shared`: narrow recipes and partners sharing two light ingredients+."""
    lines = _light_lines(catalog)
    twos = (
        lines.join(lines, on="recipe", suffix="_2")
        .filter(pl.col("ingredient") < pl.col("ingredient_2"))
        .select("recipe", "ingredient", "ingredient_2")
    )
    pairs = (
        twos.filter(~_is_wide(catalog))
        .join(twos.rename({"recipe": "other"}), on=["ingredient", "ingredient_2"])
        .filter(pl.col("other") != pl.col("recipe"))
        .select("recipe", "other")
        .unique()
    )
    return (
        pairs.join(lines, on="recipe")
        .join(lines.select(other="recipe", ingredient="ingredient"), on=["other", "ingredient"])
        .group_by("recipe", "other")
        .agg(pl.col("weight").sum())
        .select("recipe", "other", shared=pl.col("weight") + _heavy_shared(catalog))
        .collect()
    )


def _blocks(lines: pl.LazyFrame) -> list[pl.LazyFrame]:
    """Lines of consecutive recipes, cut where their join rows add up to `PAIRS_PER_BLOCK`."""
    block = pl.col("recipes").cast(pl.Int64).cum_sum() // PAIRS_PER_BLOCK
    parts = lines.sort("recipe").with_columns(block=block).collect().partition_by("block")
    return [part.drop("block").lazy() for part in parts]


def _light_candidates(catalog: _Catalog, kth: pl.Series, k: int) -> pl.DataFrame:
    """`recipe, other, shared`: narrow recipes' k best partners sharing a light ingredient.

    A pair sharing one light ingredient scores it plus the heavy overlap, row by row; pairs
    sharing more come from `_multi_light_pairs`. Rows below the recipe's known k-th best drop.
    """
    lines = _light_lines(catalog)
    postings = lines.select("ingredient", other="recipe")
    reaches = pl.col("shared") >= pl.lit(kth).gather(pl.col("recipe"))
    multi = _multi_light_pairs(catalog)
    found = [multi.filter(reaches)]
    for block in _blocks(lines.filter(~_is_wide(catalog))):
        single = (
            block.join(postings, on="ingredient")
            .filter(pl.col("other") != pl.col("recipe"))
            .select("recipe", "other", shared=pl.col("weight") + _heavy_shared(catalog))
            .filter(reaches)
            .join(multi.lazy(), on=["recipe", "other"], how="anti")
        )
        found.append(_top_k(single, k).drop("rank").collect())
    return _top_k(pl.concat(found).lazy(), k).drop("rank").collect()


def _wide_candidates(catalog: _Catalog, k: int) -> pl.DataFrame:
    """`recipe, other, shared`: wide recipes' k best partners, and every pair mirrored."""
    items = catalog.items.lazy()
    pairs = (
        items.filter(_is_wide(catalog))
        .join(items.select("ingredient", other="recipe"), on="ingredient")
        .filter(pl.col("other") != pl.col("recipe"))
        .group_by("recipe", "other")
        .agg(shared=pl.col("weight").sum())
    )
    mirrored = pairs.select(recipe="other", other="recipe", shared="shared")
    return pl.concat([_top_k(pairs, k).drop("rank"), mirrored]).collect()


def _ranked(candidates: pl.DataFrame, catalog: _Catalog, k: int) -> pl.DataFrame:
    best = candidates.lazy().group_by("recipe", "other").agg(pl.col("shared").max())
    return (
        _top_k(best, k)
        .select(
            recipe_slug=_recipe_value(catalog, "slug"),
            other_slug=_recipe_value(catalog, "slug", "other"),
            score=pl.col("shared") / _recipe_value(catalog, "total"),
            rank="rank",
        )
        .collect()
        .rechunk()
    )
