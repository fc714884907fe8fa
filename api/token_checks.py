"""The token check every household request makes, coalesced (`api.coalesce`): one query
answers the checks of every request waiting for one, each with the version of the plan it
asks for when it asks for one (`GET /plans/{id}`, the hot route, so that needs no second
query).

A token is live when it exists and is not revoked; the plan's version (`published_at`,
`approved_at`, `status`: see `api.plans.documents`) comes only when the plan is the token's
household's, so another household's plan reads as a missing one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import LiteralString, NamedTuple

from api.coalesce import Coalescer
from api.plans.documents import Version
from api.reader import Reader


class TokenCheck(NamedTuple):
    token_sha256: bytes
    plan_id: uuid.UUID | None = None


class TokenAccess(NamedTuple):
    """A live token's household and id, and the version of the plan checked with it (None
    when no plan was asked for, or the plan is missing or another household's)."""

    household_id: uuid.UUID
    token_id: uuid.UUID
    plan_version: Version | None


_CHECKS_SQL: LiteralString = """
SELECT q.i, t.household_id, t.id, p.published_at, p.approved_at, p.status
FROM unnest(%s::bytea[], %s::uuid[]) WITH ORDINALITY AS q(token_sha256, plan_id, i)
JOIN api_tokens t ON t.token_sha256 = q.token_sha256 AND t.revoked_at IS NULL
LEFT JOIN plans p ON p.plan_id = q.plan_id AND p.household_id = t.household_id
"""

TokenChecks = Coalescer[TokenCheck, TokenAccess | None]


def token_checks(reader: Reader, max_in_flight: int) -> TokenChecks:
    """`await checks(TokenCheck(digest, plan_id))`: the token's access, or None for a token
    that is unknown or revoked."""

    async def fetch(checks: Sequence[TokenCheck]) -> list[TokenAccess | None]:
        tokens, plans = [c.token_sha256 for c in checks], [c.plan_id for c in checks]
        rows = await reader.all(_CHECKS_SQL, (tokens, plans))
        found = {row[0]: _access(row) for row in rows}
        return [found.get(i) for i in range(1, len(checks) + 1)]

    return Coalescer(fetch, max_in_flight)


def _access(row: tuple[object, ...]) -> TokenAccess:
    _, household_id, token_id, published_at, approved_at, status = row
    assert isinstance(household_id, uuid.UUID) and isinstance(token_id, uuid.UUID)
    version = None if published_at is None else (published_at, approved_at, status)
    return TokenAccess(household_id, token_id, version)  # type: ignore[arg-type]
