"""The catalog merge and the checks that guard publishing, as pure functions over staged packs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from packfactory import BASE_INGREDIENTS, write_base, write_example_packs

from simmer.catalog import (
    StagedPack,
    check_not_empty,
    check_packs_match_lake,
    check_references_resolve,
    merge_catalog,
    stage_pack,
)
from simmer.packs.schema import PackDependency
from simmer.packs.source import PackError, pack_checksum
from simmer.packs.validate import load_pack


def staged(packs: Path, lake: Path, *names: str) -> list[StagedPack]:
    return [stage_pack(load_pack(packs / n, packs), pack_checksum(packs / n), lake) for n in names]


def test_checks_pass_on_a_whole_catalog(tmp_path: Path) -> None:
    packs = write_example_packs(tmp_path / "packs")
    both = staged(packs, tmp_path / "lake", "mini-base", "mini-recipes")
    tables = merge_catalog(both)
    assert check_not_empty(tables, "recipes").passed
    assert check_references_resolve(tables, "recipe_ingredients", "ingredient").passed
    on_disk = {p.name: pack_checksum(packs / p.name) for p in both}
    assert check_packs_match_lake(both, on_disk).passed


def test_checks_fail_on_what_must_not_be_published(tmp_path: Path) -> None:
    packs = write_example_packs(tmp_path / "packs")
    base_only = staged(packs, tmp_path / "lake", "mini-base")
    tables = merge_catalog(base_only)
    empty = check_not_empty(tables, "recipes")
    assert not empty.passed and empty.details == {"rows": 0}
    lines = tables["recipe_ingredients"]
    dangling = {**tables, "portions": tables["portions"].with_columns(ingredient=pl.lit("unicorn"))}
    references = check_references_resolve(dangling, "portions", "ingredient")
    assert not references.passed and references.details["examples"] == "unicorn"
    assert lines.is_empty()
    drifted = check_packs_match_lake(base_only, {"mini-base": "0" * 64})
    assert not drifted.passed and drifted.details == {"changed_since_ingest": "mini-base"}


def test_merge_refuses_a_cycle(tmp_path: Path) -> None:
    packs = write_example_packs(tmp_path / "packs")
    base, recipes = staged(packs, tmp_path / "lake", "mini-base", "mini-recipes")
    on_recipes = PackDependency(name="mini-recipes")
    cyclic = base.manifest.model_copy(update={"depends": [on_recipes]})
    with pytest.raises(PackError) as raised:
        merge_catalog([replace(base, manifest=cyclic), recipes])
    assert [str(p) for p in raised.value.problems] == [
        "pack.json:depends: dependency cycle: mini-base → mini-recipes → mini-base"
    ]


def test_merge_refuses_unrelated_conflicts_with_lines(tmp_path: Path) -> None:
    packs = write_example_packs(tmp_path / "packs")
    write_base(
        packs,
        "zz-rival",
        ingredients=[BASE_INGREDIENTS[0], BASE_INGREDIENTS[1]],
        portions=[],
        vendor_products=[],
        tags=[],
    )
    stages = [
        stage_pack(
            load_pack(packs / n, tmp_path / "elsewhere"),
            pack_checksum(packs / n),
            tmp_path / "lake",
        )
        for n in ("mini-base", "zz-rival")
    ]
    with pytest.raises(PackError) as raised:
        merge_catalog(stages)
    advice = "'zz-rival' must depend on 'mini-base' and list it in overrides"
    assert [str(p) for p in raised.value.problems] == [
        "zz-rival/ingredients.jsonl:1: ingredient 'all-purpose-flour' is defined by both "
        f"'mini-base' and 'zz-rival'; {advice}",
        f"zz-rival/ingredients.jsonl:2: ingredient 'egg' is defined by both "
        f"'mini-base' and 'zz-rival'; {advice}",
    ]
