"""The FastAPI application: `uvicorn api.main:app` (`make serve`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api import problems
from simmer.localpg import LocalPgError
from simmer.settings import Settings
from simmer.store.engine import engine_for


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="Simmer", version="0.1.0", openapi_url="/openapi.json")
    problems.install(app)

    @app.get("/health", tags=["health"])
    def health() -> JSONResponse:
        """200 when the serving database answers, 503 (a problem document) when it does not."""
        try:
            with engine_for(settings.serving_url()).connect() as connection:
                connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, LocalPgError) as error:
            return problems.problem(
                503, "Database unavailable", str(error).splitlines()[0], database="unreachable"
            )
        body: dict[str, Any] = {"status": "ok", "database": "ok"}
        return JSONResponse(body)

    return app


app = create_app()
