"""Bearer tokens: how they are made, how they are stored, and the demo's admin token.

A token is 256 random bits (`secrets.token_urlsafe(32)`) behind a `sim_` prefix that makes a
leaked one easy to recognise. The database keeps only its SHA-256: with that much entropy a
fast hash cannot be searched, and it lets each request find its token by an indexed equality.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

PREFIX = "sim_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def ensure_admin_token_file(path: Path) -> bool:
    """Write a new admin token to `path` (owner-only) unless one is there; True when written."""
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(new_token() + "\n")
    return True
