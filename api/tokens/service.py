"""Minting and revoking household tokens (audited); the token itself is never stored."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from api import audit
from api.deps import Principal
from api.tokens.schemas import ReadNewToken
from simmer.store.models import ApiToken
from simmer.tokens import new_token, token_digest


def mint(
    session: Session, household_id: uuid.UUID, label: str, principal: Principal
) -> ReadNewToken:
    """A new token for the household, added to the session (the caller commits)."""
    token = new_token()
    row = ApiToken(
        id=uuid.uuid4(), household_id=household_id, token_sha256=token_digest(token), label=label
    )
    session.add(row)
    session.flush()
    audit.record(session, principal, "token.minted", household_id, {"token_id": str(row.id)})
    return ReadNewToken(
        id=row.id, household_id=household_id, label=label, token=token, created_at=row.created_at
    )


def revoke(
    session: Session, household_id: uuid.UUID, token_id: uuid.UUID, principal: Principal
) -> bool:
    """Revoke one of the household's tokens; False when it has no such token. Revoking twice
    is harmless (and audited once)."""
    token = session.get(ApiToken, token_id, with_for_update=True)
    if token is None or token.household_id != household_id:
        return False
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        audit.record(session, principal, "token.revoked", household_id, {"token_id": str(token_id)})
    session.commit()
    return True
