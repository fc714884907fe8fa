"""Which packs changed since they were last ingested: the sensor's and `make plan`'s question.

A pack changed when its content checksum differs from the checksum recorded on the latest
materialization of its ingestion asset (or it was never ingested).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dagster as dg

from assets.packs import pack_key
from simmer.packs.source import PackError, PackSource, pack_checksum


@dataclass(frozen=True)
class PackChange:
    """A pack's checksum on disk, and the run that last ingested it (None: never ingested)."""

    checksum: str
    last_ingestion_run: str | None


def _checksum(source: PackSource) -> str:
    try:
        return pack_checksum(source.path)
    except PackError:
        return "unreadable"


def last_ingestion(
    instance: dg.DagsterInstance, source: PackSource
) -> tuple[str | None, str | None]:
    """The checksum the latest ingestion of `source` recorded, and that ingestion's run id."""
    event = instance.get_latest_materialization_event(pack_key(source))
    if event is None or event.asset_materialization is None:
        return None, None
    value = event.asset_materialization.metadata.get("checksum")
    return (None if value is None else str(value.value)), event.run_id


def changed_packs(
    instance: dg.DagsterInstance, sources: Sequence[PackSource]
) -> dict[PackSource, PackChange]:
    """Changed packs, with their current checksum ('unreadable' for a pack that cannot be
    opened: its ingestion will fail and say why) and the run that last ingested them."""
    changes: dict[PackSource, PackChange] = {}
    for source in sources:
        checksum = _checksum(source)
        ingested, run_id = last_ingestion(instance, source)
        if ingested != checksum:
            changes[source] = PackChange(checksum, run_id)
    return changes
