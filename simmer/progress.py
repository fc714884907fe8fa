"""Progress of long command-line work (pack builds): one line per step, with the time so far.

Library functions take a `Progress` callback and default to `silent`; the CLI passes
`to_stderr()`, so progress never mixes with what a command prints on stdout.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

Progress = Callable[[str], None]


def silent(message: str) -> None:
    """Report nothing: the default for library callers and tests."""


def to_stderr() -> Progress:
    """A reporter printing `[  1.2 s] message` lines on stderr, timed from its creation."""
    start = time.monotonic()

    def report(message: str) -> None:
        print(f"[{time.monotonic() - start:5.1f} s] {message}", file=sys.stderr, flush=True)

    return report


def every(count: int, total: int, step: int) -> bool:
    """Whether `count` of `total` items done is worth a line: every `step`, and the last."""
    return count == total or count % step == 0
