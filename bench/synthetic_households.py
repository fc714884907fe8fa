"""Synthetic households for the planner benchmark: `synthetic_households(n, candidates, lines)`.

Deterministic for a seed, generated column by column with numpy (a million take seconds):
- size 1-6 (weights 28/35/15/13/6/3, roughly household-size shares of US/EU censuses);
- diet: omnivore 75 %, vegetarian 12 %, pescatarian 6 %, vegan 7 %;
- 0-3 allergies, each by its prevalence (`ALLERGY_RATE`, as in `simmer.households`), at most 3;
- 0-5 dislikes drawn from the `DISLIKE_POOL` most used non-staple ingredients;
- energy per person 1,400-3,200 kcal; macro goals (20/30/50 % of energy, +-5 points) for 60 %;
- budget: 0.7-1.6 x the household's meals x 3.0 per serving, 10 % without a budget;
- meal slots: all three 45 %, lunch and dinner 30 %, dinner 15 %, breakfast and dinner 10 %;
- cook-time limit: none 50 %, else 30, 45, 60 or 90 minutes; leftovers allowed 70 %;
- 30 IANA zones (with :30 and :45 offsets and both hemispheres' DST);
- members with their own targets (1,200-3,200 kcal) for 20 % of households of two or more;
- pins for 10 %: one or two, a recipe (a random candidate, so some break a rule) or a tag.
`distinct_profiles` counts the different preference profiles (everything but the id and zone).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from simmer.packs.tables import ALLERGENS
from simmer.planner.schema import HOUSEHOLDS, SLOTS
from simmer.sources.usda_kitchen import PANTRY_STAPLES

ZONES = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Sao_Paulo", "America/Mexico_City",
    "America/Toronto", "America/St_Johns", "Europe/London", "Europe/Berlin", "Europe/Paris",
    "Europe/Madrid", "Europe/Rome", "Europe/Warsaw", "Europe/Athens", "Europe/Moscow",
    "Africa/Lagos", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Kathmandu",
    "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo", "Australia/Adelaide", "Australia/Sydney",
    "Pacific/Auckland", "Pacific/Chatham",
)  # fmt: skip
SIZES, SIZE_WEIGHTS = (1, 2, 3, 4, 5, 6), (28, 35, 15, 13, 6, 3)
DIETS, DIET_WEIGHTS = ("omnivore", "vegetarian", "pescatarian", "vegan"), (75, 12, 6, 7)
ALLERGY_RATE = {
    "peanuts": 0.06, "tree_nuts": 0.05, "milk": 0.05, "egg": 0.03, "wheat": 0.04,
    "shellfish": 0.04, "fish": 0.02, "soy": 0.02, "sesame": 0.02,
}  # fmt: skip
SLOT_PATTERNS = (list(SLOTS), ["lunch", "dinner"], ["dinner"], ["breakfast", "dinner"])
SLOT_WEIGHTS = (45, 30, 15, 10)
TIME_LIMITS = (None, None, None, None, 30, 45, 60, 90)
DISLIKE_POOL = 300
PER_SERVING_BUDGET = 3.0


def _choice(rng: np.random.Generator, n: int, weights: tuple[int, ...]) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(weights), size=n, p=p / p.sum())


def synthetic_households(
    n: int, candidates: pl.DataFrame, lines: pl.DataFrame, *, seed: int = 0
) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    size = np.asarray(SIZES)[_choice(rng, n, SIZE_WEIGHTS)]
    kcal = rng.integers(28, 65, n) * 50  # 1,400 .. 3,200
    slot_pattern = _choice(rng, n, SLOT_WEIGHTS)
    n_slots = np.asarray([len(p) for p in SLOT_PATTERNS])[slot_pattern]
    has_macros = rng.random(n) < 0.6
    protein, fat = rng.uniform(0.15, 0.25, n), rng.uniform(0.25, 0.35, n)
    budget = rng.uniform(0.7, 1.6, n) * size * n_slots * 7 * PER_SERVING_BUDGET
    row = pl.int_range(n, eager=True)
    frame = pl.DataFrame(
        {
            "household_id": ("hh-" + row.cast(pl.String).str.zfill(7)),
            "size": size.astype(np.int32),
            "diet": np.asarray(DIETS)[_choice(rng, n, DIET_WEIGHTS)],
            "weekly_budget": np.where(rng.random(n) < 0.9, np.round(budget, 2), np.nan),
            "currency": ["USD"] * n,
            "kcal_per_person": kcal.astype(np.int32),
            "protein_g_per_person": np.where(has_macros, kcal * protein / 4, np.nan),
            "fat_g_per_person": np.where(has_macros, kcal * fat / 9, np.nan),
            "carbs_g_per_person": np.where(has_macros, kcal * (1 - protein - fat) / 4, np.nan),
            "slot_pattern": slot_pattern,
            "max_cook_time_min": pl.Series(
                np.asarray([t or -1 for t in TIME_LIMITS])[rng.integers(0, len(TIME_LIMITS), n)]
            ),
            "timezone": np.asarray(ZONES)[rng.integers(0, len(ZONES), n)],
            "leftovers": rng.random(n) < 0.7,
        },
        strict=False,
    ).with_columns(
        pl.col("weekly_budget", "protein_g_per_person", "fat_g_per_person", "carbs_g_per_person")
        .fill_nan(None)
        .round(0),
        meal_slots=pl.col("slot_pattern").replace_strict(
            list(range(len(SLOT_PATTERNS))),
            [list(p) for p in SLOT_PATTERNS],
            return_dtype=pl.List(pl.String),
        ),
        max_cook_time_min=pl.when(pl.col("max_cook_time_min") > 0).then("max_cook_time_min"),
    )
    frame = frame.with_columns(
        allergies=_allergies(rng, n),
        dislikes=_dislikes(rng, n, lines),
        members=_members(rng, size),
        pins=_pins(rng, n, candidates),
    )
    return frame.select(HOUSEHOLDS.names()).cast(HOUSEHOLDS)


def _lists(owner: np.ndarray, values: pl.Series, n: int) -> pl.Series:
    """Values grouped into one list per household (empty where none), in owner order."""
    grouped = (
        pl.DataFrame({"owner": owner, "value": values})
        .group_by("owner", maintain_order=True)
        .agg("value")
    )
    empty = pl.lit([], dtype=pl.List(values.dtype))
    return (
        pl.DataFrame({"owner": np.arange(n)})
        .join(grouped, on="owner", how="left", maintain_order="left")
        .select(pl.col("value").fill_null(empty))
        .to_series()
    )


def _allergies(rng: np.random.Generator, n: int) -> pl.Series:
    rates = np.asarray([ALLERGY_RATE[a] for a in ALLERGENS])
    has = rng.random((n, len(ALLERGENS))) < rates
    has &= np.cumsum(has, axis=1) <= 3
    owner, allergen = np.nonzero(has)
    return _lists(owner, pl.Series(np.asarray(ALLERGENS)[allergen]), n)


def _dislikes(rng: np.random.Generator, n: int, lines: pl.DataFrame) -> pl.Series:
    pool = (
        lines.drop_nulls("ingredient_slug")
        .filter(~pl.col("ingredient_slug").is_in(sorted(PANTRY_STAPLES)))
        .group_by("ingredient_slug")
        .len()
        .sort(["len", "ingredient_slug"], descending=[True, False])
        .head(DISLIKE_POOL)
        .get_column("ingredient_slug")
    )
    count = rng.choice(6, size=n, p=[0.35, 0.25, 0.15, 0.1, 0.08, 0.07])
    owner = np.repeat(np.arange(n), count)
    picks = pool.gather(rng.integers(0, pool.len(), owner.shape[0]))
    unique = pl.DataFrame({"owner": owner, "value": picks}).unique(maintain_order=True)
    return _lists(unique["owner"].to_numpy(), unique["value"], n).list.sort()


def _members(rng: np.random.Generator, size: np.ndarray) -> pl.Series:
    listed = (size >= 2) & (rng.random(size.shape[0]) < 0.2)
    people = np.where(listed, size, 0)
    owner = np.repeat(np.arange(size.shape[0]), people)
    position = np.arange(owner.shape[0]) - np.repeat(np.cumsum(people) - people, people)
    members = pl.DataFrame(
        {
            "name": pl.Series(position + 1).cast(pl.String).str.replace("^", "person "),
            "kcal_target": (rng.integers(24, 65, owner.shape[0]) * 50).astype(np.int32),
        }
    ).to_struct()
    lists = _lists(owner, members, size.shape[0])
    return pl.select(pl.when(pl.lit(pl.Series(listed))).then(lists)).to_series()


def _pins(rng: np.random.Generator, n: int, candidates: pl.DataFrame) -> pl.Series:
    count = np.where(rng.random(n) < 0.1, rng.integers(1, 3, n), 0)
    owner = np.repeat(np.arange(n), count)
    k = owner.shape[0]
    by_tag = rng.random(k) < 0.4
    tags = candidates.select("tags").explode("tags").unique().sort("tags").to_series()
    recipe = candidates.get_column("slug").gather(rng.integers(0, candidates.height, k))
    pins = pl.DataFrame(
        {
            "weekday": rng.integers(0, 7, k).astype(np.int8),
            "slot": np.asarray(SLOTS)[rng.integers(0, 3, k)],
            "recipe_slug": pl.select(
                pl.when(pl.Series(by_tag)).then(None).otherwise(recipe)
            ).to_series(),
            "tag": pl.select(
                pl.when(pl.Series(by_tag)).then(tags.gather(rng.integers(0, tags.len(), k)))
            ).to_series(),
        }
    ).to_struct()
    return _lists(owner, pins, n)


def distinct_profiles(households: pl.DataFrame) -> int:
    """How many households differ in something the planner reads (all but id and zone)."""
    profile = [c for c in households.columns if c not in ("household_id", "timezone")]
    return households.select(profile).unique().height
