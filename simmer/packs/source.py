"""Opening a pack: a folder as it is, or a `.tar.gz` unpacked safely into a temporary folder.

Archives are checked member by member before anything is written: absolute paths, `..`
components, links and special files are refused, and a truncated or corrupt archive is an
error, not a partial pack.
"""

from __future__ import annotations

import hashlib
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from simmer.packs.digest import sha256_file
from simmer.packs.schema import Ingredient

MANIFEST = "pack.json"


@dataclass(frozen=True)
class Problem:
    """One located validation problem: `file:line:field: message`."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f":{self.field}"
        return f"{where}: {self.message}"


class PackError(Exception):
    """A pack was rejected; `problems` says every reason, each located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s):\n{shown}{more}")


def is_archive(path: Path) -> bool:
    return path.name.endswith((".tar.gz", ".tgz"))


@contextmanager
def opened_pack(path: Path) -> Iterator[Path]:
    """The pack's folder: `path` itself, or a safe temporary unpacking of an archive."""
    if not path.exists():
        raise PackError([Problem(str(path), "no such pack folder or archive")])
    if path.is_dir():
        yield path
        return
    if not is_archive(path):
        raise PackError([Problem(str(path), "expected a pack folder or a .tar.gz archive")])
    workdir = Path(tempfile.mkdtemp(prefix="simmer-pack-"))
    try:
        yield _unpack(path, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _unpack(archive: Path, workdir: Path) -> Path:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            problems = [p for member in members if (p := _unsafe(archive, member))]
            if problems:
                raise PackError(problems)
            for member in members:
                _extract(tar, member, workdir)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise PackError(
            [Problem(str(archive), f"unreadable or truncated archive: {error}")]
        ) from error
    return _pack_root(archive, workdir)


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, workdir: Path) -> None:
    """Write one checked member: folders and regular files only, no modes or owners kept."""
    target = workdir / member.name
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    assert source is not None, "a regular file member has content"
    with source, target.open("wb") as out:
        shutil.copyfileobj(source, out)


def _unsafe(archive: Path, member: tarfile.TarInfo) -> Problem | None:
    name = PurePosixPath(member.name)
    where = f"{archive}!{member.name}"
    if name.is_absolute():
        return Problem(where, "archive member has an absolute path")
    if ".." in name.parts:
        return Problem(where, "archive member escapes the pack with '..'")
    if member.issym() or member.islnk():
        return Problem(where, "archive member is a link; packs hold regular files only")
    if not (member.isfile() or member.isdir()):
        return Problem(where, "archive member is not a regular file or folder")
    return None


def _pack_root(archive: Path, workdir: Path) -> Path:
    """The folder holding pack.json: the archive's top or its single top-level folder."""
    if (workdir / MANIFEST).exists():
        return workdir
    children = [child for child in workdir.iterdir() if child.is_dir()]
    if len(children) == 1 and (children[0] / MANIFEST).exists():
        return children[0]
    raise PackError([Problem(str(archive), f"no {MANIFEST} at the top of the archive")])


def pack_checksum(path: Path) -> str:
    """Content hash of a pack (every file's name and sha256, manifest included): its data
    version."""
    digest = hashlib.sha256()
    with opened_pack(path) as root:
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{file.relative_to(root).as_posix()}\0{sha256_file(file)}\n".encode())
    return digest.hexdigest()


def load_ingredients(pack_dir: Path) -> list[Ingredient]:
    """The ingredient records of a pack folder, as models (for builders and matchers)."""
    with (pack_dir / "ingredients.jsonl").open(encoding="utf-8") as handle:
        return [Ingredient.model_validate_json(line) for line in handle if line.strip()]


def discover_packs(packs_dir: Path) -> list[Path]:
    """Packs under a folder: sub-folders with a pack.json, and .tar.gz archives."""
    if not packs_dir.is_dir():
        return []
    found = [
        child
        for child in sorted(packs_dir.iterdir())
        if (child.is_dir() and (child / MANIFEST).exists()) or is_archive(child)
    ]
    return found
