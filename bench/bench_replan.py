"""Re-planning benchmark: `python -m bench.bench_replan [--calls N]`, after `make plan`.

One household re-planned keeping one meal (`simmer.planner.replan.replan`: the Sunday run's
planner, shopping list and carts), on the real catalog of the lake under `SIMMER_HOME` and the
households `make plan` seeded in the serving PostgreSQL. Cold: the first call in this process
(catalog read from the lake and encoded, the compiled search loaded from numba's cache). Warm:
the next calls, each another household keeping the first meal of its plan. Baseline in the
same run: a call with the catalog cache emptied first (what every call would cost without it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine, table
from simmer.households import snapshot_households, snapshot_pantry
from simmer.planner.calendar import current_week
from simmer.planner.replan import Keeps, _load, replan
from simmer.settings import Settings
from simmer.store.engine import engine_for


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args(argv)
    settings = Settings()
    with engine_for(settings.serving_url()).connect() as connection:
        snapshot = snapshot_households(connection)
        pantry = snapshot_pantry(connection)
    if snapshot.is_empty():
        raise SystemExit("no households in the serving database: run `make plan` first")
    households = [snapshot.slice(i % snapshot.height, 1) for i in range(args.calls + 1)]

    def call(index: int, keep_one: bool) -> Callable[[], object]:
        household = households[index]
        week = current_week(household.get_column("timezone").item(), datetime.now(UTC))
        ids = household.get_column("household_id").implode()
        own = pantry.filter(pl.col("household_id").is_in(ids))
        keep: Keeps = {}
        if keep_one:  # the first meal of the plan as it is now (made untimed)
            meals = replan(settings.lake_dir, household, own, week, {}).tables["plan_meals"]
            if not meals.is_empty():
                first = meals.row(0, named=True)
                keep = {(first["day"], first["slot"]): first["recipe_slug"]}
        return lambda: replan(settings.lake_dir, household, own, week, keep)

    cold = _seconds(call(0, keep_one=False))
    warm = [_seconds(call(i, keep_one=True)) for i in range(1, args.calls + 1)]
    uncached = []
    for i in range(1, 4):
        timed_call = call(i, keep_one=True)
        _load.cache_clear()
        uncached.append(_seconds(timed_call))
    print(f"{machine()}; {snapshot.height} households, lake {settings.lake_dir}\n")
    print(
        table(
            ["call", "calls", "median ms", "max ms"],
            [
                ["cold (first in process)", 1, f"{cold * 1000:.0f}", f"{cold * 1000:.0f}"],
                _row("warm (catalog cached)", warm),
                _row("baseline: catalog reloaded", uncached),
            ],
        )
    )


def _row(name: str, seconds: list[float]) -> list[object]:
    return [
        name,
        len(seconds),
        f"{statistics.median(seconds) * 1000:.0f}",
        f"{max(seconds) * 1000:.0f}",
    ]


if __name__ == "__main__":
    main(sys.argv[1:])
