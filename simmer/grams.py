"""Grams of a quantity of an ingredient: recipe lines (`line_grams`) and packages
(`with_grams`), from the catalog's units, portions and densities.

- The quantity is `quantity`; for a range (`quantity_max` set) the midpoint of the two.
- A line is unmatched when it has no ingredient, its ingredient is not in the catalog, or its
  status is 'unmatched': it gets no grams ('unmatched ingredient').
- Mass units convert directly (pint's factors, `simmer.units.grams_per_unit`).
- Volume units: millilitres times the ingredient's grams per millilitre, taken from one of its
  volume portions (grams / (amount x millilitres of the portion's unit)), else from its
  `density_g_per_ml`.
- Count units ('clove', 'large', 'can'): one of the ingredient's portions in that same unit
  (grams per one). A 'piece' with no 'piece' portion is a whole item, as below.
- No unit ('3 onions', '2 eggs'): whole items, weighed by one of the ingredient's count
  portions in medium, piece, large, small, then the other count units in
  `simmer.units.COUNT_UNITS` order ('serving' never: a serving is not an item). A portion that
  is part of an item weighs a counted item only when no other portion can: one whose
  description names a part besides its unit ('cantaloupe balls' as pieces: "1 cantaloupe" is a
  melon, not a ball), or, on a line that counts pieces, a fraction of its unit (SR26's 0.5
  'piece' of chicken meat is half a chicken: "4 chicken pieces" take its 197 g 'unit' instead).
  With several sizes in one unit ('melon, large/medium/small' as pieces), the medium one.
- Which portion, when there are several: the one whose description the line's own words name
  ("1/2 cup cheddar, shredded" takes 'cup, shredded', "2 plum tomatoes" takes 'plum tomato'),
  then the plainest (fewest qualifying words: 'large' before 'extra large', 'cup, fluid'
  before 'cup, whipped'), then the preferred unit (cup, tablespoon, teaspoon for volumes; the
  order above for whole items), then by description, then the portion the pack lists first
  (so the same catalog always gives the same grams). Hand-computed macros of 20 real recipes
  agree within 2 % with this rule (tests/test_macros_accuracy.py); a median over all portions
  of a unit did not (whipped cream is not liquid cream).
- A line weighing more than `MAX_LINE_GRAMS` (5 kg) keeps its grams but is flagged
  'implausible quantity' and counts as a line without grams everywhere else (macros, coverage,
  cost): such a line is almost always a parsing slip ('1 (14 oz) can' read as 14 cans).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import polars as pl

from simmer.figures import Frame
from simmer.units import COUNT_UNITS, grams_per_unit, kitchen_units, milliliters_per_unit, unit_kind

MAX_LINE_GRAMS = 5000.0
VOLUME_PREFERENCE: tuple[str, ...] = ("cup", "tablespoon", "teaspoon")
# Measures too rough to scale into another unit: SR26's 'dash' of pepper (0.1 g) is a shake,
# not 1/8 teaspoon, so '1/2 teaspoon' of it comes from the teaspoon portion.
VAGUE_VOLUME_UNITS: tuple[str, ...] = ("dash", "pinch", "smidgen")
# Words of a portion's description that do not qualify it: a 'cup, fluid' of cream is its plain
# cup, and a unit's own spellings say nothing more than the unit.
NEUTRAL_PORTION_WORDS: tuple[str, ...] = (
    "fluid", "liquid", "fl", "oz", "tbsp", "tsp", "cup", "cups", "of", "and", "or", "a", "nlea",
)  # fmt: skip
# Count units that are the item itself, a whole item's first ('2 medium onions' are 2 onions;
# '2 cloves' are not 2 garlics).
ITEM_ITSELF_UNITS = ("medium", "piece", "large", "small")
# Words that make a portion part of an item ('cantaloupe balls' counted as pieces).
PART_WORDS: tuple[str, ...] = (
    "ball", "balls", "slice", "slices", "wedge", "wedges", "cube", "cubes", "chunk", "chunks",
    "strip", "strips", "half", "halves", "quarter", "quarters", "segment", "segments",
)  # fmt: skip
# Sizes a portion's description may state, a whole item's first ('melon, medium').
SIZE_PREFERENCE: tuple[str, ...] = ("medium", "large", "small")
# A bare count ('8 tortillas') counts the food, never a serving or a container of it (SR26's
# '1 package' of tortillas weighs 407 g).
_NOT_WHOLE_ITEMS = frozenset({"serving", "can", "jar", "bottle", "package", "packet", "bag", "box"})
WHOLE_ITEM_PREFERENCE: tuple[str, ...] = (
    *ITEM_ITSELF_UNITS,
    *(u for u in COUNT_UNITS if u not in ITEM_ITSELF_UNITS and u not in _NOT_WHOLE_ITEMS),
)


@cache
def unit_factors() -> pl.DataFrame:
    """Every kitchen unit with its kind and its grams (mass) or millilitres (volume) per one."""
    units = kitchen_units()
    kinds = [unit_kind(u) for u in units]
    return pl.DataFrame(
        {
            "unit": units,
            "unit_kind": kinds,
            "grams_per_unit": [
                grams_per_unit(u) if k == "mass" else None
                for u, k in zip(units, kinds, strict=True)
            ],
            "ml_per_unit": [
                milliliters_per_unit(u) if k == "volume" else None
                for u, k in zip(units, kinds, strict=True)
            ],
        },
        schema={
            "unit": pl.String,
            "unit_kind": pl.String,
            "grams_per_unit": pl.Float64,
            "ml_per_unit": pl.Float64,
        },
    )


def _preference(order: Sequence[str], column: str = "unit") -> pl.Expr:
    """Rank of the unit in `column` in `order` (units not in it rank last, together)."""
    ranks = {unit: rank for rank, unit in enumerate(order)}
    return pl.col(column).replace_strict(ranks, default=len(order), return_dtype=pl.Int32)


def _words(text: pl.Expr) -> pl.Expr:
    """Lowercase words of a text, without what is in parentheses ('(2-1/4" dia)')."""
    return (
        text.fill_null("")
        .str.to_lowercase()
        .str.replace_all(r"\([^)]*\)", " ")
        .str.extract_all(r"[a-z]+")
    )


def portion_candidates(portions: Frame) -> pl.LazyFrame:
    """Every portion as grams per one unit (count) or per millilitre (volume), with the words
    that qualify it ('cup, shredded' -> [shredded]; a bare 'cup' or 'large' -> [])."""
    neutral = pl.concat_list(pl.col("unit"), pl.lit(list(NEUTRAL_PORTION_WORDS)))
    return (
        portions.lazy()
        .with_row_index("_portion_order")
        .join(unit_factors().lazy(), on="unit")
        .filter(pl.col("unit_kind").is_in(["count", "volume"]))
        .select(
            "ingredient",
            "unit",
            "unit_kind",
            "description",
            "amount",
            pl.col("unit").alias("portion_unit"),
            pl.when(pl.col("unit_kind") == "volume")
            .then(pl.col("grams") / (pl.col("amount") * pl.col("ml_per_unit")))
            .otherwise(pl.col("grams") / pl.col("amount"))
            .alias("per_one"),
            _words(pl.col("description")).list.set_difference(neutral).alias("qualifiers"),
            "_portion_order",
        )
        .with_columns(
            names_part=pl.col("qualifiers").list.set_intersection(list(PART_WORDS)).list.len() > 0,
            size_rank=_size_rank(pl.col("qualifiers")),
        )
    )


def _size_rank(qualifiers: pl.Expr) -> pl.Expr:
    """Rank of the first size in SIZE_PREFERENCE that `qualifiers` name (none: last)."""
    ranks = [
        pl.when(qualifiers.list.contains(size)).then(pl.lit(rank))
        for rank, size in enumerate(SIZE_PREFERENCE)
    ]
    return pl.coalesce(*ranks, pl.lit(len(SIZE_PREFERENCE)))


def _best_fit(
    items: pl.LazyFrame,
    candidates: pl.LazyFrame,
    right_on: list[str],
    order: Sequence[str],
    whole_items: bool = False,
) -> pl.LazyFrame:
    """Per item (`_row`), for `whole_items` one that is no part of an item (module docstring)
    first, then the candidate whose qualifiers the item's words name most, then one
    not in a vague measure of another unit (VAGUE_VOLUME_UNITS), then the one with the fewest
    other qualifiers, then the unit first in `order`, then the size first in SIZE_PREFERENCE,
    then by description, then the one its pack lists first (two 'slice' portions of bread:
    the first)."""
    left_on = ["_slug", "_unit"][: len(right_on)]
    shared = pl.col("qualifiers").list.set_intersection("_words").list.len()
    extra = pl.col("qualifiers").list.len() - shared
    vague = pl.col("portion_unit").is_in(list(VAGUE_VOLUME_UNITS)) & (
        pl.col("portion_unit") != pl.col("_unit")
    ).fill_null(True)
    counts_pieces = pl.col("_words").list.set_intersection(["piece", "pieces"]).list.len() > 0
    part = pl.col("names_part") | ((pl.col("amount") < 1) & counts_pieces)
    return (
        items.join(candidates, left_on=left_on, right_on=right_on, how="inner")
        .with_columns(
            _part=part & whole_items,
            _shared=shared,
            _vague=vague,
            _extra=extra,
            _rank=_preference(order, "portion_unit"),
        )
        .sort(
            [
                "_row",
                "_part",
                "_shared",
                "_vague",
                "_extra",
                "_rank",
                "size_rank",
                "description",
                "_portion_order",
            ],
            descending=[False, False, True, False, False, False, False, False, False],
            nulls_last=True,
        )
        .group_by("_row", maintain_order=True)
        .first()
        .select("_row", "per_one", "portion_unit")
    )


def _chosen_portions(
    items: pl.LazyFrame, portions: Frame, ingredient: str, unit: str
) -> pl.LazyFrame:
    """`_row` with `_portion_per_ml` (volume), `_per_unit_item` (count unit) and
    `_per_whole_item` (a bare count, or a 'piece' without a piece portion; `_whole_item_unit`
    the unit of its portion), each from the best-fitting portion of the item's ingredient."""
    candidates = portion_candidates(portions)
    keyed = items.select(
        "_row", "_words", pl.col(ingredient).alias("_slug"), pl.col(unit).alias("_unit")
    )
    volume = _best_fit(
        keyed,
        candidates.filter(pl.col("unit_kind") == "volume"),
        ["ingredient"],
        VOLUME_PREFERENCE,
    )
    same_unit = _best_fit(
        keyed, candidates.filter(pl.col("unit_kind") == "count"), ["ingredient", "unit"], ()
    )
    whole = _best_fit(
        keyed.filter(pl.col("_unit").is_null() | (pl.col("_unit") == "piece")),
        candidates.filter(pl.col("unit").is_in(list(WHOLE_ITEM_PREFERENCE))),
        ["ingredient"],
        WHOLE_ITEM_PREFERENCE,
        whole_items=True,
    )
    return (
        items.select("_row")
        .join(volume.select("_row", _portion_per_ml="per_one"), on="_row", how="left")
        .join(same_unit.select("_row", _per_unit_item="per_one"), on="_row", how="left")
        .join(
            whole.select("_row", _per_whole_item="per_one", _whole_item_unit="portion_unit"),
            on="_row",
            how="left",
        )
    )


def with_grams(
    items: Frame,
    ingredients: Frame,
    portions: Frame,
    *,
    ingredient: str = "ingredient",
    quantity: str = "quantity",
    unit: str = "unit",
    text: str | None = None,
    whole_item_unit: bool = False,
) -> pl.LazyFrame:
    """`items` plus grams, grams_method and grams_issue for `quantity` `unit` of `ingredient`.

    The conversion rules of the module docstring, without the implausibility guard (a 10 kg
    sack is a fine package); recipe lines go through `line_grams`. The words of the `text`
    column, when given, choose among an ingredient's portions of one unit. With
    `whole_item_unit`, also the unit of the portion a bare count is weighed by ('clove' for
    garlic, 'medium' for onions), as column `whole_item_unit`.
    """
    factors = (
        unit_factors()
        .lazy()
        .select(
            pl.col("unit").alias("_unit"),
            pl.col("unit_kind").alias("_kind"),
            pl.col("grams_per_unit").alias("_grams_per_unit"),
            pl.col("ml_per_unit").alias("_ml_per_unit"),
        )
    )
    ingredient_facts = ingredients.lazy().select(
        pl.col("slug").alias("_slug"),
        pl.lit(True).alias("_known"),
        pl.col("density_g_per_ml").alias("_density"),
    )
    words = _words(pl.col(text)) if text else pl.lit([], dtype=pl.List(pl.String))
    numbered = items.lazy().with_row_index("_row").with_columns(_words=words)
    return (
        numbered.join(factors, left_on=unit, right_on="_unit", how="left")
        .join(ingredient_facts, left_on=ingredient, right_on="_slug", how="left")
        .join(_chosen_portions(numbered, portions, ingredient, unit), on="_row", how="left")
        .with_columns(
            _grams_per_ml=pl.coalesce("_portion_per_ml", "_density"),
            _per_ml_method=pl.when(pl.col("_portion_per_ml").is_not_null())
            .then(pl.lit("portion"))
            .when(pl.col("_density").is_not_null())
            .then(pl.lit("density")),
        )
        .with_columns(_grams_expr(pl.col(quantity), pl.col(unit)).alias("grams"))
        .with_columns(
            _method_expr().alias("grams_method"),
            _issue_expr(pl.col(quantity), pl.col(unit)).alias("grams_issue"),
        )
        .sort("_row")
        .drop(
            "_row",
            "_words",
            "_kind",
            "_grams_per_unit",
            "_ml_per_unit",
            "_known",
            "_density",
            "_portion_per_ml",
            "_grams_per_ml",
            "_per_ml_method",
            "_per_unit_item",
            "_per_whole_item",
        )
        .rename({"_whole_item_unit": "whole_item_unit"})
        .drop([] if whole_item_unit else ["whole_item_unit"])
    )


def _grams_expr(quantity: pl.Expr, unit: pl.Expr) -> pl.Expr:
    kind = pl.col("_kind")
    per_item = pl.coalesce(
        "_per_unit_item", pl.when(unit == "piece").then(pl.col("_per_whole_item"))
    )
    by_kind = (
        pl.when(kind == "mass")
        .then(quantity * pl.col("_grams_per_unit"))
        .when(kind == "volume")
        .then(quantity * pl.col("_ml_per_unit") * pl.col("_grams_per_ml"))
        .when(kind == "count")
        .then(quantity * per_item)
        .when(unit.is_null())
        .then(quantity * pl.col("_per_whole_item"))
    )
    return pl.when(pl.col("_known")).then(by_kind)


def _method_expr() -> pl.Expr:
    kind = pl.col("_kind")
    return (
        pl.when(pl.col("grams").is_null())
        .then(None)
        .when(kind == "mass")
        .then(pl.lit("mass"))
        .when(kind == "volume")
        .then(pl.col("_per_ml_method"))
        .otherwise(pl.lit("portion"))
    )


def _issue_expr(quantity: pl.Expr, unit: pl.Expr) -> pl.Expr:
    kind = pl.col("_kind")
    return (
        pl.when(pl.col("_known").is_null())
        .then(pl.lit("unmatched ingredient"))
        .when(quantity.is_null())
        .then(pl.lit("no quantity"))
        .when(unit.is_not_null() & kind.is_null())
        .then(pl.format("unknown unit {}", unit))
        .when(pl.col("grams").is_not_null())
        .then(None)
        .when(kind == "volume")
        .then(pl.lit("no density or volume portion"))
        .when(kind == "count")
        .then(pl.format("no portion for unit {}", unit))
        .otherwise(pl.lit("no count portion"))
    )


def line_quantity() -> pl.Expr:
    """A line's quantity: `quantity`, or the midpoint of `quantity`..`quantity_max`."""
    low, high = pl.col("quantity"), pl.col("quantity_max")
    return pl.when(high.is_not_null()).then((low + high) / 2).otherwise(low)


def is_unmatched() -> pl.Expr:
    """A line with no ingredient or the status 'unmatched' (a slug missing from the catalog is
    unmatched too: the joins find those)."""
    return pl.col("ingredient").is_null() | (pl.col("status") == "unmatched")


def flag_implausible(lines: pl.LazyFrame) -> pl.LazyFrame:
    """Lines over MAX_LINE_GRAMS keep their grams but get the issue 'implausible quantity'."""
    implausible = pl.col("grams") > MAX_LINE_GRAMS
    return lines.with_columns(
        pl.when(implausible)
        .then(pl.lit("implausible quantity"))
        .otherwise(pl.col("grams_issue"))
        .alias("grams_issue")
    )


def line_grams(lines: Frame, ingredients: Frame, portions: Frame) -> pl.LazyFrame:
    """Every recipe line (all columns kept) plus grams, grams_method and grams_issue."""
    matched = pl.when(~is_unmatched()).then(pl.col("ingredient"))
    with_helpers = lines.lazy().with_columns(
        line_quantity().alias("_quantity"), matched.alias("_ingredient")
    )
    return (
        with_grams(
            with_helpers,
            ingredients,
            portions,
            ingredient="_ingredient",
            quantity="_quantity",
            text="text",
        )
        .drop("_quantity", "_ingredient")
        .pipe(flag_implausible)
        .sort("recipe_slug", "line_no")
    )


def counted_grams() -> pl.Expr:
    """A line's grams as every figure counts them: null when unknown or flagged."""
    return pl.when(pl.col("grams_issue").is_null()).then(pl.col("grams"))
