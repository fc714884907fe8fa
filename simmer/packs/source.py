"""Opening a pack: a folder as it is, or a `.tar.gz` unpacked safely, once per process.

A pack's identity is the `name` in its `pack.json`, whatever its folder or archive is called
(`demo-vendor-1.0.0/`, `demo-vendor-1.0.0.tar.gz`): `pack_sources` is the one place that reads
it. Two packs claiming one name, or names that become one identifier (`a-b`, `a_b`; asset keys
allow only `[A-Za-z0-9_]`), are a located problem on those packs, never on the others.

Archives are streamed member by member and every header is checked before anything is
written: absolute paths, `..` components, links and special files, repeated names, and the
limits below are refused as soon as the header that breaks them is read; a truncated or
corrupt archive is an error, not a partial pack. An archive is unpacked once per process (and
again only when the file changes), so a run that opens a pack many times unpacks it once; its
content checksum is likewise computed once per version of the pack.
"""

from __future__ import annotations

import atexit
import hashlib
import math
import os
import re
import shutil
import tarfile
import tempfile
import threading
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from simmer.packs.digest import sha256_file
from simmer.packs.jsontext import JsonTextError, strict_loads
from simmer.packs.schema import Ingredient, PackManifest

MANIFEST = "pack.json"
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 512 << 20
MAX_UNPACKED_BYTES = 1 << 30
MAX_RATIO = 100  # unpacked bytes per archive byte, once more than RATIO_FROM_BYTES are unpacked
RATIO_FROM_BYTES = 1 << 20
MAX_MANIFEST_BYTES = 1 << 20


@dataclass(frozen=True)
class Problem:
    """One located validation problem: `file:line:field: message`."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    @property
    def where(self) -> str:
        """`file`, `file:line` or `file:line:field`."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f":{self.field}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class PackError(Exception):
    """A pack was rejected; `problems` says every reason, each located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s):\n{shown}{more}")


def is_archive(path: Path) -> bool:
    return path.name.endswith((".tar.gz", ".tgz"))


def file_stem(path: Path) -> str:
    """A pack's folder or archive name without `.tar.gz`: shown, never its identity."""
    return re.sub(r"\.(tar\.gz|tgz)$", "", path.name)


def pack_root(path: Path) -> Path:
    """The pack's folder: `path` itself, or the safe unpacking of an archive (kept for the
    process; removed at exit)."""
    if not path.exists():
        raise PackError([Problem(str(path), "no such pack folder or archive")])
    if path.is_dir():
        return path
    if not is_archive(path):
        raise PackError([Problem(str(path), "expected a pack folder or a .tar.gz archive")])
    return _UNPACKED.root(path)


@dataclass(frozen=True)
class _Unpacking:
    signature: tuple[int, int]
    folder: Path
    root: Path | None
    error: PackError | None


class _Unpacked:
    """Archives unpacked in this process, by path, each at the version (size, mtime) seen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._workdir: Path | None = None
        self._by_path: dict[Path, _Unpacking] = {}

    def root(self, archive: Path) -> Path:
        stat = archive.stat()
        signature = (stat.st_size, stat.st_mtime_ns)
        key = archive.resolve()
        with self._lock:
            known = self._by_path.get(key)
            if known is None or known.signature != signature:
                if known is not None:
                    shutil.rmtree(known.folder, ignore_errors=True)
                known = self._unpack(archive, signature)
                self._by_path[key] = known
        if known.error is not None:
            raise known.error
        assert known.root is not None, "an unpacking has a root or an error"
        return known.root

    def _unpack(self, archive: Path, signature: tuple[int, int]) -> _Unpacking:
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="simmer-packs-"))
            atexit.register(shutil.rmtree, self._workdir, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(dir=self._workdir))
        try:
            return _Unpacking(signature, folder, _unpack(archive, folder), None)
        except PackError as error:
            shutil.rmtree(folder, ignore_errors=True)
            return _Unpacking(signature, folder, None, error)

    def discard(self, archive: Path) -> None:
        with self._lock:
            known = self._by_path.pop(archive.resolve(), None)
        if known is not None:
            shutil.rmtree(known.folder, ignore_errors=True)

    def folders(self) -> list[Path]:
        with self._lock:
            if self._workdir is None:
                return []
            return sorted(self._workdir.iterdir())


_UNPACKED = _Unpacked()


def unpacked_folders() -> list[Path]:
    """The folders archives are unpacked in by this process (one per archive version)."""
    return _UNPACKED.folders()


def discard_unpacked(archive: Path) -> None:
    """Forget (and delete) this process's unpacking of `archive`: for a long-running process
    done with an archive it will not open again (an upload's scratch copy)."""
    _UNPACKED.discard(archive)


def _unpack(archive: Path, workdir: Path) -> Path:
    """Two streamed passes: every header checked (nothing written, content only skipped, and
    the first header that breaks a rule or a limit stops the pass), then the extraction (which
    checks again, should the file change in between)."""
    try:
        for _ in _checked_members(archive):
            pass
        with tarfile.open(archive, "r|gz") as tar:
            for member in _checked_members(archive, tar):
                _extract(tar, member, workdir)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise PackError(
            [Problem(str(archive), f"unreadable or truncated archive: {error}")]
        ) from error
    return _pack_root(archive, workdir)


def _checked_members(
    archive: Path, tar: tarfile.TarFile | None = None
) -> Iterator[tarfile.TarInfo]:
    """The archive's members in order, each checked on its header."""
    limits = _Budget(archive)
    with tar or tarfile.open(archive, "r|gz") as stream:
        for member in stream:
            problem = _unsafe(archive, member) or limits.refusal(member)
            if problem:
                raise PackError([problem])
            yield member


class _Budget:
    """The archive limits, checked on each member's header before its content is read."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        self.compressed = archive.stat().st_size
        self.members = 0
        self.unpacked = 0
        self.names: set[str] = set()

    def refusal(self, member: tarfile.TarInfo) -> Problem | None:
        where = f"{self.archive}!{member.name}"
        self.members += 1
        self.unpacked += member.size
        name = PurePosixPath(member.name).as_posix()
        if name in self.names:
            return Problem(where, "archive member appears twice")
        self.names.add(name)
        if self.members > MAX_MEMBERS:
            return Problem(where, f"archive has more than {MAX_MEMBERS:,} members")
        if member.size > MAX_MEMBER_BYTES:
            limit = _mib(MAX_MEMBER_BYTES)
            return Problem(where, f"archive member is {member.size:,} bytes; the limit is {limit}")
        if self.unpacked > MAX_UNPACKED_BYTES:
            return Problem(
                where, f"archive unpacks to more than {_mib(MAX_UNPACKED_BYTES)} (the limit)"
            )
        if self.unpacked > max(RATIO_FROM_BYTES, MAX_RATIO * self.compressed):
            return Problem(
                where,
                f"archive unpacks to more than {MAX_RATIO} times its size "
                f"({self.compressed:,} bytes): refused as a compression bomb",
            )
        return None


def _mib(size: int) -> str:
    return f"{size >> 20:,} MiB"


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
    if member.issparse() or not (member.isfile() or member.isdir()):
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


def pack_files(root: Path) -> list[Path]:
    """Every file of a pack folder, sorted; a link or special file is refused (a pack never
    makes Simmer read outside itself)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for folder, dirs, names in os.walk(root):
        for name in sorted([*dirs, *names]):
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                problems.append(Problem(relative, "is a link; packs hold regular files only"))
            elif name in names and not path.is_file():
                problems.append(Problem(relative, "is not a regular file"))
            elif name in names:
                files.append(path)
    if problems:
        raise PackError(problems)
    return sorted(files)


def pack_checksum(path: Path) -> str:
    """Content hash of a pack (every file's name and sha256, manifest included): its data
    version. Computed once per version of the pack (an archive's size and modification time,
    a folder's files' names, sizes and modification times)."""
    if path.is_file():
        stat = path.stat()
        return _checksum(path.resolve(), (stat.st_size, stat.st_mtime_ns))
    root = pack_root(path)
    files = pack_files(root)
    signature = tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files)
    return _checksum(root.resolve(), signature)


@lru_cache(maxsize=256)
def _checksum(path: Path, signature: tuple[object, ...]) -> str:
    digest = hashlib.sha256()
    root = pack_root(path)
    for file in pack_files(root):
        digest.update(f"{file.relative_to(root).as_posix()}\0{sha256_file(file)}\n".encode())
    return digest.hexdigest()


def read_manifest(root: Path) -> PackManifest:
    """`pack.json` of a pack folder, strictly read; PackError says what is wrong and where."""
    path = root / MANIFEST
    if path.is_symlink() or not path.is_file():
        raise PackError([Problem(MANIFEST, "missing: every pack has a pack.json")])
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise PackError([Problem(MANIFEST, f"is over {_mib(MAX_MANIFEST_BYTES)}")])
    try:
        data = strict_loads(path.read_bytes())
    except JsonTextError as error:
        raise PackError([Problem(MANIFEST, error.message, error.line)]) from error
    try:
        return PackManifest.model_validate(data)
    except ValidationError as error:
        raise PackError(list(located_problems(MANIFEST, None, error))) from error


def located_problems(file: str, line: int | None, error: ValidationError) -> Iterator[Problem]:
    """A pydantic error as located problems, in words a pack author can act on."""
    for detail in error.errors(include_url=False):
        location = list(detail["loc"])
        if line is not None and location and isinstance(location[0], int):
            location = location[1:]
        yield Problem(file, _message(detail, location), line, _field_path(location) or None)


def _message(detail: Any, location: list[Any]) -> str:
    kind, message = detail["type"], detail["msg"]
    if kind == "json_invalid":
        reason = re.sub(
            r" at line 1 column (\d+)$",
            r" at column \1",
            detail.get("ctx", {}).get("error", message),
        )
        if reason.startswith("trailing characters"):
            reason = f"more than one JSON value (one record per line): {reason}"
        return f"invalid JSON: {reason}"
    if kind == "finite_number":
        if math.isnan(detail["input"]):
            return "NaN is not a JSON number (JSON has no NaN)"
        return "not a finite number: Infinity is not JSON, and 1e309 is beyond a double"
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_pattern_mismatch" and str(location[-1]).endswith("unit"):
        return (
            f"unknown unit {detail['input']!r}: expected a kitchen unit name "
            "(gram, cup, tablespoon, large, ...; packs/README.md lists them)"
        )
    return str(message)


def _field_path(location: list[Any]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


@dataclass(frozen=True)
class PackSource:
    """A pack found in the packs folder: where it is, its identity, and `ident`, the name as an
    identifier (`[A-Za-z0-9_]`, unique among the packs found). `problems` say why it cannot be
    used (an unreadable manifest, a name another pack claims); its ingestion reports them."""

    path: Path
    name: str
    ident: str
    problems: tuple[Problem, ...] = ()
    manifest: PackManifest | None = field(default=None, compare=False, repr=False)


def pack_ident(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def pack_sources(packs_dir: Path) -> list[PackSource]:
    """The packs under `packs_dir`, each named by its manifest (by its file name when the
    manifest cannot be read), sorted by path."""
    found = [_identity(path) for path in discover_packs(packs_dir)]
    by_ident: dict[str, list[Path]] = defaultdict(list)
    for source in found:
        by_ident[source.ident].append(source.path)
    sources = []
    for source in found:
        rivals = [p for p in by_ident[source.ident] if p != source.path]
        if rivals:
            suffix = hashlib.sha256(source.path.name.encode()).hexdigest()[:8]
            source = replace(
                source,
                ident=f"{source.ident}__{suffix}",
                problems=(*source.problems, _claimed(source.path, source.name, rivals)),
            )
        sources.append(source)
    return sources


def _identity(path: Path) -> PackSource:
    try:
        manifest = read_manifest(pack_root(path))
    except PackError as error:
        return PackSource(path, file_stem(path), pack_ident(file_stem(path)), tuple(error.problems))
    return PackSource(path, manifest.name, pack_ident(manifest.name), (), manifest)


def _claimed(path: Path, name: str, rivals: list[Path]) -> Problem:
    others = ", ".join(str(p) for p in rivals)
    return Problem(
        f"{path}/{MANIFEST}" if path.is_dir() else f"{path}!{MANIFEST}",
        f"pack name {name!r} is also claimed by {others} (pack names must differ, also once "
        f"every character but letters, digits and '_' becomes '_': {pack_ident(name)!r}); "
        "rename one or remove it",
        None,
        "name",
    )


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
