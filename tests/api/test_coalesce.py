"""`api.coalesce`: lookups waiting at the same time share one fetch, each gets its own
answer, a failure reaches each of its batch, and a request that gives up changes nothing
for the others."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from api.coalesce import Coalescer


class Doubler:
    """A fetch that answers `2 * key` after a round trip, recording the batches it got."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    async def __call__(self, keys: Sequence[int]) -> list[int]:
        self.batches.append(list(keys))
        await asyncio.sleep(0.01)
        if -1 in keys:
            raise LookupError("no double of -1")
        return [2 * key for key in keys]


def test_lookups_waiting_together_share_one_fetch_and_each_gets_its_answer() -> None:
    async def scenario() -> tuple[list[int], Doubler]:
        fetch = Doubler()
        doubled = Coalescer(fetch, max_in_flight=1)
        return list(await asyncio.gather(*(doubled(key) for key in range(50)))), fetch

    answers, fetch = asyncio.run(scenario())
    assert answers == [2 * key for key in range(50)]
    assert fetch.batches == [list(range(50))]


def test_lookups_arriving_while_a_batch_runs_form_the_next_batch() -> None:
    async def scenario() -> Doubler:
        fetch = Doubler()
        doubled = Coalescer(fetch, max_in_flight=1)
        first = asyncio.gather(*(doubled(key) for key in range(3)))
        await asyncio.sleep(0.001)  # the first batch is in flight
        later = asyncio.gather(*(doubled(key) for key in range(3, 10)))
        assert await first == [0, 2, 4]
        assert await later == [2 * key for key in range(3, 10)]
        assert await doubled(10) == 20  # idle again: a lone lookup is its own batch
        return fetch

    assert asyncio.run(scenario()).batches == [[0, 1, 2], list(range(3, 10)), [10]]


def test_a_failed_fetch_fails_each_lookup_of_its_batch_and_only_those() -> None:
    async def scenario() -> None:
        doubled = Coalescer(Doubler(), max_in_flight=2)
        failed = await asyncio.gather(doubled(12), doubled(-1), return_exceptions=True)
        assert [type(answer) for answer in failed] == [LookupError, LookupError]
        assert await doubled(12) == 24

    asyncio.run(scenario())


def test_a_lookup_given_up_on_leaves_the_others_answered() -> None:
    async def scenario() -> None:
        fetch = Doubler()
        doubled = Coalescer(fetch, max_in_flight=1)
        running = asyncio.ensure_future(doubled(1))
        await asyncio.sleep(0.001)
        abandoned, kept = asyncio.ensure_future(doubled(2)), asyncio.ensure_future(doubled(3))
        await asyncio.sleep(0)
        abandoned.cancel()  # its client went away while it waited for the next batch
        assert (await running, await kept) == (2, 6)
        with pytest.raises(asyncio.CancelledError):
            await abandoned
        assert fetch.batches == [[1], [3]]

    asyncio.run(scenario())
