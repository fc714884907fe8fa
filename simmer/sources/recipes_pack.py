"""Build the `public-domain-recipes` pack from the community recipe markdown files.

Every recipe file becomes a recipe whose slug is its file name; every ingredient line is parsed
(`ingredient_text`) and matched to an ingredient of the USDA pack (`match`). Rules, all visible
in the pack (status and note per line):

- **parsed**: what the line states (quantity, unit, ingredient) was read from the text. A line
  without a quantity stays without one.
- **estimated**: the only rule that fills a number: a seasoning "to taste" with no amount is
  estimated as 1 pinch (note: `to taste, estimated as 1 pinch`).
- **unmatched**: no USDA ingredient matched with confidence >= MIN_CONFIDENCE (equipment such as
  "cheesecloth", links to other recipes, ...); the note says what was looked for.
- An ambiguous match keeps its best candidate and says so in the note, with the runners-up.
- "whole or diced tomatoes": a lone adjective before "or" shares the alternative's noun.
- A recipe listing the same ingredients twice, once under an "Imperial" heading and once under
  "Metric", keeps the metric group only.
- Servings that the file does not state stay unknown (null, flagged by nutrition).
- Meal slots come from tags: `breakfast` gives breakfast; a dessert, snack, drink, sauce,
  condiment, spice mix or side is no meal of its own; every other recipe is lunch or dinner.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from simmer.packs.schema import IngredientLine, LineStatus, PackManifest, Recipe, Tag
from simmer.packs.source import load_ingredients
from simmer.packs.writer import write_pack
from simmer.progress import Progress, every, silent
from simmer.sources.ingredient_text import ParsedLine, parse_ingredient_line
from simmer.sources.match import IngredientMatcher, Match
from simmer.sources.recipe_markdown import (
    MarkdownRecipe,
    RecipeSourceError,
    SourceLine,
    read_recipe_markdown,
)

PACK_NAME = "public-domain-recipes"
MIN_CONFIDENCE = 0.6
NOT_A_MEAL = frozenset(
    {"dessert", "snack", "drink", "beverage", "sauce", "condiment", "spice", "spices", "side"}
)
MEAL_SLOT_TAGS = {"breakfast": ["breakfast"]}


def build_recipes_pack(
    src_dir: Path, usda_dir: Path, out_dir: Path, progress: Progress = silent
) -> PackManifest:
    """Read `src_dir/content/*.md`, match against the pack in `usda_dir`, write `out_dir`."""
    matcher = IngredientMatcher(load_ingredients(usda_dir))
    progress(f"matcher ready on {usda_dir}")
    usda_version = json.loads((usda_dir / "pack.json").read_text())["version"]
    files = sorted((src_dir / "content").glob("*.md"))
    if not files:
        raise RecipeSourceError(f"{src_dir / 'content'}: no recipe files (*.md)")
    sources = [read_recipe_markdown(path) for path in files]
    recipes = []
    for done, source in enumerate(sources, start=1):
        recipes.append(to_recipe(source, matcher))
        if every(done, len(sources), step=100):
            progress(f"{done}/{len(sources)} recipes parsed and matched")
    tags = sorted({tag for recipe in recipes for tag in recipe.tags})
    manifest = {
        "name": PACK_NAME,
        "version": "1.0.0",
        "license": "Unlicense (public domain)",
        "attribution": "Community recipes contributed to a public-domain recipe site "
        "(Unlicense); ingredient lines parsed and matched by Simmer",
        "description": f"{len(recipes)} community recipes with parsed, matched ingredient lines",
        "depends": [{"name": "usda-sr26", "version": f">={usda_version}"}],
    }
    return write_pack(
        out_dir,
        manifest,
        {
            "recipes.jsonl": recipes,
            "tags.jsonl": [
                Tag(slug=slug, name=slug.replace("-", " ").capitalize()) for slug in tags
            ],
        },
    )


def to_recipe(source: MarkdownRecipe, matcher: IngredientMatcher) -> Recipe:
    lines = list(_kept_lines(source.ingredients))
    tags = sorted({tag for tag in source.tags if tag})
    times = [t for t in (source.prep_time_min, source.cook_time_min) if t is not None]
    return Recipe(
        slug=source.slug,
        title=source.title,
        servings=source.servings,
        prep_time_min=source.prep_time_min,
        cook_time_min=source.cook_time_min,
        total_time_min=sum(times) if times else None,
        tags=tags,
        ingredients=[to_line(number, line, matcher) for number, line in enumerate(lines, start=1)],
        steps=source.steps,
        author=source.author,
        source=f"public-domain-recipes: content/{source.slug}.md",
        license="Unlicense",
        meal_slots=meal_slots(tags),
    )


def meal_slots(tags: Iterable[str]) -> list[str]:
    tagged = set(tags)
    if "breakfast" in tagged:
        return ["breakfast"]
    if tagged & NOT_A_MEAL:
        return []
    return ["lunch", "dinner"]


def _kept_lines(lines: list[SourceLine]) -> Iterator[SourceLine]:
    groups = {(line.group or "").strip().lower() for line in lines}
    both_systems = any("imperial" in g for g in groups) and any("metric" in g for g in groups)
    for line in lines:
        if both_systems and "imperial" in (line.group or "").lower():
            continue
        yield line


def to_line(number: int, source: SourceLine, matcher: IngredientMatcher) -> IngredientLine:
    parsed = parse_ingredient_line(source.text)
    match = best_match(parsed, matcher)
    matched = match is not None and match.slug is not None and match.confidence >= MIN_CONFIDENCE
    quantity, unit, estimate_note = _amount(parsed)
    status = (
        LineStatus.UNMATCHED
        if not matched
        else LineStatus.ESTIMATED
        if estimate_note
        else LineStatus.PARSED
    )
    return IngredientLine(
        line_no=number,
        text=source.text,
        group=source.group,
        quantity=quantity,
        quantity_max=parsed.quantity_max,
        unit=unit,
        ingredient=match.slug if matched and match else None,
        confidence=round(match.confidence, 3) if match and match.slug else None,
        preparation=parsed.preparation or None,
        optional=parsed.optional,
        status=status,
        note=_note(parsed, match, matched, estimate_note),
    )


def best_match(parsed: ParsedLine, matcher: IngredientMatcher) -> Match | None:
    """The line's ingredient. "whole or diced tomatoes" parses as 'whole' or 'diced tomato':
    when the first name is a lone word that matches nothing for sure, it shares the
    alternative's head noun ('whole tomato')."""
    if not parsed.name:
        return None
    match = matcher.match(parsed.name)
    if _sure(match) or " " in parsed.name or not parsed.alternatives:
        return match
    head = parsed.alternatives[0].split()[-1]
    shared = matcher.match(f"{parsed.name} {head}")
    return shared if shared.confidence >= match.confidence else match


def _sure(match: Match) -> bool:
    return match.slug is not None and not match.ambiguous and match.confidence >= MIN_CONFIDENCE


def _amount(parsed: ParsedLine) -> tuple[float | None, str | None, str | None]:
    """(quantity, unit, estimate note): as parsed, or the documented 'to taste' estimate."""
    if parsed.quantity is None and parsed.to_taste:
        return 1.0, "pinch", "to taste, estimated as 1 pinch"
    return parsed.quantity, parsed.unit, None


def _note(
    parsed: ParsedLine, match: Match | None, matched: bool, estimate_note: str | None
) -> str | None:
    notes: list[str] = []
    if not matched:
        looked_for = parsed.name or parsed.text
        notes.append(f"no ingredient matched {looked_for!r}")
    elif match is not None and match.ambiguous:
        others = ", ".join(slug for slug, _ in match.candidates[1:])
        notes.append(f"ambiguous match (also: {others})")
    if estimate_note:
        notes.append(estimate_note)
    if parsed.alternatives:
        notes.append("alternatives: " + ", ".join(parsed.alternatives))
    if parsed.alt_quantity is not None:
        notes.append(
            f"also written as {round(parsed.alt_quantity, 3):g} {parsed.alt_unit or ''}".rstrip()
        )
    if parsed.approximate:
        notes.append("approximate amount")
    return "; ".join(notes) or None
