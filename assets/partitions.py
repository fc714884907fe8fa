"""The partitions of the planning assets, defined once: week x zone.

- `week`: weekly windows starting on Sunday, named by that Sunday's date (`2026-11-29`). The
  windows are counted in UTC+14 (`Etc/GMT-14`, the earliest zone on Earth), so a week's
  partition exists as soon as that Sunday has begun anywhere: Kiritimati plans its Sunday
  08:00 at Saturday 18:00 UTC.
- `zone`: dynamic, one partition per IANA zone that has households. The zone sensor adds a
  zone when the first household there appears in PostgreSQL (no code change, no restart);
  a schedule cannot add partitions in Dagster 1.13 (only a sensor's result can), so the
  schedule only requests zones already added.
"""

from datetime import date

import dagster as dg

FIRST_WEEK = "2025-01-05"  # a Sunday: the earliest week a backfill can plan
WEEK_WINDOWS_ZONE = "Etc/GMT-14"
ZONES_NAME = "zones"
ZONES = dg.DynamicPartitionsDefinition(name=ZONES_NAME)
WEEKS = dg.WeeklyPartitionsDefinition(
    start_date=FIRST_WEEK, timezone=WEEK_WINDOWS_ZONE, day_offset=0, end_offset=1
)
WEEK_ZONE = dg.MultiPartitionsDefinition({"week": WEEKS, "zone": ZONES})


def week_zone_key(week: date, zone: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"week": week.isoformat(), "zone": zone})


def week_and_zone(context: dg.AssetExecutionContext) -> tuple[date, str]:
    key = context.partition_key
    assert isinstance(key, dg.MultiPartitionKey), "planning assets are partitioned by week x zone"
    dimensions = key.keys_by_dimension
    return date.fromisoformat(dimensions["week"]), dimensions["zone"]
