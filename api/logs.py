"""Structured logs: one JSON object per line, each with the request id of the request it is
about (a context variable set by `api.middleware.RequestContext`). Headers are never logged, so
neither is a token.

Every request writes one line, so the line is cheap: `configure` turns off what a record
would otherwise collect and no line shows (the caller's frame, thread, process), and the
formatter writes the time from a per-second prefix with one reused JSON encoder.
"""

from __future__ import annotations

import json
import logging
import time
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
_encode = json.JSONEncoder(default=str).encode


class JsonFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__()
        self._second, self._prefix = -1, ""

    def _time(self, created: float) -> str:
        """ISO 8601 in UTC with milliseconds, as `datetime.isoformat` writes it."""
        second = int(created)
        if second != self._second:
            self._second = second
            self._prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        return f"{self._prefix}.{int((created - second) * 1000):03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self._time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return _encode(line)


def configure(logger_name: str = "simmer.api") -> logging.Logger:
    """The API's logger with a JSON handler on stderr (once, whoever calls it first)."""
    # the logging HOWTO's optimizations: fields the JSON line does not have
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logger = logging.getLogger(logger_name)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger
