"""Staging packs and publishing the merged catalog into a real lake folder."""

from __future__ import annotations

import json
from pathlib import Path

from packfactory import RECIPES, write_example_packs, write_recipes

from simmer.catalog import (
    StagedPack,
    current_catalog,
    find_staged,
    merge_catalog,
    publish_catalog,
    stage_pack,
)
from simmer.lake import read_table_set
from simmer.packs.source import pack_checksum
from simmer.packs.validate import load_pack


def staged(packs: Path, lake: Path) -> list[StagedPack]:
    return [
        stage_pack(load_pack(packs / name, packs), pack_checksum(packs / name), lake)
        for name in ("mini-base", "mini-recipes")
    ]


def publish(packs: Path, lake: Path) -> Path:
    staged_packs = staged(packs, lake)
    return publish_catalog(lake, staged_packs, merge_catalog(staged_packs))


def test_a_staged_pack_is_found_by_name_and_checksum(tmp_path: Path) -> None:
    packs, lake = write_example_packs(tmp_path / "packs"), tmp_path / "lake"
    base = staged(packs, lake)[0]
    found = find_staged(lake, "mini-base", base.checksum)
    assert found is not None and found.manifest == base.manifest
    assert found.tables()["ingredients"].height == base.tables()["ingredients"].height > 0
    assert find_staged(lake, "mini-base", "0" * 64) is None


def test_the_published_catalog_is_current_and_says_which_packs_it_holds(tmp_path: Path) -> None:
    packs, lake = write_example_packs(tmp_path / "packs"), tmp_path / "lake"
    folder = publish(packs, lake)
    assert current_catalog(lake) == folder
    recipes = read_table_set(folder)["recipes"]
    assert sorted(recipes.get_column("slug")) == sorted(r["slug"] for r in RECIPES)
    assert set(recipes.get_column("pack")) == {"mini-recipes"}
    manifest = json.loads((folder / "packs.json").read_text())
    assert manifest == {
        name: {"version": "1.0.0", "checksum": pack_checksum(packs / name)}
        for name in ("mini-base", "mini-recipes")
    }


def test_publishing_the_same_packs_again_converges_and_a_change_swaps(tmp_path: Path) -> None:
    packs, lake = write_example_packs(tmp_path / "packs"), tmp_path / "lake"
    first = publish(packs, lake)
    assert publish(packs, lake) == first
    write_recipes(packs, recipes=RECIPES[:1])
    second = publish(packs, lake)
    assert second != first and current_catalog(lake) == second
    assert read_table_set(second)["recipes"].height == 1
    assert read_table_set(first)["recipes"].height == len(RECIPES)  # the old version is intact
