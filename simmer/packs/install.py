"""Installing an uploaded pack archive into the packs folder the pipeline watches.

The archive is written to a private scratch folder inside the packs folder (a hidden folder
without `pack.json`, which pack discovery ignores), validated there exactly as `simmer pack
validate ARCHIVE --packs-dir PACKS` validates it, and only then given its name,
`NAME-VERSION.tar.gz`, by a hard link: atomic, and never over an existing file, so the pack
change sensor sees either no archive or the whole valid one. A problem leaves the folder as it
was.

- The same pack (same content checksum) already installed under that name: nothing changes.
- Another archive under that name: a conflict (release a new version instead).
- Another version of the same pack installed as an archive in the folder: replaced (the new
  archive is linked in first, then the old one removed), as two packs of one name would fail.
- The same pack name installed as a folder: a conflict; folders are maintained by hand (or
  git), never deleted through an upload.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from simmer.packs.digest import sha256_file
from simmer.packs.schema import PackManifest
from simmer.packs.source import (
    PackError,
    Problem,
    discard_unpacked,
    is_archive,
    pack_checksum,
    pack_sources,
)
from simmer.packs.validate import load_pack

SCRATCH_PREFIX = ".upload-"


class PackConflict(Exception):
    """The upload cannot be installed beside what the packs folder holds; says why."""


@dataclass(frozen=True)
class InstalledPack:
    """Where an uploaded pack went: `created` is False when that very pack was there."""

    name: str
    version: str
    path: Path
    checksum: str
    archive_sha256: str
    created: bool
    replaced: list[Path] = field(default_factory=list)


def install_archive(upload: BinaryIO, filename: str, packs_dir: Path) -> InstalledPack:
    """Validate the pack archive read from `upload` against the packs in `packs_dir` and
    install it there as `NAME-VERSION.tar.gz`. PackError (every problem, located in
    `filename`) or PackConflict, with nothing written, when it cannot be."""
    packs_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=packs_dir, prefix=SCRATCH_PREFIX) as scratch:
        staged = Path(scratch) / "upload.tar.gz"
        with staged.open("wb") as out:
            shutil.copyfileobj(upload, out)
        try:
            manifest = _validated(staged, filename, packs_dir)
            target = packs_dir / f"{manifest.name}-{manifest.version}.tar.gz"
            checksum = pack_checksum(staged)
            earlier = _other_versions(packs_dir, manifest.name, target)
            try:
                os.link(staged, target)
            except FileExistsError:
                created = False
            else:
                created = True
        finally:
            discard_unpacked(staged)
    installed = checksum if created else _checksum_of_installed(target)
    if installed != checksum:
        raise PackConflict(
            f"{target.name} is already installed with other content (checksum {installed}); "
            "a released version never changes: bump the version (`simmer pack seal --bump "
            "patch`) and release it again"
        )
    for old in earlier if created else []:
        old.unlink()
    return InstalledPack(
        manifest.name,
        manifest.version,
        target,
        installed,
        sha256_file(target),
        created,
        earlier if created else [],
    )


def _validated(staged: Path, filename: str, packs_dir: Path) -> PackManifest:
    try:
        return load_pack(staged, packs_dir).manifest
    except PackError as error:
        raise PackError([_renamed(p, str(staged), filename) for p in error.problems]) from None


def _renamed(problem: Problem, staged: str, filename: str) -> Problem:
    """A problem located in the uploaded file's own name rather than the scratch copy's."""
    where = problem.file.replace(staged, filename)
    return Problem(where, problem.message, problem.line, problem.field)


def _other_versions(packs_dir: Path, name: str, target: Path) -> list[Path]:
    """The archives of other versions of pack `name`, which the upload replaces; a
    PackConflict when a folder holds that pack."""
    same = [s.path for s in pack_sources(packs_dir) if s.name == name and s.path != target]
    folders = [path for path in same if not is_archive(path)]
    if folders:
        raise PackConflict(
            f"pack {name!r} is installed as the folder {folders[0]}; an upload never replaces "
            "a folder: remove it first"
        )
    return same


def _checksum_of_installed(archive: Path) -> str:
    try:
        return pack_checksum(archive)
    except PackError:
        return "unreadable"
    finally:
        discard_unpacked(archive)
