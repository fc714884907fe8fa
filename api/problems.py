"""RFC 7807 problem documents for every error the API returns (never a bare 500 for bad input).

Validation errors carry `errors`, a list of `{"location": "body.dislikes.1", "message": ...}`,
whether pydantic found them or a service did (an unknown ingredient slug, a bad cursor).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import psycopg
import psycopg_pool
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from simmer.localpg import LocalPgError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("simmer.api")


@dataclass(frozen=True)
class Invalid:
    location: str
    message: str


class InvalidInput(Exception):
    """Input that passed the schema but not the service's checks: a 422 naming each field."""

    def __init__(self, *problems: Invalid) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def problem(
    status: int,
    title: str,
    detail: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def invalid(request: Request, errors: list[dict[str, str]]) -> JSONResponse:
    detail = f"{errors[0]['location']}: {errors[0]['message']}" if errors else None
    return problem(422, "Invalid request", detail, errors=errors, instance=request.url.path)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return problem(
        error.status_code,
        HTTPStatus(error.status_code).phrase,
        str(error.detail),
        headers=error.headers,
        instance=request.url.path,
    )


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {"location": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
        for e in error.errors()
    ]
    return invalid(request, errors)


async def _invalid_input(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InvalidInput)
    return invalid(
        request, [{"location": p.location, "message": p.message} for p in error.problems]
    )


async def _database_error(request: Request, error: Exception) -> JSONResponse:
    log.error("database error", extra={"error": str(error).splitlines()[0]})
    return problem(503, "Database unavailable", "try again shortly", headers={"Retry-After": "5"})


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error")
    return problem(500, "Internal error", instance=request.url.path)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InvalidInput, _invalid_input)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(InterfaceError, _database_error)
    app.add_exception_handler(PoolTimeout, _database_error)
    app.add_exception_handler(LocalPgError, _database_error)
    app.add_exception_handler(psycopg.OperationalError, _database_error)
    app.add_exception_handler(psycopg_pool.PoolTimeout, _database_error)
    app.add_exception_handler(Exception, _unexpected)


class Problem(BaseModel):
    """An RFC 7807 problem document (`application/problem+json`)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem documents a route may answer with."""
    return {
        status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": _WHY[status]}
        for status in statuses
    }


_WHY = {
    401: "no token, or an unknown or revoked one",
    403: "the admin token is required",
    404: "no such resource (or not this household's)",
    409: "conflicts with the resource's state (a plan approved or infeasible, a pack there)",
    413: "request body too large",
    422: "invalid input; `errors` names each field",
    429: "too many writes; see Retry-After",
    503: "database unavailable",
}
