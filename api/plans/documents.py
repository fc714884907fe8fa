"""Serialized plan documents (the body of `GET /plans/{id}`) kept in the process, by plan.

Each entry holds the bytes and ETag of one plan at one version, the version being read in the
same query (the same snapshot) as the body: `(published_at, approved_at, status)`, which
change whenever the served content does (publishing rewrites a plan's row, and `published_at`,
only when its values or content hash differ; approving sets `approved_at` and `status`). A
request compares the version it reads (with its token, in one query) to the entry's: a match
answers the cached bytes with no serialization, anything else reads and stores the plan anew.

The cache is bounded: the `max_entries` plans used last (LRU; `SIMMER_PLAN_CACHE_ENTRIES`,
default 4,096: a plan's body is about 4 KiB, so about 20 MiB per worker). It is used on the
event loop only, so it needs no lock; with several workers each has its own.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from api.middleware import etag_of

Version = tuple[datetime, datetime | None, str]


@dataclass(frozen=True)
class Document:
    version: Version
    body: bytes
    etag: str

    @classmethod
    def of(cls, version: Version, body: bytes) -> Document:
        return cls(version, body, etag_of(body))


class PlanDocuments:
    """The serialized documents of the `max_entries` plans read last."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[uuid.UUID, Document] = OrderedDict()

    def get(self, plan_id: uuid.UUID, version: Version) -> Document | None:
        """The plan's document at `version`, if it is cached."""
        document = self._entries.get(plan_id)
        if document is None or document.version != version:
            return None
        self._entries.move_to_end(plan_id)
        return document

    def put(self, plan_id: uuid.UUID, document: Document) -> None:
        self._entries[plan_id] = document
        self._entries.move_to_end(plan_id)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
