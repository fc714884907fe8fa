"""Planner benchmark: `python -m bench.bench_planner [--sizes N ...]` prints a Markdown table.

Plans synthetic households (`bench.synthetic_households`) against the synthetic 5,000-recipe
catalog (`bench.synthetic_catalog`) with `simmer.planner.core.plan_week`, in slices of
`SLICE` households (each plan depends only on its household, so slicing changes nothing), each
size in a fresh process so its peak RSS is its own. Every plan is checked by the independent
checker `simmer.planner.rules.find_breaks`. Baselines on the first `BASELINE_HOUSEHOLDS`
households of the same run: random feasible plans and greedy without the reuse term (no local
search), quality figures only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine, peak_rss_mib, table
from bench.exact_baseline import solve
from bench.synthetic_catalog import (
    synthetic_candidate_ingredients,
    synthetic_candidates,
    synthetic_catalog,
)
from bench.synthetic_households import distinct_profiles, synthetic_households
from simmer.overlap import ingredient_weights
from simmer.planner.core import PlanBatch, encode_pins, plan_week, run_search
from simmer.planner.encode import encode_households, encode_recipes
from simmer.planner.rules import find_breaks
from simmer.planner.settings import PlannerSettings

SIZES = (10_000, 100_000, 1_000_000)
RECIPES = 5_000
SLICE = 100_000
BASELINE_HOUSEHOLDS = 10_000
WEEK = date(2026, 11, 29)
PLANNER = PlannerSettings()
EXACT_HOUSEHOLDS = 50
EXACT_LISTS = 6  # candidates per slot for both the planner and the exact program
EXACT_SECONDS = 5.0
BASELINES = {
    "random feasible": PlannerSettings(search="random"),
    "greedy, no reuse term": PlannerSettings(reuse_weight=0.0, local_search_passes=0),
}


@dataclass(frozen=True)
class Inputs:
    candidates: pl.DataFrame
    lines: pl.DataFrame
    weights: pl.DataFrame


def inputs() -> Inputs:
    catalog = synthetic_catalog(RECIPES)
    return Inputs(
        candidates=synthetic_candidates(catalog),
        lines=synthetic_candidate_ingredients(catalog),
        weights=ingredient_weights(catalog.ingredients.lazy())
        .collect()
        .join(catalog.ingredients.select("slug", "pantry_staple"), on="slug"),
    )


def plan(data: Inputs, households: pl.DataFrame, settings: PlannerSettings) -> PlanBatch:
    return plan_week(
        households, data.candidates, data.lines, data.weights, WEEK, "synthetic", settings
    )


def quality(batch: PlanBatch, households: pl.DataFrame, data: Inputs) -> dict[str, float]:
    """Rule breaks and the quality figures of one batch, as sums to add up over slices."""
    breaks = find_breaks(
        batch.plans, batch.plan_meals, households, data.candidates, data.lines
    ).height
    days = batch.daily_nutrition.select(
        dev=(pl.col("kcal") - pl.col("kcal_target")).abs() / pl.col("kcal_target")
    )
    proposed = batch.plans.filter(pl.col("status") == "proposed").join(
        households.select("household_id", "weekly_budget"), on="household_id"
    )
    budgeted = proposed.filter(pl.col("weekly_budget").is_not_null())
    return {
        "plans": batch.plans.height,
        "breaks": breaks,
        "infeasible": batch.plans.height - proposed.height,
        "days": days.height,
        "dev_sum": days.get_column("dev").sum(),
        "within_10": days.filter(pl.col("dev") <= 0.10).height,
        "macro_sum": proposed.get_column("macro_deviation").fill_null(0).sum(),
        "macro_n": proposed.get_column("macro_deviation").is_not_null().sum(),
        "distinct_sum": proposed.get_column("distinct_ingredients").sum(),
        "proposed": proposed.height,
        "budgeted": budgeted.height,
        "in_budget": budgeted.filter(pl.col("cost") <= pl.col("weekly_budget")).height,
        "p95": days.get_column("dev").quantile(0.95) or 0.0,
    }


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def summary(
    name: str, n: int, q: dict[str, float], wall: float, cpu: float, rss: float | None
) -> list[object]:
    def pct(x: float) -> str:
        return f"{100 * x:.1f} %"

    return [
        name,
        f"{n:,}",
        f"{wall:.1f}",
        f"{n / wall:,.0f}",
        f"{1000 * cpu / n:.2f}",
        "" if rss is None else f"{rss:,.0f}",
        int(q["breaks"]),
        int(q["infeasible"]),
        pct(q["dev_sum"] / q["days"]),
        pct(q["p95"]),
        pct(q["within_10"] / q["days"]),
        pct(q["macro_sum"] / max(q["macro_n"], 1)),
        f"{q['distinct_sum'] / q['proposed']:.1f}",
        pct(q["in_budget"] / max(q["budgeted"], 1)),
    ]


HEADERS = (
    "method", "households", "wall s", "plans/s", "CPU ms/plan", "peak RSS MiB", "rule breaks",
    "infeasible",
    "mean energy dev", "p95 energy dev", "days within ±10 %", "mean macro dev",
    "distinct ingredients/plan", "within budget",
)  # fmt: skip


def _add(total: dict[str, float], part: dict[str, float]) -> dict[str, float]:
    merged = {key: total.get(key, 0.0) + value for key, value in part.items()}
    merged["p95"] = max(total.get("p95", 0.0), part["p95"])  # the worst slice's p95
    return merged


def run_size(n: int, with_exact: bool) -> dict[str, object]:
    """Plan n households in slices; the planner's row, and baselines' rows for the first slice."""
    data = inputs()
    households = synthetic_households(n, data.candidates, data.lines)
    profiles = distinct_profiles(households)
    plan(data, households.head(10), PLANNER)  # load the compiled kernel outside the timing
    wall = cpu = 0.0
    totals: dict[str, float] = {}
    for start in range(0, n, SLICE):
        part = households.slice(start, SLICE)
        started, cpu_started = time.perf_counter(), cpu_seconds()
        batch = plan(data, part, PLANNER)
        wall += time.perf_counter() - started
        cpu += cpu_seconds() - cpu_started
        totals = _add(totals, quality(batch, part, data))
    rows = [summary("planner", n, totals, wall, cpu, peak_rss_mib())]
    sample = households.head(BASELINE_HOUSEHOLDS)
    for name, settings in BASELINES.items():
        started, cpu_started = time.perf_counter(), cpu_seconds()
        batch = plan(data, sample, settings)
        elapsed, used = time.perf_counter() - started, cpu_seconds() - cpu_started
        rows.append(summary(name, sample.height, quality(batch, sample, data), elapsed, used, None))
    exact = exact_row(data, households) if with_exact else None
    return {"rows": rows, "profiles": profiles, "exact": exact}


def exact_row(data: Inputs, households: pl.DataFrame) -> list[object]:
    """The planner's objective against HiGHS's on the same candidate lists, first households."""
    settings = PlannerSettings(candidates_per_slot=EXACT_LISTS)
    recipes = encode_recipes(data.candidates, data.lines, data.weights, settings.staples)
    homes = encode_households(households.head(4 * EXACT_HOUSEHOLDS), recipes)
    found = run_search(homes, recipes, encode_pins(homes, recipes), settings)
    default = run_search(homes, recipes, encode_pins(homes, recipes), PLANNER)
    sample = [h for h in range(homes.count) if found.status[h] == 0][:EXACT_HOUSEHOLDS]
    gaps, bound_gaps, default_gaps, optimal = [], [], [], 0
    started = time.perf_counter()
    for h in sample:
        exact = solve(h, homes, recipes, found, settings, EXACT_SECONDS)
        planner = float(found.objective[h])
        gaps.append((planner - exact.objective) / exact.objective)
        bound_gaps.append((planner - exact.bound) / planner)
        default_gaps.append((float(default.objective[h]) - exact.objective) / exact.objective)
        optimal += exact.optimal
    elapsed = time.perf_counter() - started
    return [
        len(sample),
        EXACT_LISTS,
        f"{EXACT_SECONDS:.0f} s",
        optimal,
        f"{100 * float(np.mean(gaps)):.2f} %",
        f"{100 * float(np.quantile(gaps, 0.95)):.2f} %",
        f"{100 * max(gaps):.2f} %",
        f"{100 * float(np.mean(bound_gaps)):.1f} %",
        f"{100 * float(np.mean(default_gaps)):+.1f} %",
        f"{elapsed:.0f}",
    ]


EXACT_HEADERS = (
    "households", "candidates per slot", "time limit", "solved to optimality",
    "mean gap to HiGHS's best plan", "p95 gap", "worst gap", "mean gap to HiGHS's proven bound",
    f"default planner ({PLANNER.candidates_per_slot} per slot) vs HiGHS's best", "wall s",
)  # fmt: skip


def bench(sizes: tuple[int, ...]) -> list[str]:
    context = multiprocessing.get_context("spawn")
    rows: list[list[object]] = []
    exact: list[list[object]] = []
    notes = []
    for n in sizes:
        with context.Pool(1) as pool:
            result = pool.apply(run_size, (n, not exact))
        rows.extend(result["rows"])  # type: ignore[arg-type]
        for row in result["rows"]:  # type: ignore[attr-defined]
            print(" | ".join(str(cell) for cell in row), file=sys.stderr, flush=True)
        if result["exact"] is not None:
            exact.append(result["exact"])  # type: ignore[arg-type]
        notes.append(f"{n:,} households: {result['profiles']:,} distinct preference profiles")
    return [
        f"Machine: {machine()}; {RECIPES:,} synthetic recipes; baselines on the first "
        f"{BASELINE_HOUSEHOLDS:,} households of each size; load average at the end "
        f"{os.getloadavg()[0]:.1f}. CPU ms/plan: user + system time of all threads.",
        "",
        table(HEADERS, rows),
        "",
        *notes,
        "",
        "Exact baseline (HiGHS on the planner's own objective and portion rule, the planner's "
        "plan as the start; both on the same candidate lists) on the first feasible households:",
        "",
        table(EXACT_HEADERS, exact),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args(argv)
    print("\n".join(bench(tuple(args.sizes))))


if __name__ == "__main__":
    main()
