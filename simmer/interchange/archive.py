"""Reading import sources safely: zip archives (possibly nested, as Tandoor's), gzip files
(Paprika), with the pack archives' limits (`simmer.packs.source`: member count, member size,
total unpacked size, compression ratio).

Nothing is extracted to disk: members are read into memory, each checked before it is read.
Paths that climb out ('../x', '/etc/x') are refused, naming the archive and the member;
`__MACOSX/` resource forks, `.DS_Store` and `Thumbs.db` files are skipped, each with why.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from simmer.interchange.common import ImportSourceError
from simmer.packs.source import MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_RATIO, RATIO_FROM_BYTES

MAX_SOURCE_BYTES = 256 << 20


@dataclass(frozen=True)
class Member:
    """One file of an archive: its path inside it (nested archives joined by '!')."""

    where: str
    name: str
    data: bytes

    @property
    def path(self) -> PurePosixPath:
        return PurePosixPath(self.name)


def skip_reason(name: str) -> str | None:
    """Why a member is the archiving system's metadata rather than content; None for content."""
    parts = PurePosixPath(name).parts
    if "__MACOSX" in parts:
        return "a macOS resource fork (__MACOSX/), no recipe"
    if parts and parts[-1] == ".DS_Store":
        return "macOS Finder metadata (.DS_Store), no recipe"
    if parts and parts[-1] == "Thumbs.db":
        return "a Windows thumbnail cache (Thumbs.db), no recipe"
    return None


@dataclass(frozen=True)
class ZipRead:
    """The regular files of a zip archive, and each metadata member skipped ('name: why')."""

    members: list[Member]
    skipped: list[str]


def zip_members(data: bytes, where: str) -> ZipRead:
    """Every regular file of a zip archive (`where` names it in errors)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportSourceError(f"{where}: not a zip archive") from None
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise ImportSourceError(f"{where}: more than {MAX_MEMBERS} members")
    members = []
    skipped = []
    total = 0
    for info in infos:
        _check_name(info.filename, where)
        why = skip_reason(info.filename)
        if why is not None:
            skipped.append(f"{info.filename}: {why}")
            continue
        total += info.file_size
        _check_size(info.filename, info.file_size, total, len(data), where)
        try:
            content = _read_limited(archive.open(info), MAX_MEMBER_BYTES)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise ImportSourceError(f"{where}: {info.filename}: unreadable: {error}") from None
        if content is None:
            raise ImportSourceError(f"{where}: {info.filename}: unpacks beyond its stated size")
        members.append(Member(where, info.filename, content))
    return ZipRead(members, skipped)


def _check_name(name: str, where: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (name[1:2] == ":"):
        raise ImportSourceError(f"{where}: {name}: member path leaves the archive; refused")


def _check_size(name: str, size: int, total: int, packed: int, where: str) -> None:
    if size > MAX_MEMBER_BYTES or total > MAX_SOURCE_BYTES:
        raise ImportSourceError(f"{where}: {name}: unpacks to more than the import limit")
    if total > RATIO_FROM_BYTES and total > MAX_RATIO * packed:
        raise ImportSourceError(
            f"{where}: {name}: unpacks to over {MAX_RATIO} times the archive's size "
            "(a zip bomb?); refused"
        )


def _read_limited(stream: io.BufferedIOBase | object, limit: int) -> bytes | None:
    """At most `limit` bytes of a stream; None when it holds more."""
    read = getattr(stream, "read")  # noqa: B009 - zip and gzip streams alike
    data = read(limit + 1)
    return None if len(data) > limit else bytes(data)


def gunzip(data: bytes, where: str) -> bytes:
    """A gzip member's content, refused when it unpacks beyond the limits (a gzip bomb)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = _read_limited(stream, MAX_MEMBER_BYTES)
    except (OSError, EOFError, zlib.error) as error:
        raise ImportSourceError(f"{where}: not gzip data: {error}") from None
    if content is None or (
        len(content) > RATIO_FROM_BYTES and len(content) > MAX_RATIO * len(data)
    ):
        raise ImportSourceError(
            f"{where}: unpacks to over {MAX_RATIO} times its size (a gzip bomb?); refused"
        )
    return content
