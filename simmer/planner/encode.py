"""Candidates and households as arrays, and the hard rules as masks over households x recipes.

Recipes get dense ids in slug order, households in household_id order. Allergens, diets and
meal slots are integer bits; ingredients and tags are sparse (CSR: `ptr[i]:ptr[i+1]` of `idx`).
`rule_masks` evaluates each hard rule that depends only on (household, recipe) for a block of
households at once; the search (`simmer.planner.search`) adds the slot and repeat rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from simmer.overlap import UNKNOWN_PERISHABILITY, WEIGHT_UNITS
from simmer.packs.tables import ALLERGENS, DIETS
from simmer.planner.schema import SLOTS

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int32]
Longs = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

OMNIVORE = "omnivore"  # eats anything: no diet rule
NO_LIMIT = -1
UNKNOWN_TIME = -1
MACROS = ("protein_g", "fat_g", "carbs_g")


def _bits(vocabulary: tuple[str, ...], column: str) -> pl.Expr:
    """The list column as an integer with bit i set for vocabulary[i]."""
    terms = [
        pl.col(column).list.contains(pl.lit(name)).cast(pl.Int64) * (1 << i)
        for i, name in enumerate(vocabulary)
    ]
    return pl.sum_horizontal(terms).fill_null(0)


def _csr(
    owner: npt.NDArray[np.int64], item: npt.NDArray[np.int64], owners: int
) -> tuple[Longs, Ints]:
    """Pairs (owner, item) sorted by owner as `ptr, idx`."""
    order = np.lexsort((item, owner))
    counts = np.bincount(owner, minlength=owners)
    ptr = np.zeros(owners + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return ptr, item[order].astype(np.int32)


@dataclass(frozen=True)
class Recipes:
    """The plannable candidates: per recipe id, nutrition per serving, cost, rule bits."""

    slugs: pl.Series
    kcal: Floats
    macros: npt.NDArray[np.float64]  # (recipes, 3): protein, fat, carbs per serving
    cost: Floats  # unknown cost counts as 0
    time: Ints  # UNKNOWN_TIME when unknown
    slots: Ints  # bit per SLOTS
    diets: Longs  # bit per DIETS
    risks: Longs  # bit per ALLERGENS: known or possibly present
    main: Ints  # id of the heaviest perishable ingredient, -1 when none
    ingredient_ptr: Longs  # recipe -> distinct ingredient ids
    ingredient_idx: Ints
    users_ptr: Longs  # ingredient -> recipe ids using it
    users_idx: Ints
    ingredient_slugs: pl.Series
    weights: Floats  # per ingredient id: perishability 0..1, staples 0
    tags: pl.Series  # tag vocabulary, sorted
    tagged_ptr: Longs  # tag -> recipe ids
    tagged_idx: Ints

    @property
    def count(self) -> int:
        return int(self.kcal.shape[0])


def encode_recipes(
    candidates: pl.DataFrame,
    candidate_ingredients: pl.DataFrame,
    ingredient_weights: pl.DataFrame,
    staples: frozenset[str],
) -> Recipes:
    """Candidates with known energy, one per slug; `ingredient_weights(slug, weight)` in
    `simmer.overlap.WEIGHT_UNITS` as `simmer.overlap.ingredient_weights` computes them, with
    an optional `pantry_staple` column: staples (there or in `staples`) weigh 0."""
    table = (
        candidates.filter(pl.col("kcal_per_serving").is_not_null())
        .unique("slug", keep="first", maintain_order=True)
        .sort("slug")
    )
    slugs = table.get_column("slug")
    lines = (
        candidate_ingredients.select("recipe_slug", "ingredient_slug", "grams")
        .drop_nulls("ingredient_slug")
        .join(table.select(recipe_slug="slug", recipe=pl.int_range(pl.len())), on="recipe_slug")
        .group_by("recipe", "ingredient_slug")
        .agg(pl.col("grams").sum())
    )
    names = lines.get_column("ingredient_slug").unique().sort()
    staple = pl.col("slug").is_in(sorted(staples))
    if "pantry_staple" in ingredient_weights.columns:
        staple = staple | pl.col("pantry_staple").fill_null(False)
    weight = (
        pl.DataFrame({"slug": names})
        .join(ingredient_weights, on="slug", how="left")
        .select(
            pl.when(staple)
            .then(0.0)
            .otherwise(pl.col("weight").fill_null(UNKNOWN_PERISHABILITY * WEIGHT_UNITS))
            / WEIGHT_UNITS
        )
        .to_series()
        .to_numpy()
        .astype(np.float64)
    )
    numbered = lines.with_columns(
        ingredient=pl.col("ingredient_slug").cast(pl.Enum(names)).to_physical().cast(pl.Int64)
    )
    recipe = numbered.get_column("recipe").to_numpy().astype(np.int64)
    ingredient = numbered.get_column("ingredient").to_numpy()
    ingredient_ptr, ingredient_idx = _csr(recipe, ingredient, table.height)
    users_ptr, users_idx = _csr(ingredient, recipe, names.len())
    tags = table.select("tags").explode("tags").drop_nulls().unique().sort("tags").to_series()
    tagged = table.select(recipe=pl.int_range(pl.len()), tag="tags").explode("tag").drop_nulls()
    tag_id = tagged.get_column("tag").cast(pl.Enum(tags)).to_physical().cast(pl.Int64)
    tagged_ptr, tagged_idx = _csr(
        tag_id.to_numpy(), tagged.get_column("recipe").to_numpy().astype(np.int64), tags.len()
    )
    return Recipes(
        slugs=slugs,
        kcal=table.get_column("kcal_per_serving").to_numpy().astype(np.float64),
        macros=table.select(pl.col(f"{m}_per_serving").fill_null(0.0) for m in MACROS)
        .to_numpy()
        .astype(np.float64),
        cost=table.get_column("cost_per_serving").fill_null(0.0).to_numpy().astype(np.float64),
        time=table.get_column("total_time_min").fill_null(UNKNOWN_TIME).to_numpy().astype(np.int32),
        slots=table.select(_bits(SLOTS, "meal_slots")).to_series().to_numpy().astype(np.int32),
        diets=table.select(_bits(DIETS, "diets")).to_series().to_numpy().astype(np.int64),
        risks=table.select(_bits(ALLERGENS, "allergens") | _bits(ALLERGENS, "allergens_unknown"))
        .to_series()
        .to_numpy()
        .astype(np.int64),
        main=_main_ingredients(numbered, weight, table.height),
        ingredient_ptr=ingredient_ptr,
        ingredient_idx=ingredient_idx,
        users_ptr=users_ptr,
        users_idx=users_idx,
        ingredient_slugs=names,
        weights=weight,
        tags=tags,
        tagged_ptr=tagged_ptr,
        tagged_idx=tagged_idx,
    )


def _main_ingredients(numbered: pl.DataFrame, weight: Floats, recipes: int) -> Ints:
    """Per recipe, its perishable ingredient with the most grams (ties: the smaller id)."""
    main = (
        numbered.with_columns(weight=pl.lit(weight).gather(pl.col("ingredient")))
        .filter(pl.col("weight") > 0)
        .sort(["recipe", "grams", "ingredient"], descending=[False, True, False], nulls_last=True)
        .unique("recipe", keep="first")
    )
    out = np.full(recipes, -1, dtype=np.int32)
    out[main.get_column("recipe").to_numpy()] = main.get_column("ingredient").to_numpy()
    return out


@dataclass(frozen=True)
class Households:
    """The households of a batch, in household_id order, as the search reads them."""

    table: pl.DataFrame  # the input rows, sorted
    diet: Longs  # one diet bit, 0 for omnivore or no diet
    allergies: Longs
    max_time: Ints  # NO_LIMIT when none
    slots: Ints
    people: Floats  # members when listed, else size
    targets: npt.NDArray[np.float64]  # (households, most members): kcal per person, NaN padding
    macros: npt.NDArray[np.float64]  # (households, 3): per person and day, NaN when not set
    budget: Floats  # NaN when none
    leftovers: Bools
    dislike_ptr: Longs  # household -> disliked ingredient ids (known ones)
    dislike_idx: Ints

    @property
    def count(self) -> int:
        return self.table.height


def encode_households(households: pl.DataFrame, recipes: Recipes) -> Households:
    table = households.sort("household_id")
    _validate(table)
    people = (
        table.select(
            pl.when(pl.col("members").list.len() > 0)
            .then(pl.col("members").list.len())
            .otherwise(pl.col("size"))
            .cast(pl.Float64)
        )
        .to_series()
        .to_numpy()
    )
    dislikes = (
        table.select(row=pl.int_range(pl.len()), slug="dislikes")
        .explode("slug")
        .join(
            pl.DataFrame(
                {
                    "slug": recipes.ingredient_slugs,
                    "ingredient": range(recipes.ingredient_slugs.len()),
                }
            ),
            on="slug",
        )
    )
    dislike_ptr, dislike_idx = _csr(
        dislikes.get_column("row").to_numpy().astype(np.int64),
        dislikes.get_column("ingredient").to_numpy().astype(np.int64),
        table.height,
    )
    return Households(
        table=table,
        diet=table.select(_diet_bit()).to_series().to_numpy().astype(np.int64),
        allergies=table.select(_bits(ALLERGENS, "allergies"))
        .to_series()
        .to_numpy()
        .astype(np.int64),
        max_time=table.get_column("max_cook_time_min")
        .fill_null(NO_LIMIT)
        .to_numpy()
        .astype(np.int32),
        slots=table.select(_bits(SLOTS, "meal_slots")).to_series().to_numpy().astype(np.int32),
        people=people.astype(np.float64),
        targets=_member_targets(table, people),
        macros=table.select(pl.col(f"{m}_per_person").cast(pl.Float64) for m in MACROS)
        .to_numpy()
        .astype(np.float64),
        budget=table.get_column("weekly_budget").fill_null(np.nan).to_numpy().astype(np.float64),
        leftovers=table.get_column("leftovers").fill_null(True).to_numpy().astype(np.bool_),
        dislike_ptr=dislike_ptr,
        dislike_idx=dislike_idx,
    )


def _diet_bit() -> pl.Expr:
    diet = pl.col("diet")
    bit = diet.replace_strict(
        {name: 1 << i for i, name in enumerate(DIETS)}, default=0, return_dtype=pl.Int64
    )
    return pl.when(diet.is_null() | (diet == OMNIVORE)).then(0).otherwise(bit)


def _member_targets(table: pl.DataFrame, people: Floats) -> npt.NDArray[np.float64]:
    """Each person's daily kcal: the members' own targets, else `kcal_per_person` (a member
    without a target counts as `kcal_per_person` too), NaN beyond the household's people."""
    width = max(1, int(people.max(initial=1)))
    own = pl.col("members").list.eval(pl.element().struct.field("kcal_target").cast(pl.Float64))
    per_person = table.get_column("kcal_per_person").cast(pl.Float64).to_numpy()
    out = np.full((table.height, width), np.nan)
    for column in range(width):
        target = table.select(own.list.get(column, null_on_oob=True)).to_series()
        values = target.fill_null(np.nan).to_numpy()
        out[:, column] = np.where(
            column < people, np.where(np.isnan(values), per_person, values), np.nan
        )
    return out


def _validate(table: pl.DataFrame) -> None:
    """Raise ValueError naming the household and field of the first value the planner cannot use."""
    checks = {
        "diet": pl.col("diet").is_not_null() & ~pl.col("diet").is_in(list(DIETS)),
        "allergies": ~pl.col("allergies").list.eval(pl.element().is_in(list(ALLERGENS))).list.all(),
        "meal_slots": (pl.col("meal_slots").list.len() == 0)
        | ~pl.col("meal_slots").list.eval(pl.element().is_in(list(SLOTS))).list.all(),
        "size": pl.col("size").is_null() | (pl.col("size") < 1),
        "kcal_per_person": pl.col("kcal_per_person").is_null() | (pl.col("kcal_per_person") <= 0),
        "members": pl.col("members")
        .list.eval(pl.element().struct.field("kcal_target") <= 0)
        .list.any(),
        "pins": ~pl.col("pins")
        .list.eval(
            pl.element().struct.field("weekday").is_between(0, 6)
            & pl.element().struct.field("slot").is_in(list(SLOTS))
            & (
                pl.element().struct.field("recipe_slug").is_null()
                != pl.element().struct.field("tag").is_null()
            )
        )
        .list.all(),
    }
    for field_name, bad in checks.items():
        found = table.filter(bad.fill_null(False))
        if not found.is_empty():
            row = found.row(0, named=True)
            raise ValueError(
                f"households: household {row['household_id']}: field {field_name}: "
                f"value {row[field_name]!r} cannot be planned"
            )
    duplicated = table.filter(pl.col("household_id").is_duplicated())
    if not duplicated.is_empty():
        raise ValueError(f"households: household_id {duplicated.item(0, 'household_id')} twice")


RULES = ("diet", "allergy", "dislike", "cook_time")
KEYED_RULES = ("diet", "allergy", "cook_time")  # depend on (diet, allergies, time limit) only


def _keyed_masks(
    households: Households, recipes: Recipes, rows: Longs
) -> tuple[Longs, dict[str, Bools]]:
    """The rules that depend only on a household's (diet, allergies, time limit), evaluated
    once per distinct key among `rows` x all recipes: (key of each row, mask per rule)."""
    keys = np.stack(
        [households.diet[rows], households.allergies[rows], households.max_time[rows]], axis=1
    )
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    diet = unique[:, 0:1].astype(np.uint8)
    allergies = unique[:, 1:2].astype(np.uint16)
    limit = unique[:, 2:3]
    known = np.where(recipes.time == UNKNOWN_TIME, np.iinfo(np.int32).max, recipes.time)
    masks = {
        "diet": (diet == 0) | ((recipes.diets.astype(np.uint8)[None, :] & diet) != 0),
        "allergy": (recipes.risks.astype(np.uint16)[None, :] & allergies) == 0,
        "cook_time": (limit == NO_LIMIT) | (known[None, :] <= limit),
    }
    return inverse.reshape(-1), masks


def rule_masks(
    households: Households, recipes: Recipes, rows: Longs
) -> Iterator[tuple[str, Bools]]:
    """For households `rows` (ids) x all recipes, per rule in `RULES`: True where allowed."""
    key, keyed = _keyed_masks(households, recipes, rows)
    for rule in RULES:
        if rule == "dislike":
            allowed = np.ones((rows.shape[0], recipes.count), dtype=np.bool_)
            _knock_out_dislikes(allowed, households, recipes, rows)
            yield rule, allowed
        else:
            yield rule, keyed[rule][key]


def feasible_mask(households: Households, recipes: Recipes, rows: Longs) -> Bools:
    """All of `RULES` at once: True where the household may eat the recipe."""
    key, keyed = _keyed_masks(households, recipes, rows)
    allowed: Bools = np.logical_and.reduce([keyed[rule] for rule in KEYED_RULES])[key]
    _knock_out_dislikes(allowed, households, recipes, rows)
    return allowed


def _knock_out_dislikes(
    allowed: Bools, households: Households, recipes: Recipes, rows: Longs
) -> None:
    """Set False where the recipe uses an ingredient the household dislikes (sparse)."""
    owner, disliked = gather_csr(households.dislike_ptr, households.dislike_idx, rows)
    users, recipe = gather_csr(recipes.users_ptr, recipes.users_idx, disliked)
    allowed[owner[users], recipe] = False


def gather_csr(ptr: Longs, idx: Ints, rows: Longs | Ints) -> tuple[Longs, Ints]:
    """The items of `rows` as (position in rows, item) pairs."""
    first = ptr[rows]
    lengths = ptr[rows + 1] - first
    owner = np.repeat(np.arange(rows.shape[0]), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, idx[np.repeat(first, lengths) + offsets]
