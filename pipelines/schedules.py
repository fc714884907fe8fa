"""Sunday plans: every household's week at 08:00 on Sunday in its own zone.

- `household_zones_sensor` (every 30 s) adds a `zones` partition for each IANA zone that has
  households in PostgreSQL and is not a partition yet: a household created in a new zone is
  planned from its next Sunday with no code change or restart. A name that is not an IANA zone
  is never added; the sensor says so in its log.
- `sunday_plans` ticks every 15 minutes on UTC (every zone's offset is a whole number of
  quarter hours) and asks for the (week, zone) partitions whose Sunday 08:00 local falls in the
  quarter hour ending at the tick: never early, and as late as the daemon's tick latency. Each
  request carries the run key `plans:<week>:<zone>`, so a tick evaluated twice (a daemon restart
  mid-tick) launches no second run.
"""

import logging

import dagster as dg

from assets.partitions import WEEK_ZONE, ZONES, ZONES_NAME, week_zone_key
from assets.planning import HOUSEHOLDS_KEY, PLANS_KEY
from assets.resources import SimmerHome
from assets.serving import SERVING_PLANS_KEY
from assets.shopping import SHOPPING_SELECTION
from simmer.households import household_zones
from simmer.planner.calendar import due_weeks, unknown_zones
from simmer.store.engine import engine_for

PARTITION_ASSETS = (HOUSEHOLDS_KEY, PLANS_KEY, *SHOPPING_SELECTION, SERVING_PLANS_KEY)
PLANNING_SELECTION = dg.AssetSelection.assets(*PARTITION_ASSETS)
weekly_plans = dg.define_asset_job(
    "weekly_plans",
    selection=PLANNING_SELECTION,
    partitions_def=WEEK_ZONE,
    description="One (week, zone): households snapshot, plans, shopping lists and carts, "
    "published to the serving database.",
)


@dg.schedule(
    name="sunday_plans",
    cron_schedule="*/15 * * * *",
    execution_timezone="UTC",
    target=weekly_plans,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def sunday_plans(
    context: dg.ScheduleEvaluationContext,
) -> list[dg.RunRequest] | dg.SkipReason:
    zones = context.instance.get_dynamic_partitions(ZONES_NAME)
    due = due_weeks(context.scheduled_execution_time, list(zones))
    if not due:
        return dg.SkipReason(f"no zone of {len(zones)} is at Sunday 08:00")
    return [
        dg.RunRequest(
            run_key=f"plans:{week.isoformat()}:{zone}",
            partition_key=week_zone_key(week, zone),
            tags={"simmer/week": week.isoformat(), "simmer/zone": zone},
        )
        for week, zone in due
    ]


@dg.sensor(
    name="household_zones_sensor",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def household_zones_sensor(
    context: dg.SensorEvaluationContext, simmer: SimmerHome
) -> dg.SensorResult:
    new = new_zones(context.instance, context.log, simmer.settings.serving_url())
    if not new:
        return dg.SensorResult(skip_reason="every zone with households is a partition")
    context.log.info(f"new zones: {', '.join(new)}")
    return dg.SensorResult(dynamic_partitions_requests=[ZONES.build_add_request(new)])


def new_zones(
    instance: dg.DagsterInstance, log: logging.Logger | dg.DagsterLogManager, database_url: str
) -> list[str]:
    """The IANA zones with households in the database that are not `zones` partitions yet."""
    with engine_for(database_url).connect() as connection:
        zones = household_zones(connection)
    for name in unknown_zones(zones):
        log.warning(f"households in {name!r}, which is not an IANA time zone: not planned")
    known = set(instance.get_dynamic_partitions(ZONES_NAME))
    return sorted(set(zones) - known - set(unknown_zones(zones)))
