"""`simmer pack validate`: valid packs pass; each broken pack is rejected with a located message."""

from __future__ import annotations

from pathlib import Path

import pytest
from packfactory import BROKEN_CASES, HOSTILE_CASES, broken_pack, write_example_packs

from simmer.cli import main


def test_valid_packs_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_example_packs(tmp_path)
    assert main(["pack", "validate", str(tmp_path / "mini-base")]) == 0
    assert main(["pack", "validate", str(tmp_path / "mini-recipes")]) == 0
    out = capsys.readouterr().out
    assert "mini-recipes 1.0.0 is valid (ingredients 0, portions 0, tags 0, recipes 2," in out


@pytest.mark.parametrize("case", sorted({*BROKEN_CASES, *HOSTILE_CASES}))
def test_broken_pack_is_rejected_with_location(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, expected = broken_pack(tmp_path, case)
    assert main(["pack", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_every_problem_is_reported_not_just_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from packfactory import BASE_PORTIONS, write_base

    bad = [{**p, "unit": "parsec"} for p in BASE_PORTIONS]
    write_base(tmp_path, "many", portions=bad)
    assert main(["pack", "validate", str(tmp_path / "many")]) == 1
    err = capsys.readouterr().err
    for line in range(1, 5):
        assert f"portions.jsonl:{line}:unit" in err


def test_archive_pack_validates_like_a_folder(tmp_path: Path) -> None:
    import tarfile

    write_example_packs(tmp_path)
    archive = tmp_path / "mini-recipes-1.0.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "mini-recipes", arcname="mini-recipes")
    assert main(["pack", "validate", str(archive)]) == 0


def test_missing_dependency_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from packfactory import write_recipes

    write_recipes(tmp_path)
    assert main(["pack", "validate", str(tmp_path / "mini-recipes")]) == 1
    assert (
        "pack.json:depends: mini-recipes depends on pack 'mini-base', not found"
        in capsys.readouterr().err
    )


def test_parallel_validation_locates_lines_across_ranges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large files are split between processes and into blocks; line numbers stay the file's."""
    from packfactory import RECIPES, write_recipes

    from simmer.packs import validate

    monkeypatch.setattr(validate, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(validate, "BLOCK_BYTES", 2000)
    recipes = [{**RECIPES[1], "slug": f"crepes-{i}"} for i in range(300)]
    recipes[10] = {**recipes[10], "servings": 0}
    recipes[250] = {**recipes[250], "title": ""}
    write_recipes(tmp_path, recipes=recipes)
    problems = validate.check_records(tmp_path / "mini-recipes", "recipes.jsonl")
    assert [(p.line, p.field) for p in problems] == [(11, "servings"), (251, "title")]


def test_zero_servings_is_rejected_with_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from packfactory import RECIPES, write_base, write_recipes

    write_base(tmp_path)
    write_recipes(tmp_path, recipes=[RECIPES[1], {**RECIPES[0], "servings": 0}])
    assert main(["pack", "validate", str(tmp_path / "mini-recipes")]) == 1
    assert "recipes.jsonl:2:servings: Input should be greater than or equal to 1" in (
        capsys.readouterr().err
    )
