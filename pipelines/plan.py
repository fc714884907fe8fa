"""`make plan`: materialize the whole graph for the current week and print a summary.

Changed packs (by checksum) are ingested; unchanged ones are not. Everything downstream of the
packs runs every time: each asset converges, so a second run changes nothing that is right.
Then every zone with households is planned for its current week (the week holding now in that
zone), one in-process run per (week, zone) partition as the Sunday schedule would launch it
(ending with the partition's plans, lists and carts published to the serving PostgreSQL), and
the warehouse is rebuilt so its planning views see the plans. While it runs, a line per asset
says it is done and how long its step had taken by then (from the run's own events), so a person
waiting sees where it is.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_shared.error import SerializableErrorInfo

from assets.packs import PACK_GROUP, pack_key
from assets.partitions import ZONES_NAME, week_zone_key
from assets.planning import PLANNING_GROUP
from pipelines.changes import changed_packs
from pipelines.definitions import build_definitions
from pipelines.schedules import PARTITION_ASSETS, new_zones
from simmer.packs.source import PackSource, pack_sources
from simmer.planner.calendar import current_week
from simmer.settings import Settings
from simmer.store.engine import engine_for
from simmer.store.plans_publish import published_counts

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
WAREHOUSE_KEY = dg.AssetKey(["warehouse"])
LOG = logging.getLogger("simmer.plan")


@dataclass(frozen=True)
class PlanRun:
    success: bool
    changed_packs: list[str]
    materialized: list[str]
    failure: str | None


def plan_selection(defs: dg.Definitions, changed: list[PackSource]) -> list[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    downstream = (
        dg.AssetSelection.all()
        - dg.AssetSelection.groups(PACK_GROUP, PLANNING_GROUP)
        - dg.AssetSelection.assets(*PARTITION_ASSETS)
    )
    selection = dg.AssetSelection.assets(*(pack_key(s) for s in changed)) | downstream
    materializable = graph.materializable_asset_keys
    return sorted(
        (k for k in selection.resolve(graph) if k in materializable),
        key=lambda k: k.to_user_string(),
    )


def _error_text(error: SerializableErrorInfo | None) -> str:
    """The error and its causes, innermost last (Dagster wraps the asset's own exception); a
    cause that only repeats what is already said is left out."""
    messages: list[str] = []
    while error is not None:
        message = error.message.strip()
        said = message.split(": ", 1)[-1]
        if not any(said in earlier for earlier in messages):
            messages.append(message)
        error = error.cause
    return "\n".join(messages)


class StepProgress:
    """An event listener that reports each materialized asset (and each failed step) with the
    seconds since its step started, as the run stores the event."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._started: dict[str, float] = {}

    def __call__(self, entry: dg.EventLogEntry) -> None:
        event = entry.dagster_event
        if event is None or event.step_key is None:
            return
        if event.event_type == dg.DagsterEventType.STEP_START:
            self._started[event.step_key] = entry.timestamp
            return
        elapsed = entry.timestamp - self._started.get(event.step_key, entry.timestamp)
        if event.is_step_materialization and event.asset_key is not None:
            self._report(f"  {event.asset_key.to_user_string()} ({elapsed:.1f} s)")
        elif event.is_step_failure:
            self._report(f"  {event.step_key} FAILED ({elapsed:.1f} s)")


Progress = Callable[[str], None] | None


def run_plan(
    settings: Settings, instance: dg.DagsterInstance, progress: Progress = None
) -> PlanRun:
    """Ingest changed packs and materialize everything downstream but the weekly plans;
    `progress` gets a line per asset as it is done."""
    defs = build_definitions(settings)
    changed = list(changed_packs(instance, pack_sources(settings.packs_dir)))
    result = _execute(defs, instance, plan_selection(defs, changed), progress=progress)
    return _plan_run([result], sorted(source.name for source in changed))


def run_planning(
    settings: Settings, instance: dg.DagsterInstance, now: datetime, progress: Progress = None
) -> tuple[PlanRun, list[tuple[date, str]]]:
    """Plan every zone with households for its week holding `now`, then rebuild the warehouse;
    the run and the (week, zone) partitions planned."""
    defs = build_definitions(settings)
    instance.add_dynamic_partitions(ZONES_NAME, new_zones(instance, LOG, settings.serving_url()))
    partitions = [
        (current_week(zone, now), zone) for zone in instance.get_dynamic_partitions(ZONES_NAME)
    ]
    results = [plan_partition(defs, instance, week, zone, progress) for week, zone in partitions]
    if all(result.success for result in results):
        results.append(_execute(defs, instance, [WAREHOUSE_KEY], progress=progress))
    return _plan_run(results, []), partitions


def plan_partition(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    week: date,
    zone: str,
    progress: Progress = None,
) -> dg.ExecuteInProcessResult:
    """One (week, zone) partition of the planning assets (published to the serving database),
    in process."""
    return _execute(
        defs,
        instance,
        list(PARTITION_ASSETS),
        week_zone_key(week, zone),
        progress,
    )


def _execute(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    keys: list[dg.AssetKey],
    partition_key: str | None = None,
    progress: Progress = None,
) -> dg.ExecuteInProcessResult:
    run_id = str(uuid.uuid4())
    if progress is not None:
        instance.add_event_listener(run_id, StepProgress(progress))
    return defs.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=instance,
        asset_selection=keys,
        partition_key=partition_key,
        raise_on_error=False,
        run_config=QUIET,
        run_id=run_id,
    )


def _plan_run(results: list[dg.ExecuteInProcessResult], changed: list[str]) -> PlanRun:
    events = [event for result in results for event in result.all_events]
    failures = [
        _error_text(event.step_failure_data.error) or str(event.step_key)
        for event in events
        if event.is_step_failure and event.step_failure_data is not None
    ]
    materialized = sorted(
        {
            event.asset_key.to_user_string()
            for event in events
            if event.is_step_materialization and event.asset_key is not None
        }
    )
    success = all(result.success for result in results)
    return PlanRun(success, changed, materialized, "\n".join(failures) or None)


CATALOG_VIEWS = ("ingredients", "portions", "recipes", "recipe_ingredients", "vendor_products")
SUMMARY_SQL = (
    "SELECT "
    + ", ".join(f"(SELECT count(*) FROM {view})" for view in CATALOG_VIEWS)
    + ", count(*), count(*) FILTER (fully_quantified), count(*) FILTER (plannable),"
    " count(kcal_per_serving), count(cost_per_serving) FROM recipe_macros"
)


def _warehouse_lines(warehouse: Path) -> list[str]:
    """The catalog and nutrition figures, in one read of the warehouse."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        figures = connection.execute(SUMMARY_SQL).fetchall()[0]
        packs = connection.execute(
            "SELECT pack, count(*) FROM recipes GROUP BY pack ORDER BY pack"
        ).fetchall()
    counts = figures[: len(CATALOG_VIEWS)]
    recipes, fully, plannable, per_serving, priced = figures[len(CATALOG_VIEWS) :]
    return [
        "catalog: "
        + ", ".join(f"{n:,} {view}" for view, n in zip(CATALOG_VIEWS, counts, strict=True)),
        *(f"  recipes from {pack}: {count:,}" for pack, count in packs),
        f"nutrition: {fully:,} of {recipes:,} recipes fully quantified, {plannable:,} plannable "
        f"(estimates marked), {per_serving:,} with macros per serving, {priced:,} with a cost "
        "per serving",
    ]


def _partition_rows(warehouse: Path, sql: str, partitions: list[tuple[date, str]]) -> list[Any]:
    """The rows of `sql` (whose one parameter is the list of `week|zone` keys) for `partitions`."""
    keys = [f"{week.isoformat()}|{zone}" for week, zone in partitions]
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, [keys]).fetchall()


PLANS_SQL = """
SELECT p.household_id, p.zone, p.week, h.size, h.diet, h.allergies, p.status, p.reason,
       p.meals, (SELECT count(*) FROM plan_meals m WHERE m.plan_id = p.plan_id AND m.leftover),
       p.kcal_deviation, p.macro_deviation, p.distinct_ingredients, p.cost, h.weekly_budget,
       h.currency, p.goal_misses, p.notes
FROM plans p JOIN households h USING (household_id, week)
WHERE list_contains(?, p.week::VARCHAR || '|' || p.zone)
ORDER BY p.zone, p.household_id
"""


def plan_lines(warehouse: Path, partitions: list[tuple[date, str]]) -> list[str]:
    """One line per household planned in `partitions`: what its week holds, or why none."""
    rows = _partition_rows(warehouse, PLANS_SQL, partitions)
    lines = [f"plans: {len(rows)} households in {len(partitions)} zones"]
    for row in rows:
        household, zone, week, size, diet, allergies = row[:6]
        who = f"  {household[:8]} {zone} week {week}: {size} x {diet}"
        who += f", no {'/'.join(allergies)}" if allergies else ""
        lines.append(f"{who}: {_plan_figures(row[6:])}")
    return lines


SHOPPING_SQL = """
SELECT p.household_id, p.zone, t.vendor,
       (SELECT count(*) FROM shopping_list_items i WHERE i.plan_id = p.plan_id),
       (SELECT count(*) FROM shopping_list_items i WHERE i.plan_id = p.plan_id AND i.pantry_staple),
       t.total, t.weekly_budget, t.currency, t.within_budget, t.leftover_share,
       t.perishable_leftover_share, t.items_unsold
FROM plans p JOIN cart_totals t USING (plan_id)
WHERE list_contains(?, p.week::VARCHAR || '|' || p.zone)
ORDER BY p.zone, p.household_id, t.vendor
"""


def shopping_lines(warehouse: Path, partitions: list[tuple[date, str]]) -> list[str]:
    """One line per household and vendor: its list's items, the cart against the budget, and
    the share of what is bought that is left over."""
    rows = _partition_rows(warehouse, SHOPPING_SQL, partitions)
    lines = [f"shopping: {len(rows)} carts"]
    for household, zone, vendor, items, staples, total, budget, currency, within, *shares in rows:
        leftover, perishable, unsold = shares
        fits = {True: "within budget", False: "OVER budget", None: "no budget"}[within]
        lines.append(
            f"  {household[:8]} {zone}: {items} items ({staples} staples), cart at {vendor} "
            f"{_money(total)} of {_money(budget)} {currency} ({fits}), leftover "
            f"{_percent(leftover)} of grams bought ({_percent(perishable)} of perishables), "
            f"{unsold} {'item' if unsold == 1 else 'items'} not sold there"
        )
    return lines


def serving_line(database_url: str, partitions: list[tuple[date, str]]) -> str:
    """What the API serves for `partitions`: plans (approved), meals, list items, cart items."""
    with engine_for(database_url).connect() as connection:
        counts = published_counts(connection, partitions)
    return (
        f"serving PostgreSQL: {counts['plans']:,} plans ({counts['approved']:,} approved), "
        f"{counts['plan_meals']:,} meals, {counts['shopping_list_items']:,} list items, "
        f"{counts['cart_items']:,} cart items"
    )


NO_HOUSEHOLDS = (
    "plans: no households yet, so nothing was planned (seed the demo households with "
    "`uv run simmer households seed`, or create one with POST /api/v1/households)"
)


def planning_lines(settings: Settings, partitions: list[tuple[date, str]]) -> list[str]:
    """The plans, carts and what the API serves of `partitions`; without any (no household
    anywhere), that there is nothing to plan."""
    if not partitions:
        return [NO_HOUSEHOLDS]
    return [
        *plan_lines(settings.warehouse_path, partitions),
        *shopping_lines(settings.warehouse_path, partitions),
        serving_line(settings.serving_url(), partitions),
    ]


def _plan_figures(row: tuple[object, ...]) -> str:
    status, reason, meals, leftovers, kcal, macro, distinct, cost, budget, currency = row[:10]
    goal_misses, notes = row[10], row[11]
    if status == "infeasible":
        return f"INFEASIBLE, {reason}"
    parts = [
        f"{meals} meals ({leftovers} leftovers)",
        f"energy off {_percent(kcal)}",
        f"macros off {_percent(macro)}",
        f"{distinct} distinct ingredients",
        f"estimated cost {_money(cost)} of budget {_money(budget)} {currency}",
    ]
    extra = [*(goal_misses or []), *(notes or [])]  # type: ignore[misc]
    return ", ".join(parts) + (f"; {'; '.join(map(str, extra))}" if extra else "")


def _percent(value: object) -> str:
    return "n/a" if value is None else f"{float(value) * 100:.1f} %"  # type: ignore[arg-type]


def _money(value: object) -> str:
    return "unknown" if value is None else f"{float(value):.2f}"  # type: ignore[arg-type]


def summary(settings: Settings, run: PlanRun) -> str:
    """What a person wants to read after `make plan`: what ran, and what the catalog holds."""
    lines = [
        f"packs ingested this run: {', '.join(run.changed_packs) or 'none (all unchanged)'}",
        f"assets materialized: {len(run.materialized)}",
    ]
    warehouse = settings.warehouse_path
    if warehouse.exists():
        lines += _warehouse_lines(warehouse)
        lines.append(f"analysts' warehouse: {warehouse}")
        report = settings.report_path
        if report.exists():
            lines.append(f"nutrition report: {report}")
    return "\n".join(lines)


def print_progress(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    settings = Settings()
    with dg.DagsterInstance.get() as instance:
        run = run_plan(settings, instance, print_progress)
        planning, partitions = (
            run_planning(settings, instance, datetime.now(UTC), print_progress)
            if run.success
            else (run, [])
        )
    failed = next((r for r in (run, planning) if not r.success), None)
    if failed is not None:
        print(f"make plan FAILED:\n{failed.failure}", file=sys.stderr)
        return 1
    print(summary(settings, run))
    print("\n".join(planning_lines(settings, partitions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
