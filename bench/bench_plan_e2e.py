"""End to end: households seeded in PostgreSQL, one (week, zone) partition planned through
Dagster in process. `python -m bench.bench_plan_e2e [HOUSEHOLDS] [RECIPES]`.

A throw-away PostgreSQL cluster (fsync off) gets HOUSEHOLDS demo households (`simmer.households`,
spread over its seven demo zones); a synthetic catalog of RECIPES recipes goes through the real
pipeline (ingest, catalog, nutrition); then the busiest zone's partition is materialized
(households snapshot from PostgreSQL, plans, the blocking rule check, the lake write) and timed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import dagster as dg

from api.migrate import upgrade
from assets.partitions import ZONES_NAME
from assets.planning import HARD_RULES_CHECK, PLANS_KEY
from bench.common import machine, peak_rss_mib, table
from bench.synthetic_pack import write_synthetic_packs
from pipelines.definitions import build_definitions
from pipelines.plan import plan_partition, run_plan
from simmer.households import demo_households, seed_households
from simmer.localpg import LocalCluster
from simmer.settings import Settings
from simmer.store.engine import engine_for

WEEK = date(2026, 11, 29)


def seed(url: str, count: int) -> tuple[str, int, float]:
    """Seed `count` demo households; the busiest zone, its household count, seconds taken."""
    started = time.perf_counter()
    households = demo_households(count, seed=2026)
    with engine_for(url).begin() as connection:
        seed_households(connection, households)
    zone, size = Counter(h.timezone for h in households).most_common(1)[0]
    return zone, size, time.perf_counter() - started


def run(households: int, recipes: int) -> list[object]:
    with tempfile.TemporaryDirectory(prefix="simmer-bench-e2e-") as folder:
        root = Path(folder)
        root.chmod(0o755)  # the unprivileged server user must reach its cluster folder
        cluster = LocalCluster(root / "pg", durable=False)
        try:
            url = cluster.up(("simmer",))
            upgrade(url)
            zone, in_zone, seed_s = seed(url, households)
            os.environ.update(
                SIMMER_HOME=str(root / "home"),
                SIMMER_PACKS=str(write_synthetic_packs(root / "packs", recipes)),
                DATABASE_URL=url,
            )
            settings = Settings()
            with dg.instance_for_test() as instance:
                started = time.perf_counter()
                assert run_plan(settings, instance).success
                catalog_s = time.perf_counter() - started
                instance.add_dynamic_partitions(ZONES_NAME, [zone])
                defs = build_definitions(settings)
                started = time.perf_counter()
                result = plan_partition(defs, instance, WEEK, zone)
                wall = time.perf_counter() - started
                assert result.success
                [check] = result.get_asset_check_evaluations()
                event = instance.get_latest_materialization_event(PLANS_KEY)
                assert event is not None and event.asset_materialization is not None
                figures = {k: v.value for k, v in event.asset_materialization.metadata.items()}
        finally:
            cluster.destroy()
    return [
        f"{households:,}",
        f"{recipes:,}",
        f"{zone} ({in_zone:,})",
        f"{seed_s:.1f}",
        f"{catalog_s:.1f}",
        f"{wall:.1f}",
        f"{in_zone / wall:,.0f}",
        f"{peak_rss_mib():,.0f}",
        f"{check.check_name}: {'passed' if check.passed else 'FAILED'}",
        figures.get("infeasible"),
        figures.get("mean_kcal_deviation"),
        figures.get("mean_distinct_ingredients"),
    ]


HEADERS = (
    "households in PostgreSQL",
    "recipes",
    "partition zone (households)",
    "seed s",
    "catalog+nutrition s",
    "partition wall s",
    "plans/s",
    "peak RSS MiB",
    HARD_RULES_CHECK,
    "infeasible",
    "mean kcal deviation",
    "mean distinct ingredients",
)


def main(argv: list[str]) -> None:
    households = int(argv[0]) if argv else 100_000
    recipes = int(argv[1]) if len(argv) > 1 else 5000
    print(f"machine: {machine()}")
    print(table(HEADERS, [run(households, recipes)]))


if __name__ == "__main__":
    main(sys.argv[1:])
