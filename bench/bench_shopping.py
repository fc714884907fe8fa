"""Shopping benchmark: `python -m bench.bench_shopping [--households N] [--speed N ...]`.

Waste: the synthetic 5,000-recipe catalog (`bench.synthetic_catalog`) gets a synthetic vendor
(`synthetic_vendor`: two package sizes per non-staple ingredient, the big one cheaper per gram),
the planner's reuse weights from its package sizes (`simmer.planner.batch.weights_with_staples`;
greedy without the reuse term gets the same weights and ignores them), and candidate costs per
serving recomputed from those prices the way `simmer.cost` does (the
line grams times the ingredient's cheapest price per gram), so the planner's budget goal and the
cart price the same food. The same synthetic households are planned by the planner and by the
planner benchmark's baselines (random feasible, greedy without the reuse term), and each plan's
shopping list and cart are built (`simmer.shopping`, `simmer.cart`): leftover share of
purchased grams, of perishable grams and of money, the cart's total against the budget, and how
often "the plan's cost per serving fits the budget" and "the cart fits the budget" disagree.

Speed: lists and carts for N plans, timed (`shopping_list` + `carts`): `PLANNED_MAX` households
planned by the planner, repeated under new plan and household ids up to N (the lists and carts
do the same work per plan; planning at scale is the planner benchmark's job), in chunks of
`SPEED_CHUNK` plans (plans are independent: a partition that large would be listed the same
way), each chunk's lists and carts freed before the next.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_planner import BASELINES, PLANNER, RECIPES, WEEK
from bench.common import machine, peak_rss_mib, table
from bench.synthetic_catalog import (
    Catalog,
    synthetic_candidate_ingredients,
    synthetic_candidates,
    synthetic_catalog,
)
from bench.synthetic_households import synthetic_households
from simmer.cart import Carts, carts
from simmer.households import PANTRY
from simmer.planner.batch import PackageSizes, weights_with_staples
from simmer.planner.core import PlanBatch, plan_week
from simmer.planner.settings import PlannerSettings
from simmer.shopping import shopping_list

HOUSEHOLDS = 10_000
SPEED_SIZES = (100_000, 1_000_000)
PLANNED_MAX = 10_000
SPEED_CHUNK = 100_000  # plans per shopping_list + carts call; chunks are timed and summed
TARGET_COST_PER_SERVING = 2.5
REUSE_X10 = PlannerSettings(reuse_weight=PLANNER.reuse_weight * 10)
GOAL = 0.30  # perishable leftover share at least 30 % below greedy without reuse
EMPTY_PORTIONS = pl.DataFrame(
    schema={
        "ingredient": pl.String,
        "amount": pl.Float64,
        "unit": pl.String,
        "grams": pl.Float64,
        "description": pl.String,
    }
)


@dataclass(frozen=True)
class World:
    catalog: Catalog
    ingredients: pl.DataFrame
    recipe_lines: pl.DataFrame
    servings: pl.DataFrame
    vendor: pl.DataFrame
    candidates: pl.DataFrame
    candidate_ingredients: pl.DataFrame
    weights: pl.DataFrame


def synthetic_vendor(ingredients: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """Two packages per non-staple ingredient: a small one (100-500 g) and one 2-5 times as
    big at 80 % of the small one's price per gram; prices log-normal per gram."""
    rng = np.random.default_rng(seed)
    sold = ingredients.filter(~pl.col("pantry_staple"))
    n = sold.height
    small = rng.choice([100.0, 200.0, 250.0, 400.0, 500.0], n)
    big = small * rng.choice([2.0, 4.0, 5.0], n)
    per_gram = rng.lognormal(np.log(0.01), 0.6, n)
    slugs = sold.get_column("slug")
    return pl.concat(
        [
            pl.DataFrame(
                {
                    "vendor": "synthetic",
                    "sku": slugs + suffix,
                    "ingredient": slugs,
                    "package_size": size,
                    "package_unit": "gram",
                    "price": np.round(size * per_gram * discount, 2).clip(0.01),
                    "currency": "USD",
                }
            )
            for suffix, size, discount in (("-small", small, 1.0), ("-big", big, 0.8))
        ]
    )


def world() -> World:
    catalog = synthetic_catalog(RECIPES)
    ingredients = catalog.ingredients.with_columns(
        name=pl.col("slug").str.replace_all("-", " "), density_g_per_ml=pl.lit(None, pl.Float64)
    )
    vendor = synthetic_vendor(ingredients)
    lines = synthetic_candidate_ingredients(catalog)
    per_gram = vendor.group_by("ingredient").agg(
        price_per_gram=(pl.col("price") / pl.col("package_size")).min()
    )
    raw_cost = (
        lines.join(per_gram, left_on="ingredient_slug", right_on="ingredient", how="left")
        .group_by("recipe_slug")
        .agg(cost=(pl.col("grams") * pl.col("price_per_gram")).sum())
    )
    scale = TARGET_COST_PER_SERVING / float(raw_cost.get_column("cost").median() or 1.0)
    vendor = vendor.with_columns((pl.col("price") * scale).round(2).clip(0.01))
    costs = raw_cost.select(slug="recipe_slug", cost_per_serving=pl.col("cost") * scale)
    candidates = (
        synthetic_candidates(catalog)
        .drop("cost_per_serving")
        .join(costs, on="slug", how="left")
        .select(synthetic_candidates(catalog).columns)
    )
    return World(
        catalog=catalog,
        ingredients=ingredients,
        recipe_lines=recipe_lines(catalog),
        servings=candidates.select(recipe_slug="slug", servings=pl.lit(1.0)),
        vendor=vendor,
        candidates=candidates,
        candidate_ingredients=lines,
        weights=weights_with_staples(ingredients, PackageSizes(lines, vendor, EMPTY_PORTIONS)),
    )


def recipe_lines(catalog: Catalog) -> pl.DataFrame:
    """The catalog's lines as `recipe_lines`: grams per serving (servings 1); unknown grams
    are 'no quantity' lines (as needed), lines without ingredient unmatched."""
    return catalog.lines.select(
        "recipe_slug",
        line_no=pl.int_range(pl.len()).over("recipe_slug").cast(pl.Int32) + 1,
        text=pl.coalesce("ingredient", pl.lit("mystery")),
        ingredient="ingredient",
        status=pl.when(pl.col("ingredient").is_null())
        .then(pl.lit("unmatched"))
        .otherwise(pl.lit("parsed")),
        grams="grams",
        grams_issue=pl.when(pl.col("ingredient").is_null())
        .then(pl.lit("unmatched ingredient"))
        .when(pl.col("grams").is_null())
        .then(pl.lit("no quantity")),
        unit=pl.lit("gram"),
    )


def plan(w: World, households: pl.DataFrame, settings: PlannerSettings) -> PlanBatch:
    return plan_week(
        households, w.candidates, w.candidate_ingredients, w.weights, WEEK, "synthetic", settings
    )


def shop(w: World, batch: PlanBatch, households: pl.DataFrame) -> tuple[pl.DataFrame, Carts]:
    items = shopping_list(
        batch.plans.filter(pl.col("status") == "proposed"),
        batch.plan_meals,
        w.recipe_lines,
        w.servings,
        w.ingredients,
        EMPTY_PORTIONS,
        pl.DataFrame(schema=PANTRY),
    )
    return items, carts(items, households, w.vendor, w.ingredients, EMPTY_PORTIONS)


def waste_row(name: str, w: World, batch: PlanBatch, households: pl.DataFrame) -> dict[str, float]:
    _, found = shop(w, batch, households)
    totals = found.totals.join(batch.plans.select("plan_id", "cost"), on="plan_id").filter(
        pl.col("weekly_budget").is_not_null()
    )
    days = batch.daily_nutrition.select(
        dev=(pl.col("kcal") - pl.col("kcal_target")).abs() / pl.col("kcal_target")
    )
    t = found.totals
    plan_fits = pl.col("cost") <= pl.col("weekly_budget")
    return {
        "name": name,  # type: ignore[dict-item]
        "plans": float(t.height),
        "energy_dev": float(days.get_column("dev").mean() or 0.0),
        "leftover_share": float(t["leftover_grams"].sum() / t["purchased_grams"].sum()),
        "perishable_share": float(
            t["perishable_leftover_grams"].sum() / t["perishable_purchased_grams"].sum()
        ),
        "money_share": float(t["leftover_money"].sum() / t["total"].sum()),
        "cart_over_budget": float((t["total"] / t["weekly_budget"]).mean() or 0.0),
        "plan_in_budget": float(totals.select(plan_fits.mean()).item()),
        "cart_in_budget": float(totals.get_column("within_budget").mean() or 0.0),
        "disagree": float(totals.select((plan_fits != pl.col("within_budget")).mean()).item()),
    }


WASTE_HEADERS = (
    "method", "plans", "mean energy dev", "leftover of grams bought", "of perishable grams",
    "of money", "mean cart / budget", "plan cost within budget", "cart within budget",
    "plan and cart disagree",
)  # fmt: skip


def _pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f} %"


def waste(w: World, n: int) -> list[str]:
    households = synthetic_households(n, w.candidates, w.candidate_ingredients)
    rows = []
    methods = {"planner": PLANNER, **BASELINES, "planner, reuse weight x10": REUSE_X10}
    for name, settings in methods.items():
        figures = waste_row(name, w, plan(w, households, settings), households)
        rows.append(figures)
    greedy = next(r for r in rows if r["name"] == "greedy, no reuse term")
    planner = rows[0]
    cut = 1 - planner["perishable_share"] / greedy["perishable_share"]
    met = cut >= GOAL and planner["energy_dev"] <= greedy["energy_dev"]
    return [
        table(
            WASTE_HEADERS,
            [
                [
                    r["name"],
                    f"{int(r['plans']):,}",
                    _pct(r["energy_dev"], 2),
                    _pct(r["leftover_share"]),
                    _pct(r["perishable_share"]),
                    _pct(r["money_share"]),
                    f"{r['cart_over_budget']:.2f}",
                    _pct(r["plan_in_budget"]),
                    _pct(r["cart_in_budget"]),
                    _pct(r["disagree"]),
                ]
                for r in rows
            ],
        ),
        "",
        f"Perishable leftover share, planner against greedy without reuse: {_pct(cut)} lower "
        f"(goal ≥ {_pct(GOAL)} at no worse energy deviation: {'met' if met else 'NOT met'}).",
    ]


SPEED_HEADERS = (
    "plans", "chunks", "list items", "cart rows", "wall s", "CPU s", "plans/s", "peak RSS MiB",
    "load average (1 min) at the end",
)  # fmt: skip


def speed(w: World, sizes: tuple[int, ...]) -> list[str]:
    planned_n = min(max(sizes), PLANNED_MAX)
    households = synthetic_households(planned_n, w.candidates, w.candidate_ingredients)
    batch = plan(w, households, PLANNER)
    shop(w, plan(w, households.head(100), PLANNER), households.head(100))  # warm up
    rows = []
    for n in sizes:
        wall = cpu = 0.0
        items_n = cart_n = 0
        for first in range(0, n, SPEED_CHUNK):
            size = min(SPEED_CHUNK, n - first)
            scaled = replicate(batch, households, -(-size // planned_n), size, first)
            started, cpu_start = time.perf_counter(), time.process_time()
            items, found = shop(w, *scaled)
            wall += time.perf_counter() - started
            cpu += time.process_time() - cpu_start
            items_n, cart_n = items_n + items.height, cart_n + found.items.height
            del items, found, scaled
        rows.append(
            [
                f"{n:,}",
                f"{-(-n // SPEED_CHUNK)}",
                f"{items_n:,}",
                f"{cart_n:,}",
                f"{wall:.1f}",
                f"{cpu:.1f}",
                f"{n / wall:,.0f}",
                f"{peak_rss_mib():,.0f}",
                f"{os.getloadavg()[0]:.1f}",
            ]
        )
    return [
        table(
            SPEED_HEADERS,
            rows,
        )
    ]


def replicate(
    batch: PlanBatch, households: pl.DataFrame, copies: int, n: int, first: int = 0
) -> tuple[PlanBatch, pl.DataFrame]:
    """`copies` of the batch under new plan and household ids (tagged from copy `first`
    on), cut to n plans."""

    def tagged(frame: pl.DataFrame, copy: int, *columns: str) -> pl.DataFrame:
        return frame.with_columns(pl.col(c) + f"#{copy}" for c in columns)

    tags = range(first, first + copies)
    plans = pl.concat([tagged(batch.plans, c, "plan_id", "household_id") for c in tags]).head(n)
    meals = pl.concat([tagged(batch.plan_meals, c, "plan_id") for c in tags]).join(
        plans.select("plan_id"), on="plan_id"
    )
    homes = pl.concat([tagged(households, c, "household_id") for c in tags])
    return PlanBatch(plans, meals, batch.daily_nutrition), homes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=HOUSEHOLDS, help="0: no waste table")
    parser.add_argument("--speed", type=int, nargs="*", default=list(SPEED_SIZES))
    args = parser.parse_args(argv)
    lines = [f"Machine: {machine()}; {RECIPES:,} synthetic recipes, one synthetic vendor.", ""]
    w = world()
    if args.households:
        lines += [f"Waste and budget, {args.households:,} synthetic households:", ""]
        lines += waste(w, args.households)
    if args.speed:
        lines += ["", "Speed of lists and carts:", ""]
        lines += speed(w, tuple(args.speed))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
