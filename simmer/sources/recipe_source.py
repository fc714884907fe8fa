"""What every recipe source reader hands the recipes pack builder, and the text conventions
the readers share (free-text durations and servings).

Three readers turn their source into `SourceRecipe`s: community Markdown files
(`recipe_markdown`), USDA MyPlate Kitchen's JSON (`myplate`) and the Wikibooks Cookbook's JSON
(`wikibooks`). One builder (`recipes_pack.build_recipe_pack`) parses and matches their lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from simmer.sources import SourceError
from simmer.sources.ingredient_text import kitchen_unit
from simmer.units import unit_kind


@dataclass(frozen=True)
class SourceLine:
    """One ingredient line as written, with its 1-based line number and sub-list heading."""

    line_no: int
    group: str | None
    text: str


@dataclass(frozen=True)
class SourceRecipe:
    """One recipe as its source states it: nothing parsed, matched or estimated yet, except
    `servings_estimated`, which a reader sets when the source's servings may be a default."""

    slug: str
    title: str
    ingredients: list[SourceLine]
    steps: list[str]
    source: str
    license: str
    author: str | None = None
    servings: int | None = None
    servings_estimated: bool = False
    prep_time_min: int | None = None
    cook_time_min: int | None = None
    total_time_min: int | None = None
    tags: list[str] = field(default_factory=list)


Model = TypeVar("Model", bound=BaseModel)


def read_json(path: Path, what: str) -> Any:
    """The JSON document at `path`, or a SourceError saying where it is missing or broken."""
    if not path.exists():
        raise SourceError(f"{path}: missing {what} file")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SourceError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None


def validated(model: type[Model], raw: object, where: str) -> Model:
    """`raw` as `model`, or a SourceError naming `where` and the first field that is wrong."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field_path = ".".join(str(part) for part in first["loc"])
        raise SourceError(f"{where}.{field_path}: {first['msg']}") from None


_DURATION = re.compile(
    r"(?P<low>\d+(?:[.,]\d+)?)(?:\s*(?:-|\N{EN DASH}|~|to)\s*(?P<high>\d+(?:[.,]\d+)?))?\s*"
    r"(?P<unit>days?|d|hours?|hrs?|hr|h|minutes?|mins?|min|m)?\b",
    re.IGNORECASE,
)
_MINUTES_PER = {"d": 1440, "h": 60, "m": 1}
_WORD_AFTER = re.compile(r"\s*[^\W\d_]")
_HALF = re.compile(r"(?:(?P<whole>\d+)\s*)?\N{VULGAR FRACTION ONE HALF}")
_LEADING_COUNT = re.compile(
    r"^(?:makes|about|around|approx\.?|approximately|~|≈)?\s*(?P<count>\d+)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def parse_minutes(text: str) -> int | None:
    """Minutes in a free-text duration: '~30 minutes', '1 hour 15 min', '2h', '10-15 min',
    '1½ hours'.

    A range counts as its upper bound (a plan should not run short of time); parts joined by
    '+' add up ('20 min + 30 min for rising'); alternatives joined by 'or' take the longest;
    a parenthetical note is ignored; a bare number is minutes. None when there is no number.
    """
    text = _HALF.sub(lambda m: f"{int(m['whole'] or 0)}.5", text.split("(", 1)[0])
    alternatives = [_sum_of_parts(part) for part in re.split(r"\bor\b", text)]
    known = [minutes for minutes in alternatives if minutes is not None]
    return max(known) if known else None


def _sum_of_parts(text: str) -> int | None:
    total: float | None = None
    for part in text.split("+"):
        for match in _DURATION.finditer(part):
            if match["unit"] is None and _WORD_AFTER.match(part, match.end()):
                continue  # '1 month', '2 eggs': not minutes
            value = _number(match["high"] or match["low"])
            unit = (match["unit"] or "m")[0].lower()
            total = (total or 0.0) + value * _MINUTES_PER[unit]
    return None if total is None else round(total)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_servings(text: str) -> int | None:
    """The leading count of a servings value: '4', '4-6 people' (the lower bound: the
    author's smallest stated yield), 'makes 12', '8 pancakes'. None for '2 litres',
    'Depends' or a count of zero.
    """
    match = _LEADING_COUNT.match(text.strip())
    if not match:
        return None
    unit = kitchen_unit(match["rest"].split(" ", 1)[0].strip(",")) if match["rest"] else None
    if unit is not None and unit_kind(unit) in {"mass", "volume"}:
        return None  # '2 litres' is a yield, not a number of servings
    count = int(match["count"])
    return count if count > 0 else None
