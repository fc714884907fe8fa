"""The code location: every asset, check, job, sensor and resource of Simmer."""

from __future__ import annotations

import dagster as dg

from assets.analytics import nutrition_report, warehouse
from assets.catalog import catalog_definition
from assets.nutrition import nutrition
from assets.overlap import recipe_overlap
from assets.packs import pack_definitions
from assets.planning import households, plans
from assets.resources import SimmerHome
from assets.serving import catalog_read_model, serving_plans
from assets.shopping import shopping
from pipelines.schedules import household_zones_sensor, sunday_plans, weekly_plans
from pipelines.sensors import pack_change_sensor
from simmer.packs.source import pack_sources
from simmer.settings import Settings


def build_definitions(
    settings: Settings, executor: dg.ExecutorDefinition = dg.in_process_executor
) -> dg.Definitions:
    sources = pack_sources(settings.packs_dir)
    return dg.Definitions(
        assets=[
            *pack_definitions(sources),
            catalog_definition(sources),
            nutrition,
            recipe_overlap,
            warehouse,
            nutrition_report,
            catalog_read_model,
            households,
            plans,
            shopping,
            serving_plans,
        ],
        jobs=[weekly_plans],
        schedules=[sunday_plans],
        sensors=[pack_change_sensor, household_zones_sensor],
        resources={"simmer": SimmerHome.from_settings(settings)},
        executor=executor,
    )


defs = build_definitions(Settings())
