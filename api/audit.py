"""The audit log: token mints and revocations, household creation, preference changes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from api import logs
from api.deps import Principal
from simmer.store.models import AuditEvent


def record(
    session: Session,
    principal: Principal,
    action: str,
    household_id: uuid.UUID,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit row to the session's transaction (it commits with the change it records)."""
    session.add(
        AuditEvent(
            actor=principal.actor,
            action=action,
            household_id=household_id,
            request_id=logs.request_id.get(),
            detail=detail or {},
        )
    )
