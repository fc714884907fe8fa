"""Hostile and careless packs beyond one located message: nothing outside the pack is read,
archives are unpacked once and never partly, installed packs are checked against a newcomer."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from packfactory import RECIPES, broken_pack, write_example_packs, write_recipes

from simmer.cli import main
from simmer.packs import source
from simmer.packs.source import PackError, pack_checksum, pack_root, unpacked_folders


@pytest.mark.parametrize("case", ["media_escape", "linked_file"])
def test_nothing_outside_the_pack_is_read(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest path with '..' or a linked file is refused before anything is hashed: the
    digest of the file outside never appears."""
    path, _ = broken_pack(tmp_path / "packs", case)
    secret = hashlib.sha256((tmp_path / "secret.txt").read_bytes()).hexdigest()
    assert main(["pack", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert secret not in err
    if case == "linked_file":
        with pytest.raises(PackError, match="is a link"):
            pack_checksum(path)


@pytest.mark.parametrize(
    "case", ["huge_media_archive", "many_members", "absolute_member", "dotdot_member"]
)
def test_refused_archive_writes_nothing(case: str, tmp_path: Path) -> None:
    """Headers are checked in a first pass: a refused archive leaves no unpacked file behind."""
    archive, message = broken_pack(tmp_path / "packs", case)
    before = unpacked_folders()
    with pytest.raises(PackError, match=message.split(": ", 1)[-1][:40]):
        pack_root(archive)
    assert unpacked_folders() == before
    assert not (tmp_path / "etc").exists() and not (tmp_path / "evil").exists()


def test_total_unpacked_size_is_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Members each under the member limit, together over the total (lowered to keep the test
    small; the ratio limit cannot fire on incompressible data)."""
    monkeypatch.setattr(source, "MAX_UNPACKED_BYTES", 2 << 20)
    write_recipes(tmp_path, "whole")
    archive = tmp_path / "total.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "whole", arcname="whole")
        for index in range(3):
            data = os.urandom(1 << 20)
            info = tarfile.TarInfo(f"whole/media/{index}.bin")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(PackError, match="archive unpacks to more than 2 MiB"):
        pack_root(archive)


def test_archive_is_unpacked_once_per_version(tmp_path: Path) -> None:
    write_example_packs(tmp_path)
    archive = tmp_path / "mini-recipes-1.0.0.tar.gz"

    def pack(title: str) -> None:
        write_recipes(tmp_path / "src", recipes=[{**RECIPES[0], "title": title}])
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(tmp_path / "src" / "mini-recipes", arcname="mini-recipes")

    pack("One")
    first = pack_root(archive)
    checksum = pack_checksum(archive)
    assert pack_root(archive) == first and pack_checksum(archive) == checksum
    os.utime(archive, ns=(1, 1))
    pack("Two")
    second = pack_root(archive)
    assert second != first and not first.exists()
    assert pack_checksum(archive) != checksum


def test_new_pack_is_checked_against_installed_packs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate --packs-dir packs NEWPACK`: each conflict once, at its line in the newcomer,
    with advice for the newcomer; a newer version of an installed pack is no conflict."""
    packs = write_example_packs(tmp_path / "packs")
    write_recipes(tmp_path / "new", "copycat", recipes=[RECIPES[1], RECIPES[0]])
    assert main(["pack", "validate", "--packs-dir", str(packs), str(tmp_path / "new" / "copycat")])
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    for line, slug in ((1, "crepes"), (2, "pancakes")):
        assert err.count(f"recipe '{slug}'") == 1
        assert (
            f"recipes.jsonl:{line}:slug: recipe '{slug}' is defined by both 'copycat' and "
            "'mini-recipes'; rename it, or depend on 'mini-recipes'"
        ) in err
    write_recipes(tmp_path / "new", recipes=RECIPES[:1], version="1.1.0")
    path = str(tmp_path / "new" / "mini-recipes")
    assert main(["pack", "validate", "--packs-dir", str(packs), path]) == 0


def test_two_installed_packs_claiming_one_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packs = write_example_packs(tmp_path / "packs")
    shutil.copytree(packs / "mini-base", packs / "mini-base copy")
    copy = str(packs / "mini-base copy")
    assert main(["pack", "validate", "--packs-dir", str(packs), copy]) == 1
    assert "pack.json:name: pack name 'mini-base' is also claimed by" in capsys.readouterr().err


def test_a_dependency_that_cannot_be_read_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dependency whose version is SemVer but not PEP 440 is not a traceback in the pack that
    depends on it: it is named as unreadable, with its own located problem."""
    packs = tmp_path / "packs"
    broken_pack(packs, "semver_not_pep440")
    write_recipes(packs, "needs-semver", depends=[{"name": "semver-base", "version": ">=1.0"}])
    assert main(["pack", "validate", str(packs / "needs-semver")]) == 1
    err = capsys.readouterr().err
    assert "pack.json:depends: needs-semver depends on pack 'semver-base', not found in" in err
    assert (
        "unreadable there: semver-base (pack.json:version: Value error, version '1.0.0-foo'" in err
    )
    assert "Traceback" not in err
