"""The write limiter's token buckets (`api.ratelimit`): a burst of `per_minute`, refilled over
the minute, and at most `max_callers` buckets, the caller seen least recently dropped first."""

from __future__ import annotations

from api.ratelimit import WriteLimiter


def test_a_caller_gets_its_burst_then_waits_for_the_refill() -> None:
    limiter = WriteLimiter(per_minute=2)
    assert [limiter.retry_after("a", now=0.0) for _ in range(2)] == [None, None]
    assert limiter.retry_after("a", now=0.0) == 30
    assert limiter.retry_after("a", now=30.0) is None


def test_the_buckets_are_bounded_dropping_the_caller_seen_least_recently() -> None:
    limiter = WriteLimiter(per_minute=1, max_callers=2)
    assert limiter.retry_after("a", now=0.0) is None
    assert limiter.retry_after("b", now=1.0) is None
    assert limiter.retry_after("a", now=2.0) == 58  # a is now the most recently seen
    assert limiter.retry_after("c", now=3.0) is None  # b, seen least recently, is dropped
    assert len(limiter) == 2
    assert limiter.retry_after("a", now=4.0) == 56  # a's bucket was kept, still empty
    assert limiter.retry_after("c", now=5.0) == 58
