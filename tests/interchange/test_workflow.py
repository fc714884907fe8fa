"""The maintainer's workflow end to end, by the commands a maintainer types: new, import,
seal, validate, release; then the released archive is ingested by the code `make plan` runs
(`pipelines.plan.run_plan`) into the lake and the warehouse."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pytest

from pipelines.plan import run_plan
from simmer.cli import main
from simmer.settings import Settings
from simmer.warehouse import query


def test_new_import_seal_validate_release_ingest(
    packs: Path,
    sources: dict[str, Path],
    tmp_path: Path,
    simmer_home: Path,
    serving_database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    family = packs / "family"
    assert main(["pack", "new", str(family), "--license", "CC-BY-4.0"]) == 0
    assert main(["pack", "import", str(sources["tandoor"]), "--into", str(family)]) == 0
    assert main(["pack", "import", str(sources["nextcloud"]), "--into", str(family)]) == 0
    assert main(["pack", "seal", str(family), "--bump", "minor"]) == 0
    assert main(["pack", "validate", str(family)]) == 0
    assert main(["pack", "coverage", str(family), "--packs-dir", str(packs)]) == 0
    dist = tmp_path / "dist"
    assert main(["pack", "release", str(family), "--out", str(dist)]) == 0
    out = capsys.readouterr().out
    assert "export.zip: 2 recipe(s) taken, 5 line(s) matched, 0 unmatched" in out
    assert "family 0.2.0 is valid" in out
    # flatbread (Tandoor) and cheese-omelette-2 (Nextcloud) published their calories
    assert (
        "| recipes whose source published calories: computed vs published, median gap | 2: " in out
    )
    archive = dist / "family-0.2.0.tar.gz"
    assert f"{archive}: written and validated" in out
    manifest = json.loads((family / "pack.json").read_text())
    assert manifest["license"] == "CC-BY-4.0"  # the maintainer's manifest kept by imports

    released = tmp_path / "released"
    released.mkdir()
    (released / "usda-sr26").symlink_to((packs / "usda-sr26").resolve())
    archive.rename(released / archive.name)
    monkeypatch.setenv("SIMMER_PACKS", str(released))
    run = run_plan(Settings(), dg.DagsterInstance.ephemeral())
    assert run.success, run.failure
    assert query(Settings().warehouse_path, "SELECT slug, pack FROM recipes ORDER BY slug") == [
        ("cheese-omelette", "family"),
        ("cheese-omelette-2", "family"),
        ("flatbread", "family"),
        ("porridge", "family"),
    ]
