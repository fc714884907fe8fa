"""`Idempotency-Key` on creating writes: a retry of the same request is answered from what the
first one did, without doing it again.

The key is remembered in the same transaction as the write (table `idempotency_keys`, scoped
by caller and route), so a write and its key commit together or not at all. The same key with
a different body is a 422. Used by `POST /households`, approvals and re-planning.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Header
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.problems import Invalid, InvalidInput
from simmer.store.models import IdempotencyKey

KeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="a retry with the same key and body is not done twice",
    ),
]


@dataclass(frozen=True)
class Claim:
    scope: str
    key: str
    request_sha256: bytes

    def prior(self, session: Session) -> str | None:
        """The resource the first request with this key made, if there was one."""
        row = session.get(IdempotencyKey, (self.scope, self.key))
        if row is None:
            return None
        if row.request_sha256 != self.request_sha256:
            raise InvalidInput(
                Invalid("header.Idempotency-Key", "already used for a different request")
            )
        return row.resource_id

    def remember(self, session: Session, status_code: int, resource_id: str) -> None:
        session.add(
            IdempotencyKey(
                scope=self.scope,
                key=self.key,
                request_sha256=self.request_sha256,
                status_code=status_code,
                resource_id=resource_id,
            )
        )


def claim(key: str | None, scope: str, body: BaseModel | None) -> Claim | None:
    """The claim of a request under `key` (None without a key); `body` None for a request
    without one."""
    if key is None:
        return None
    dumped = None if body is None else body.model_dump(mode="json")
    canonical = json.dumps(dumped, sort_keys=True, separators=(",", ":"))
    return Claim(scope, key, hashlib.sha256(canonical.encode()).digest())


R = TypeVar("R")


def once(
    session: Session,
    claim: Claim | None,
    replay: Callable[[str], R | None],
    act: Callable[[], R],
) -> tuple[R, bool]:
    """`act()` (which remembers the claim in its transaction), unless this is a retry under the
    same key: then `replay` of the resource the first request made; True if a retry. A first
    request with the same key committing meanwhile (the key's unique violation) is a retry."""

    def replayed() -> R | None:
        prior = None if claim is None else claim.prior(session)
        return None if prior is None else replay(prior)

    earlier = replayed()
    if earlier is not None:
        return earlier, True
    try:
        return act(), False
    except IntegrityError:
        session.rollback()
        earlier = replayed()
        if earlier is None:
            raise
        return earlier, True
