"""JSON text as the pack format accepts it, checked strictly, with the position of the fault.

Pack files are UTF-8 without a byte order mark; every value is one JSON value with no repeated
key in any object, and every number is a finite double (JSON has no `Infinity` or `NaN`, and
`1e309` is beyond a double). The fast validators (pydantic-core) do not see repeated keys and
read `Infinity` as a number, so this slower, exact reading is used where a file must be
located precisely: `pack.json`, and a data file whose typed read failed.
"""

from __future__ import annotations

import json
import math
from typing import Any

BOM = b"\xef\xbb\xbf"
BOM_MESSAGE = "starts with a UTF-8 byte order mark (BOM): save it as UTF-8 without BOM"


class JsonTextError(ValueError):
    """`message` at 1-based `line` and `column` of the text."""

    def __init__(self, message: str, line: int = 1, column: int | None = None) -> None:
        self.message, self.line, self.column = message, line, column
        where = f" at line {line} column {column}" if column is not None else ""
        super().__init__(f"{message}{where}")


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise JsonTextError(f"invalid JSON: key {key!r} appears twice in one object")
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise JsonTextError(f"invalid JSON: {name} is not a JSON number (JSON has no {name})")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JsonTextError(f"number {text} is beyond the range of a double (about 1.8e308)")
    return value


def strict_loads(data: bytes) -> Any:
    """The one JSON value in `data`; JsonTextError says what is wrong and where."""
    if data.startswith(BOM):
        raise JsonTextError(BOM_MESSAGE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonTextError(f"not UTF-8: byte {error.start + 1} cannot be decoded") from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_repeated_keys,
            parse_constant=_no_constant,
            parse_float=_finite,
        )
    except JsonTextError:
        raise
    except json.JSONDecodeError as error:
        message = error.msg
        if message == "Extra data":
            message = "more than one JSON value (one record per line)"
        raise JsonTextError(f"invalid JSON: {message}", error.lineno, error.colno) from None
    except ValueError as error:  # an integer of thousands of digits
        raise JsonTextError(f"invalid JSON: {error}") from None
