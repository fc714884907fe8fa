"""The analysts' DuckDB file: views from `sql/views/*.sql` over the Parquet lake.

The file is built beside the old one and renamed over it, so an analyst holding it open
read-only never blocks the pipeline (DuckDB allows one writer per file) and never sees a
half-built file. Views read `lake/<dataset>/current/...`, so they follow each atomic swap of the
lake without being rebuilt; views over a partitioned dataset read every partition's `current`
(`lake/planning/plans/*/*/current/...`) and see new partitions as they appear. A view whose
dataset (or a view it is built on) does not exist yet, or has no partition yet, is skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parents[1] / "sql" / "views"
_DATASET = re.compile(r"\{lake\}/([a-z_*/]+?)/current/")


def view_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    return sorted(sql_dir.glob("*.sql"))


def build_warehouse(lake_dir: Path, target: Path, sql_dir: Path = SQL_DIR) -> list[str]:
    """(Re)build the warehouse file atomically; the names of the views it holds."""
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    building.unlink(missing_ok=True)
    created: list[str] = []
    with duckdb.connect(str(building)) as connection:
        for path in view_files(sql_dir):
            sql = path.read_text(encoding="utf-8")
            if not all(_exists(lake_dir, dataset) for dataset in _DATASET.findall(sql)):
                continue
            try:
                connection.execute(sql.replace("{lake}", lake_dir.resolve().as_posix()))
            except duckdb.CatalogException:
                continue  # built on a view that was skipped
            created.append(path.stem.split("_", 1)[1])
    building.replace(target)
    return created


def _exists(lake_dir: Path, dataset: str) -> bool:
    """A dataset (`nutrition`) or one partition of a partitioned one (`planning/plans/*/*`)."""
    return any(True for _ in lake_dir.glob(f"{dataset}/current"))


def query(target: Path, sql: str) -> list[tuple[object, ...]]:
    """Run a read-only query against the warehouse (as an analyst would)."""
    with duckdb.connect(str(target), read_only=True) as connection:
        return connection.execute(sql).fetchall()
