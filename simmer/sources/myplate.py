"""Read USDA MyPlate Kitchen's `recipes.json` into recipes for the `usda-myplate-kitchen` pack.

The file (one JSON object, `{source, license, ..., recipes: [...]}`) was generated from each
recipe page's schema.org data; its README gives provenance and quirks. Rules:

- **Slug**: the last path segment of `sourceUrl` (`https://myplate.food/recipes/3-can-chili`
  is `3-can-chili`), a contract other checks rely on. Ten of them are also file names of
  `public-domain-recipes` (`banana-bread`, ...): the pack declares them in `overrides`, so
  the catalog holds USDA's recipe under that slug.
- **Servings**: `servingsMade`. The generator turned a yield without a number into 4, so a 4
  is marked `servings_estimated` (the value stays 4) unless the recipe's own text confirms it
  ("Divide among 4 plates", "makes four servings"); no other number is doubted.
- **Ingredient lines**: as USDA wrote them; a line ending with ':' or reading 'For the ...'
  without a number is the heading of the lines after it ('For the Salsa Fresca:').
- **Tags**: USDA's own ('Main dish', 'Vegetables', ...) as slugs; meal slots follow from them
  (`recipes_pack.meal_slots`). Diets and allergens are derived from the ingredients later.
- **License and attribution** per recipe: public domain (US federal work), the source URL.
  The photographs `imageUrl` points to are not covered by that statement and are not used.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, StrictInt

from simmer.packs.schema import SLUG_PATTERN, PackManifest
from simmer.progress import Progress, silent
from simmer.sources import SourceError
from simmer.sources.recipe_source import SourceLine, SourceRecipe, read_json, validated
from simmer.sources.recipes_pack import PackSpec, build_recipe_pack
from simmer.text import slugify

SOURCE_FILE = "recipes.json"
DEFAULT_SERVINGS = 4
LICENSE = "Public domain (U.S. federal work, 17 U.S.C. § 105; Public Domain Mark 1.0)"
AUTHOR = "U.S. Department of Agriculture, Center for Nutrition Policy and Promotion"

PACK = PackSpec(
    name="usda-myplate-kitchen",
    license=LICENSE,
    attribution=f"{AUTHOR}. MyPlate Kitchen recipes (myplate.food), cited per recipe by its "
    "source URL; ingredient lines parsed and matched by Simmer",
    description="{recipes} USDA MyPlate Kitchen recipes with parsed, matched ingredient lines",
    on_slug_conflict="override",
)

_HEADING = re.compile(r"^(?:[^\d]*:|for (?:the )?[^\d]*)$", re.IGNORECASE)
_UNIT_AFTER = r"(?![-\s]*(?:inch|in\.|minute|hour|cup|ounce|oz\b|tablespoon|teaspoon|°|degree))"
_FOUR_SERVINGS = re.compile(
    r"\b(?:serves|serving|servings|makes|yields?|divided?|among|between)\b[^.;]{0,40}?"
    rf"\b(?:4|four)\b{_UNIT_AFTER}"
    r"|\b(?:4|four)\s+(?:servings|portions|people|persons|bowls|plates|equal)\b",
    re.IGNORECASE,
)


class _Item(BaseModel):
    """One entry of `recipes` as the generator wrote it (other fields are ignored)."""

    model_config = ConfigDict(extra="ignore")

    name: str
    description: str | None = None
    servingsMade: StrictInt
    ingredients: list[str]
    steps: list[str]
    tags: list[str] = []
    sourceUrl: str


DEPENDS = ("public-domain-recipes",)


def build_myplate_pack(
    src_dir: Path, packs_dir: Path, out_dir: Path, progress: Progress = silent
) -> PackManifest:
    """Build the pack from `src_dir/recipes.json` against the packs in `packs_dir`."""
    recipes = read_myplate(src_dir)
    progress(f"{PACK.name}: {len(recipes)} recipes read from {src_dir / SOURCE_FILE}")
    dependencies = [packs_dir / name for name in DEPENDS]
    return build_recipe_pack(
        PACK, recipes, packs_dir / "usda-sr26", dependencies, out_dir, progress
    )


def read_myplate(src_dir: Path) -> list[SourceRecipe]:
    """Every recipe of `src_dir/recipes.json`, in file order; SourceError says where not."""
    path = src_dir / SOURCE_FILE
    data = read_json(path, "MyPlate Kitchen")
    items = data.get("recipes") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise SourceError(f"{path}: expected an object with a 'recipes' list")
    return [_recipe(path, index, item) for index, item in enumerate(items)]


def _recipe(path: Path, index: int, raw: object) -> SourceRecipe:
    where = f"{path}: recipes[{index}]"
    item = validated(_Item, raw, where)
    slug = urlparse(item.sourceUrl).path.rstrip("/").rsplit("/", 1)[-1]
    if not re.match(SLUG_PATTERN, slug):
        raise SourceError(f"{where}.sourceUrl: no recipe slug at the end of {item.sourceUrl!r}")
    return SourceRecipe(
        slug=slug,
        title=item.name.strip(),
        ingredients=ingredient_lines(item.ingredients),
        steps=[step.strip() for step in item.steps if step.strip()],
        source=item.sourceUrl,
        license=LICENSE,
        author=AUTHOR,
        servings=item.servingsMade if item.servingsMade > 0 else None,
        servings_estimated=servings_uncertain(item.servingsMade, item.description, item.steps),
        tags=[slugify(tag) for tag in item.tags],
    )


def ingredient_lines(texts: list[str]) -> list[SourceLine]:
    """The lines with their sub-list headings ('For the Salsa Fresca:') taken out as groups
    (a pack numbers the lines that remain 1, 2, ...)."""
    lines: list[SourceLine] = []
    group: str | None = None
    for number, raw in enumerate(texts, start=1):
        text = raw.strip()
        if not text:
            continue
        if _HEADING.match(text):
            group = text.rstrip(":").strip() or None
            continue
        lines.append(SourceLine(line_no=number, group=group, text=text))
    return lines


def servings_uncertain(servings: int, description: str | None, steps: list[str]) -> bool:
    """A 4 may be the generator's default for a yield without a number: uncertain unless the
    recipe's text says it serves, makes or is divided among four."""
    if servings != DEFAULT_SERVINGS:
        return False
    text = " ".join([description or "", *steps])
    return not _FOUR_SERVINGS.search(text)
