"""Households: listing, creation (with the first token), preferences (checked against the
catalog read model, audited)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import audit, idempotency
from api.deps import Principal
from api.households.schemas import (
    CreatedHousehold,
    CreateHousehold,
    ReadHousehold,
    ReadPreferences,
    UpdatePreferences,
)
from api.idempotency import Claim
from api.pagination import Page, page
from api.problems import Invalid, InvalidInput
from api.tokens import service as tokens
from simmer.store.models import CatalogIngredient, Household


def to_read(household: Household) -> ReadHousehold:
    return ReadHousehold(
        id=household.id,
        name=household.name,
        size=household.size,
        timezone=household.timezone,
        preferences=ReadPreferences.model_validate(household),
        created_at=household.created_at,
        updated_at=household.updated_at,
    )


def list_households(session: Session, after: str | None, limit: int) -> Page[ReadHousehold]:
    query = select(Household).order_by(Household.id).limit(limit + 1)
    if after is not None:
        query = query.where(Household.id > _uuid_key(after))
    rows = session.scalars(query).all()
    return page([to_read(h) for h in rows], [str(h.id) for h in rows], limit)


def _uuid_key(key: str) -> uuid.UUID:
    try:
        return uuid.UUID(key)
    except ValueError:
        raise InvalidInput(Invalid("query.cursor", "not a cursor from this API")) from None


def create_once(
    session: Session, data: CreateHousehold, principal: Principal, claim: Claim | None
) -> tuple[CreatedHousehold, bool]:
    """Create the household, unless this is a retry under the same `Idempotency-Key`: then the
    household the first request made, without a token (it was shown once); True if a retry."""
    return idempotency.once(
        session,
        claim,
        lambda prior: _replay(session, prior),
        lambda: create(session, data, principal, claim),
    )


def _replay(session: Session, prior: str) -> CreatedHousehold | None:
    household = session.get(Household, uuid.UUID(prior))
    return None if household is None else CreatedHousehold(household=to_read(household), token=None)


def create(
    session: Session, data: CreateHousehold, principal: Principal, claim: Claim | None = None
) -> CreatedHousehold:
    _check_catalog_references(session, data.preferences, "body.preferences")
    household = Household(id=uuid.uuid4(), name=data.name, size=data.size, timezone=data.timezone)
    _apply(household, data.preferences)
    session.add(household)
    session.flush()
    audit.record(session, principal, "household.created", household.id, {"name": data.name})
    token = tokens.mint(session, household.id, "first token", principal)
    if claim is not None:
        claim.remember(session, 201, str(household.id))
    session.commit()
    session.refresh(household)
    return CreatedHousehold(household=to_read(household), token=token)


def update_preferences(
    session: Session, household: Household, preferences: UpdatePreferences, principal: Principal
) -> ReadHousehold:
    _check_catalog_references(session, preferences, "body")
    before = ReadPreferences.model_validate(household).model_dump(mode="json")
    _apply(household, preferences)
    after = ReadPreferences.model_validate(household).model_dump(mode="json")
    changed = {k: {"from": before[k], "to": v} for k, v in after.items() if before[k] != v}
    if changed:
        audit.record(session, principal, "preferences.changed", household.id, changed)
    session.commit()
    session.refresh(household)
    return to_read(household)


def _apply(household: Household, preferences: UpdatePreferences) -> None:
    values: dict[str, Any] = preferences.model_dump(mode="json")
    values["dislikes"] = sorted(set(preferences.dislikes))
    budget = preferences.weekly_budget
    values["weekly_budget"] = None if budget is None else Decimal(f"{budget:.2f}")
    for name, value in values.items():
        setattr(household, name, value)


def _check_catalog_references(session: Session, preferences: UpdatePreferences, at: str) -> None:
    """Every disliked ingredient must be in the catalog read model; a 422 names each other."""
    known = set(
        session.scalars(
            select(CatalogIngredient.slug).where(CatalogIngredient.slug.in_(preferences.dislikes))
        )
    )
    unknown = [
        Invalid(f"{at}.dislikes.{index}", f"unknown ingredient {slug!r} (not in the catalog)")
        for index, slug in enumerate(preferences.dislikes)
        if slug not in known
    ]
    if unknown:
        raise InvalidInput(*unknown)
