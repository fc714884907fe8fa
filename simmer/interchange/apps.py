"""The recipe apps' own JSON: Mealie (its zip export's snake_case `{slug}.json` and its API /
"raw" camelCase JSON, with structured ingredients), Tandoor (`recipe.json` with steps holding
structured ingredients), Paprika (`.paprikarecipe`: newline text, free-text servings and
times, base64 photo). `read_recipe_json` tells them apart from schema.org by their keys.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from simmer.interchange.common import (
    DEFAULT_LICENSE,
    Amount,
    Imported,
    ImportSourceError,
    Photo,
    clean_text,
    first_text,
    image_url_of,
    ingredient_lines,
    minutes_of,
    servings_of,
    steps_of,
    text_list,
)
from simmer.interchange.schema_org import read_schema_org, tag_slugs
from simmer.sources.recipe_source import SourceLine, SourceRecipe
from simmer.text import slugify


def read_recipe_json(data: Any, origin: str, photo: Photo | None = None) -> list[Imported]:
    """The recipes of one JSON document, whichever app wrote it; none when it holds none."""
    if isinstance(data, dict) and not _typed(data):
        if "steps" in data and ("working_time" in data or "waiting_time" in data):
            return [from_tandoor(data, origin, photo)]
        if isinstance(data.get("ingredients"), str) or "directions" in data:
            return [from_paprika(data, origin, photo)]
        if _get(data, "recipe_ingredient") is not None and "name" in data:
            if _structured(_get(data, "recipe_ingredient")):
                return [from_mealie(data, origin, photo)]
            return read_schema_org([{**data, "@type": "Recipe"}], origin, photo)
    return read_schema_org([data], origin, photo)


def _typed(data: dict[str, Any]) -> bool:
    return "@type" in data or "@graph" in data


def _structured(lines: object) -> bool:
    return isinstance(lines, list) and any(isinstance(line, dict) for line in lines)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


_CAMEL_SPECIAL = {"org_url": "orgURL"}


def _get(data: dict[str, Any], snake: str) -> Any:
    """A Mealie field by its snake_case name, or its camelCase alias."""
    if snake in data:
        return data[snake]
    return data.get(_CAMEL_SPECIAL.get(snake, _camel(snake)))


def _name(value: object) -> str | None:
    if isinstance(value, dict):
        return first_text(value.get("name"), value.get("abbreviation"))
    return first_text(value)


def from_mealie(data: dict[str, Any], origin: str, photo: Photo | None) -> Imported:
    title = _title(data, origin)
    lines: list[SourceLine] = []
    amounts: dict[int, Amount] = {}
    group: str | None = None
    for item in _get(data, "recipe_ingredient") or []:
        if not isinstance(item, dict):
            lines += ingredient_lines([str(item)], group)[:1]
            continue
        group = first_text(item.get("title")) or group
        food, unit = _name(item.get("food")), _name(item.get("unit"))
        whole_line = item.get("note") if _get(item, "disable_amount") else None
        text = first_text(_get(item, "original_text"), whole_line, item.get("display"))
        text = text or " ".join(
            str(part) for part in (item.get("quantity"), unit, food, item.get("note")) if part
        )
        if not text:
            continue
        lines.append(SourceLine(len(lines) + 1, group, clean_text(text)))
        if food and not _get(item, "disable_amount"):
            amounts[len(lines)] = Amount(_quantity(item.get("quantity")), unit, food)
    tags = [*text_list(_get(data, "tags")), *text_list(_get(data, "recipe_category"))]
    servings = _get(data, "recipe_servings") or _get(data, "recipe_yield")
    recipe = SourceRecipe(
        slug=slugify(title),
        title=title,
        ingredients=lines,
        steps=steps_of(_get(data, "recipe_instructions")),
        source=first_text(_get(data, "org_url")) or origin,
        license=DEFAULT_LICENSE,
        servings=servings_of(servings),
        prep_time_min=minutes_of(_get(data, "prep_time")),
        cook_time_min=minutes_of(_get(data, "perform_time") or _get(data, "cook_time")),
        total_time_min=minutes_of(_get(data, "total_time")),
        tags=tag_slugs(tags),
    )
    return Imported(recipe, origin, amounts, photo, _mealie_nutrition(data.get("nutrition")))


def _title(data: dict[str, Any], origin: str) -> str:
    title = first_text(data.get("name"), data.get("title"))
    if title is None:
        raise ImportSourceError(f"{origin}: a recipe without a name")
    return title


def _quantity(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return None
    return number if number > 0 else None


def _mealie_nutrition(value: object) -> dict[str, str]:
    """Mealie's nutrition fields under their schema.org names."""
    if not isinstance(value, dict):
        return {}
    found = {_camel(key): clean_text(text) for key, text in value.items() if text}
    return {key: text for key, text in found.items() if text}


def from_tandoor(data: dict[str, Any], origin: str, photo: Photo | None) -> Imported:
    title = _title(data, origin)
    lines: list[SourceLine] = []
    amounts: dict[int, Amount] = {}
    steps: list[str] = []
    for step in data.get("steps") or []:
        group = first_text(step.get("name"))
        steps += steps_of(step.get("instruction"))
        for item in step.get("ingredients") or []:
            food, unit = _name(item.get("food")), _name(item.get("unit"))
            note = first_text(item.get("note"))
            if item.get("is_header"):
                group = note or food or group
                continue
            amount = None if item.get("no_amount") else _quantity(item.get("amount"))
            parts = [f"{amount:g}" if amount else None, unit, food, note and f", {note}"]
            text = first_text(item.get("original_text")) or " ".join(p for p in parts if p)
            if not text:
                continue
            lines.append(SourceLine(len(lines) + 1, group, text.replace(" , ", ", ")))
            if food:
                amounts[len(lines)] = Amount(amount, unit if amount else None, food)
    working, waiting = minutes_of(data.get("working_time")), minutes_of(data.get("waiting_time"))
    recipe = SourceRecipe(
        slug=slugify(title),
        title=title,
        ingredients=lines,
        steps=steps,
        source=first_text(data.get("source_url")) or origin,
        license=DEFAULT_LICENSE,
        servings=servings_of(data.get("servings")),
        prep_time_min=working or None,
        cook_time_min=waiting or None,
        total_time_min=(working or 0) + (waiting or 0) or None,
        tags=tag_slugs(text_list(data.get("keywords"))),
    )
    return Imported(recipe, origin, amounts, photo, _tandoor_nutrition(data.get("nutrition")))


_TANDOOR_NUTRITION = {
    "calories": "calories",
    "proteins": "proteinContent",
    "fats": "fatContent",
    "carbohydrates": "carbohydrateContent",
}


def _tandoor_nutrition(value: object) -> dict[str, str]:
    """Tandoor's nutrition (numbers per serving) under schema.org names, with its units."""
    if not isinstance(value, dict):
        return {}
    found = {
        name: f"{_quantity(value.get(key)) or 0:g} {'kcal' if key == 'calories' else 'g'}"
        for key, name in _TANDOOR_NUTRITION.items()
        if _quantity(value.get(key)) is not None
    }
    return found


_DATA_URL = re.compile(r"^data:image/\w+;base64,")


def from_paprika(data: dict[str, Any], origin: str, photo: Photo | None) -> Imported:
    title = _title(data, origin)
    recipe = SourceRecipe(
        slug=slugify(title),
        title=title,
        ingredients=ingredient_lines(str(data.get("ingredients") or "").splitlines()),
        steps=_paprika_steps(str(data.get("directions") or "")),
        source=first_text(data.get("source_url")) or origin,
        license=DEFAULT_LICENSE,
        author=first_text(data.get("source")),  # Paprika's 'source' names who or what
        servings=servings_of(data.get("servings")),
        prep_time_min=minutes_of(data.get("prep_time")),
        cook_time_min=minutes_of(data.get("cook_time")),
        total_time_min=minutes_of(data.get("total_time")),
        tags=tag_slugs(text_list(data.get("categories"))),
    )
    nutrition = first_text(data.get("nutritional_info"))
    return Imported(
        recipe,
        origin,
        photo=_paprika_photo(data.get("photo_data"), origin) or photo,
        nutrition={"text": nutrition} if nutrition else {},
        image_url=image_url_of(data.get("image_url")),
    )


_STEP_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


def _paprika_steps(text: str) -> list[str]:
    """Steps separated by blank lines (each line a step when there is none), 'N. ' dropped."""
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    return [step for step in steps_of([_STEP_NUMBER.sub("", part) for part in parts]) if step]


def _paprika_photo(value: object, origin: str) -> Photo | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        data = base64.b64decode(_DATA_URL.sub("", value.strip()), validate=False)
    except (binascii.Error, ValueError):
        raise ImportSourceError(f"{origin}: photo_data is not base64") from None
    return Photo(data, image_suffix(data) or ".jpg")


def image_suffix(data: bytes) -> str | None:
    """The file type of image bytes by their signature."""
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    return None
