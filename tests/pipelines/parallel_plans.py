"""Two (week, zone) partitions of the planning assets materialized at once, each run on Dagster's
multiprocess executor (`max_concurrent` 2), on the instance of DAGSTER_HOME.

`python tests/pipelines/parallel_plans.py WEEK ZONE ZONE` runs in a process of its own, started
by `test_planning.py` with a timeout, so that a run that never ends fails that test rather than
hanging the session; the exit status says whether both runs succeeded. The step processes
rebuild the job from `planning_job` (Dagster reconstructs it by this file's path).
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import dagster as dg

from assets.partitions import ZONES_NAME, week_zone_key
from assets.planning import HOUSEHOLDS_KEY, PLANS_KEY
from pipelines.definitions import build_definitions
from simmer.settings import Settings

EXECUTOR = dg.multiprocess_executor.configured({"max_concurrent": 2})


def planning_job() -> dg.JobDefinition:
    """The `weekly_plans` job on the multiprocess executor."""
    return build_definitions(Settings(), executor=EXECUTOR).resolve_job_def("weekly_plans")


def materialize(instance: dg.DagsterInstance, week: date, zone: str) -> bool:
    """The households snapshot and plans of one partition, in a run of their own."""
    tags = {
        "dagster/partition": str(week_zone_key(week, zone)),
        "dagster/partition/week": week.isoformat(),
        "dagster/partition/zone": zone,
    }
    with dg.execute_job(
        dg.reconstructable(planning_job),
        instance=instance,
        tags=tags,
        asset_selection=[HOUSEHOLDS_KEY, PLANS_KEY],
    ) as result:
        return result.success


def main(argv: list[str]) -> int:
    week, zones = date.fromisoformat(argv[0]), argv[1:]
    with dg.DagsterInstance.get() as instance:
        instance.add_dynamic_partitions(ZONES_NAME, zones)
        with ThreadPoolExecutor(max_workers=len(zones)) as pool:
            succeeded = list(pool.map(lambda zone: materialize(instance, week, zone), zones))
    return 0 if all(succeeded) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
