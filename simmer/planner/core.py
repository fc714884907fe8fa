"""The planner's entry point: `plan_week` plans a week for every household of a batch.

Households are planned in blocks of `PlannerSettings.chunk_households`: the hard rules of
`simmer.planner.encode` as masks over the block's households x recipes, then the compiled
search of `simmer.planner.search` over all households of the block in parallel, then the
plans, meals and daily nutrition as the tables of `simmer.planner.schema`. A household's plan
depends only on that household, the candidates and the settings, never on the rest of the batch.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import polars as pl

from simmer.packs.tables import ALLERGENS
from simmer.planner import search
from simmer.planner.encode import (
    MACROS,
    RULES,
    Households,
    Longs,
    Recipes,
    encode_households,
    encode_recipes,
    feasible_mask,
    gather_csr,
    rule_masks,
)
from simmer.planner.schema import (
    DAILY_NUTRITION,
    PLAN_MEALS,
    PLAN_NAMESPACE,
    PLANS,
    SLOTS,
)
from simmer.planner.settings import PlannerSettings

DEFAULT_SETTINGS = PlannerSettings()
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
PIN_WHY = {
    search.PIN_NOT_A_SLOT: "the household does not plan that meal",
    search.PIN_REPEATS: "it would break the repeat rules (at most {repeats} a week, never on "
    "consecutive days) with another pin",
    search.PIN_NO_TAGGED: "no recipe with that tag is allowed there",
    search.PIN_UNKNOWN: "no plannable recipe or tag of that name",
    search.PIN_TWICE: "another pin takes that meal",
}


@dataclass(frozen=True)
class PlanBatch:
    """The planner's output, one frame per table of `simmer.planner.schema`."""

    plans: pl.DataFrame
    plan_meals: pl.DataFrame
    daily_nutrition: pl.DataFrame


@dataclass(frozen=True)
class Pins:
    """Every pin of the batch, grouped by household (`ptr`), in the households' own order."""

    ptr: Longs
    table: pl.DataFrame  # row, weekday, slot, recipe_slug, tag, position, recipe, tag_id


@dataclass(frozen=True)
class Searched:
    """The search's per-household arrays (see `simmer.planner.search.plan_block`)."""

    recipe: npt.NDArray[np.int32]
    kind: npt.NDArray[np.int8]
    status: npt.NDArray[np.int8]
    detail: npt.NDArray[np.int64]
    counts: npt.NDArray[np.int64]
    pin_code: npt.NDArray[np.int8]
    objective: npt.NDArray[np.float64]
    distinct: npt.NDArray[np.int64]
    lists: npt.NDArray[np.int32]


def plan_week(
    households: pl.DataFrame,
    candidates: pl.DataFrame,
    candidate_ingredients: pl.DataFrame,
    ingredient_weights: pl.DataFrame,
    week: date,
    catalog_version: str,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> PlanBatch:
    """Plan `week` (a Sunday) for every household: `HOUSEHOLDS`, `CANDIDATES` and
    `CANDIDATE_INGREDIENTS` rows, `ingredient_weights(slug, weight)` as
    `simmer.overlap.ingredient_weights` computes them, with the ingredients' `pantry_staple`
    column where known (staples, and slugs in `settings.staples`, weigh 0). Returns `PLANS`,
    `PLAN_MEALS` and `DAILY_NUTRITION` rows."""
    recipes = encode_recipes(
        candidates, candidate_ingredients, ingredient_weights, settings.staples
    )
    return plan_encoded(households, recipes, week, catalog_version, settings)


def plan_encoded(
    households: pl.DataFrame,
    recipes: Recipes,
    week: date,
    catalog_version: str,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> PlanBatch:
    """`plan_week` on candidates already encoded (`encode_recipes` with `settings.staples`):
    a caller planning many times on one catalog encodes it once."""
    if week.weekday() != 6:
        raise ValueError(f"week: {week.isoformat()} is not a Sunday")
    if households.is_empty():
        return PlanBatch(
            plans=pl.DataFrame(schema=PLANS),
            plan_meals=pl.DataFrame(schema=PLAN_MEALS),
            daily_nutrition=pl.DataFrame(schema=DAILY_NUTRITION),
        )
    homes = encode_households(households, recipes)
    pins = encode_pins(homes, recipes)
    searched = run_search(homes, recipes, pins, settings)
    found = replan_dead_ends(homes, recipes, pins, searched, settings)
    return tables(homes, recipes, pins, found, week, catalog_version, settings)


def encode_pins(homes: Households, recipes: Recipes) -> Pins:
    """Pins with their position (weekday x 3 + slot) and recipe or tag id (-1 when unknown)."""
    slugs = pl.DataFrame({"recipe_slug": recipes.slugs, "recipe": range(recipes.count)})
    tags = pl.DataFrame({"tag": recipes.tags, "tag_id": range(recipes.tags.len())})
    table = (
        homes.table.select(row=pl.int_range(pl.len()), pin="pins")
        .explode("pin")
        .drop_nulls("pin")
        .unnest("pin")
        .with_columns(
            position=pl.col("weekday").cast(pl.Int64) * len(SLOTS)
            + pl.col("slot").replace_strict(list(SLOTS), list(range(len(SLOTS)))).cast(pl.Int64)
        )
        .join(slugs.cast({"recipe": pl.Int64}), on="recipe_slug", how="left", maintain_order="left")
        .join(tags.cast({"tag_id": pl.Int64}), on="tag", how="left", maintain_order="left")
        .with_columns(pl.col("recipe", "tag_id").fill_null(-1))
    )
    counts = np.bincount(table.get_column("row").to_numpy(), minlength=homes.count)
    ptr = np.zeros(homes.count + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return Pins(ptr=ptr, table=table)


def search_params(settings: PlannerSettings) -> npt.NDArray[np.float64]:
    return np.array(
        [
            *settings.portion_scale,
            *settings.slot_shares,
            settings.energy_weight,
            settings.macro_weight,
            settings.budget_weight,
            settings.variety_weight,
            settings.reuse_weight,
            settings.max_repeats,
            settings.max_main_meals,
            settings.candidates_per_slot,
            settings.local_search_passes,
            1.0 if settings.search == "random" else 0.0,
            settings.restarts,
            settings.kick_meals,
            settings.restart_candidates,
            settings.restart_patience,
            settings.eject_meals,
        ],
        dtype=np.float64,
    )


def run_search(
    homes: Households, recipes: Recipes, pins: Pins, settings: PlannerSettings
) -> Searched:
    """The compiled search over every household, one block of households at a time."""
    n, k = homes.count, settings.candidates_per_slot
    found = Searched(
        recipe=np.full((n, search.POSITIONS), -1, dtype=np.int32),
        kind=np.zeros((n, search.POSITIONS), dtype=np.int8),
        status=np.zeros(n, dtype=np.int8),
        detail=np.zeros(n, dtype=np.int64),
        counts=np.zeros((n, search.SLOT_COUNT), dtype=np.int64),
        pin_code=np.zeros(pins.table.height, dtype=np.int8),
        objective=np.zeros(n, dtype=np.float64),
        distinct=np.zeros(n, dtype=np.int64),
        lists=np.full((n, search.SLOT_COUNT, k), -1, dtype=np.int32),
    )
    seeds = homes.table.select(pl.col("household_id").hash(settings.seed)).to_series().to_numpy()
    pin_pos = pins.table.get_column("position").to_numpy().astype(np.int64)
    pin_recipe = pins.table.get_column("recipe").to_numpy().astype(np.int64)
    pin_tag = pins.table.get_column("tag_id").to_numpy().astype(np.int64)
    target = np.nanmean(homes.targets, axis=1)
    params = search_params(settings)
    catalog = (
        recipes.kcal,
        recipes.macros,
        recipes.cost,
        recipes.slots,
        recipes.main,
        recipes.ingredient_ptr,
        recipes.ingredient_idx,
        recipes.weights,
        recipes.tagged_ptr,
        recipes.tagged_idx,
    )
    for start in range(0, n, settings.chunk_households):
        rows = slice(start, min(n, start + settings.chunk_households))
        a, b = pins.ptr[rows.start], pins.ptr[rows.stop]
        search.plan_block(
            feasible_mask(homes, recipes, np.arange(rows.start, rows.stop)),
            homes.slots[rows],
            homes.people[rows],
            target[rows],
            homes.macros[rows],
            homes.budget[rows],
            homes.leftovers[rows],
            pins.ptr[rows.start : rows.stop + 1] - a,
            pin_pos[a:b],
            pin_recipe[a:b],
            pin_tag[a:b],
            seeds[rows],
            catalog,
            params,
            found.recipe[rows],
            found.kind[rows],
            found.status[rows],
            found.detail[rows],
            found.counts[rows],
            found.pin_code[a:b],
            found.objective[rows],
            found.distinct[rows],
            found.lists[rows],
        )
    return found


def replan_dead_ends(
    homes: Households, recipes: Recipes, pins: Pins, found: Searched, settings: PlannerSettings
) -> Searched:
    """Households whose greedy pass ran into a dead end (no recipe left within the repeat
    rules) planned again without the reuse term, which had kept them cooking the same few
    recipes; `found` updated in place for them (a dead end again stays infeasible)."""
    rows = np.nonzero(found.status == search.STATUS_DEAD_END)[0]
    if rows.shape[0] == 0 or settings.reuse_weight == 0.0 or settings.search == "random":
        return found
    again_homes = encode_households(homes.table[rows], recipes)
    again = run_search(
        again_homes,
        recipes,
        encode_pins(again_homes, recipes),
        replace(settings, reuse_weight=0.0),
    )
    for name in ("recipe", "kind", "status", "detail", "counts", "objective", "distinct", "lists"):
        getattr(found, name)[rows] = getattr(again, name)
    pin_count = pins.table.height
    _, pin_rows = gather_csr(pins.ptr, np.arange(pin_count, dtype=np.int32), rows)
    found.pin_code[pin_rows] = again.pin_code
    return found


@dataclass(frozen=True)
class Days:
    """Per household and day: one serving of each meal (kcal, macros, cost), the servings
    cooked, each person's servings, and the energy targets."""

    base: npt.NDArray[np.float64]  # (households, 7, 5)
    servings: npt.NDArray[np.float64]  # (households, 7)
    person_kcal: npt.NDArray[np.float64]  # (households, 7, people): eaten
    person_target: npt.NDArray[np.float64]  # (households, 1, people)
    day_share: npt.NDArray[np.float64]  # (households,): share of a day's energy planned


def days(homes: Households, recipes: Recipes, found: Searched, settings: PlannerSettings) -> Days:
    """Portions: each person's day scale clipped to the portion range, servings their sum."""
    recipe = found.recipe.reshape(-1, search.DAYS, search.SLOT_COUNT)
    planned = recipe >= 0
    safe = np.where(planned, recipe, 0)
    per_serving = np.concatenate(
        [recipes.kcal[:, None], recipes.macros, recipes.cost[:, None]], axis=1
    )
    base = (per_serving[safe] * planned[..., None]).sum(axis=2)
    slot_bits = (homes.slots[:, None] >> np.arange(search.SLOT_COUNT)) & 1
    day_share = (slot_bits * np.asarray(settings.slot_shares)).sum(axis=1)
    person_target = (homes.targets * day_share[:, None])[:, None, :]
    low, high = settings.portion_scale
    kcal = base[:, :, :1]
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.clip(person_target / kcal, low, high)
    scale = np.where(np.isnan(person_target) | (kcal <= 0), np.nan, scale)
    servings = np.round(np.nansum(scale, axis=2), 2)
    return Days(
        base=base,
        servings=servings,
        person_kcal=scale * kcal,
        person_target=person_target,
        day_share=day_share,
    )


def tables(
    homes: Households,
    recipes: Recipes,
    pins: Pins,
    found: Searched,
    week: date,
    catalog_version: str,
    settings: PlannerSettings,
) -> PlanBatch:
    """The search's arrays as the planner's three tables."""
    ids = plan_ids_of(homes.table.get_column("household_id").to_list(), week)
    plan_ids = pl.Series("plan_id", ids, dtype=pl.String)
    per_day = days(homes, recipes, found, settings)
    proposed = found.status == search.STATUS_OK
    return PlanBatch(
        plans=_plans(
            homes, recipes, pins, found, per_day, plan_ids, week, catalog_version, settings
        ),
        plan_meals=_meals(recipes, found, per_day, plan_ids, proposed, week),
        daily_nutrition=_nutrition(homes, per_day, proposed, week),
    )


def plan_ids_of(household_ids: list[str], week: date) -> list[str]:
    """`simmer.planner.schema.plan_id` of each household, computed without `uuid` objects
    (uuid5 is SHA-1 of namespace and name with the version and variant bits set): a million
    take about two seconds instead of forty."""
    namespace, suffix = PLAN_NAMESPACE.bytes, f":{week.isoformat()}"
    ids = []
    for household_id in household_ids:
        digest = bytearray(hashlib.sha1(namespace + (household_id + suffix).encode()).digest())
        digest[6] = digest[6] & 0x0F | 0x50
        digest[8] = digest[8] & 0x3F | 0x80
        x = digest[:16].hex()
        ids.append(f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}")
    return ids


def _week_days(week: date) -> pl.Series:
    return pl.Series([week + timedelta(days=d) for d in range(search.DAYS)], dtype=pl.Date)


def _meals(
    recipes: Recipes,
    found: Searched,
    per_day: Days,
    plan_ids: pl.Series,
    proposed: npt.NDArray[np.bool_],
    week: date,
) -> pl.DataFrame:
    keep = (found.recipe >= 0) & proposed[:, None]
    household, position = np.nonzero(keep)
    kind = found.kind[household, position]
    day = position // search.SLOT_COUNT
    frame = pl.DataFrame(
        {
            "plan_id": plan_ids.gather(household),
            "day": _week_days(week).gather(day),
            "slot": pl.Series(SLOTS).gather(position % search.SLOT_COUNT),
            "recipe_slug": recipes.slugs.gather(found.recipe[household, position]),
            "servings": per_day.servings[household, day],
            "leftover": kind == search.KIND_LEFTOVER,
            "pinned": (kind == search.KIND_PINNED) | (kind == search.KIND_TAG),
        }
    )
    return frame.cast(PLAN_MEALS).select(PLAN_MEALS.names())


def day_macro_targets(
    homes: Households, day_share: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """(households, 3): each day's protein, fat and carbohydrate targets of the whole household
    in grams, as the search aims at them (`search._day_term`: a person's goal times the share
    of the day the planned slots carry), times its people; NaN where it sets no goal (none, or
    not above 0)."""
    wanted = homes.macros * (homes.people * day_share)[:, None]
    with np.errstate(invalid="ignore"):
        return np.where(wanted > 0, wanted, np.nan)


def _nutrition(
    homes: Households, per_day: Days, proposed: npt.NDArray[np.bool_], week: date
) -> pl.DataFrame:
    household = np.repeat(np.nonzero(proposed)[0], search.DAYS)
    day = np.tile(np.arange(search.DAYS), int(proposed.sum()))
    servings = per_day.servings[household, day]
    base = per_day.base[household, day]
    targets = day_macro_targets(homes, per_day.day_share)[household]
    frame = pl.DataFrame(
        {
            "household_id": homes.table.get_column("household_id").gather(household),
            "week": pl.Series([week] * household.shape[0], dtype=pl.Date),
            "day": _week_days(week).gather(day),
            "kcal": servings * base[:, 0],
            "kcal_target": np.nansum(per_day.person_target[household, 0], axis=1),
            "protein_g": servings * base[:, 1],
            "fat_g": servings * base[:, 2],
            "carbs_g": servings * base[:, 3],
            **{
                f"{macro}_target": pl.Series(targets[:, m], nan_to_null=True)
                for m, macro in enumerate(MACROS)
            },
        }
    )
    return frame.cast(DAILY_NUTRITION).select(DAILY_NUTRITION.names())


def _plans(
    homes: Households,
    recipes: Recipes,
    pins: Pins,
    found: Searched,
    per_day: Days,
    plan_ids: pl.Series,
    week: date,
    catalog_version: str,
    settings: PlannerSettings,
) -> pl.DataFrame:
    proposed = found.status == search.STATUS_OK
    with np.errstate(divide="ignore", invalid="ignore"):
        person_dev = np.abs(per_day.person_kcal - per_day.person_target) / per_day.person_target
        wanted = day_macro_targets(homes, per_day.day_share)
        eaten = per_day.servings[:, :, None] * per_day.base[:, :, 1:4]
        macro_dev = np.abs(eaten - wanted[:, None, :]) / wanted[:, None, :]
    cost = (per_day.servings * per_day.base[:, :, 4]).sum(axis=1)
    frame = pl.DataFrame(
        {
            "plan_id": plan_ids,
            "household_id": homes.table.get_column("household_id"),
            "zone": homes.table.get_column("timezone"),
            "status": np.where(proposed, "proposed", "infeasible"),
            "meals": np.where(proposed, (found.recipe >= 0).sum(axis=1), 0),
            "kcal_deviation": _mean_or_null(person_dev.reshape(homes.count, -1), proposed),
            "macro_deviation": _mean_or_null(macro_dev.reshape(homes.count, -1), proposed),
            "distinct_ingredients": np.where(proposed, found.distinct, 0),
            "cost": np.where(proposed, cost, np.nan),
        }
    ).with_columns(
        week=pl.lit(week, pl.Date),
        catalog_version=pl.lit(catalog_version, pl.String),
        reason=_reasons(homes, recipes, found, settings),
        goal_misses=_goal_misses(homes, per_day, person_dev, macro_dev, cost, proposed, settings),
        notes=_pin_notes(homes, recipes, pins, found, settings),
        cost=pl.col("cost").fill_nan(None).round(2),
    )
    return frame.cast(PLANS).select(PLANS.names())


def _mean_or_null(values: npt.NDArray[np.float64], proposed: npt.NDArray[np.bool_]) -> pl.Series:
    counted = (~np.isnan(values)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        mean = np.nansum(values, axis=1) / counted
    return pl.Series(np.where(proposed & (counted > 0), mean, np.nan)).fill_nan(None)


def _goal_misses(
    homes: Households,
    per_day: Days,
    person_dev: npt.NDArray[np.float64],
    macro_dev: npt.NDArray[np.float64],
    cost: npt.NDArray[np.float64],
    proposed: npt.NDArray[np.bool_],
    settings: PlannerSettings,
) -> pl.Series:
    """Per household, the goals the plan misses and by how much, as text."""
    worst_day = np.nanmax(np.where(np.isnan(person_dev), -1.0, person_dev), axis=2)
    days_off = (worst_day > settings.energy_miss).sum(axis=1)
    worst = worst_day.max(axis=1)
    counted = (~np.isnan(macro_dev)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        macro_mean = np.nansum(macro_dev, axis=1) / counted
    misses = pl.DataFrame(
        {
            "proposed": proposed,
            "days_off": days_off,
            "worst": worst * 100,
            **{f"m{m}": macro_mean[:, m] * 100 for m in range(3)},
            "cost": cost,
            "budget": homes.budget,
            "currency": homes.table.get_column("currency"),
        }
    ).with_columns(pl.col(f"m{m}" for m in range(3)).fill_nan(None))
    energy = pl.when(pl.col("days_off") > 0).then(
        pl.format(
            "energy: {} of 7 days off by more than {} % (up to {} %)",
            "days_off",
            pl.lit(round(settings.energy_miss * 100)),
            pl.col("worst").round(1),
        )
    )
    macro = [
        pl.when(pl.col(f"m{m}") > settings.macro_miss * 100).then(
            pl.format(f"{name}: {{}} % off on average", pl.col(f"m{m}").round(1))
        )
        for m, name in enumerate(("protein", "fat", "carbs"))
    ]
    budget = pl.when(pl.col("cost") > pl.col("budget")).then(
        pl.format(
            "budget: {} {} over {} ({} planned)",
            (pl.col("cost") - pl.col("budget")).round(2),
            pl.col("currency").fill_null(""),
            pl.col("budget").round(2),
            pl.col("cost").round(2),
        )
    )
    listed = pl.concat_list(energy, *macro, budget).list.drop_nulls()
    return misses.select(
        pl.when("proposed").then(listed).otherwise(pl.lit([], pl.List(pl.String)))
    ).to_series()


def _reasons(
    homes: Households, recipes: Recipes, found: Searched, settings: PlannerSettings
) -> pl.Series:
    """Why each infeasible plan is: the rule that left a slot too few recipes, and how many."""
    reasons: list[str | None] = [None] * homes.count
    too_few = np.nonzero(found.status == search.STATUS_TOO_FEW)[0]
    if too_few.size:
        slot = found.detail[too_few] % search.SLOT_COUNT
        need = found.detail[too_few] // search.SLOT_COUNT
        allowed = (recipes.slots[None, :] >> slot[:, None]) & 1 == 1
        left = {"slot": allowed.sum(axis=1)}
        for rule, mask in rule_masks(homes, recipes, too_few.astype(np.int64)):
            allowed &= mask
            left[rule] = allowed.sum(axis=1)
        for i, row in enumerate(too_few):
            first = next(rule for rule in ("slot", *RULES) if left[rule][i] < need[i])
            chain = ", ".join(f"{rule} {left[rule][i]}" for rule in ("slot", *RULES))
            reasons[row] = (
                f"{first}: {left[first][i]} {SLOTS[slot[i]]} recipes left, {need[i]} needed "
                f"(recipes left after each rule: {chain})"
            )
    for row in np.nonzero(found.status == search.STATUS_DEAD_END)[0]:
        p = int(found.detail[row])
        s = p % search.SLOT_COUNT
        reasons[row] = (
            f"repeats: no {SLOTS[s]} recipe left for {WEEKDAYS[p // search.SLOT_COUNT]} within "
            f"the repeat rules (at most {settings.max_repeats} a week, never on consecutive "
            f"days; {found.counts[row, s]} {SLOTS[s]} recipes allowed)"
        )
    return pl.Series(reasons, dtype=pl.String)


def _pin_notes(
    homes: Households, recipes: Recipes, pins: Pins, found: Searched, settings: PlannerSettings
) -> pl.Series:
    """Per household, each pin not honoured and why (in the household's pin order)."""
    broken = np.nonzero(found.pin_code != search.PIN_HONOURED)[0]
    table = pins.table[broken]
    why = _rule_broken(homes, recipes, table) if broken.size else []
    texts = []
    for i, pin in enumerate(table.iter_rows(named=True)):
        code = int(found.pin_code[broken[i]])
        what = pin["recipe_slug"] if pin["recipe_slug"] is not None else f"tag {pin['tag']}"
        reason = why[i] if code == search.PIN_BREAKS_RULE else PIN_WHY[code]
        texts.append(
            f"pin {WEEKDAYS[pin['weekday']]} {pin['slot']} {what}: not honoured, "
            + reason.format(repeats=settings.max_repeats)
        )
    notes = (
        pl.DataFrame({"row": table.get_column("row"), "note": pl.Series(texts, dtype=pl.String)})
        .group_by("row", maintain_order=True)
        .agg("note")
    )
    return (
        pl.DataFrame({"row": np.arange(homes.count)})
        .cast({"row": table.schema["row"]})
        .join(notes, on="row", how="left", maintain_order="left")
        .select(pl.col("note").fill_null(pl.lit([], dtype=pl.List(pl.String))))
        .to_series()
    )


def _rule_broken(homes: Households, recipes: Recipes, table: pl.DataFrame) -> list[str]:
    """For each pinned recipe, the first hard rule it breaks for its household."""
    rows = table.get_column("row").to_numpy().astype(np.int64)
    recipe = np.maximum(table.get_column("recipe").to_numpy(), 0)
    slot = table.get_column("position").to_numpy() % search.SLOT_COUNT
    masks = {
        rule: mask[np.arange(rows.shape[0]), recipe]
        for rule, mask in rule_masks(homes, recipes, rows)
    }
    masks["slot"] = (recipes.slots[recipe] >> slot) & 1 == 1
    why = []
    for i in range(rows.shape[0]):
        rule = next((r for r in (*RULES, "slot") if not masks[r][i]), "slot")
        why.append(_rule_text(rule, homes, recipes, int(rows[i]), int(recipe[i]), int(slot[i])))
    return why


def _rule_text(
    rule: str, homes: Households, recipes: Recipes, row: int, recipe: int, slot: int
) -> str:
    household = homes.table.row(row, named=True)
    if rule == "diet":
        return f"it breaks the diet rule (not known to be {household['diet']})"
    if rule == "allergy":
        hit = int(homes.allergies[row]) & int(recipes.risks[recipe])
        names = [a for i, a in enumerate(ALLERGENS) if hit >> i & 1]
        return f"it breaks the allergy rule (has or may have {', '.join(names)})"
    if rule == "dislike":
        return "it breaks the dislike rule (uses an ingredient the household dislikes)"
    if rule == "cook_time":
        return f"it breaks the cook time rule (limit {household['max_cook_time_min']} min)"
    return f"it breaks the slot rule (not a {SLOTS[slot]} recipe)"
