"""The analysts' side: the warehouse file of views over the lake and the nutrition report."""

import dagster as dg

from assets.catalog import catalog_key
from assets.nutrition import MACROS_KEY
from assets.overlap import OVERLAP_KEY
from assets.resources import SimmerHome
from simmer.packs.tables import TABLES
from simmer.report import write_report
from simmer.warehouse import build_warehouse

ANALYTICS_GROUP = "analytics"


@dg.asset(
    key=dg.AssetKey(["warehouse"]),
    deps=[*(catalog_key(t) for t in TABLES), MACROS_KEY, OVERLAP_KEY],
    group_name=ANALYTICS_GROUP,
    pool="warehouse",
    description="warehouse.duckdb: the analysts' views (sql/views) over the lake.",
)
def warehouse(simmer: SimmerHome) -> dg.MaterializeResult[None]:
    path = simmer.settings.warehouse_path
    views = build_warehouse(simmer.lake_dir, path)
    return dg.MaterializeResult(metadata={"path": str(path), "views": ", ".join(views)})


@dg.asset(
    key=dg.AssetKey(["nutrition_report"]),
    deps=[warehouse.key],
    group_name=ANALYTICS_GROUP,
    pool="warehouse",
    description="reports/nutrition.html: macro distribution, coverage and cost charts.",
)
def nutrition_report(simmer: SimmerHome) -> dg.MaterializeResult[None]:
    out = simmer.settings.report_path
    figures = write_report(simmer.settings.warehouse_path, out)
    rows = "\n".join(f"| {name} | {value} |" for name, value in figures.items())
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.path(str(out)),
            "summary": dg.MetadataValue.md(f"| measure | value |\n|---|---|\n{rows}"),
        }
    )
