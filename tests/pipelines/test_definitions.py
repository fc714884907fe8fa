"""The code location loads, with the asset graph, checks and sensor we expect."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import pytest
from packfactory import RECIPES, write_recipes

from pipelines.definitions import build_definitions
from simmer.settings import Settings


def test_workspace_module_loads() -> None:
    from pipelines import definitions

    assert isinstance(definitions.defs, dg.Definitions)
    dg.Definitions.validate_loadable(definitions.defs)


def test_asset_graph(example_settings: Settings) -> None:
    defs = build_definitions(example_settings)
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {
        "pack/mini_base_source",
        "pack/mini_base",
        "pack/mini_recipes_source",
        "pack/mini_recipes",
        "catalog/ingredients",
        "catalog/recipes",
        "catalog/recipe_ingredients",
        "warehouse",
    } <= keys
    assert defs.resolve_sensor_def("pack_change_sensor") is not None


def test_sensor_requests_only_changed_packs(
    example_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.plan import run_plan

    defs = build_definitions(example_settings)
    sensor = defs.resolve_sensor_def("pack_change_sensor")
    with dg.DagsterInstance.ephemeral() as instance:
        progress: list[str] = []
        run = run_plan(example_settings, instance, progress=progress.append)
        assert run.success
        # make plan's progress: a line per materialized asset, as it is done, with its seconds
        done = [line.split(" (")[0].strip() for line in progress]
        assert sorted(done) == run.materialized
        assert done.index("pack/mini_base") < done.index("catalog/ingredients")
        assert done.index("catalog/ingredients") < done.index("warehouse")
        assert all(re.search(r"\(\d+\.\d s\)$", line) for line in progress)
        # The sensor reads the packs folder of the code location's resource, not the
        # environment of whichever process evaluates it.
        monkeypatch.setenv("SIMMER_PACKS", str(tmp_path / "elsewhere"))
        assert isinstance(sensor(_tick(instance, defs)), dg.SkipReason)
        write_recipes(example_settings.packs_dir, recipes=RECIPES[:1])
        request = sensor(_tick(instance, defs))
    assert isinstance(request, dg.RunRequest)
    selected = {key.to_user_string() for key in request.asset_selection or []}
    assert "pack/mini_recipes" in selected and "pack/mini_base" not in selected
    assert "catalog/recipes" in selected and "warehouse" in selected


def _tick(instance: dg.DagsterInstance, defs: dg.Definitions) -> dg.SensorEvaluationContext:
    """A sensor evaluation as the daemon makes it: the code location's resources bound."""
    return dg.build_sensor_context(instance=instance, definitions=defs, resources=defs.resources)


def test_a_pack_changed_back_to_earlier_content_is_requested_again(
    example_settings: Settings,
) -> None:
    """Dagster drops a run request whose run key any earlier run of the sensor had: the key
    must differ each time a pack changes, even back to content it had before."""
    defs = build_definitions(example_settings)
    sensor = defs.resolve_sensor_def("pack_change_sensor")
    job = defs.resolve_implicit_global_asset_job_def()
    packs = [dg.AssetKey(["pack", "mini_base"]), dg.AssetKey(["pack", "mini_recipes"])]

    def ingest(instance: dg.DagsterInstance) -> None:
        assert job.execute_in_process(instance=instance, asset_selection=packs).success
        assert isinstance(sensor(_tick(instance, defs)), dg.SkipReason)

    def request_and_ingest(instance: dg.DagsterInstance) -> str:
        request = sensor(_tick(instance, defs))
        assert isinstance(request, dg.RunRequest)
        assert sensor(_tick(instance, defs)).run_key == request.run_key  # type: ignore[union-attr]
        ingest(instance)
        return str(request.run_key)

    with dg.DagsterInstance.ephemeral() as instance:
        ingest(instance)
        write_recipes(example_settings.packs_dir, recipes=RECIPES[:1])
        first = request_and_ingest(instance)
        write_recipes(example_settings.packs_dir)
        request_and_ingest(instance)
        write_recipes(example_settings.packs_dir, recipes=RECIPES[:1])
        assert request_and_ingest(instance) != first
