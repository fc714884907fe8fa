"""The app the API benchmark serves: the real app, plus `/bench/bare`, which answers the bytes
of the benchmarked plan's `GET` from memory through the same middleware (the ceiling)."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Response

from api.main import create_app

BARE_BODY = Path(os.environ.get("SIMMER_BENCH_BODY", "/dev/null"))


def create() -> FastAPI:
    app = create_app()
    body = BARE_BODY.read_bytes()

    @app.get("/bench/bare", include_in_schema=False)
    async def bare() -> Response:
        return Response(body, media_type="application/json")

    return app
