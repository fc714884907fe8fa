"""The weekly plans, per (week, zone) partition: the households snapshot and the plans made
from it, with the independent rule checker as a blocking check."""

import dagster as dg
import polars as pl

from assets.catalog import catalog_key
from assets.nutrition import LINES_KEY, MACROS_KEY
from assets.partitions import WEEK_ZONE, week_and_zone
from assets.resources import SimmerHome
from simmer.households import snapshot_households, snapshot_pantry
from simmer.lake import current_dir, publish_table_set, read_table_set
from simmer.planner.batch import partition_dir, quality_figures, table_set_digest
from simmer.planner.replan import NoCatalog, plan_snapshot, planning_catalog
from simmer.planner.rules import check_plan_rules
from simmer.planner.settings import PlannerSettings
from simmer.store.engine import engine_for

PLANNING_GROUP = "planning"
HOUSEHOLDS_KEY = dg.AssetKey(["planning", "households"])
PLANS_KEY = dg.AssetKey(["planning", "plans"])
HARD_RULES_CHECK = "hard_rules_kept"
PLANNER_SETTINGS = PlannerSettings()


@dg.asset(
    key=HOUSEHOLDS_KEY,
    partitions_def=WEEK_ZONE,
    group_name=PLANNING_GROUP,
    description="The zone's households, preferences and pantries, snapshot from PostgreSQL.",
)
def households(context: dg.AssetExecutionContext, simmer: SimmerHome) -> dg.MaterializeResult[None]:
    week, zone = week_and_zone(context)
    one_snapshot = engine_for(simmer.settings.serving_url()).execution_options(
        isolation_level="REPEATABLE READ"  # households, members, pins and pantry as of one instant
    )
    with one_snapshot.connect() as connection:
        snapshot = snapshot_households(connection, zone=zone).with_columns(week=pl.lit(week))
        pantry = snapshot_pantry(connection, zone=zone)
    tables = {"households": snapshot, "pantry": pantry}
    dataset = partition_dir(simmer.lake_dir, "households", week, zone)
    publish_table_set(dataset, table_set_digest(tables), tables)
    return dg.MaterializeResult(
        metadata={
            "households": snapshot.height,
            "with_members": int(snapshot.get_column("members").is_not_null().sum()),
            "with_pins": int((snapshot.get_column("pins").list.len() > 0).sum()),
            "pantry_items": pantry.height,
        }
    )


@dg.asset(
    key=PLANS_KEY,
    partitions_def=WEEK_ZONE,
    group_name=PLANNING_GROUP,
    deps=[
        HOUSEHOLDS_KEY,
        MACROS_KEY,
        LINES_KEY,
        catalog_key("recipes"),
        catalog_key("ingredients"),
    ],
    check_specs=[dg.AssetCheckSpec(HARD_RULES_CHECK, asset=PLANS_KEY, blocking=True)],
    description="A week of meals per household of the zone (plans, plan_meals, daily_nutrition).",
)
def plans(  # Dagster matches the bare MaterializeResult class when an asset has checks
    context: dg.AssetExecutionContext, simmer: SimmerHome
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    week, zone = week_and_zone(context)
    snapshot_dir = current_dir(partition_dir(simmer.lake_dir, "households", week, zone))
    if snapshot_dir is None:
        raise dg.Failure(f"no households snapshot for {week} {zone}: materialize households")
    snapshot = read_table_set(snapshot_dir)["households"]
    try:
        catalog = planning_catalog(simmer.lake_dir, PLANNER_SETTINGS)
    except NoCatalog as error:
        raise dg.Failure(str(error)) from error
    planned = plan_snapshot(snapshot, catalog, week, PLANNER_SETTINGS)
    batch, breaks = planned.batch, planned.breaks
    tables = {
        "plans": batch.plans,
        "plan_meals": batch.plan_meals,
        "daily_nutrition": batch.daily_nutrition,
    }
    outcome = check_plan_rules(breaks)
    if outcome.passed:
        dataset = partition_dir(simmer.lake_dir, "plans", week, zone)
        publish_table_set(dataset, table_set_digest(tables), tables)
    else:
        context.log.error(f"plans for {week} {zone} not published: {outcome.summary}")
    return dg.MaterializeResult(
        metadata={
            "catalog": catalog.version,
            "candidates": catalog.inputs.candidates.height,
            "meals": batch.plan_meals.height,
            "published": outcome.passed,
            **quality_figures(batch.plans, snapshot),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=HARD_RULES_CHECK,
                passed=outcome.passed,
                description=outcome.summary,
                metadata=dict(outcome.details),
            )
        ],
    )
