"""ASGI middleware: request ids and access logs, the request body limit, ETags on GETs.

Plain ASGI classes rather than `BaseHTTPMiddleware`, which copies every body through a stream.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import time
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import logs
from api.problems import problem

REQUEST_ID_HEADER = "X-Request-ID"
_CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
DEFAULT_CACHE_CONTROL = "private, no-cache"
log = logging.getLogger("simmer.api")


def _new_request_id() -> str:
    """128 bits from the process's seeded generator: unique enough for log correlation, and
    no system call (uuid4 reads os.urandom) on every request. Not a secret."""
    return f"{random.getrandbits(128):032x}"


class RequestContext:
    """A request id (the client's `X-Request-ID` when well-formed, else a new one) on every log
    line of the request and in the response header; one access log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        rid = offered if _CLIENT_REQUEST_ID.fullmatch(offered) else _new_request_id()
        token = logs.request_id.set(rid)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            logs.request_id.reset(token)


class BodyLimit:
    """413 for a request body over `max_bytes` (or the larger limit `per_path` gives its path,
    such as a pack upload's): at once by its Content-Length, else as it streams in (raised
    from `receive`, so the route's exception handling answers)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None
    ) -> None:
        self.app, self.max_bytes, self.per_path = app, max_bytes, per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        detail = f"the request body may have at most {limit} bytes"
        length = Headers(scope=scope).get("content-length", "0")
        if not length.isdigit() or int(length) > limit:
            response = problem(413, "Content Too Large", detail, instance=scope["path"])
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, detail)
            return message

        await self.app(scope, counting_receive, send)


def etag_of(body: bytes) -> str:
    """A strong ETag: the first 128 bits of the body's SHA-256."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


class ETags:
    """Every successful GET gets a strong ETag (SHA-256 of its body, unless the route set its
    own: a cached body's) and a Cache-Control (`private, no-cache` unless the route set its
    own); `If-None-Match` on a match is a 304."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffering_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                if message["status"] != 200:
                    await send(message)
                return
            if start["status"] != 200:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._send_tagged(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, buffering_send)

    @staticmethod
    async def _send_tagged(scope: Scope, start: Message, body: bytes, send: Send) -> None:
        headers = MutableHeaders(raw=list(start["headers"]))
        etag = headers.get("etag")
        if etag is None:
            etag = headers["ETag"] = etag_of(body)
        headers.setdefault("Cache-Control", DEFAULT_CACHE_CONTROL)
        if _matches(Headers(scope=scope).get("if-none-match"), etag):
            del headers["content-length"]
            if "content-type" in headers:
                del headers["content-type"]
            await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body})


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    offered = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in offered or etag in offered
