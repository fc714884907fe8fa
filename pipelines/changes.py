"""Which packs changed since they were last ingested: the sensor's and `make plan`'s question.

A pack changed when its content checksum differs from the checksum recorded on the latest
materialization of its ingestion asset (or it was never ingested).
"""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

from assets.packs import pack_key
from simmer.packs.source import PackError, PackSource, pack_checksum


def _checksum(source: PackSource) -> str:
    try:
        return pack_checksum(source.path)
    except PackError:
        return "unreadable"


def last_ingested_checksum(instance: dg.DagsterInstance, source: PackSource) -> str | None:
    event = instance.get_latest_materialization_event(pack_key(source))
    if event is None or event.asset_materialization is None:
        return None
    value = event.asset_materialization.metadata.get("checksum")
    return None if value is None else str(value.value)


def changed_packs(
    instance: dg.DagsterInstance, sources: Sequence[PackSource]
) -> dict[PackSource, str]:
    """Changed packs, with their current checksum ('unreadable' for a pack that cannot be
    opened: its ingestion will fail and say why)."""
    current = {source: _checksum(source) for source in sources}
    return {
        source: checksum
        for source, checksum in current.items()
        if last_ingested_checksum(instance, source) != checksum
    }
