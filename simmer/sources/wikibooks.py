"""Read the English Wikibooks Cookbook (`recipes_en-us.json`) into recipes for the
`wikibooks-cookbook` pack, CC BY-SA 4.0.

The file is one JSON object keyed by page title (`"Cookbook:Pavlova"`); each page has the
fields of its recipe summary box (`servings`, `time`, `category`, `difficulty`, strings or
null) and `ingredients` and `steps` with most wiki markup stripped. Rules:

- **Licence and attribution**: every recipe is CC BY-SA 4.0, by "Wikibooks contributors",
  its `source` naming the page ("Cookbook:Pavlova") and its URL. The pack is CC BY-SA 4.0 too
  (share-alike) and stays a pack of its own.
- **Slug**: the page title slugified (`pavlova`); a slug an earlier recipe pack defines gets
  the suffix `-wikibooks` (`recipes_pack.PackSpec`).
- **Not recipes**, skipped and counted (`WikibooksRead.skipped`): a page whose ingredient list
  is left empty once markup is removed (a table the extraction lost), and a page whose whole
  ingredient list is one food with no amount ('Potatoes', 'Unsalted butter'): it describes a
  technique applied to a food (boiling, roasting, making ghee), not a recipe to plan with.
- **Markup** left in lines is removed: `<ref>` notes, `<nowiki/>`, other tags, `''` emphasis,
  HTML entities, empty `()` left by unit templates, table rows; a leading `*` is a sub-item.
  A line ending with ':' ('Optional:', 'For the sauce:') heads the lines after it.
- **Servings** from the summary's `servings` (`recipe_source.parse_servings`: '6-8' is 6,
  'Varies' unknown); **times** from `time`: 'Prep: 10 minutes<br/>Cooking: 5 minutes' gives
  prep and cook time and their sum, any other value is the total time.
- **Tags**: the category ('Soup recipes' is `soup`, 'Recipes for dessert' `dessert`), and a
  kind read from the title's last word ('Chocolate Icing' is `dessert`, 'Garlic Sauce'
  `sauce`, 'Mango Lassi' `beverage`) unless the title names a dish 'with'/'in' it; meal slots
  follow from the tags (`recipes_pack.meal_slots`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict

from simmer.packs.schema import PackManifest
from simmer.progress import Progress, silent
from simmer.sources import SourceError
from simmer.sources.recipe_source import (
    SourceLine,
    SourceRecipe,
    parse_minutes,
    parse_servings,
    read_json,
    validated,
)
from simmer.sources.recipes_pack import PackSpec, build_recipe_pack
from simmer.text import slugify

SOURCE_FILE = "recipes_en-us.json"
PAGE_PREFIX = "Cookbook:"
LICENSE = "CC BY-SA 4.0"
AUTHOR = "Wikibooks contributors"
DEPENDS = ("public-domain-recipes", "usda-myplate-kitchen")

PACK = PackSpec(
    name="wikibooks-cookbook",
    license="CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)",
    attribution="Wikibooks contributors, Cookbook, en.wikibooks.org, CC BY-SA 4.0; each "
    "recipe cites its page ('Cookbook:<title>'). Adapted by Simmer: ingredient lines parsed "
    "and matched, markup removed, non-recipe pages left out",
    description="{recipes} recipes of the English Wikibooks Cookbook with parsed, matched "
    "ingredient lines (CC BY-SA 4.0)",
    on_slug_conflict="suffix",
    suffix="wikibooks",
)

MAX_STEP_MIN, MAX_TOTAL_MIN = 10080, 20160  # the pack format's limits (a week, two)
NO_INGREDIENTS = "no ingredient list once markup is removed"
TECHNIQUE = "technique: one food without an amount"

_REF = re.compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{1,40}>")
_NOWIKI = re.compile(r"<nowiki\s*/>", re.IGNORECASE)
_EMPHASIS = re.compile(r"'{2,}")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_TABLE_ROW = re.compile(r"^\s*(?:\{\||\|\}|\|-|\||!)")
_BREAK = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z ]+):\s*(?P<value>.*)$")
_STARTS_WITH_AMOUNT = re.compile(r"^\W*[\d½⅓⅔¼¾⅕⅛⅜⅝⅞]")
_DISH_JOINS = re.compile(r"\b(?:with|in|on|over|and)\b", re.IGNORECASE)
_TITLE_TAIL = re.compile(r"\s+[IVX]+\s*$")  # "Mango Lassi II"
_KIND_WORDS: dict[str, frozenset[str]] = {
    "dessert": frozenset(
        [
            "cake",
            "cakes",
            "cookie",
            "cookies",
            "brownie",
            "brownies",
            "pudding",
            "fudge",
            "icing",
            "frosting",
            "candy",
            "truffles",
            "sorbet",
            "mousse",
            "custard",
            "cheesecake",
            "meringue",
            "meringues",
            "toffee",
            "brittle",
            "cupcakes",
            "cupcake",
            "macaroons",
            "doughnuts",
            "confection",
            "confections",
            "confectionery",
            "pastries",
            "brownie",
            "donuts",
        ]
    ),
    "beverage": frozenset(
        [
            "tea",
            "coffee",
            "smoothie",
            "lemonade",
            "punch",
            "cocktail",
            "juice",
            "soda",
            "milkshake",
            "shake",
            "lassi",
            "liqueur",
            "wine",
            "beer",
            "cider",
            "chai",
            "latte",
            "cocoa",
            "eggnog",
            "sangria",
            "limoncello",
            "beverages",
        ]
    ),
    "sauce": frozenset(
        [
            "sauce",
            "dressing",
            "marinade",
            "rub",
            "seasoning",
            "salsa",
            "dip",
            "chutney",
            "gravy",
            "vinaigrette",
            "mayonnaise",
            "pesto",
            "jam",
            "jelly",
            "syrup",
            "spread",
            "relish",
            "ketchup",
            "mustard",
            "aioli",
            "glaze",
            "condiment",
            "condiments",
        ]
    ),
}


@dataclass(frozen=True)
class WikibooksRead:
    """The recipes read, and the pages skipped as not recipes, by reason."""

    recipes: list[SourceRecipe]
    skipped: dict[str, list[str]]


class _Page(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str
    category: str | None = None
    servings: str | None = None
    time: str | None = None
    ingredients: list[str]
    steps: list[str]


def build_wikibooks_pack(
    src_dir: Path, packs_dir: Path, out_dir: Path, progress: Progress = silent
) -> PackManifest:
    """Build the pack from `src_dir/recipes_en-us.json` against the packs in `packs_dir`."""
    read = read_wikibooks(src_dir)
    skipped = ", ".join(f"{len(pages)} {why}" for why, pages in read.skipped.items())
    progress(
        f"{PACK.name}: {len(read.recipes)} recipes read from {src_dir / SOURCE_FILE}; "
        f"skipped {skipped or 'none'}"
    )
    dependencies = [packs_dir / name for name in DEPENDS]
    return build_recipe_pack(
        PACK, read.recipes, packs_dir / "usda-sr26", dependencies, out_dir, progress
    )


def read_wikibooks(src_dir: Path) -> WikibooksRead:
    """Every page of `src_dir/recipes_en-us.json` in file order: recipes, and skipped pages."""
    path = src_dir / SOURCE_FILE
    data = read_json(path, "Wikibooks Cookbook")
    if not isinstance(data, dict):
        raise SourceError(f"{path}: expected an object keyed by page title")
    recipes: list[SourceRecipe] = []
    skipped: dict[str, list[str]] = {NO_INGREDIENTS: [], TECHNIQUE: []}
    for key, raw in data.items():
        page = validated(_Page, raw, f"{path}: {key!r}")
        lines = ingredient_lines(page.ingredients)
        reason = not_a_recipe(lines)
        if reason:
            skipped[reason].append(key)
        else:
            recipes.append(_recipe(key, page, lines))
    return WikibooksRead(recipes, {why: pages for why, pages in skipped.items() if pages})


def not_a_recipe(lines: list[SourceLine]) -> str | None:
    """Why a page is not a recipe to plan with (see the module's rules), or None."""
    if not lines:
        return NO_INGREDIENTS
    if len(lines) == 1 and not _STARTS_WITH_AMOUNT.match(lines[0].text):
        return TECHNIQUE
    return None


def _recipe(key: str, page: _Page, lines: list[SourceLine]) -> SourceRecipe:
    title = key.removeprefix(PAGE_PREFIX)
    prep, cook, total = times(page.time)
    url = "https://en.wikibooks.org/wiki/" + quote(key.replace(" ", "_"), safe=":/()',")
    return SourceRecipe(
        slug=slugify(title),
        title=title,
        ingredients=lines,
        steps=[step for step in (clean_markup(s) for s in page.steps) if step],
        source=f"Wikibooks, {key}, {url}",
        license=LICENSE,
        author=AUTHOR,
        servings=parse_servings(clean_markup(page.servings)) if page.servings else None,
        prep_time_min=prep,
        cook_time_min=cook,
        total_time_min=total,
        tags=_tags(page.category, title),
    )


def _tags(category: str | None, title: str) -> list[str]:
    tag = category_tag(category)
    kinds = [title_kind(title), _kind(tag.split("-")[-1]) if tag else None]
    return sorted(set(filter(None, [tag, *kinds])))


def clean_markup(text: str) -> str:
    """Text without the wiki and HTML markup the extraction left ('tbs<nowiki/>p' is 'tbsp')."""
    text = _NOWIKI.sub("", _REF.sub("", text))
    text = html.unescape(_TAG.sub(" ", _BREAK.sub(" ", text)))
    text = _EMPTY_PARENS.sub(" ", _EMPHASIS.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def ingredient_lines(texts: list[str]) -> list[SourceLine]:
    """The ingredient lines, cleaned, with 'Optional:'-style headings taken out as groups."""
    lines: list[SourceLine] = []
    group: str | None = None
    for number, raw in enumerate(texts, start=1):
        if _TABLE_ROW.match(raw):
            continue
        text = clean_markup(raw).lstrip("*#").strip()
        if not text:
            continue
        if text.endswith(":"):
            group = text.rstrip(":").strip() or None
            continue
        lines.append(SourceLine(line_no=number, group=group, text=text))
    return lines


def times(value: str | None) -> tuple[int | None, int | None, int | None]:
    """(prep, cook, total) minutes of the summary's time: labelled parts
    ('Prep: 10 minutes<br/>Cooking: 5 minutes', 'Total: 1 hour') or one total ('1½ hours').
    Prep is the part labelled prep, cook the sum of the other labelled parts (cooking,
    baking, chilling, ...), total the unlabelled or 'Total' part, else prep plus cook. A value
    beyond what the pack format allows (a week of curing) is left unknown."""
    if not value:
        return None, None, None
    parts: dict[str, int | None] = {}
    for part in _BREAK.split(html.unescape(value)):
        labelled = _LABEL.match(part)
        label = labelled["label"].strip().lower() if labelled else "total"
        if part.strip():
            parts[label] = parse_minutes(labelled["value"] if labelled else part)
    total = parts.pop("total", None)
    prep = next((v for label, v in parts.items() if label.startswith("prep")), None)
    rest = [v for label, v in parts.items() if not label.startswith("prep") and v is not None]
    cook = sum(rest) if rest else None
    if total is None and (prep is not None or cook is not None):
        total = (prep or 0) + (cook or 0)
    return _within(prep, MAX_STEP_MIN), _within(cook, MAX_STEP_MIN), _within(total, MAX_TOTAL_MIN)


def _within(minutes: int | None, limit: int) -> int | None:
    return minutes if minutes is not None and minutes <= limit else None


def category_tag(category: str | None) -> str | None:
    """'Soup recipes' -> 'soup', 'Recipes for dessert' -> 'dessert', 'Beverages' ->
    'beverage'; a value that names no category ('60 minutes') gives none."""
    if not category or re.search(r"\d", category):
        return None
    words = re.sub(r"\brecipes?\b|\bfor\b", " ", category, flags=re.IGNORECASE).split()
    if not words or (len(words) > 2 and "recipe" not in category.lower()):
        return None
    tag = slugify(" ".join(words))
    return {"beverages": "beverage", "desserts": "dessert"}.get(tag, tag)


def title_kind(title: str) -> str | None:
    """The kind of dish the last word of a title, or of its parenthesised gloss, names
    ('Chocolate Icing', 'Toum (Lebanese Garlic Sauce)'), unless the title joins dishes
    ('Pasta with Tomato Sauce')."""
    main, _, gloss = title.partition("(")
    words = [
        _TITLE_TAIL.sub("", part.rstrip(") ")).split()
        for part in (main, gloss)
        if part and not _DISH_JOINS.search(part)
    ]
    kinds = (_kind(found[-1].lower()) for found in words if found)
    return next((kind for kind in kinds if kind), None)


def _kind(word: str) -> str | None:
    return next((kind for kind, words in _KIND_WORDS.items() if word in words), None)
