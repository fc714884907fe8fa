"""The FastAPI application `api.main:app` (`make serve` runs it on uvicorn; granian works too).

`/health` at the root; everything else under `/api/v1`, one router per domain (households,
tokens, catalog, plans). Every error is an RFC 7807 problem document (`api.problems`).
At startup a thread loads the planning catalog for re-planning (`api.plans.regenerate.warm_up`);
startup and every other route go on without waiting for it. What startup made (modules, routes,
the catalog) is then frozen out of the garbage collector (`settle`): a full collection would
otherwise walk all of it, a pause every request waiting then shares (the latency tail).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from threading import Thread

from anyio import to_thread
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api import logs, problems
from api.catalog.router import PACK_UPLOAD_PATH
from api.catalog.router import router as catalog
from api.households.router import router as households
from api.middleware import BodyLimit, ETags, RequestContext
from api.plans.documents import PlanDocuments
from api.plans.regenerate import warm_up
from api.plans.router import router as plans
from api.ratelimit import WriteLimiter
from api.reader import Reader
from api.token_checks import token_checks
from api.tokens.router import router as tokens
from simmer.localpg import LocalPgError
from simmer.settings import Settings
from simmer.store.engine import engine_for

API_PREFIX = "/api/v1"
WARM_UP_THREAD = "simmer-warm-up"


def settle(lake_dir: Path) -> None:
    """Warm re-planning up, then move every object alive to the collector's permanent
    generation, which its collections never walk."""
    warm_up(lake_dir)
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    logs.configure()
    threads = settings.api_threads

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Few threads: many threads contending for the GIL answer each request later, and
        # more threads than pooled connections only wait for a connection.
        to_thread.current_default_thread_limiter().total_tokens = threads
        app.state.warm_up = Thread(
            target=settle, args=(settings.lake_dir,), name=WARM_UP_THREAD, daemon=True
        )
        app.state.warm_up.start()
        yield
        await app.state.reader.close()

    app = FastAPI(title="Simmer", version="0.1.0", openapi_url="/openapi.json", lifespan=lifespan)
    app.state.settings = settings
    app.state.write_limiter = WriteLimiter(settings.writes_per_minute)
    app.state.reader = Reader(settings.serving_url, size=settings.reader_connections)
    app.state.token_checks = token_checks(app.state.reader, settings.reader_connections)
    app.state.replan_limiter = WriteLimiter(settings.replans_per_minute)
    app.state.plan_documents = PlanDocuments(settings.plan_cache_entries)
    problems.install(app)
    v1 = APIRouter(prefix=API_PREFIX)
    for router in (plans, households, tokens, catalog):
        v1.include_router(router)
    app.include_router(v1)

    @app.get("/health", tags=["health"], responses=problems.responses(503))
    def health() -> JSONResponse:
        """200 when the serving database answers, 503 (a problem document) when it does not."""
        try:
            with engine_for(settings.serving_url()).connect() as connection:
                connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, LocalPgError) as error:
            return problems.problem(
                503, "Database unavailable", str(error).splitlines()[0], database="unreachable"
            )
        return JSONResponse(
            {"status": "ok", "database": "ok"}, headers={"Cache-Control": "no-store"}
        )

    # added innermost first: the request context wraps everything, so every answer has an id
    app.add_middleware(ETags)
    pack_upload = {f"{API_PREFIX}{PACK_UPLOAD_PATH}": settings.max_pack_bytes}
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, per_path=pack_upload)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origin_list,
        allow_methods=["GET", "POST", "PUT", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "If-None-Match", "Idempotency-Key"],
        expose_headers=["ETag", "Retry-After", "X-Request-ID"],
    )
    app.add_middleware(RequestContext)
    return app


app = create_app()
