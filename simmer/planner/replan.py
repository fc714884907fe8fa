"""One household's week planned on demand ("keep Tuesday's dinner, re-plan the rest"), by the
same code as the Sunday run, and the planning catalog both share.

- `planning_catalog`: the live catalog and nutrition datasets of the lake, the planner's
  candidates and the candidates encoded once (`simmer.planner.encode.encode_recipes`). Version
  folders are named by their content and never change, so the loaded catalog is cached per
  (catalog, nutrition) version in the process: a re-plan after the first reads nothing but the
  `current` links. A pack update publishes new folders, and the next call loads those. Loading
  also plans a made-up household once (`WARM_UP_HOUSEHOLD`), so that the compiled search is
  loaded too. One load at a time: a call arriving while another loads waits for that load and
  then finds it cached (the API warms the catalog at startup this way, `api.main`).
- `plan_snapshot`: `plan_week` (through `plan_encoded`) on a households snapshot, with the
  independent hard-rule checker's breaks (`simmer.planner.rules`): what the `plans` asset runs.
- `replan`: one household's snapshot row, its pantry and the meals to keep; the meals to keep
  become pins of that week (a kept (day, slot) replaces the household's own pin there), so the
  search fills the rest around them exactly as on Sunday. Then the same shopping list and carts
  as the `shopping` asset (`simmer.cart.shopping_tables`), on the catalog rows the plan reads
  (`shopping_of`): the same tables as on the whole catalog, without the work of listing every
  recipe. Returns the lake tables of the planning and shopping datasets, ready to publish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from threading import Lock

import polars as pl

from simmer.cart import shopping_tables
from simmer.catalog import current_catalog
from simmer.lake import current_dir, read_table_set
from simmer.planner.batch import PlanningInputs, planning_inputs
from simmer.planner.core import DEFAULT_SETTINGS, PlanBatch, plan_encoded
from simmer.planner.encode import Recipes, encode_recipes
from simmer.planner.rules import RuleLimits, find_breaks
from simmer.planner.schema import HOUSEHOLDS, PIN
from simmer.planner.settings import PlannerSettings

Keeps = Mapping[tuple[date, str], str]
"""(day, slot) -> the recipe slug planned there, to keep."""


WARM_UP_WEEK = date(2026, 1, 4)  # a Sunday
WARM_UP_HOUSEHOLD = pl.DataFrame(
    [
        {
            "household_id": "warm-up",
            "size": 1,
            "diet": "omnivore",
            "allergies": [],
            "dislikes": [],
            "currency": "USD",
            "kcal_per_person": 2000,
            "meal_slots": ["breakfast", "lunch", "dinner"],
            "timezone": "UTC",
            "leftovers": True,
            "members": [],
            "pins": [],
        }
    ],
    schema=HOUSEHOLDS,
)
"""Planned once per catalog loaded, so that the compiled search is loaded before a re-plan."""
_LOADING = Lock()


class NoCatalog(Exception):
    """The lake has no catalog, or no nutrition for its catalog, to plan from yet."""


@dataclass(frozen=True)
class PlanningCatalog:
    version: str
    catalog: dict[str, pl.DataFrame]
    nutrition: dict[str, pl.DataFrame]
    inputs: PlanningInputs
    recipes: Recipes


def planning_catalog(
    lake_dir: Path, settings: PlannerSettings = DEFAULT_SETTINGS
) -> PlanningCatalog:
    """The live catalog to plan from, loaded once per version (see the module docstring)."""
    catalog, nutrition = current_catalog(lake_dir), current_dir(lake_dir / "nutrition")
    if catalog is None:
        raise NoCatalog("no catalog in the lake yet: materialize the catalog first")
    if nutrition is None or not nutrition.name.startswith(catalog.name):
        raise NoCatalog(f"no nutrition for catalog {catalog.name} yet: materialize nutrition")
    with _LOADING:
        return _load(catalog, nutrition, settings)


@lru_cache(maxsize=2)
def _load(catalog_dir: Path, nutrition_dir: Path, settings: PlannerSettings) -> PlanningCatalog:
    catalog, nutrition = read_table_set(catalog_dir), read_table_set(nutrition_dir)
    inputs = planning_inputs(catalog, nutrition)
    recipes = encode_recipes(
        inputs.candidates,
        inputs.candidate_ingredients,
        inputs.ingredient_weights,
        settings.staples,
    )
    loaded = PlanningCatalog(catalog_dir.name, catalog, nutrition, inputs, recipes)
    plan_snapshot(WARM_UP_HOUSEHOLD, loaded, WARM_UP_WEEK, settings)
    return loaded


@dataclass(frozen=True)
class PlannedSnapshot:
    batch: PlanBatch
    breaks: pl.DataFrame  # simmer.planner.rules.BREAKS


def plan_snapshot(
    snapshot: pl.DataFrame,
    catalog: PlanningCatalog,
    week: date,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> PlannedSnapshot:
    """The week's plans of a households snapshot, and every hard rule they break (none, unless
    the planner has a bug: the caller publishes only when there are none)."""
    batch = plan_encoded(snapshot, catalog.recipes, week, catalog.version, settings)
    breaks = find_breaks(
        batch.plans,
        batch.plan_meals,
        snapshot,
        catalog.inputs.candidates,
        catalog.inputs.candidate_ingredients,
        RuleLimits(settings.max_repeats, settings.portion_scale),
    )
    return PlannedSnapshot(batch, breaks)


@dataclass(frozen=True)
class Replanned:
    catalog_version: str
    tables: dict[str, pl.DataFrame]  # plans, plan_meals, daily_nutrition, shopping and carts
    breaks: pl.DataFrame


def replan(
    lake_dir: Path,
    household: pl.DataFrame,
    pantry: pl.DataFrame,
    week: date,
    keep: Keeps,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> Replanned:
    """Plan `week` (a Sunday) for one household (`HOUSEHOLDS` row, `PANTRY` rows), keeping the
    meals in `keep`; the lake tables of its plan, list and carts."""
    if household.height != 1:
        raise ValueError(f"replan plans one household, not {household.height}")
    catalog = planning_catalog(lake_dir, settings)
    snapshot = with_keeps(household, week, keep)
    planned = plan_snapshot(snapshot, catalog, week, settings)
    plans = {
        "plans": planned.batch.plans,
        "plan_meals": planned.batch.plan_meals,
        "daily_nutrition": planned.batch.daily_nutrition,
    }
    shopping = shopping_of(catalog, {"households": snapshot, "pantry": pantry}, plans)
    return Replanned(catalog.version, {**plans, **shopping}, planned.breaks)


def shopping_of(
    catalog: PlanningCatalog, households: dict[str, pl.DataFrame], plans: dict[str, pl.DataFrame]
) -> dict[str, pl.DataFrame]:
    """`simmer.cart.shopping_tables` of `plans` on the catalog rows they read: the lines and
    servings of their recipes; the ingredients those lines or any vendor product name, with
    their portions; every vendor product (a cart is totalled at every vendor, even one selling
    nothing on the list). Nothing else in the catalog changes a list or a cart."""
    recipes = plans["plan_meals"].get_column("recipe_slug").unique().implode()
    lines = catalog.nutrition["recipe_lines"].filter(pl.col("recipe_slug").is_in(recipes))
    products = catalog.catalog["vendor_products"]
    used = pl.concat([lines.get_column("ingredient"), products.get_column("ingredient")]).implode()
    scoped = {
        **catalog.catalog,
        "ingredients": catalog.catalog["ingredients"].filter(pl.col("slug").is_in(used)),
        "portions": catalog.catalog["portions"].filter(pl.col("ingredient").is_in(used)),
    }
    macros = catalog.nutrition["recipe_macros"].filter(pl.col("slug").is_in(recipes))
    nutrition = {**catalog.nutrition, "recipe_lines": lines, "recipe_macros": macros}
    return shopping_tables(scoped, nutrition, households, plans)


def with_keeps(household: pl.DataFrame, week: date, keep: Keeps) -> pl.DataFrame:
    """The household with each kept meal as a pin of its weekday and slot, in place of any pin
    of its own there."""
    kept = [
        {"weekday": _weekday(week, day), "slot": slot, "recipe_slug": recipe, "tag": None}
        for (day, slot), recipe in sorted(keep.items())
    ]
    taken = {(pin["weekday"], pin["slot"]) for pin in kept}
    own = [
        pin
        for pin in household.get_column("pins").item().to_list()
        if (pin["weekday"], pin["slot"]) not in taken
    ]
    pins = pl.Series("pins", [own + kept], dtype=pl.List(PIN))
    return household.with_columns(pins)


def _weekday(week: date, day: date) -> int:
    weekday = (day - week).days
    if not 0 <= weekday < 7:
        raise ValueError(f"keep: {day.isoformat()} is not in the week of {week.isoformat()}")
    return weekday
