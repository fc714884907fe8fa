"""Read one community recipe file: Hugo front matter, then free-text Markdown sections.

The files (public-domain-recipes `content/*.md`) follow a loose convention: front matter with
`title`, `tags`, `date`, `author`; a description; bullets for prep time, cook time and servings;
`## Ingredients` (bullets, sometimes grouped under `###` headings, plain-text headings or parent
bullets); `## Directions` (numbered steps). Everything here is tolerant of the variations found
in the data, and located errors are raised only when a recipe cannot be read at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from simmer.sources import SourceError
from simmer.sources.recipe_source import SourceLine, SourceRecipe, parse_minutes, parse_servings
from simmer.text import slugify

__all__ = [
    "MarkdownRecipe",
    "RecipeSourceError",
    "SourceLine",
    "parse_minutes",
    "parse_servings",
    "read_recipe_markdown",
    "source_recipe",
]


class RecipeSourceError(SourceError):
    """A recipe file that cannot be read; the message starts with `path:line:`."""


@dataclass(frozen=True)
class MarkdownRecipe:
    """One recipe file as read: what it states, nothing estimated (None when not stated)."""

    slug: str
    title: str
    tags: list[str]
    date: date | None
    author: str | None
    description: str | None
    prep_time_min: int | None
    cook_time_min: int | None
    servings: int | None
    ingredients: list[SourceLine]
    steps: list[str]


@dataclass(frozen=True)
class _Line:
    no: int
    text: str


_FENCE = "---"
_H2 = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*$")
_HEADING = re.compile(r"^#{3,6}\s*(?P<title>.*?)\s*$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*+](?:[ \t]+(?P<text>.*))?$")
_NUMBERED = re.compile(r"^[ \t]*\d+[.)][ \t]+(?P<text>.*)$")
_IMAGE = re.compile(r"^\s*!\[")
_META = r'^\s*(?P<mark>(?:[^\w\s"]+\s*)+)?"?(?:{})"?{}\s*(?P<colon>:)?\s*(?P<value>.*?)\s*$'
_PREP = re.compile(_META.format(r"prep(?:aration)?", r"\s+time"), re.IGNORECASE)
_COOK = re.compile(_META.format(r"cook(?:ing)?", r"\s+time"), re.IGNORECASE)
_SERVINGS = re.compile(_META.format(r"servings?|serves|yield|makes|amount", r"\b"), re.IGNORECASE)
_EMOJI_BULLET = re.compile(r"^\s*[-*]\s*[^\x00-\x7f]")
_PROSE_SERVINGS = re.compile(
    r"\bserves\s+(?:about\s+|around\s+)?(?P<a>\d+)\b|^(?P<b>\d+)\s+servings?\b", re.IGNORECASE
)
_QUANTITY_START = re.compile(r"^[~≈<>]?\s*[\d½⅓⅔¼¾⅕⅛]")
_EMPHASIS = re.compile(r"[*_]{1,3}(?P<inner>[^*_]+)[*_]{1,3}")


def read_recipe_markdown(path: Path) -> MarkdownRecipe:
    """Read `path` into a MarkdownRecipe, or raise RecipeSourceError located at a line."""
    lines = [
        _Line(no, text.rstrip()) for no, text in enumerate(path.read_text("utf-8").splitlines(), 1)
    ]
    fields, body = _split_front_matter(path, lines)
    title = fields.get("title")
    if not title:
        raise RecipeSourceError(f"{path}:1: front matter has no title")
    head, sections = _split_sections(body)
    ingredients_section = _find_section(sections, "ingredients")
    if ingredients_section is None:
        line_no = body[0].no if body else len(lines)
        raise RecipeSourceError(f"{path}:{line_no}: no '## Ingredients' section")
    directions = [
        line
        for heading, content in sections
        if re.search(r"direction|instruction|method", heading, re.IGNORECASE)
        for line in content
    ]
    return MarkdownRecipe(
        slug=path.stem,
        title=title,
        tags=_tags(fields.get("tags", "")),
        date=_date(fields.get("date")),
        author=fields.get("author") or None,
        description=_description(head),
        prep_time_min=_meta_minutes(head, _PREP),
        cook_time_min=_meta_minutes(head, _COOK),
        servings=_servings(head, ingredients_section),
        ingredients=list(_ingredient_lines(ingredients_section)),
        steps=_steps(directions),
    )


def source_recipe(recipe: MarkdownRecipe) -> SourceRecipe:
    """What the recipes pack builder needs of a file. A recipe that lists its ingredients
    twice, once under an "Imperial" heading and once under "Metric", keeps the metric ones."""
    times = [t for t in (recipe.prep_time_min, recipe.cook_time_min) if t is not None]
    return SourceRecipe(
        slug=recipe.slug,
        title=recipe.title,
        ingredients=list(_kept_lines(recipe.ingredients)),
        steps=recipe.steps,
        source=f"public-domain-recipes: content/{recipe.slug}.md",
        license="Unlicense",
        author=recipe.author,
        servings=recipe.servings,
        prep_time_min=recipe.prep_time_min,
        cook_time_min=recipe.cook_time_min,
        total_time_min=sum(times) if times else None,
        tags=recipe.tags,
    )


def _kept_lines(lines: list[SourceLine]) -> Iterator[SourceLine]:
    groups = {(line.group or "").strip().lower() for line in lines}
    both_systems = any("imperial" in g for g in groups) and any("metric" in g for g in groups)
    for line in lines:
        if both_systems and "imperial" in (line.group or "").lower():
            continue
        yield line


# --- front matter ---------------------------------------------------------------------------


def _split_front_matter(path: Path, lines: list[_Line]) -> tuple[dict[str, str], list[_Line]]:
    if not lines or lines[0].text.strip() != _FENCE:
        raise RecipeSourceError(f"{path}:1: no front matter (expected '---' on the first line)")
    for index, line in enumerate(lines[1:], 1):
        if line.text.strip() == _FENCE:
            return _front_matter_fields(lines[1:index]), lines[index + 1 :]
    raise RecipeSourceError(f"{path}:1: front matter is not closed by '---'")


def _front_matter_fields(lines: list[_Line]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.text.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = _unquote(value.strip())
    return fields


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _tags(value: str) -> list[str]:
    items = (_unquote(item.strip()) for item in value.strip().strip("[]").split(","))
    tags: list[str] = []
    for item in items:
        tag = slugify(item)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# --- sections -------------------------------------------------------------------------------


def _split_sections(body: list[_Line]) -> tuple[list[_Line], list[tuple[str, list[_Line]]]]:
    """The lines before the Ingredients heading, and every `##` section as (title, lines)."""
    head: list[_Line] = []
    sections: list[tuple[str, list[_Line]]] = []
    for line in body:
        match = _H2.match(line.text)
        if match:
            sections.append((match["title"], []))
        elif sections:
            sections[-1][1].append(line)
        else:
            head.append(line)
    ingredients_at = next(
        (i for i, (title, _) in enumerate(sections) if _is_ingredients(title)), len(sections)
    )
    for _, content in sections[:ingredients_at]:
        head.extend(content)
    return head, sections[ingredients_at:]


def _is_ingredients(title: str) -> bool:
    return title.lower().startswith("ingredients")


def _find_section(sections: list[tuple[str, list[_Line]]], name: str) -> list[_Line] | None:
    return next((content for title, content in sections if title.lower().startswith(name)), None)


def _meta_match(text: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """A time/servings line: the label follows a bullet or emoji, or precedes a colon or a
    number ('Makes 12'); prose that merely starts with 'Makes' is not one."""
    match = pattern.match(text)
    if match and (match["mark"] or match["colon"] or match["value"][:1].isdigit()):
        return match
    return None


def _is_meta(text: str) -> bool:
    return bool(
        _EMOJI_BULLET.match(text)
        or any(_meta_match(text, pattern) for pattern in (_PREP, _COOK, _SERVINGS))
    )


def _description(head: list[_Line]) -> str | None:
    """The prose before the Ingredients (time/servings lines, images and headings left out)."""
    prose = [
        line.text
        for line in head
        if not (_is_meta(line.text) or _IMAGE.match(line.text) or _HEADING.match(line.text))
    ]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(prose)).strip()
    return text or None


# --- times and servings ---------------------------------------------------------------------


def _meta_value(head: list[_Line], pattern: re.Pattern[str]) -> str | None:
    matches = (_meta_match(line.text, pattern) for line in head)
    return next((match["value"] for match in matches if match), None)


def _meta_minutes(head: list[_Line], pattern: re.Pattern[str]) -> int | None:
    value = _meta_value(head, pattern)
    return None if value is None else parse_minutes(value)


def _servings(head: list[_Line], ingredients: list[_Line]) -> int | None:
    """Servings from the servings bullet, else from 'Serves 4' / '5 servings' prose."""
    value = _meta_value(head, _SERVINGS)
    if value is not None:
        return parse_servings(value)
    for line in [*head, *ingredients]:
        if _BULLET.match(line.text):
            continue
        match = _PROSE_SERVINGS.search(line.text)
        if match:
            return int(match["a"] or match["b"])
    return None


# --- ingredients ----------------------------------------------------------------------------


@dataclass
class _Item:
    line_no: int
    indent: int
    text: str
    group: str | None


def _ingredient_lines(section: list[_Line]) -> Iterator[SourceLine]:
    items = _items(section)
    stack: list[tuple[int, str | None]] = []  # (indent, group or None for an ingredient parent)
    for index, item in enumerate(items):
        while stack and stack[-1][0] >= item.indent:
            stack.pop()
        if index and items[index - 1].group != item.group:
            stack.clear()
        if any(group is None for _, group in stack):
            continue  # a note under an ingredient, not an ingredient
        has_children = (
            index + 1 < len(items)
            and items[index + 1].indent > item.indent
            and items[index + 1].group == item.group
        )
        if has_children and _is_heading_bullet(item.text):
            stack.append((item.indent, _clean_heading(item.text)))
            continue
        if has_children:
            stack.append((item.indent, None))
        group = next((g for _, g in reversed(stack) if g is not None), item.group)
        yield SourceLine(line_no=item.line_no, group=group, text=item.text)


def _items(section: list[_Line]) -> list[_Item]:
    """Bullets with their indent and block heading; wrapped continuation lines joined."""
    items: list[_Item] = []
    group: str | None = None
    previous_was_item = False
    for index, line in enumerate(section):
        bullet = _BULLET.match(line.text)
        heading = _HEADING.match(line.text)
        if not line.text.strip():
            previous_was_item = False
        elif bullet:
            text = (bullet["text"] or "").strip()
            if text:
                indent = len(bullet["indent"].expandtabs(4))
                items.append(_Item(line.no, indent, text, group))
            previous_was_item = bool(text)
        elif heading:
            group, previous_was_item = _clean_heading(heading["title"]) or None, False
        elif previous_was_item:
            items[-1].text = f"{items[-1].text} {line.text.strip()}"
        elif _is_plain_heading(line.text, section[index + 1 :]):
            group = _clean_heading(line.text) or None
    return items


def _is_plain_heading(text: str, following: Sequence[_Line]) -> bool:
    """A short unbulleted line ('Spices', 'For the sauce:') followed by a bullet list."""
    stripped = text.strip()
    if stripped[0] in "(!\\" or stripped[0].isdigit() or stripped.endswith("."):
        return False
    if len(stripped.split()) > 6:
        return False
    next_text = next((line.text for line in following if line.text.strip()), "")
    return bool(_BULLET.match(next_text))


def _is_heading_bullet(text: str) -> bool:
    """A parent bullet is a heading ('Spices:') unless it reads as an ingredient ('~8 oz ...')."""
    return text.rstrip().endswith(":") or not _QUANTITY_START.match(text)


def _clean_heading(text: str) -> str:
    text = _EMPHASIS.sub(r"\g<inner>", text.strip())
    return text.strip("#*_ \t").rstrip(":").strip()


# --- directions -----------------------------------------------------------------------------


def _steps(lines: list[_Line]) -> list[str]:
    """One step per numbered or bulleted item, or per prose paragraph; wrapped lines joined."""
    steps: list[str] = []
    continues = False
    for line in lines:
        text = line.text.strip()
        if not text or _IMAGE.match(text) or _HEADING.match(text):
            continues = False
            continue
        item = _NUMBERED.match(line.text) or _BULLET.match(line.text)
        if item:
            steps.append(_clean_step(item["text"] or ""))
            continues = bool(steps[-1])
        elif continues:
            steps[-1] = f"{steps[-1]} {_clean_step(text)}"
        else:
            steps.append(_clean_step(text))
            continues = True
    return [step for step in steps if step]


def _clean_step(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<br\s*/?>", " ", text)).strip()
