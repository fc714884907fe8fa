"""Which packs changed since they were last ingested: the sensor's and `make plan`'s question.

A pack changed when its content checksum differs from the checksum recorded on the latest
materialization of its ingestion asset (or it was never ingested).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from assets.packs import pack_key, pack_name
from simmer.packs.source import PackError, pack_checksum


def _checksum(path: Path) -> str:
    try:
        return pack_checksum(path)
    except PackError:
        return "unreadable"


def last_ingested_checksum(instance: dg.DagsterInstance, name: str) -> str | None:
    event = instance.get_latest_materialization_event(pack_key(name))
    if event is None or event.asset_materialization is None:
        return None
    value = event.asset_materialization.metadata.get("checksum")
    return None if value is None else str(value.value)


def changed_packs(instance: dg.DagsterInstance, pack_paths: Sequence[Path]) -> dict[str, str]:
    """Changed packs by name, with their current checksum ('unreadable' for an archive that
    cannot be opened: its ingestion will fail and say why)."""
    current = {pack_name(path): _checksum(path) for path in pack_paths}
    return {
        name: checksum
        for name, checksum in current.items()
        if last_ingested_checksum(instance, name) != checksum
    }
