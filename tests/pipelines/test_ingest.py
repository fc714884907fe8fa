"""Catalog ingestion through real Dagster runs (in-process) into a real lake and warehouse."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pytest
from packfactory import (
    BASE_INGREDIENTS,
    BROKEN_CASES,
    RECIPES,
    broken_pack,
    write_base,
    write_example_packs,
    write_recipes,
)

from pipelines.plan import PlanRun, run_plan
from simmer.catalog import current_catalog
from simmer.settings import Settings
from simmer.warehouse import query

TABLES = ("ingredients", "portions", "tags", "recipes", "recipe_ingredients", "vendor_products")


@pytest.fixture
def packs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, simmer_home: Path) -> Path:
    packs = write_example_packs(tmp_path / "packs")
    monkeypatch.setenv("SIMMER_PACKS", str(packs))
    return packs


@pytest.fixture
def instance() -> dg.DagsterInstance:
    return dg.DagsterInstance.ephemeral()


def plan(instance: dg.DagsterInstance) -> PlanRun:
    return run_plan(Settings(), instance)


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every warehouse table's full content, in a stable order."""
    path = Settings().warehouse_path
    return {t: sorted(query(path, f"SELECT * FROM {t}"), key=repr) for t in TABLES}


def test_ingests_every_pack_into_lake_and_warehouse(
    packs_dir: Path, instance: dg.DagsterInstance
) -> None:
    run = plan(instance)
    assert run.success, run.failure
    assert run.changed_packs == ["mini-base", "mini-recipes"]
    path = Settings().warehouse_path
    assert query(path, "SELECT slug, pack FROM recipes ORDER BY slug") == [
        ("crepes", "mini-recipes"),
        ("pancakes", "mini-recipes"),
    ]
    assert query(
        path, "SELECT kcal_per_100g, allergens, diets FROM ingredients WHERE slug = 'egg'"
    ) == [(143.0, ["egg"], ["omnivore", "vegetarian"])]
    assert query(
        path, "SELECT count(*) FROM recipe_ingredients WHERE recipe_slug = 'pancakes'"
    ) == [(4,)]
    checks = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey(["catalog", "recipe_ingredients"]), "references_resolve"),
        limit=1,
    )
    assert checks[0].status.value == "SUCCEEDED"
    marked = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey(["nutrition", "recipe_macros"]), "estimates_marked"), limit=1
    )
    assert marked[0].status.value == "SUCCEEDED"


def test_unchanged_packs_are_not_reingested_and_reruns_converge(
    packs_dir: Path, instance: dg.DagsterInstance
) -> None:
    assert plan(instance).success
    before = snapshot()
    second = plan(instance)
    assert second.success and second.changed_packs == []
    assert not any(name.startswith("pack/") for name in second.materialized)
    assert snapshot() == before


def test_changed_pack_is_reingested(packs_dir: Path, instance: dg.DagsterInstance) -> None:
    assert plan(instance).success
    write_recipes(packs_dir, recipes=[{**RECIPES[0], "title": "Fluffy pancakes"}])
    run = plan(instance)
    assert run.success and run.changed_packs == ["mini-recipes"]
    assert query(Settings().warehouse_path, "SELECT slug, title FROM recipes") == [
        ("pancakes", "Fluffy pancakes")
    ]


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_broken_pack_changes_nothing(
    case: str, packs_dir: Path, instance: dg.DagsterInstance
) -> None:
    """The run fails naming the problem; the catalog analysts and plans read (the lake's current
    version, file by file) and the warehouse hold exactly what they held, and nothing of the
    broken pack is staged."""
    assert plan(instance).success
    before, catalog_before, staged_before = snapshot(), catalog_files(), staged_packs()
    versions_before = current_versions()
    message = broken_pack(packs_dir, case)[1]
    run = plan(instance)
    assert not run.success
    assert run.failure is not None and message in run.failure
    assert snapshot() == before
    assert catalog_files() == catalog_before
    assert staged_packs() == staged_before
    assert current_versions() == versions_before


def current_versions() -> dict[str, str]:
    """The version each lake dataset's `current` points at."""
    lake = Settings().lake_dir
    return {link.parent.name: link.resolve().name for link in sorted(lake.glob("*/current"))}


def staged_packs() -> list[str]:
    """Every staged pack version in the lake."""
    staged = Settings().lake_dir / "packs"
    return sorted(p.relative_to(staged).as_posix() for p in staged.glob("*/*"))


def catalog_files() -> dict[str, bytes]:
    current = current_catalog(Settings().lake_dir)
    assert current is not None
    return {p.name: p.read_bytes() for p in sorted(current.iterdir())}


def test_conflicting_unrelated_packs_fail_naming_both(
    packs_dir: Path, instance: dg.DagsterInstance
) -> None:
    assert plan(instance).success
    before = snapshot()
    write_base(
        packs_dir,
        "zz-rival",
        ingredients=BASE_INGREDIENTS[1:2],
        portions=[],
        vendor_products=[],
        tags=[],
    )
    run = plan(instance)
    assert not run.success and run.failure is not None
    # found when the newcomer is ingested, at its line, once, with advice for the newcomer
    conflict = (
        "ingredients.jsonl:1:slug: ingredient 'egg' is defined by both 'zz-rival' and "
        "'mini-base'; rename it, or depend on 'mini-base'"
    )
    assert conflict in run.failure
    assert run.failure.count("ingredient 'egg'") == 1
    assert snapshot() == before


def test_declared_override_wins(packs_dir: Path, instance: dg.DagsterInstance) -> None:
    better_egg = {**BASE_INGREDIENTS[1], "name": "Hen's egg"}
    write_base(
        packs_dir,
        "eggs-plus",
        ingredients=[better_egg],
        portions=[],
        vendor_products=[],
        tags=[],
        depends=[{"name": "mini-base"}],
        overrides=["egg"],
    )
    run = plan(instance)
    assert run.success, run.failure
    assert query(
        Settings().warehouse_path, "SELECT name, pack FROM ingredients WHERE slug = 'egg'"
    ) == [("Hen's egg", "eggs-plus")]


def test_catalog_records_pack_versions(packs_dir: Path, instance: dg.DagsterInstance) -> None:
    assert plan(instance).success
    manifest = json.loads((Settings().lake_dir / "catalog" / "current" / "packs.json").read_text())
    assert sorted(manifest) == ["mini-base", "mini-recipes"]


def test_old_staged_versions_are_pruned(packs_dir: Path, instance: dg.DagsterInstance) -> None:
    for title in ("One", "Two", "Three", "Four"):
        write_recipes(packs_dir, recipes=[{**RECIPES[0], "title": title}])
        assert plan(instance).success
    staged = Settings().lake_dir / "packs" / "mini-recipes"
    assert len(list(staged.iterdir())) == 3
    assert query(Settings().warehouse_path, "SELECT title FROM recipes") == [("Four",)]
