"""One import source (a file given to `simmer pack import`) read into `Imported` recipes, with
what was skipped in it and why. The file type decides the reader: `.html`/`.htm` (JSON-LD),
`.json` (schema.org, Mealie, Tandoor, Paprika or Nextcloud JSON), `.zip` (Mealie's, Tandoor's
zip of zips, Nextcloud Cookbook's folders), `.paprikarecipes` and `.paprikarecipe`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from simmer.interchange.apps import image_suffix, read_recipe_json
from simmer.interchange.archive import MAX_SOURCE_BYTES, Member, ZipRead, gunzip, zip_members
from simmer.interchange.common import Imported, ImportSourceError, Photo
from simmer.interchange.schema_org import json_ld_blocks, lenient_json, read_schema_org

SUFFIXES = (".json", ".jsonld", ".html", ".htm", ".zip", ".paprikarecipes", ".paprikarecipe")
_PHOTO_PREFERENCE = ("full", "original", "image", "min-original")


@dataclass
class SourceRead:
    """The recipes of one source file, and each member or block skipped, with the reason."""

    path: Path
    recipes: list[Imported] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_source(path: Path) -> SourceRead:
    """Every recipe in the file at `path`; an ImportSourceError naming the file (and member)
    when it holds none or cannot be read."""
    where = path.name
    if not path.is_file():
        raise ImportSourceError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportSourceError(f"{path}: not an import source (expected {', '.join(SUFFIXES)})")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise ImportSourceError(f"{path}: larger than {MAX_SOURCE_BYTES >> 20} MiB")
    read = SourceRead(path)
    data = path.read_bytes()
    if suffix == ".zip" or suffix == ".paprikarecipes":
        _read_zip(zip_members(data, where), where, "", read)
    else:
        _read_member(Member(where, "", data), suffix, None, read)
    if not read.recipes:
        why = f" ({'; '.join(read.skipped)})" if read.skipped else ""
        raise ImportSourceError(f"{path}: no recipe found{why}")
    return read


def _read_zip(zipped: ZipRead, where: str, prefix: str, read: SourceRead) -> None:
    """The members of a zip in the file `where` (nested in its member `prefix`, if any), the
    metadata members it skipped reported."""
    read.skipped += [f"{prefix}{why}" for why in zipped.skipped]
    _read_members([Member(where, f"{prefix}{m.name}", m.data) for m in zipped.members], read)


def _read_members(members: list[Member], read: SourceRead) -> None:
    photos = _photos(members)
    for member in members:
        suffix = member.path.suffix.lower()
        if image_suffix(member.data) is not None:
            continue  # a photo, attached to the recipe beside it
        if suffix == ".zip":
            nested = zip_members(member.data, f"{member.where}!{member.name}")
            _read_zip(nested, member.where, f"{member.name}!", read)
        elif suffix in SUFFIXES:
            _read_member(member, suffix, photos.get(_folder(member.name)), read)
        else:
            read.skipped.append(f"{member.name}: not a recipe file")


def _folder(name: str) -> str:
    return str(PurePosixPath(name.replace("!", "/")).parent)


def _photos(members: list[Member]) -> dict[str, Photo]:
    """The photo of each folder: the one named like a main photo, else the first."""
    found: dict[str, list[tuple[int, Photo]]] = {}
    for member in members:
        suffix = image_suffix(member.data)
        if suffix is not None:
            stem = member.path.stem.lower()
            rank = _PHOTO_PREFERENCE.index(stem) if stem in _PHOTO_PREFERENCE else 99
            folder = _folder(member.name)
            if member.path.parent.name == "images":  # Mealie: {slug}/images/original.webp
                folder = _folder(str(member.path.parent))
            found.setdefault(folder, []).append((rank, Photo(member.data, suffix)))
    return {folder: min(photos, key=lambda p: p[0])[1] for folder, photos in found.items()}


def _read_member(member: Member, suffix: str, photo: Photo | None, read: SourceRead) -> None:
    where = f"{member.where}: {member.name}" if member.name else member.where
    origin = f"{member.where}!{member.name}" if member.name else member.where
    if suffix in (".html", ".htm"):
        blocks = json_ld_blocks(_text(member.data, where), where)
        recipes = read_schema_org(blocks, origin, photo)
        if not recipes:
            read.skipped.append(f"{member.name or where}: no schema.org Recipe in its JSON-LD")
        read.recipes += recipes
        return
    data = member.data
    if suffix == ".paprikarecipe" and data[:2] == b"\x1f\x8b":
        data = gunzip(data, where)
    document = lenient_json(_text(data, where), where)
    recipes = read_recipe_json(document, origin, photo)
    if not recipes:
        read.skipped.append(f"{member.name or where}: JSON without a recipe")
    read.recipes += recipes


def _text(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportSourceError(f"{where}: not UTF-8 text (byte {error.start})") from None
