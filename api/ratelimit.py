"""Rate limiting of writes: a token bucket per caller (the admin, or one household token).

Each caller may make `writes_per_minute` writes in a burst, refilled evenly over the minute; a
write over the limit is a 429 with `Retry-After`. The buckets live in the process: with several
workers each has its own, so the effective limit is per worker (documented in the README).

At most `max_callers` buckets are kept: past that, the caller seen least recently loses its
bucket. That caller wrote nothing for longer than any caller kept, so its bucket is most
likely full again (after a minute it is), and a new bucket is a full one: dropping it changes
nothing unless more than `max_callers` callers write within a minute.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

MAX_CALLERS = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class WriteLimiter:
    per_minute: int
    max_callers: int = MAX_CALLERS
    _buckets: dict[str, _Bucket] = field(default_factory=dict)  # least recently seen first
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, caller: str, now: float | None = None) -> int | None:
        """Take one write for `caller`: None when allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self._lock:
            bucket = self._buckets.pop(caller, None) or _Bucket(float(self.per_minute), now)
            self._buckets[caller] = bucket  # now the most recently seen
            if len(self._buckets) > self.max_callers:
                del self._buckets[next(iter(self._buckets))]
            bucket.tokens = min(self.per_minute, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return None
            return max(1, math.ceil((1 - bucket.tokens) / rate))

    def __len__(self) -> int:
        """The callers with a bucket."""
        return len(self._buckets)
