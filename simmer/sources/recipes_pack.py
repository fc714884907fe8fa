"""The recipes pack builder: one core for every recipe source, and the `public-domain-recipes`
pack built with it from the community recipe markdown files.

A source reader (`recipe_markdown`, `myplate`, `wikibooks`) turns its files into
`SourceRecipe`s; `build_recipe_pack` parses every ingredient line (`ingredient_text`), matches
it to an ingredient of the USDA pack (`match`) and writes the pack. Rules, all visible in the
pack (status and note per line):

- **parsed**: what the line states (quantity, unit, ingredient) was read from the text. A line
  without a quantity stays without one.
- **estimated**: the only rule that fills a number: a seasoning "to taste" with no amount is
  estimated as 1 pinch (note: `to taste, estimated as 1 pinch`).
- **unmatched**: no USDA ingredient matched with confidence >= MIN_CONFIDENCE (equipment such as
  "cheesecloth", links to other recipes, ...); the note says what was looked for.
- An ambiguous match keeps its best candidate and says so in the note, with the runners-up.
- "whole or diced tomatoes": a lone adjective before "or" shares the alternative's noun.
- Servings that the source does not state stay unknown (null, flagged by nutrition).
- Meal slots come from tags: `breakfast` gives breakfast; a dessert, snack, drink, sauce,
  condiment, spice mix or side is no meal of its own; every other recipe is lunch or dinner
  (and a `main-dish` always is).
- Recipe packs share one vocabulary of tags and one space of recipe slugs: a pack depends on
  the recipe packs built before it, defines only the tags they do not, and a recipe slug one of
  them already defines is resolved by the pack's rule: declared in `overrides` (the slug is
  fixed by contract, as MyPlate's) or given the pack's suffix (`greek-salad-wikibooks`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from simmer.packs.schema import IngredientLine, LineStatus, PackManifest, Recipe, Tag
from simmer.packs.source import load_ingredients
from simmer.packs.writer import write_pack
from simmer.progress import Progress, every, silent
from simmer.sources import SourceError
from simmer.sources.ingredient_text import ParsedLine, parse_ingredient_line
from simmer.sources.match import IngredientMatcher, Match, qualifiers_of
from simmer.sources.recipe_markdown import (
    RecipeSourceError,
    read_recipe_markdown,
    source_recipe,
)
from simmer.sources.recipe_source import SourceLine, SourceRecipe

MIN_CONFIDENCE = 0.6
NOT_A_MEAL = frozenset(
    {"dessert", "snack", "drink", "beverage", "sauce", "condiment", "spice", "spices", "side"}
    | {"side-dish", "appetizer", "salad-dressing", "spice-mix", "frosting-and-icing"}
)
MAIN_MEAL = frozenset({"main-dish"})
PROGRESS_EVERY = 250


@dataclass(frozen=True)
class PackSpec:
    """What a recipes pack says about itself; `description` may use `{recipes}`.

    `on_slug_conflict` is what happens to a recipe slug a dependency already defines:
    `override` declares it (this pack's recipe wins in the catalog), `suffix` appends
    `-{suffix}` to this pack's slug."""

    name: str
    license: str
    attribution: str
    description: str
    on_slug_conflict: Literal["override", "suffix"] = "suffix"
    suffix: str = ""
    version: str = "1.0.0"


PUBLIC_DOMAIN_RECIPES = PackSpec(
    name="public-domain-recipes",
    license="Unlicense (public domain)",
    attribution="Community recipes contributed to a public-domain recipe site "
    "(Unlicense); ingredient lines parsed and matched by Simmer",
    description="{recipes} community recipes with parsed, matched ingredient lines",
)


@dataclass(frozen=True)
class _Dependency:
    name: str
    version: str
    recipes: frozenset[str]
    tags: frozenset[str]


def build_recipes_pack(
    src_dir: Path, usda_dir: Path, out_dir: Path, progress: Progress = silent
) -> PackManifest:
    """Read `src_dir/content/*.md`, match against the pack in `usda_dir`, write `out_dir`."""
    files = sorted((src_dir / "content").glob("*.md"))
    if not files:
        raise RecipeSourceError(f"{src_dir / 'content'}: no recipe files (*.md)")
    sources = [source_recipe(read_recipe_markdown(path)) for path in files]
    return build_recipe_pack(PUBLIC_DOMAIN_RECIPES, sources, usda_dir, [], out_dir, progress)


def build_recipe_pack(
    spec: PackSpec,
    sources: Sequence[SourceRecipe],
    usda_dir: Path,
    dependencies: Sequence[Path],
    out_dir: Path,
    progress: Progress = silent,
) -> PackManifest:
    """Parse and match every line of `sources` against the USDA pack in `usda_dir` and write
    the pack `spec` names to `out_dir`; `dependencies` are the recipe packs built before it."""
    matcher = IngredientMatcher(load_ingredients(usda_dir))
    progress(f"{spec.name}: matcher ready on {usda_dir}")
    usda = _dependency(usda_dir)
    others = [_dependency(path) for path in dependencies]
    sources, overrides = _resolve_slugs(spec, sources, others)
    recipes = []
    for count, source in enumerate(sources, start=1):
        recipes.append(to_recipe(source, matcher))
        if every(count, len(sources), step=PROGRESS_EVERY):
            progress(f"{spec.name}: {count}/{len(sources)} recipes parsed and matched")
    defined_tags = frozenset().union(*(other.tags for other in others))
    tags = sorted({tag for recipe in recipes for tag in recipe.tags} - defined_tags)
    manifest = {
        "name": spec.name,
        "version": spec.version,
        "license": spec.license,
        "attribution": spec.attribution,
        "description": spec.description.format(recipes=len(recipes)),
        "depends": [{"name": d.name, "version": f">={d.version}"} for d in [usda, *others]],
        "overrides": overrides,
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


def _dependency(path: Path) -> _Dependency:
    manifest = json.loads((path / "pack.json").read_text(encoding="utf-8"))
    return _Dependency(
        name=manifest["name"],
        version=manifest["version"],
        recipes=_slugs(path / "recipes.jsonl"),
        tags=_slugs(path / "tags.jsonl"),
    )


def _slugs(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(json.loads(line)["slug"] for line in lines if line)


def _resolve_slugs(
    spec: PackSpec, sources: Sequence[SourceRecipe], others: Sequence[_Dependency]
) -> tuple[list[SourceRecipe], list[str]]:
    """The recipes with their final slugs, and the slugs declared as overrides."""
    seen: dict[str, str] = {}
    for source in sources:
        if source.slug in seen:
            raise SourceError(
                f"{spec.name}: recipes {seen[source.slug]!r} and {source.title!r} "
                f"would both have the slug {source.slug!r}"
            )
        seen[source.slug] = source.title
    taken = frozenset().union(*(other.recipes for other in others))
    conflicts = sorted(taken & seen.keys())
    if spec.on_slug_conflict == "override":
        return list(sources), conflicts
    renamed = [
        replace(source, slug=f"{source.slug}-{spec.suffix}") if source.slug in taken else source
        for source in sources
    ]
    counts = Counter(source.slug for source in renamed)
    clashes = sorted(slug for slug, n in counts.items() if n > 1 or slug in taken)
    if clashes:
        raise SourceError(f"{spec.name}: slugs still taken after the suffix: {clashes}")
    return renamed, []


def to_recipe(source: SourceRecipe, matcher: IngredientMatcher) -> Recipe:
    tags = sorted({tag for tag in source.tags if tag})
    return Recipe(
        slug=source.slug,
        title=source.title,
        servings=source.servings,
        servings_estimated=source.servings_estimated,
        prep_time_min=source.prep_time_min,
        cook_time_min=source.cook_time_min,
        total_time_min=source.total_time_min,
        tags=tags,
        ingredients=[
            to_line(number, line, matcher) for number, line in enumerate(source.ingredients, 1)
        ],
        steps=source.steps,
        author=source.author,
        source=source.source,
        license=source.license,
        meal_slots=meal_slots(tags),
    )


def meal_slots(tags: Iterable[str]) -> list[str]:
    tagged = set(tags)
    slots = ["breakfast"] if "breakfast" in tagged else []
    if tagged & MAIN_MEAL or not (slots or tagged & NOT_A_MEAL):
        slots += ["lunch", "dinner"]
    return slots


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
    """The line's ingredient, with the product qualifiers the whole line states ('1 can (15 oz)
    beans, low-sodium': canned, low sodium; see `match`) and the preparation written before
    the name, which makes a product of some ('diced tomatoes', 'mashed potatoes').

    "dark or bittersweet chocolate chips" parses as 'dark' or 'bittersweet chocolate chip': a
    lone first word shares the rest of the alternative ('dark chocolate chip'), or a one-word
    alternative ('guanciale bacon'), unless it is itself a name ('butter or margarine')."""
    if not parsed.name:
        return None
    qualifiers = (*qualifiers_of(parsed.text), *filter(None, [parsed.leading_preparation]))
    match = matcher.match(parsed.name, qualifiers)
    if match.confidence >= 1.0 or " " in parsed.name or not parsed.alternatives:
        return match
    alternative = parsed.alternatives[0].split()
    rest = alternative[1:] or alternative  # 'guanciale or bacon': 'guanciale bacon'
    shared = matcher.match(" ".join([parsed.name, *rest]), qualifiers)
    return shared if _sure(shared) or shared.confidence >= match.confidence else match


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
