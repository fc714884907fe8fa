"""`/api/v1/households`: list and create (admin), read, replace preferences."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import WRITE_LIMIT, AdminDep, HouseholdDep, PrincipalDep, SessionDep
from api.households import service
from api.households.schemas import (
    CreatedHousehold,
    CreateHousehold,
    ReadHousehold,
    UpdatePreferences,
)
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
    data: CreateHousehold, admin: AdminDep, session: SessionDep, response: Response
) -> CreatedHousehold:
    """A household with defaults for what is not given, and its first token (shown once)."""
    response.headers["Cache-Control"] = "no-store"
    return service.create(session, data, admin)


@router.get("/{household_id}", responses=responses(404))
def read_household(household: HouseholdDep) -> ReadHousehold:
    return service.to_read(household)


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
