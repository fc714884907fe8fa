"""Re-planning benchmark: `python -m bench.bench_replan [--calls N]`, after `make plan`.

A household re-planned on demand, on the real catalog of the lake under `SIMMER_HOME` and the
households `make plan` seeded in the serving PostgreSQL, in a fresh process:

- warm-up: the API started in process (`create_app`, `TestClient`) and its startup thread done
  (`simmer.planner.replan.planning_catalog`: the catalog and nutrition read from the lake, the
  candidates encoded, the compiled search loaded from numba's cache by one made-up plan);
- `POST /households/{id}/plans/generate` with the admin token (household snapshot, planning,
  rule check, list and carts, publishing and audit in PostgreSQL; each call stores that
  household's re-planned week as its proposal, as the button does): the first call after
  startup, then one per household in turn;
- `simmer.planner.replan.replan` alone, warm, each household keeping the first meal of its plan.

Baseline in the same run, each call followed by the same call the way it ran before: the list
and carts from the whole catalog (`simmer.cart.shopping_tables` on every table, as before
`replan.shopping_of`); for the first call, also the warm-up, which the first request paid for
before the API warmed the catalog at startup.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from sqlalchemy.exc import SQLAlchemyError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from api.main import create_app
from bench.common import machine, table
from simmer.cart import shopping_tables
from simmer.catalog import current_catalog
from simmer.households import snapshot_households, snapshot_pantry
from simmer.localpg import LocalPgError
from simmer.planner import replan as replanning
from simmer.planner.calendar import current_week
from simmer.settings import Settings
from simmer.store.engine import engine_for

Call = Callable[[], object]


def _seconds(run: Call) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


@contextmanager
def whole_catalog_shopping() -> Iterator[None]:
    """`replan` listing and carting on the whole catalog, as it did before `shopping_of`."""
    scoped = replanning.shopping_of
    replanning.shopping_of = lambda catalog, households, plans: shopping_tables(
        catalog.catalog, catalog.nutrition, households, plans
    )
    try:
        yield
    finally:
        replanning.shopping_of = scoped


def _timed_both(run: Call) -> tuple[float, float]:
    """(now, before) seconds of one call, the baseline right after."""
    now = _seconds(run)
    with whole_catalog_shopping():
        return now, _seconds(run)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args(argv)
    settings = Settings(SIMMER_REPLANS_PER_MINUTE=1_000_000)  # type: ignore[call-arg]
    try:
        with engine_for(settings.serving_url()).connect() as connection:
            snapshot = snapshot_households(connection)
            pantry = snapshot_pantry(connection)
    except (SQLAlchemyError, LocalPgError) as error:
        print(f"skipped: the serving database is not reachable ({error}); run `make plan`")
        return
    if snapshot.is_empty() or current_catalog(settings.lake_dir) is None:
        print("skipped: no households or no catalog to re-plan from; run `make plan` first")
        return
    households = [snapshot.slice(i % snapshot.height, 1) for i in range(args.calls + 1)]
    weeks = [current_week(h.get_column("timezone").item(), datetime.now(UTC)) for h in households]

    def library_call(index: int) -> Call:
        """`replan` of household `index` keeping the first meal of its plan (made untimed)."""
        household, week = households[index], weeks[index]
        ids = household.get_column("household_id").implode()
        own = pantry.filter(pl.col("household_id").is_in(ids))
        meals = replanning.replan(settings.lake_dir, household, own, week, {}).tables["plan_meals"]
        keep: replanning.Keeps = {}
        if not meals.is_empty():
            first = meals.row(0, named=True)
            keep = {(first["day"], first["slot"]): first["recipe_slug"]}
        return lambda: replanning.replan(settings.lake_dir, household, own, week, keep)

    headers = {"Authorization": f"Bearer {settings.resolved_admin_token()}"}
    started = time.perf_counter()
    with TestClient(create_app(settings)) as client:
        client.app.state.warm_up.join()  # type: ignore[attr-defined]
        warm_up = time.perf_counter() - started

        def api_call(index: int) -> Call:
            household = households[index].get_column("household_id").item()
            url = f"/api/v1/households/{household}/plans/generate"
            body = {"week": weeks[index].isoformat(), "keep": []}

            def post() -> None:
                response = client.post(url, json=body, headers=headers)
                assert response.status_code == 201, response.text

            return post

        api = [_timed_both(api_call(i)) for i in range(args.calls + 1)]
    library = [_timed_both(library_call(i)) for i in range(1, args.calls + 1)]

    (first_now, first_before), warm_api = api[0], api[1:]
    print(f"{machine()}; {snapshot.height} households, lake {settings.lake_dir}\n")
    print(
        table(
            ["call", "calls", "median ms (before)", "max ms (before)"],
            [
                ["warm-up at API startup (off the request path)", 1, _ms(warm_up), ""],
                [
                    "API POST .../plans/generate: first after startup (before: warm-up + call)",
                    1,
                    f"{_ms(first_now)} ({_ms(warm_up + first_before)})",
                    "",
                ],
                _row("API POST .../plans/generate: warm", warm_api),
                _row("simmer.planner.replan.replan: warm", library),
            ],
        )
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _row(name: str, pairs: list[tuple[float, float]]) -> list[object]:
    now, before = [p[0] for p in pairs], [p[1] for p in pairs]
    return [
        name,
        len(pairs),
        f"{_ms(statistics.median(now))} ({_ms(statistics.median(before))})",
        f"{_ms(max(now))} ({_ms(max(before))})",
    ]


if __name__ == "__main__":
    main(sys.argv[1:])
