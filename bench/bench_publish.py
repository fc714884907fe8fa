"""Publishing plans to PostgreSQL: `python -m bench.bench_publish [PLANS] [SAMPLE] [durable]`.

A throw-away PostgreSQL cluster (fsync off; with `durable`, the settings `make db-up` uses:
fsync, synchronous commit and full page writes on) gets PLANS households (COPYed, untimed) and one
(week, zone) partition of synthetic plans (`bench.synthetic_plans`: per feasible plan 21
meals, 7 days, 35 list items, a 28-item cart, as the real pipeline makes). Timed, each in one
transaction through `simmer.store.plans_publish.publish_plans`:
- the first publish into empty tables;
- the Sunday re-run: every plan re-planned (new values under the same plan ids) and replaced;
- the same tables again (idempotent: nothing to change).
Baseline in the same run: SQLAlchemy Core `execute(insert(Table), rows)` (executemany) of the
same tables' rows for SAMPLE plans into empty tables, extrapolated linearly to PLANS and marked
so; `publish_plans` of the same SAMPLE plans beside it. Goal: 100,000 plans in under 60 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.migrate import upgrade
from bench.common import machine, table
from bench.synthetic_plans import synthetic_partition
from simmer.localpg import LocalCluster
from simmer.store.engine import engine_for
from simmer.store.models import Base
from simmer.store.plans_publish import (
    PUBLISHED_TABLES,
    Partition,
    documents,
    publish_plans,
    staged_frames,
    with_content_hash,
    with_titles,
)
from simmer.store.staging import copy_frame, driver_connection

PLANS, SAMPLE = 100_000, 10_000
WEEK, ZONE = date(2026, 11, 29), "Europe/Berlin"
PARTITION = Partition(WEEK, ZONE)
GOAL_S = 60.0


def seed_households(engine: Engine, ids: list[str]) -> None:
    households = pl.DataFrame({"id": ids}).with_columns(
        name=pl.format("household {}", pl.int_range(pl.len())),
        size=pl.lit(2),
        diet=pl.lit("omnivore"),
        allergies=pl.lit([], pl.List(pl.String)),
        dislikes=pl.lit([], pl.List(pl.String)),
        currency=pl.lit("USD"),
        kcal_per_person=pl.lit(2000),
        meal_slots=pl.lit(["breakfast", "lunch", "dinner"]),
        timezone=pl.lit(ZONE),
    )
    with engine.begin() as connection, driver_connection(connection).cursor() as cursor:
        copy_frame(cursor, "households", households)


def seconds(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def empty(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(PUBLISHED_TABLES)}"))


def server_cpu_s(backend: int) -> float:
    """CPU seconds (user + system) a PostgreSQL backend process has used so far."""
    fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_publish(engine: Engine, tables: dict[str, pl.DataFrame]) -> tuple[float, str]:
    """Wall seconds of one publish, and its CPU seconds: this process + its server backend
    (on a shared machine the CPU is what the work costs; the wall also waits for a core)."""
    with engine.connect() as connection:
        backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        connection.commit()
        server, client = server_cpu_s(backend), time.process_time()
        started = time.perf_counter()
        publish_plans(connection, tables, source="schedule", replace=PARTITION)
        connection.commit()
        wall = time.perf_counter() - started
        client, server = time.process_time() - client, server_cpu_s(backend) - server
    return wall, f"{client:.1f} + {server:.1f}"


def executemany_rows(tables: dict[str, pl.DataFrame]) -> dict[str, list[dict[str, Any]]]:
    """The rows `publish_plans` would write, as dicts for SQLAlchemy (prepared untimed)."""
    no_titles = pl.DataFrame(schema={"recipe_slug": pl.String, "title": pl.String})
    lake = with_titles(staged_frames(tables, PARTITION), no_titles)
    frames = {
        "plans": with_content_hash(lake).with_columns(
            currency=pl.lit("USD"), source=pl.lit("schedule")
        ),
        "plan_meals": lake["plan_meals"],
        "plan_days": lake["plan_days"],
        "plan_documents": documents(lake, lake["plans"]),
    }
    return {name: frame.to_dicts() for name, frame in frames.items()}


def executemany(engine: Engine, rows: dict[str, list[dict[str, Any]]]) -> None:
    with engine.begin() as connection:
        for name, values in rows.items():
            if values:
                connection.execute(insert(Base.metadata.tables[name]), values)


def count_rows(tables: dict[str, pl.DataFrame]) -> int:
    return sum(frame.height for frame in tables.values())


def run(plans: int, sample: int, durable: bool = False) -> list[str]:
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="simmer-bench-publish-") as folder:
        root = Path(folder)
        root.chmod(0o755)  # the unprivileged server user must reach its cluster folder
        cluster = LocalCluster(root / "pg", durable=durable)
        try:
            url = cluster.up(("simmer",))
            upgrade(url)
            engine = engine_for(url)
            ids = [str(uuid.UUID(int=index + 1)) for index in range(plans)]
            seed_households(engine, ids)
            generating = time.perf_counter()
            week, replanned = (
                synthetic_partition(ids, WEEK, ZONE),
                synthetic_partition(ids, WEEK, ZONE, variant=1),
            )
            generate_s = time.perf_counter() - generating
            publish, cpu = {}, {}
            for name, tables in (("first", week), ("rerun", replanned), ("again", replanned)):
                publish[name], cpu[name] = timed_publish(engine, tables)
            small = synthetic_partition(ids[:sample], WEEK, ZONE, variant=2)
            empty(engine)
            small_copy = seconds(
                lambda: publish_plans(engine, small, source="schedule", replace=PARTITION)
            )
            empty(engine)
            rows = executemany_rows(small)
            small_many = seconds(lambda: executemany(engine, rows))
        finally:
            cluster.destroy()
    scale = plans / sample
    n, s = count_rows(week), count_rows(small)
    verdict = "met" if publish["first"] < GOAL_S and publish["rerun"] < GOAL_S else "NOT met"
    return [
        table(
            ("what", "plans", "rows", "wall s", "rows/s", "CPU s (client + server)"),
            [
                [
                    "publish_plans, first publish",
                    f"{plans:,}",
                    f"{n:,}",
                    f"{publish['first']:.1f}",
                    f"{n / publish['first']:,.0f}",
                    cpu["first"],
                ],
                [
                    "publish_plans, Sunday re-run (all replaced)",
                    f"{plans:,}",
                    f"{n:,}",
                    f"{publish['rerun']:.1f}",
                    f"{n / publish['rerun']:,.0f}",
                    cpu["rerun"],
                ],
                [
                    "publish_plans, same tables again",
                    f"{plans:,}",
                    f"{n:,}",
                    f"{publish['again']:.1f}",
                    f"{n / publish['again']:,.0f}",
                    cpu["again"],
                ],
                [
                    "publish_plans, sample",
                    f"{sample:,}",
                    f"{s:,}",
                    f"{small_copy:.1f}",
                    f"{s / small_copy:,.0f}",
                    "",
                ],
                [
                    "baseline: SQLAlchemy executemany, sample",
                    f"{sample:,}",
                    f"{s:,}",
                    f"{small_many:.1f}",
                    f"{s / small_many:,.0f}",
                    "",
                ],
                [
                    f"baseline extrapolated x{scale:g} (estimate)",
                    f"{plans:,}",
                    f"~{s * scale:,.0f}",
                    f"~{small_many * scale:.0f}",
                    "",
                    "",
                ],
            ],
        ),
        "",
        f"Goal: {plans:,} plans in under {GOAL_S:.0f} s: {verdict}. Synthetic tables generated "
        f"in {generate_s:.1f} s (untimed). Server: {'durable' if durable else 'fsync off'}. "
        f"Machine: {machine()}; load average before/after: "
        f"{load_before}, {_load()}.",
    ]


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str]) -> None:
    plans = int(argv[0]) if argv else PLANS
    sample = int(argv[1]) if len(argv) > 1 else min(SAMPLE, plans)
    print("\n".join(run(plans, sample, durable=argv[2:] == ["durable"])))


if __name__ == "__main__":
    main(sys.argv[1:])
