"""Request dependencies as `Annotated` aliases: settings, a database session, the caller
(`PrincipalDep`, `AdminDep`), the household a path names (`HouseholdDep`), write limiting.

Dependencies without I/O are `async` (no thread hop), and so is the token check every request
makes (`api.token_checks`, on the event loop); the others that query the database are plain
functions, run in the thread pool. A household token sees only its own household:
any other household id is the same 404 as a
household that does not exist, so ids cannot be probed.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.coalesce import Coalescer
from api.ratelimit import WriteLimiter
from api.reader import Reader
from api.token_checks import TokenAccess, TokenCheck, TokenChecks
from simmer.settings import Settings
from simmer.store.engine import session_factory
from simmer.store.models import Household
from simmer.tokens import token_digest


def reader_of(request: Request) -> Reader:
    reader = request.app.state.reader
    assert isinstance(reader, Reader)
    return reader


async def get_reader(request: Request) -> Reader:
    """Async, as every dependency without I/O: a plain function would hop to a thread."""
    return reader_of(request)


ReaderDep = Annotated[Reader, Depends(get_reader)]
bearer = HTTPBearer(auto_error=False, description="an admin or household API token")


def settings_of(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_session(settings: SettingsDep) -> AsyncIterator[Session]:
    """A session, closed on the event loop: closing must not wait for a pool thread, or
    requests holding every thread while waiting for a connection would deadlock the pool."""
    session = session_factory(settings.serving_url())()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def release(session: Session) -> None:
    """End a dependency's read transaction, returning its connection to the pool: a request
    then never holds a connection while it waits for a thread (with every thread waiting for
    a connection, that would deadlock until the pool timeout)."""
    session.commit()


@dataclass(frozen=True)
class Principal:
    """Who is calling: the admin, or one household through one of its tokens."""

    household_id: uuid.UUID | None
    token_id: uuid.UUID | None

    @property
    def is_admin(self) -> bool:
        return self.household_id is None

    @property
    def actor(self) -> str:
        return "admin" if self.is_admin else f"token:{self.token_id}"

    def may_see(self, household_id: uuid.UUID) -> bool:
        return self.is_admin or self.household_id == household_id


ADMIN = Principal(None, None)


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


@dataclass(frozen=True)
class Caller:
    """A caller whose token is not looked up yet: the admin, or a household token's digest,
    for a route that checks it in the same query as the read it authorizes."""

    token_sha256: bytes | None

    @property
    def is_admin(self) -> bool:
        return self.token_sha256 is None


async def get_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """The admin (its token compared in constant time), or the digest of another token;
    no token is a 401."""
    if credentials is None:
        raise unauthorized("an 'Authorization: Bearer <token>' header is required")
    digest = token_digest(credentials.credentials)
    admin = settings_of(request).resolved_admin_token()
    if admin is not None and hmac.compare_digest(digest, token_digest(admin)):
        return Caller(None)
    return Caller(digest)


CallerDep = Annotated[Caller, Depends(get_caller)]
REVOKED = "unknown or revoked token"


def token_checks_of(request: Request) -> TokenChecks:
    checks = request.app.state.token_checks
    assert isinstance(checks, Coalescer)
    return checks


async def check_token(checks: TokenChecks, check: TokenCheck) -> TokenAccess:
    """A household token's access, checked against the database on every request (coalesced
    with other requests' checks: `api.token_checks`), so a revocation holds at once; an
    unknown or revoked token is a 401."""
    access = await checks(check)
    if access is None:
        raise unauthorized(REVOKED)
    return access


async def get_principal(request: Request, caller: CallerDep) -> Principal:
    """The admin, or the household of a token that is not revoked."""
    if caller.token_sha256 is None:
        return ADMIN
    access = await check_token(token_checks_of(request), TokenCheck(caller.token_sha256))
    return Principal(access.household_id, access.token_id)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def require_admin(principal: PrincipalDep) -> Principal:
    if not principal.is_admin:
        raise HTTPException(403, "this needs the admin token")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]


def household_not_found(household_id: uuid.UUID) -> HTTPException:
    return HTTPException(404, f"no household {household_id}")


def get_household(
    household_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> Household:
    household = session.get(Household, household_id) if principal.may_see(household_id) else None
    release(session)
    if household is None:
        raise household_not_found(household_id)
    return household


HouseholdDep = Annotated[Household, Depends(get_household)]


def _take(limiter: object, principal: Principal, what: str) -> None:
    assert isinstance(limiter, WriteLimiter)
    wait = limiter.retry_after(principal.actor)
    if wait is not None:
        raise HTTPException(429, f"too many {what}", headers={"Retry-After": str(wait)})


async def limit_writes(request: Request, principal: PrincipalDep) -> None:
    _take(request.app.state.write_limiter, principal, "writes")


async def limit_replans(request: Request, principal: PrincipalDep) -> None:
    """Re-planning has its own, lower limit (`SIMMER_REPLANS_PER_MINUTE`): it plans."""
    _take(request.app.state.replan_limiter, principal, "re-plans")


WRITE_LIMIT = Depends(limit_writes)
REPLAN_LIMIT = Depends(limit_replans)
