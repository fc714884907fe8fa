"""`/api/v1/households/{id}/tokens`: mint (admin) and revoke household tokens."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, Response

from api.deps import WRITE_LIMIT, AdminDep, HouseholdDep, PrincipalDep, SessionDep
from api.problems import responses
from api.tokens import service
from api.tokens.schemas import CreateToken, ReadNewToken

router = APIRouter(
    prefix="/households/{household_id}/tokens",
    tags=["tokens"],
    dependencies=[WRITE_LIMIT],
    responses=responses(401, 404, 422, 429),
)


@router.post("", status_code=201, responses=responses(403, 413))
def mint_token(
    admin: AdminDep,
    household: HouseholdDep,
    session: SessionDep,
    response: Response,
    data: CreateToken | None = None,
) -> ReadNewToken:
    """A new token for the household (the body is optional); `token` is shown only here."""
    response.headers["Cache-Control"] = "no-store"
    token = service.mint(session, household.id, (data or CreateToken()).label, admin)
    session.commit()
    return token


@router.delete("/{token_id}", status_code=204)
def revoke_token(
    token_id: uuid.UUID, household: HouseholdDep, principal: PrincipalDep, session: SessionDep
) -> Response:
    """Revoke a token (the admin, or the household itself); it stops working at once."""
    if not service.revoke(session, household.id, token_id, principal):
        raise HTTPException(404, f"no token {token_id}")
    return Response(status_code=204)
