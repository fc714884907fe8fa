"""`Idempotency-Key` on creating writes: a retry of the same request is answered from what the
first one did, without doing it again.

The key is remembered in the same transaction as the write (table `idempotency_keys`, scoped
by caller and route), so a write and its key commit together or not at all. The same key with
a different body is a 422. Used by `POST /households`; approvals and re-planning will use it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import Header
from pydantic import BaseModel
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


def claim(key: str | None, scope: str, body: BaseModel) -> Claim | None:
    if key is None:
        return None
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return Claim(scope, key, hashlib.sha256(canonical.encode()).digest())
