"""`make plan`: materialize the whole graph for the current week and print a summary.

Changed packs (by checksum) are ingested; unchanged ones are not. Everything downstream of the
packs runs every time: each asset converges, so a second run changes nothing that is right.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import dagster as dg

from assets.packs import PACK_GROUP, pack_key
from pipelines.changes import changed_packs
from pipelines.definitions import build_definitions
from simmer.packs.source import discover_packs
from simmer.settings import Settings


@dataclass(frozen=True)
class PlanRun:
    success: bool
    changed_packs: list[str]
    materialized: list[str]
    failure: str | None


def plan_selection(defs: dg.Definitions, changed: list[str]) -> list[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    downstream = dg.AssetSelection.all() - dg.AssetSelection.groups(PACK_GROUP)
    selection = dg.AssetSelection.assets(*(pack_key(n) for n in changed)) | downstream
    materializable = graph.materializable_asset_keys
    return sorted(
        (k for k in selection.resolve(graph) if k in materializable),
        key=lambda k: k.to_user_string(),
    )


def run_plan(settings: Settings, instance: dg.DagsterInstance) -> PlanRun:
    defs = build_definitions(settings)
    changed = sorted(changed_packs(instance, discover_packs(settings.packs_dir)))
    keys = plan_selection(defs, changed)
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(instance=instance, asset_selection=keys, raise_on_error=False)
    failures = [
        event.step_failure_data.error.message
        if event.step_failure_data.error
        else str(event.step_key)
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
    return PlanRun(result.success, changed, materialized, "\n".join(failures) or None)


def main() -> int:
    settings = Settings()
    with dg.DagsterInstance.get() as instance:
        run = run_plan(settings, instance)
    print(f"packs changed since last run: {', '.join(run.changed_packs) or 'none'}")
    print(f"assets materialized: {len(run.materialized)}")
    if not run.success:
        print(f"FAILED:\n{run.failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
