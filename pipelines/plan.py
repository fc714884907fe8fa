"""`make plan`: materialize the whole graph for the current week and print a summary.

Changed packs (by checksum) are ingested; unchanged ones are not. Everything downstream of the
packs runs every time: each asset converges, so a second run changes nothing that is right.
While it runs, a line per asset says it is done and how long its step had taken by then (from
the run's own events), so a person waiting sees where it is.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
from dagster_shared.error import SerializableErrorInfo

from assets.packs import PACK_GROUP, pack_key
from pipelines.changes import changed_packs
from pipelines.definitions import build_definitions
from simmer.packs.source import PackSource, pack_sources
from simmer.settings import Settings

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass(frozen=True)
class PlanRun:
    success: bool
    changed_packs: list[str]
    materialized: list[str]
    failure: str | None


def plan_selection(defs: dg.Definitions, changed: list[PackSource]) -> list[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    downstream = dg.AssetSelection.all() - dg.AssetSelection.groups(PACK_GROUP)
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


def run_plan(
    settings: Settings,
    instance: dg.DagsterInstance,
    progress: Callable[[str], None] | None = None,
) -> PlanRun:
    """Run the plan's selection in process; `progress` gets a line per asset as it is done."""
    defs = build_definitions(settings)
    changed = list(changed_packs(instance, pack_sources(settings.packs_dir)))
    keys = plan_selection(defs, changed)
    job = defs.resolve_implicit_global_asset_job_def()
    run_id = str(uuid.uuid4())
    if progress is not None:
        instance.add_event_listener(run_id, StepProgress(progress))
    result = job.execute_in_process(
        instance=instance,
        asset_selection=keys,
        raise_on_error=False,
        run_config=QUIET,
        run_id=run_id,
    )
    failures = [
        _error_text(event.step_failure_data.error) or str(event.step_key)
        for event in result.all_events
        if event.is_step_failure and event.step_failure_data is not None
    ]
    materialized = sorted(
        {
            event.asset_key.to_user_string()
            for event in result.all_events
            if event.is_step_materialization and event.asset_key is not None
        }
    )
    names = sorted(source.name for source in changed)
    return PlanRun(result.success, names, materialized, "\n".join(failures) or None)


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


def main() -> int:
    settings = Settings()
    with dg.DagsterInstance.get() as instance:
        run = run_plan(settings, instance, progress=lambda line: print(line, flush=True))
    if not run.success:
        print(f"make plan FAILED:\n{run.failure}", file=sys.stderr)
        return 1
    print(summary(settings, run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
