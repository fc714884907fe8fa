"""The pack maintainer's workflow through the `simmer pack` commands: new, seal (and bump),
validate (every problem, also when the seal is stale), diff, release."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from packfactory import RECIPES, write_base

from simmer.cli import main
from simmer.packs.validate import load_pack


def _recipes(pack: Path, records: list[dict[str, object]]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (pack / "recipes.jsonl").write_text(text, encoding="utf-8")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    write_base(tmp_path)
    path = tmp_path / "family"
    assert main(["pack", "new", str(path), "--depends", "mini-base"]) == 0
    return path


def test_new_pack_is_valid_and_seal_lists_hand_written_files(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pack", "validate", str(pack)]) == 0
    _recipes(pack, RECIPES)
    (pack / "media").mkdir()
    (pack / "media" / "pancakes.jpg").write_bytes(b"\xff\xd8\xff photo")
    assert main(["pack", "validate", str(pack)]) == 1  # not listed yet
    assert main(["pack", "seal", str(pack), "--bump", "minor"]) == 0
    out = capsys.readouterr().out
    assert "family 0.2.0 sealed (recipes.jsonl, media/pancakes.jpg)" in out
    assert load_pack(pack).manifest.version == "0.2.0"
    assert main(["pack", "seal", str(pack), "--bump", "major"]) == 0
    assert load_pack(pack).manifest.version == "1.0.0"


def test_validate_reports_stale_seal_and_the_broken_line_below_it(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _recipes(pack, RECIPES)
    main(["pack", "seal", str(pack)])
    broken = {**RECIPES[1], "servings": "two"}
    _recipes(pack, [RECIPES[0], broken])
    assert main(["pack", "validate", str(pack)]) == 1
    err = capsys.readouterr().err.splitlines()
    stale = (
        "recipes.jsonl: recipes.jsonl changed since pack.json was sealed; run `simmer pack seal`"
    )
    assert err[1].strip() == stale
    assert err[2].strip().startswith("recipes.jsonl:2:servings:")
    main(["pack", "seal", str(pack)])
    assert main(["pack", "validate", str(pack)]) == 1  # sealed, still broken: no stale line
    assert "changed since" not in capsys.readouterr().err


def test_diff_lists_records_added_removed_changed_by_slug(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _recipes(pack, RECIPES)
    main(["pack", "seal", str(pack)])
    newer = tmp_path / "newer" / "family"
    newer.parent.mkdir()
    (tmp_path / "newer" / "mini-base").symlink_to(tmp_path / "mini-base")
    waffles = {**RECIPES[0], "slug": "waffles", "title": "Waffles"}
    _copy = {**RECIPES[0], "title": "Fluffy pancakes"}
    newer.mkdir()
    (newer / "pack.json").write_text((pack / "pack.json").read_text())
    _recipes(newer, [_copy, waffles])
    main(["pack", "seal", str(newer)])
    capsys.readouterr()
    assert main(["pack", "diff", str(pack), str(newer)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "recipes.jsonl: 1 added, 1 removed, 1 changed",
        "  + waffles",
        "  - crepes",
        f"  ~ {RECIPES[0]['slug']}",
    ]


def test_release_writes_a_deterministic_archive_that_validates(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _recipes(pack, RECIPES)
    main(["pack", "seal", str(pack), "--bump", "patch"])
    out = tmp_path / "dist"
    assert main(["pack", "release", str(pack), "--out", str(out)]) == 0
    archive = out / "family-0.1.1.tar.gz"
    first = archive.read_bytes()
    assert main(["pack", "release", str(pack), "--out", str(out)]) == 0
    assert archive.read_bytes() == first
    with tarfile.open(archive) as tar:
        names = sorted(tar.getnames())
    assert names == [
        "family-0.1.1/README.md",
        "family-0.1.1/pack.json",
        "family-0.1.1/recipes.jsonl",
    ]
    assert load_pack(archive, tmp_path).tables["recipes"].height == len(RECIPES)


def test_release_refuses_an_invalid_pack(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _recipes(pack, [{**RECIPES[0], "servings": 0}])
    main(["pack", "seal", str(pack)])
    assert main(["pack", "release", str(pack), "--out", str(tmp_path / "dist")]) == 2
    assert "recipes.jsonl:1:servings" in capsys.readouterr().err
    assert not (tmp_path / "dist" / "family-0.1.0.tar.gz").exists()


def test_release_leaves_no_archive_the_archive_limits_refuse(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder may hold what an archive may not (a file that compresses more than the archive
    limits allow): the refused archive is not left in the output folder."""
    _recipes(pack, RECIPES)
    (pack / "media").mkdir()
    (pack / "media" / "blank.jpg").write_bytes(bytes(4 << 20))
    main(["pack", "seal", str(pack)])
    assert main(["pack", "validate", str(pack)]) == 0
    out = tmp_path / "dist"
    assert main(["pack", "release", str(pack), "--out", str(out)]) == 2
    assert "times its size" in capsys.readouterr().err
    assert list(out.iterdir()) == []
