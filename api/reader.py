"""Asynchronous reads on the request's hot path: a psycopg connection pool on the event loop.

Every authenticated request looks its token up; through the synchronous session that was a
hop to a worker thread and back, which on a busy machine costs more than the query (each hop
waits for the scheduler and for the GIL). Here the lookup is one indexed query awaited on the
event loop. The pool opens on first use (so the app starts while the database is down) and
closes with the app's lifespan; a query that meets a connection the database dropped (a
restart) is retried once after the pool has dropped every broken connection, and a database
that stays away is a `psycopg.OperationalError` or `psycopg_pool.PoolTimeout`, both answered
as 503 problems (`api.problems`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, LiteralString, TypeVar

import psycopg
from psycopg.rows import AsyncRowFactory, dict_row, tuple_row
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import make_url

WAIT_FOR_CONNECTION_S = 2.0
Row = TypeVar("Row")


def conninfo(url: str) -> str:
    """The libpq URL of a SQLAlchemy URL (`postgresql+psycopg://...` -> `postgresql://...`)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Reader:
    """A small pool of autocommit connections for single-statement reads."""

    def __init__(self, url: Callable[[], str], size: int) -> None:
        self._url, self._size = url, size
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] | None = None

    async def _opened(self) -> AsyncConnectionPool[psycopg.AsyncConnection[Any]]:
        pool = self._pool
        if pool is None:
            pool = self._pool = AsyncConnectionPool(
                conninfo(self._url()),
                min_size=1,
                max_size=self._size,
                kwargs={"autocommit": True},
                timeout=WAIT_FOR_CONNECTION_S,
                open=False,
            )
            # without waiting for connections this never yields to another request, so no
            # request sees the pool before it is open
            await pool.open(wait=False)
        return pool

    async def one(self, sql: LiteralString, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The first row of `sql`, or None."""
        return next(iter(await self._rows(sql, params, tuple_row)), None)

    async def mapping(self, sql: LiteralString, params: tuple[Any, ...]) -> dict[str, Any] | None:
        """The first row of `sql` by column name, or None."""
        return next(iter(await self._rows(sql, params, dict_row)), None)

    async def all(self, sql: LiteralString, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Every row of `sql`."""
        return await self._rows(sql, params, tuple_row)

    async def _rows(
        self, sql: LiteralString, params: tuple[Any, ...], rows: AsyncRowFactory[Row]
    ) -> list[Row]:
        pool = await self._opened()
        try:
            return await self._fetch(pool, sql, params, rows)
        except psycopg.OperationalError:  # connections from before a database restart
            await pool.check()
            return await self._fetch(pool, sql, params, rows)

    @staticmethod
    async def _fetch(
        pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]],
        sql: LiteralString,
        params: tuple[Any, ...],
        rows: AsyncRowFactory[Row],
    ) -> list[Row]:
        async with pool.connection() as connection:
            cursor = connection.cursor(row_factory=rows)
            await cursor.execute(sql, params)
            return await cursor.fetchall()

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
