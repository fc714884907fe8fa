"""`simmer pack import`: recipes from other apps' exports into a pack, created or updated.

Rules (each visible in the pack or the report):
- Lines go through the recipes pack builder core (`simmer.sources.recipes_pack.to_recipe`: the
  same parser and matcher as the real packs). A quantity the app stores as data (Mealie,
  Tandoor) is used as given and the line matched on the app's food name; unmatched lines are
  kept with their text and flagged.
- A recipe's identity is its `source` (its URL, else `file!member#n`): importing the same
  source again updates that recipe in place, under the same slug. A new recipe takes the slug
  of its title, or `-2`, `-3`... when a recipe of this or any installed pack has it.
- Photos become pack media (`media/{slug}.jpg`); nutrition the source publishes is kept as
  stated, apart from Simmer's computed nutrition, in `media/{slug}.nutrition.json`.
- Imports use no network: a remote image the source names (schema.org `image`, Nextcloud's
  `imageUrl`, Paprika's `image_url`) is not fetched. Its URL is kept in `media/{slug}.image.json`
  for a later, networked import to fetch, and the report says it was not fetched (unless an
  embedded or zipped photo stands in for it).
- Tags come from keywords and categories; the pack depends on the installed packs that
  already define the tags it uses (one vocabulary), and defines the rest.
- Every source is read before anything is written, and the new pack is written and validated
  in a scratch folder before it replaces the target: bad input leaves the target untouched.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from simmer.interchange.common import Amount, Imported, ImportSourceError
from simmer.interchange.sources import SourceRead, read_source
from simmer.packs.maintain import seal_pack
from simmer.packs.schema import SLUG_PATTERN, IngredientLine, LineStatus, Recipe, Tag
from simmer.packs.source import MANIFEST, load_ingredients, pack_files, pack_sources
from simmer.packs.validate import defined_slugs, load_pack
from simmer.packs.writer import write_jsonl
from simmer.sources.ingredient_text import kitchen_unit
from simmer.sources.match import IngredientMatcher
from simmer.sources.recipe_source import SourceLine
from simmer.sources.recipes_pack import to_line, to_recipe
from simmer.text import slugify

USDA_PACK = "usda-sr26"
NEW_VERSION = "0.1.0"
NUTRITION_SUFFIX = ".nutrition.json"
IMAGE_SUFFIX = ".image.json"


@dataclass(frozen=True)
class SourceReport:
    """What one source gave: recipes taken (by slug), lines matched and unmatched, skipped."""

    path: Path
    slugs: list[str]
    matched: int
    unmatched: int
    skipped: list[str]
    not_fetched: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = (
            f"{self.path.name}: {len(self.slugs)} recipe(s) taken, "
            f"{self.matched} line(s) matched, {self.unmatched} unmatched"
        )
        return [
            head,
            *(f"  skipped {why}" for why in self.skipped),
            *(f"  not fetched: {what}" for what in self.not_fetched),
        ]


def import_recipes(
    sources: Sequence[Path], target: Path, packs_dir: Path | None = None
) -> list[SourceReport]:
    """Import every recipe of `sources` into the pack at `target` (created when missing);
    dependencies and slugs are looked up among the packs in `packs_dir` (default: the
    target's parent folder)."""
    packs_dir = packs_dir or target.resolve().parent
    reads = [read_source(path) for path in sources]
    usda = packs_dir / USDA_PACK
    if not (usda / "ingredients.jsonl").is_file():
        raise ImportSourceError(f"{usda}: the USDA pack is needed to match ingredient lines")
    matcher = IngredientMatcher(load_ingredients(usda))
    existing = _existing_recipes(target)
    others = _installed(packs_dir, target)
    slugs = _Slugs(existing, frozenset().union(*(keys["recipe"] for keys in others.values())))
    imported: dict[str, Recipe] = {}
    items: dict[str, Imported] = {}
    reports = []
    for read in reads:
        taken = [_recipe(item, slugs, matcher) for item in _unique_sources(read)]
        imported.update({recipe.slug: recipe for recipe, _ in taken})
        items.update({recipe.slug: item for recipe, item in taken})
        reports.append(_report(read, taken))
    recipes = {**{r.slug: r for r in existing}, **imported}
    _write(target, packs_dir, sorted(recipes.values(), key=lambda r: r.slug), items, others)
    return reports


def _unique_sources(read: SourceRead) -> list[Imported]:
    """The recipes of one source, two sharing one URL told apart by their position."""
    counts: dict[str, int] = {}
    for item in read.recipes:
        counts[item.recipe.source] = counts.get(item.recipe.source, 0) + 1
    seen: dict[str, int] = {}
    unique = []
    for item in read.recipes:
        source = item.recipe.source
        if counts[source] > 1:
            seen[source] = seen.get(source, 0) + 1
            item = replace(item, recipe=replace(item.recipe, source=f"{source}#{seen[source]}"))
        unique.append(item)
    return unique


class _Slugs:
    """Slugs by recipe identity (its source): kept for a recipe imported before, new and
    distinct for a new one."""

    def __init__(self, existing: list[Recipe], installed: frozenset[str]) -> None:
        self.by_source = {r.source or r.slug: r.slug for r in existing}
        self.used = set(installed) | {r.slug for r in existing}

    def assign(self, source: str, wanted: str) -> str:
        """The slug of the recipe from `source`: its earlier one, else `wanted` (made
        distinct)."""
        if source in self.by_source:
            return self.by_source[source]
        base = wanted if re.fullmatch(SLUG_PATTERN, wanted) else slugify(wanted) or "recipe"
        slug, n = base, 1
        while slug in self.used:
            n += 1
            slug = f"{base}-{n}"
        self.used.add(slug)
        self.by_source[source] = slug
        return slug


def _recipe(item: Imported, slugs: _Slugs, matcher: IngredientMatcher) -> tuple[Recipe, Imported]:
    source = replace(item.recipe, slug=slugs.assign(item.recipe.source, item.recipe.slug))
    recipe = to_recipe(source, matcher)
    lines = [
        _given(line, item.amounts[line.line_no], source.ingredients[n], matcher)
        if line.line_no in item.amounts
        else line
        for n, line in enumerate(recipe.ingredients)
    ]
    return recipe.model_copy(update={"ingredients": lines}), item


def _given(
    line: IngredientLine, amount: Amount, source: SourceLine, matcher: IngredientMatcher
) -> IngredientLine:
    """A line whose quantity the app stores as data: that quantity and unit, matched on the
    app's food name; a unit Simmer does not know keeps the line's own reading."""
    assert amount.food is not None
    by_food = to_line(line.line_no, replace(source, text=amount.food), matcher)
    unit = kitchen_unit(amount.unit) if amount.unit else None
    known = amount.unit is None or unit is not None
    matched = by_food if by_food.status != LineStatus.UNMATCHED else line
    notes = [matched.note, None if known else f"unit {amount.unit!r} as the source gives it"]
    return matched.model_copy(
        update={
            "text": line.text,
            "quantity": amount.quantity if known else line.quantity,
            "quantity_max": None if known else line.quantity_max,
            "unit": unit if known else line.unit,
            "preparation": line.preparation,
            "optional": line.optional,
            "note": "; ".join(n for n in notes if n) or None,
        }
    )


def _report(read: SourceRead, taken: list[tuple[Recipe, Imported]]) -> SourceReport:
    lines = [line for recipe, _ in taken for line in recipe.ingredients]
    unmatched = sum(line.status == LineStatus.UNMATCHED for line in lines)
    not_fetched = [
        f"the image of {recipe.slug}, {item.image_url} (imports use no network): its URL is "
        f"kept in media/{recipe.slug}{IMAGE_SUFFIX}"
        for recipe, item in taken
        if item.image_url and item.photo is None
    ]
    slugs = [recipe.slug for recipe, _ in taken]
    return SourceReport(
        read.path, slugs, len(lines) - unmatched, unmatched, read.skipped, not_fetched
    )


def _existing_recipes(target: Path) -> list[Recipe]:
    path = target / "recipes.jsonl"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [Recipe.model_validate_json(line) for line in handle if line.strip()]


def _installed(packs_dir: Path, target: Path) -> dict[str, dict[str, frozenset[str]]]:
    """The recipe and tag slugs of every pack installed in `packs_dir` but the target."""
    name = _manifest(target).get("name", target.name)
    return {
        source.name: defined_slugs(source.path, source.name, ["recipe", "tag"]).keys
        for source in pack_sources(packs_dir)
        if source.manifest is not None and source.name != name
    }


def _manifest(target: Path) -> dict[str, object]:
    path = target / MANIFEST
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return raw if isinstance(raw, dict) else {}


def _write(
    target: Path,
    packs_dir: Path,
    recipes: list[Recipe],
    items: dict[str, Imported],
    others: dict[str, dict[str, frozenset[str]]],
) -> None:
    used_tags = {tag for recipe in recipes for tag in recipe.tags}
    tag_packs = sorted(name for name, keys in others.items() if used_tags & keys["tag"])
    defined = frozenset().union(*(others[name]["tag"] for name in tag_packs))
    with tempfile.TemporaryDirectory(prefix="simmer-import-") as scratch:
        work = Path(scratch) / target.name
        if target.is_dir():
            shutil.copytree(target, work)
        else:
            work.mkdir()
        write_jsonl(work / "recipes.jsonl", recipes)
        tags = [
            Tag(slug=s, name=s.replace("-", " ").capitalize()) for s in sorted(used_tags - defined)
        ]
        write_jsonl(work / "tags.jsonl", tags)
        if not tags:
            (work / "tags.jsonl").unlink()
        _write_media(work, items)
        _write_manifest(work, target, [USDA_PACK, *tag_packs])
        seal_pack(work)
        load_pack(work, packs_dir)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(work, target)


def _write_media(work: Path, items: dict[str, Imported]) -> None:
    media = work / "media"
    for slug, item in items.items():
        for old in media.glob(f"{slug}.*") if media.is_dir() else []:
            if old.name.removeprefix(slug).count(".") <= 2:  # its photo, nutrition, image URL
                old.unlink()
        photo = f"media/{slug}{item.photo.suffix}" if item.photo is not None else None
        if item.photo is not None:
            media.mkdir(exist_ok=True)
            (media / f"{slug}{item.photo.suffix}").write_bytes(item.photo.data)
        if item.nutrition:
            published = {"source": item.recipe.source, "per_serving": item.nutrition}
            _write_json(media / f"{slug}{NUTRITION_SUFFIX}", published)
        if item.image_url:
            image = {"source": item.recipe.source, "image_url": item.image_url, "photo": photo}
            _write_json(media / f"{slug}{IMAGE_SUFFIX}", {**image, "fetched": False})
    if media.is_dir() and not pack_files(media):
        media.rmdir()


def _write_json(path: Path, document: Mapping[str, object]) -> None:
    path.parent.mkdir(exist_ok=True)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def _write_manifest(work: Path, target: Path, depends: list[str]) -> None:
    raw = _manifest(target) or {
        "name": target.name,
        "version": NEW_VERSION,
        "license": "as licensed by each recipe's source (see each recipe's license)",
        "attribution": "Recipes imported with `simmer pack import`",
        "description": f"Imported recipes ({target.name})",
    }
    declared = list(raw.get("depends") or [])  # type: ignore[call-overload]
    names = {d.get("name") for d in declared if isinstance(d, dict)}
    declared += [{"name": name, "version": ">=1.0"} for name in depends if name not in names]
    raw = {**raw, "depends": declared, "files": {}}
    (work / MANIFEST).write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")


_KCAL = re.compile(r"(\d+(?:[.,]\d+)?)")


def published_kcal(pack_dir: Path) -> pl.DataFrame:
    """Calories per serving as the sources published them (`slug`, `published_kcal`), from
    the `media/{slug}.nutrition.json` files an import keeps."""
    rows = []
    for path in sorted((pack_dir / "media").glob(f"*{NUTRITION_SUFFIX}")):
        stated = json.loads(path.read_text(encoding="utf-8")).get("per_serving", {})
        found = _KCAL.search(str(stated.get("calories") or stated.get("text") or ""))
        if found:
            kcal = float(found[1].replace(",", "."))
            rows.append((path.name.removesuffix(NUTRITION_SUFFIX), kcal))
    return pl.DataFrame(
        rows, schema={"slug": pl.String, "published_kcal": pl.Float64}, orient="row"
    )
