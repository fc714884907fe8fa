"""A pack is its manifest name, whatever its folder or archive is called; packs that cannot be
told apart fail on their own; the catalog's guards run before it is replaced.

Through the code `make plan` runs (`pipelines.plan.run_plan`) and the pack sensor's evaluation.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import dagster as dg
import pytest
from packfactory import RECIPES, TAGS, write_base, write_example_packs, write_recipes

from pipelines.definitions import build_definitions
from pipelines.plan import run_plan
from simmer.catalog import current_catalog
from simmer.packs import source
from simmer.settings import Settings
from simmer.warehouse import query


def tick(instance: dg.DagsterInstance, defs: dg.Definitions) -> dg.SensorEvaluationContext:
    """A sensor evaluation as the daemon makes it: the code location's resources bound."""
    return dg.build_sensor_context(instance=instance, definitions=defs, resources=defs.resources)


@pytest.fixture
def settings(tmp_path: Path, simmer_home: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SIMMER_PACKS", str(tmp_path / "packs"))
    return Settings()


def release(src: Path, packs: Path, title: str) -> Path:
    """mini-recipes as a release archive, `mini-recipes-1.0.0.tar.gz`."""
    write_recipes(src, recipes=[{**RECIPES[0], "title": title}, RECIPES[1]])
    archive = packs / "mini-recipes-1.0.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src / "mini-recipes", arcname="mini-recipes-1.0.0")
    return archive


def test_versioned_folder_and_archive_names(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingested once under the manifest name, unchanged on the next run, re-ingested when the
    archive changes; the archive is unpacked once per run."""
    packs = settings.packs_dir
    write_base(tmp_path, "mini-base")
    packs.mkdir()
    shutil.copytree(tmp_path / "mini-base", packs / "mini-base-1.0.0")
    release(tmp_path / "src", packs, "Pancakes")
    unpacked: list[Path] = []
    unpack = source._unpack
    monkeypatch.setattr(source, "_unpack", lambda a, w: unpacked.append(a) or unpack(a, w))

    defs = build_definitions(settings)
    sensor = defs.resolve_sensor_def("pack_change_sensor")
    with dg.DagsterInstance.ephemeral() as instance:
        first = run_plan(settings, instance)
        assert first.success, first.failure
        assert first.changed_packs == ["mini-base", "mini-recipes"]
        assert {"pack/mini_base", "pack/mini_recipes"} <= set(first.materialized)
        assert len(unpacked) == 1
        second = run_plan(settings, instance)
        assert second.success, second.failure
        assert second.changed_packs == []
        assert isinstance(sensor(tick(instance, defs)), dg.SkipReason)

        release(tmp_path / "src", packs, "Fluffy pancakes")
        request = sensor(tick(instance, defs))
        assert isinstance(request, dg.RunRequest)
        selected = {key.to_user_string() for key in request.asset_selection or []}
        assert "pack/mini_recipes" in selected and "pack/mini_base" not in selected
        third = run_plan(settings, instance)
    assert third.success and third.changed_packs == ["mini-recipes"], third.failure
    assert len(unpacked) == 2
    assert ("Fluffy pancakes",) in query(settings.warehouse_path, "SELECT title FROM recipes")


@pytest.mark.parametrize(
    ("folder", "manifest_name"),
    [("public domain recipes", "mini-recipes"), ("mini_recipes", "mini_recipes")],
)
def test_packs_that_cannot_be_told_apart_fail_alone(
    settings: Settings, folder: str, manifest_name: str
) -> None:
    """Two packs claiming one name (a copy under a folder with spaces), or names that become
    one asset key (`mini-recipes`, `mini_recipes`): definitions load, the other packs ingest,
    the two fail naming each other, and the catalog stays as it was."""
    packs = write_example_packs(settings.packs_dir)
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_plan(settings, instance).success
        catalog = current_catalog(settings.lake_dir)
        if folder == manifest_name:
            write_recipes(packs, manifest_name)
        else:
            shutil.copytree(packs / manifest_name, packs / folder)
        defs = build_definitions(settings)
        dg.Definitions.validate_loadable(defs)
        write_base(packs, tags=[*TAGS, {"slug": "savoury", "name": "Savoury"}])
        run = run_plan(settings, instance)
    assert not run.success and run.failure is not None
    assert "pack/mini_base" in run.materialized  # the others still run
    assert f"pack name {manifest_name!r} is also claimed by" in run.failure
    assert str(packs / folder) in run.failure and str(packs / "mini-recipes") in run.failure
    assert current_catalog(settings.lake_dir) == catalog


def test_an_update_that_empties_the_catalog_is_not_published(settings: Settings) -> None:
    """A recipes pack that drops every recipe passes validation, but the catalog's not_empty
    check runs before the swap: the current catalog and the warehouse stay as they were, and
    the failed check is recorded."""
    packs = write_example_packs(settings.packs_dir)
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_plan(settings, instance).success
        catalog = current_catalog(settings.lake_dir)
        recipes_before = query(settings.warehouse_path, "SELECT slug FROM recipes ORDER BY slug")
        write_recipes(packs, recipes=[])  # a valid pack with no data file left
        run = run_plan(settings, instance)
        check = instance.event_log_storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey(["catalog", "recipes"]), "not_empty"), limit=1
        )
    assert not run.success and run.failure is not None
    assert "catalog not updated: checks failed" in run.failure
    assert "catalog/recipes not_empty: 0 recipes" in run.failure
    assert current_catalog(settings.lake_dir) == catalog
    assert query(settings.warehouse_path, "SELECT slug FROM recipes ORDER BY slug") == (
        recipes_before
    )
    assert check[0].status.value == "FAILED"
