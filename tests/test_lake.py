"""simmer.lake on real folders: versioned table sets, the atomic `current`, pruning."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from simmer.lake import (
    KEEP_VERSIONS,
    current_dir,
    publish_table_set,
    read_table_set,
    write_table_set,
)

TABLES = {"a": pl.DataFrame({"x": [1, 2]}), "b": pl.DataFrame({"y": ["p"]})}


def versions(dataset: Path) -> list[str]:
    return sorted(p.name for p in dataset.iterdir() if not p.is_symlink())


def test_a_table_set_is_written_whole_with_its_notes(tmp_path: Path) -> None:
    folder = write_table_set(tmp_path / "v1", TABLES, {"notes.txt": "hello\n"})
    assert folder == tmp_path / "v1"
    assert sorted(p.name for p in folder.iterdir()) == ["a.parquet", "b.parquet", "notes.txt"]
    assert read_table_set(folder)["a"].equals(TABLES["a"])
    assert (folder / "notes.txt").read_text() == "hello\n"
    assert versions(tmp_path) == ["v1"]  # no staging folder left behind


def test_a_version_already_written_is_not_written_again(tmp_path: Path) -> None:
    write_table_set(tmp_path / "v1", TABLES)
    write_table_set(tmp_path / "v1", {"a": pl.DataFrame({"x": [9]})})
    assert read_table_set(tmp_path / "v1")["a"].equals(TABLES["a"])


def test_publishing_makes_the_version_current(tmp_path: Path) -> None:
    dataset = tmp_path / "nutrition"
    assert current_dir(dataset) is None
    first = publish_table_set(dataset, "v1", TABLES)
    assert current_dir(dataset) == first
    second = publish_table_set(dataset, "v2", {"a": pl.DataFrame({"x": [3]})})
    assert current_dir(dataset) == second
    assert read_table_set(dataset / "current")["a"].to_dict(as_series=False) == {"x": [3]}
    assert publish_table_set(dataset, "v2", TABLES) == second  # converges: same version, kept


def test_old_versions_are_pruned_but_never_the_current_one(tmp_path: Path) -> None:
    dataset = tmp_path / "overlap"
    for number in range(1, KEEP_VERSIONS + 3):
        publish_table_set(dataset, f"v{number}", TABLES)
    assert len(versions(dataset)) == KEEP_VERSIONS
    assert current_dir(dataset) == dataset / f"v{KEEP_VERSIONS + 2}"
    publish_table_set(dataset, "v1", TABLES)  # an old version published again is current
    assert current_dir(dataset) == dataset / "v1" and len(versions(dataset)) == KEEP_VERSIONS


def test_a_failed_write_leaves_current_where_it_was(tmp_path: Path) -> None:
    dataset = tmp_path / "catalog"
    before = publish_table_set(dataset, "v1", TABLES)
    unwritable = {"a": pl.DataFrame({"x": [object()]}, schema={"x": pl.Object})}
    with pytest.raises(pl.exceptions.ComputeError, match="Object"):
        publish_table_set(dataset, "v2", unwritable)
    assert current_dir(dataset) == before
    assert not (dataset / "v2").exists()
    assert read_table_set(dataset / "current")["a"].equals(TABLES["a"])
