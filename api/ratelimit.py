"""Rate limiting of writes: a token bucket per caller (the admin, or one household token).

Each caller may make `writes_per_minute` writes in a burst, refilled evenly over the minute; a
write over the limit is a 429 with `Retry-After`. The buckets live in the process: with several
workers each has its own, so the effective limit is per worker (documented in the README).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class WriteLimiter:
    per_minute: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, caller: str, now: float | None = None) -> int | None:
        """Take one write for `caller`: None when allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self._lock:
            bucket = self._buckets.setdefault(caller, _Bucket(float(self.per_minute), now))
            bucket.tokens = min(self.per_minute, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return None
            return max(1, math.ceil((1 - bucket.tokens) / rate))
