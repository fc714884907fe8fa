"""sha256 of pack files, computed once per file version.

A pack's files are hashed twice on the way in (its content checksum decides whether it must be
ingested; validation checks each file against `pack.json`). The digest is remembered by path,
size and modification time, so the second look costs nothing and an edited file is hashed anew.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def sha256_file(path: Path) -> str:
    stat = path.stat()
    return _sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
