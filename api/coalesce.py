"""Lookups of concurrent requests coalesced into one query per batch (the "data loader"
pattern), on the event loop.

Every authenticated request checks its token against the database, so a revocation holds at
once. One query per request costs a round trip's client and server work each time; under load
that, not the query, is most of a request's cost. Here a request's key joins a batch, and one
query answers the whole batch: a batch starts in the event-loop turn after its first key (so
requests read in the same turn share it), and at most `max_in_flight` batches run at once,
so while they do the next batch gathers every request that arrives. An idle server answers a
lone request as soon as before, a busy one makes one query for many requests. Every batch's
query starts after each of its requests arrived, so it sees every change committed before.

A failing query fails each request of its batch with the same error. A request cancelled while
it waits (its client went away) is dropped from its batch's answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class Coalescer(Generic[Key, Value]):
    """`await coalescer(key)`: the value `fetch` gives the key, fetched in a batch with the
    keys of other waiting requests. `fetch(keys)` returns one value per key, in order."""

    def __init__(
        self, fetch: Callable[[Sequence[Key]], Awaitable[Sequence[Value]]], max_in_flight: int
    ) -> None:
        self._fetch, self._max_in_flight = fetch, max_in_flight
        self._waiting: list[tuple[Key, asyncio.Future[Value]]] = []
        self._in_flight = 0
        self._start_pending = False
        self._batches: set[asyncio.Task[None]] = set()  # referenced until they finish

    async def __call__(self, key: Key) -> Value:
        answer: asyncio.Future[Value] = asyncio.get_running_loop().create_future()
        self._waiting.append((key, answer))
        self._schedule_start()
        return await answer

    def _schedule_start(self) -> None:
        if self._waiting and not self._start_pending and self._in_flight < self._max_in_flight:
            self._start_pending = True
            asyncio.get_running_loop().call_soon(self._start)

    def _start(self) -> None:
        self._start_pending = False
        batch = [(key, answer) for key, answer in self._waiting if not answer.done()]
        self._waiting = []
        if not batch:
            return
        self._in_flight += 1
        task = asyncio.get_running_loop().create_task(self._answer(batch))
        self._batches.add(task)
        task.add_done_callback(self._batches.discard)

    async def _answer(self, batch: list[tuple[Key, asyncio.Future[Value]]]) -> None:
        try:
            values = await self._fetch([key for key, _ in batch])
        except asyncio.CancelledError:  # the app is shutting down
            for _, answer in batch:
                answer.cancel()
            raise
        except Exception as error:
            for _, answer in batch:
                if not answer.done():
                    answer.set_exception(error)
        else:
            for (_, answer), value in zip(batch, values, strict=True):
                if not answer.done():
                    answer.set_result(value)
        finally:
            self._in_flight -= 1
            self._schedule_start()
