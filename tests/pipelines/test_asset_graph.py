"""The asset graph as a snapshot: keys, dependencies, groups, checks, pools, sensors, schedules.

A change to the graph (a new asset, a dependency lost in a refactor, a check dropped, a pool
renamed) fails this test until the snapshot is updated on purpose:

    SIMMER_UPDATE_SNAPSHOT=1 uv run pytest tests/pipelines/test_asset_graph.py

then review the snapshot's diff and commit it with the change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from packfactory import write_example_packs

from pipelines.definitions import build_definitions
from simmer.settings import Settings

SNAPSHOT = Path(__file__).parent / "asset_graph.snapshot.json"


def graph_snapshot(defs: dg.Definitions) -> dict[str, Any]:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        checks = sorted(node.check_keys, key=lambda c: c.name)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "kind": "materializable" if node.is_materializable else "observable source",
            "deps": sorted(parent.to_user_string() for parent in node.parent_keys),
            "pools": sorted(node.pools or ()),
            "checks": {
                check.name: "blocking" if graph.get_check_spec(check).blocking else "warning"
                for check in checks
            },
        }
    repository = defs.get_repository_def()
    return {
        "assets": assets,
        "sensors": sorted(sensor.name for sensor in repository.sensor_defs),
        "schedules": sorted(schedule.name for schedule in repository.schedule_defs),
    }


@pytest.fixture
def defs(tmp_path: Path, simmer_home: Path, monkeypatch: pytest.MonkeyPatch) -> dg.Definitions:
    monkeypatch.setenv("SIMMER_PACKS", str(write_example_packs(tmp_path / "packs")))
    return build_definitions(Settings())


def test_asset_graph_matches_its_snapshot(defs: dg.Definitions) -> None:
    current = graph_snapshot(defs)
    if os.environ.get("SIMMER_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == expected, (
        "the asset graph changed: if on purpose, run "
        "`SIMMER_UPDATE_SNAPSHOT=1 uv run pytest tests/pipelines/test_asset_graph.py` "
        "and commit the snapshot"
    )
