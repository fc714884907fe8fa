"""One (week, zone) partition of the planning assets in a run on Dagster's multiprocess executor
(`max_concurrent` 2), on the instance of DAGSTER_HOME, in a process of its own: the way a run
launcher runs it (Dagster's default launcher starts a process per run; the Docker and
Kubernetes launchers a container per run).

`python tests/pipelines/parallel_plans.py WEEK ZONE`: `test_planning.py` starts one per zone at
once, each in a process group of its own with a timeout, so that a run that never ends fails
that test rather than hanging the session; the exit status says whether the run succeeded. The
step processes rebuild the job from `planning_job` (Dagster reconstructs it by this file's path).

Not two `execute_job` calls in threads of one process, as this test once ran them: those share
one `DagsterInstance` (its storage and event-log connections) and the process's standard
streams, which every run redirects into its compute logs while it runs; in that form the runs
stalled in three of several tries.
"""

from __future__ import annotations

import sys
from datetime import date

import dagster as dg

from assets.partitions import week_zone_key
from assets.planning import HOUSEHOLDS_KEY, PLANS_KEY
from pipelines.definitions import build_definitions
from simmer.settings import Settings

EXECUTOR = dg.multiprocess_executor.configured({"max_concurrent": 2})


def planning_job() -> dg.JobDefinition:
    """The `weekly_plans` job on the multiprocess executor."""
    return build_definitions(Settings(), executor=EXECUTOR).resolve_job_def("weekly_plans")


def materialize(week: date, zone: str) -> bool:
    """The households snapshot and plans of one partition, in a run of their own."""
    tags = {
        "dagster/partition": str(week_zone_key(week, zone)),
        "dagster/partition/week": week.isoformat(),
        "dagster/partition/zone": zone,
    }
    with (
        dg.DagsterInstance.get() as instance,
        dg.execute_job(
            dg.reconstructable(planning_job),
            instance=instance,
            tags=tags,
            asset_selection=[HOUSEHOLDS_KEY, PLANS_KEY],
        ) as result,
    ):
        return result.success


if __name__ == "__main__":
    sys.exit(0 if materialize(date.fromisoformat(sys.argv[1]), sys.argv[2]) else 1)
