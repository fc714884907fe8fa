"""What every import reader produces (`Imported`), and the text rules they share: text decoded
exactly once, yields, ISO 8601 or prose durations, section headers among ingredient lines.

A reader turns one file (or archive member) into `Imported` recipes: a `SourceRecipe` for the
recipes pack builder core, plus what an import keeps besides the lines' text: structured
quantities as the app states them, the photo, the published nutrition.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simmer.sources import SourceError
from simmer.sources.recipe_source import SourceLine, SourceRecipe, parse_minutes, parse_servings

DEFAULT_LICENSE = "as licensed by the source; imported for personal use"


class ImportSourceError(SourceError):
    """A source that cannot be imported: the message names its file (and member)."""


@dataclass(frozen=True)
class Amount:
    """A quantity an app stores as data (Mealie, Tandoor): used as given, never re-parsed."""

    quantity: float | None
    unit: str | None
    food: str | None


@dataclass(frozen=True)
class Photo:
    data: bytes
    suffix: str  # '.jpg', '.png', '.webp'


@dataclass(frozen=True)
class Imported:
    """One recipe read from a source, where it came from (`origin`: file, member, index), and
    its extras. `amounts` are by the line's 1-based number; `image_url` is a remote image the
    source names (imports use no network: it is kept, not fetched)."""

    recipe: SourceRecipe
    origin: str
    amounts: dict[int, Amount] = field(default_factory=dict)
    photo: Photo | None = None
    nutrition: dict[str, str] = field(default_factory=dict)
    image_url: str | None = None


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """Text as a person reads it: HTML tags dropped, entities decoded once ('&amp;amp;' stays
    '&amp;'), whitespace collapsed."""
    if value is None:
        return ""
    text = _TAG.sub(" ", str(value))
    return _SPACE.sub(" ", html.unescape(text)).strip()


def text_list(value: object) -> list[str]:
    """A string, a list of strings, or a comma-separated string, as clean non-empty items."""
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[object] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    cleaned = (clean_text(item.get("name") if isinstance(item, dict) else item) for item in items)
    return [item for item in cleaned if item]


_YIELD_WORDS = re.compile(
    r"^(?:serves|servings?|yields?|makes|about|around|approx\.?|for)\b[:\s]*", re.I
)


def servings_of(value: object) -> int | None:
    """Servings from a yield: 4, "6", ["4", "4 people"], "Serves 2", "Makes about 18"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if 1 <= value <= 500 else None
    if isinstance(value, list):
        found = (servings_of(item) for item in value)
        return next((count for count in found if count is not None), None)
    text = clean_text(value)
    while (stripped := _YIELD_WORDS.sub("", text)) != text:
        text = stripped
    count = parse_servings(text) if text else None
    return count if count is None or count <= 500 else None


_ISO = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.I,
)


def minutes_of(value: object) -> int | None:
    """Minutes of a duration: ISO 8601 (PT1H30M, P0DT0H35M, PT180M, PT0S), a number of
    minutes, or prose ('2 hours 30 minutes', '10-13 minutes': the upper bound). None for ''
    or text without a duration. PT0S is 0, as stated."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return round(value) if value >= 0 else None
    text = clean_text(value)
    iso = _ISO.match(text.replace(" ", ""))
    if iso and text.upper() != "P":
        parts = {key: float(number or 0) for key, number in iso.groupdict().items()}
        return round(parts["d"] * 1440 + parts["h"] * 60 + parts["m"] + parts["s"] / 60)
    return parse_minutes(text) if text else None


_HEADER = re.compile(r"^[^\d\W][^:]{0,119}:$")


def ingredient_lines(texts: Iterable[str], group: str | None = None) -> list[SourceLine]:
    """Numbered lines; a line like 'For the sauce:' or 'For steps 1-5:' (a colon at its end,
    no number at its start) is no ingredient but the heading of the lines after it."""
    lines: list[SourceLine] = []
    for text in (clean_text(t) for t in texts):
        if not text:
            continue
        if _HEADER.match(text):
            group = text.rstrip(":").strip() or group
            continue
        lines.append(SourceLine(len(lines) + 1, group, text))
    return lines


def steps_of(value: object) -> list[str]:
    """Instructions as a string (one step per line), a list of strings, HowToSteps, or
    HowToSections holding them."""
    if value is None:
        return []
    if isinstance(value, str):
        return [step for step in (clean_text(s) for s in re.split(r"\n+", value)) if step]
    if isinstance(value, dict):
        if "itemListElement" in value:
            return steps_of(value["itemListElement"])
        return steps_of(value.get("text") or value.get("name"))
    if isinstance(value, list):
        return [step for item in value for step in steps_of(item)]
    return []


def image_url_of(value: object) -> str | None:
    """The first http(s) URL of an image field: a URL string, a list, or an ImageObject."""
    if isinstance(value, list):
        return next((url for url in map(image_url_of, value) if url), None)
    if isinstance(value, dict):
        return image_url_of(value.get("url") or value.get("contentUrl"))
    text = clean_text(value)
    return text if re.match(r"^https?://\S+$", text, re.I) else None


def author_of(value: object) -> str | None:
    names = text_list(value if isinstance(value, list) else [value] if value else [])
    return ", ".join(names) or None


def first_text(*values: Any) -> str | None:
    for value in values:
        text = clean_text(value) if value is not None else ""
        if text:
            return text
    return None
