"""Paginated lists: `{"items": [...], "next": cursor}` with an opaque cursor (the last key seen,
base64url-encoded JSON); `next` is null on the last page."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from api.problems import Invalid, InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Cursor = Annotated[str | None, Query(max_length=500, description="`next` of the previous page")]


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([key]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    """The key after which the page starts; a cursor this API did not make is a 422."""
    if cursor is None:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        decoded = None
    if not (isinstance(decoded, list) and len(decoded) == 1 and isinstance(decoded[0], str)):
        raise InvalidInput(Invalid("query.cursor", "not a cursor from this API"))
    return decoded[0]


def page(items: Sequence[T], keys: Sequence[str], limit: int) -> Page[T]:
    """A page from up to `limit + 1` items (fetched one extra to know whether more follow)."""
    more = len(items) > limit
    return Page[T](items=list(items[:limit]), next=encode_cursor(keys[limit - 1]) if more else None)
