"""The hand-written recipe files of tests/data/interchange (each following its app's format)
and the archives the apps pack them in, for the import tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "interchange"
JPEG = b"\xff\xd8\xff\xe0 a tiny jpeg"
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 a tiny webp"


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    path.write_bytes(zip_bytes(members))
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()
