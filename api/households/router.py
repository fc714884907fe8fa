"""`/api/v1/households`: list and create (admin), read, replace preferences, the pantry."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api import idempotency
from api.deps import WRITE_LIMIT, AdminDep, HouseholdDep, PrincipalDep, ReaderDep, SessionDep
from api.households import pantry, service
from api.households.schemas import (
    CreatedHousehold,
    CreateHousehold,
    ReadHousehold,
    ReadPantry,
    UpdatePantry,
    UpdatePreferences,
)
from api.idempotency import KeyHeader
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor
from api.problems import responses

router = APIRouter(prefix="/households", tags=["households"], responses=responses(401, 422))


@router.get("", responses=responses(403))
def list_households(
    admin: AdminDep, session: SessionDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[ReadHousehold]:
    return service.list_households(session, decode_cursor(cursor), limit)


@router.post("", status_code=201, dependencies=[WRITE_LIMIT], responses=responses(403, 413, 429))
def create_household(
    data: CreateHousehold,
    admin: AdminDep,
    session: SessionDep,
    response: Response,
    idempotency_key: KeyHeader = None,
) -> CreatedHousehold:
    """A household with defaults for what is not given, and its first token (shown once).
    A retry with the same `Idempotency-Key` and body is a 200 with that household and no
    token (`Idempotent-Replayed: true`); the same key with another body is a 422."""
    response.headers["Cache-Control"] = "no-store"
    claim = idempotency.claim(idempotency_key, f"{admin.actor} create household", data)
    created, replayed = service.create_once(session, data, admin, claim)
    if replayed:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return created


@router.get("/{household_id}", responses=responses(404))
async def read_household(
    household_id: uuid.UUID, principal: PrincipalDep, reader: ReaderDep
) -> ReadHousehold:
    return await service.read_visible(reader, principal, household_id)


@router.put(
    "/{household_id}/preferences",
    dependencies=[WRITE_LIMIT],
    responses=responses(404, 413, 429),
)
def replace_preferences(
    preferences: UpdatePreferences,
    household: HouseholdDep,
    principal: PrincipalDep,
    session: SessionDep,
) -> ReadHousehold:
    """Replace every preference (an omitted field takes its default); audited."""
    return service.update_preferences(session, household, preferences, principal)


@router.get("/{household_id}/pantry", responses=responses(404))
def read_pantry(household: HouseholdDep, session: SessionDep) -> ReadPantry:
    """What the household has on hand, in grams by ingredient."""
    return pantry.read(session, household)


@router.put(
    "/{household_id}/pantry",
    dependencies=[WRITE_LIMIT],
    responses=responses(404, 413, 429),
)
def replace_pantry(
    data: UpdatePantry, household: HouseholdDep, principal: PrincipalDep, session: SessionDep
) -> ReadPantry:
    """Replace the whole pantry; its plans' shopping lists subtract it. Audited."""
    return pantry.replace(session, household, data, principal)
