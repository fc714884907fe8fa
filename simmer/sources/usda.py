"""Build the `usda-sr26` pack from the USDA SR26 ASCII files.

Reads FD_GROUP, FOOD_DES, ABBREV (nutrients per 100 g) and WEIGHT (household measures) as
published (`^`-separated, `~`-quoted, CRLF) and writes every food as an `Ingredient` and every
household measure as a `Portion`:

- slugs, display names (no commas: `simmer.sources.match` prefers comma-free names) and synonyms
  come from the curated table `data/usda_friendly.csv` for the foods recipes use; every other
  food gets a slug made from its SR description (on a collision, every food sharing it gets its
  NDB number appended);
- an empty SR value stays unknown (None), never 0;
- a measure's unit is the unit a recipe line would carry for it ('cup, chopped' -> cup,
  'tbsp' -> tablespoon, 'extra large' -> large, 'container' -> package, 'NLEA serving' ->
  serving, anything else countable -> piece); its description keeps SR's full text;
- `density_g_per_ml` comes from the food's first volume measure in the order cup, tablespoon,
  teaspoon, fluid ounce (a plain measure such as 'cup' or 'cup (8 fl oz)' before a qualified one
  such as 'cup, chopped', then SR's own sequence): grams / millilitres of that measure;
- allergen and diet flags come from `simmer.sources.usda_rules`; `negligible_in_nutrition` and
  `pantry_staple` from `simmer.sources.usda_kitchen`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from simmer.packs.schema import (
    SLUG_PATTERN,
    Ingredient,
    Nutrients,
    PackManifest,
    Portion,
    Record,
)
from simmer.packs.writer import write_pack
from simmer.progress import Progress, silent
from simmer.sources import SourceError
from simmer.sources.usda_kitchen import NEGLIGIBLE_IN_NUTRITION, PANTRY_STAPLES
from simmer.sources.usda_rules import food_flags
from simmer.text import slugify
from simmer.units import COUNT_UNITS, canonical_unit, kitchen_units, milliliters_per_unit

PACK_NAME = "usda-sr26"
PACK_VERSION = "1.0.0"
LICENSE = "Public domain (US government work)"
ATTRIBUTION = (
    "U.S. Department of Agriculture, Agricultural Research Service. "
    "USDA National Nutrient Database for Standard Reference, Release 26."
)
SOURCE_PREFIX = "sr26"
# The SR files are ASCII except NUTR_DEF (ISO-8859-1, not read here); ISO-8859-1 reads both.
SR_ENCODING = "iso-8859-1"
FRIENDLY_NAMES = "usda_friendly.csv"

ABBREV_COLUMNS: tuple[str, ...] = (
    "NDB_No", "Shrt_Desc", "Water", "Energ_Kcal", "Protein", "Lipid_Tot", "Ash", "Carbohydrt",
    "Fiber_TD", "Sugar_Tot", "Calcium", "Iron", "Magnesium", "Phosphorus", "Potassium", "Sodium",
    "Zinc", "Copper", "Manganese", "Selenium", "Vit_C", "Thiamin", "Riboflavin", "Niacin",
    "Panto_Acid", "Vit_B6", "Folate_Tot", "Folic_Acid", "Food_Folate", "Folate_DFE",
    "Choline_Tot", "Vit_B12", "Vit_A_IU", "Vit_A_RAE", "Retinol", "Alpha_Carot", "Beta_Carot",
    "Beta_Crypt", "Lycopene", "Lut+Zea", "Vit_E", "Vit_D_mcg", "Vit_D_IU", "Vit_K", "FA_Sat",
    "FA_Mono", "FA_Poly", "Cholestrl", "GmWt_1", "GmWt_Desc1", "GmWt_2", "GmWt_Desc2",
    "Refuse_Pct",
)  # fmt: skip
NUTRIENT_COLUMNS: Mapping[str, str] = {
    "energy_kcal": "Energ_Kcal",
    "protein_g": "Protein",
    "fat_g": "Lipid_Tot",
    "carbohydrate_g": "Carbohydrt",
    "fiber_g": "Fiber_TD",
    "sugars_g": "Sugar_Tot",
    "sodium_mg": "Sodium",
    "saturated_fat_g": "FA_Sat",
}
FOOD_DES_COLUMNS = 14
FD_GROUP_COLUMNS = 2
WEIGHT_COLUMNS = 7

# Measure words that are no unit of the registry, by the unit a recipe line would carry.
MEASURE_WORDS: Mapping[str, str] = {
    "extra large": "large",
    "jumbo": "large",
    "super colossal": "large",
    "colossal": "large",
    "extra small": "small",
    "mini": "small",
    "miniature": "small",
    "container": "package",
    "containers": "package",
    "pouch": "package",
    "block": "package",
    "blocks": "package",
    "pack": "package",
    "envelope": "packet",
    "leaves": "leaf",
    "filet": "fillet",
    "cubic inch": "cube",
    "nlea": "serving",
    "portion": "serving",
    "order": "serving",
    "kids": "serving",
    "kid's": "serving",
    "bowl": "serving",
    "glass": "serving",
    "jigger": "serving",
}
FALLBACK_UNIT = "piece"
DENSITY_UNITS: tuple[str, ...] = ("cup", "tablespoon", "teaspoon", "fluid_ounce")
SIZED_ITEM = re.compile(r"^\d[\d.]*\s*(?:fl oz|oz|g|lb)\.?\s+(?=[a-z])", re.IGNORECASE)
MEASURE_HEAD = re.compile(r"[,(]")
PARENTHESES = re.compile(r"\([^)]*\)")


class SR26FormatError(SourceError):
    """A source file that is not in the SR26 ASCII format: says which file, line and field."""


@dataclass(frozen=True)
class SrFood:
    ndb: str
    group: str
    description: str


@dataclass(frozen=True)
class SrWeight:
    ndb: str
    seq: int
    amount: float
    measure: str
    grams: float


@dataclass(frozen=True)
class FriendlyName:
    slug: str
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    """A household measure read from its SR text: the unit, and whether the text is only it."""

    unit: str
    plain: bool


def build_usda_pack(
    src_dir: Path, out_dir: Path, curated: Path | None = None, progress: Progress = silent
) -> PackManifest:
    """Write the `usda-sr26` pack built from the SR26 files in `src_dir` into `out_dir`.

    `curated` is the friendly-name table (default: the one shipped in `data/`); every NDB
    number it lists must be a food of `src_dir`.
    """
    foods = read_foods(src_dir)
    nutrients = read_nutrients(src_dir)
    weights = read_weights(src_dir)
    progress(f"read {len(foods):,} foods and their measures from {src_dir}")
    if curated is None:
        friendly = read_friendly_names(_friendly_names_text())
    else:
        friendly = read_friendly_names(curated.read_text("utf-8"), str(curated))
    _check_references(foods, nutrients, weights, friendly)
    slugs = assign_slugs(foods, friendly)
    ingredients = [
        _ingredient(food, slugs[food.ndb], friendly.get(food.ndb), nutrients, weights)
        for food in foods
    ]
    portions = [_portion(weight, slugs[weight.ndb]) for ndb in weights for weight in weights[ndb]]
    manifest = {
        "name": PACK_NAME,
        "version": PACK_VERSION,
        "license": LICENSE,
        "attribution": ATTRIBUTION,
        "description": (
            f"USDA SR26: {len(ingredients):,} foods with nutrients per 100 g, "
            f"{len(portions):,} household portion weights, densities, and allergen and diet "
            "flags from a reviewed rule table."
        ),
    }
    ingredients.sort(key=lambda ingredient: ingredient.slug)
    portions.sort(key=_portion_order)
    progress(f"{len(ingredients):,} ingredients and {len(portions):,} portions made; writing")
    files: dict[str, Sequence[Record]] = {
        "ingredients.jsonl": ingredients,
        "portions.jsonl": portions,
    }
    return write_pack(out_dir, manifest, files)


# --- reading the SR files -----------------------------------------------------------------------


def read_sr_table(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of an SR ASCII file, checking every line has `columns` fields."""
    try:
        with path.open(encoding=SR_ENCODING, newline="") as handle:
            reader = csv.reader(handle, delimiter="^", quotechar="~", strict=True)
            for fields in reader:
                if len(fields) != columns:
                    raise SR26FormatError(
                        f"{path}:{reader.line_num}: expected {columns} fields, got {len(fields)}"
                    )
                yield reader.line_num, fields
    except csv.Error as error:
        raise SR26FormatError(f"{path}: {error}") from error
    except FileNotFoundError as error:
        raise SR26FormatError(f"{path}: missing SR26 file") from error


def read_groups(src_dir: Path) -> dict[str, str]:
    """Food group code -> description, from FD_GROUP.txt."""
    path = src_dir / "FD_GROUP.txt"
    return {code: name for _, (code, name) in read_sr_table(path, FD_GROUP_COLUMNS)}


def read_foods(src_dir: Path) -> list[SrFood]:
    """Every food of FOOD_DES.txt, with its group's description, in NDB order."""
    groups = read_groups(src_dir)
    path = src_dir / "FOOD_DES.txt"
    foods = []
    for line, fields in read_sr_table(path, FOOD_DES_COLUMNS):
        ndb, group_code, description = fields[0], fields[1], fields[2]
        if group_code not in groups:
            raise SR26FormatError(f"{path}:{line}: FdGrp_Cd: unknown food group {group_code!r}")
        if not description.strip():
            raise SR26FormatError(f"{path}:{line}: Long_Desc: empty")
        foods.append(SrFood(ndb, groups[group_code], description.strip()))
    duplicates = _duplicates(food.ndb for food in foods)
    if duplicates:
        raise SR26FormatError(f"{path}: NDB_No listed twice: {', '.join(duplicates)}")
    return sorted(foods, key=lambda food: food.ndb)


def read_nutrients(src_dir: Path) -> dict[str, Nutrients]:
    """NDB number -> nutrients per 100 g from ABBREV.txt; an empty value stays None."""
    path = src_dir / "ABBREV.txt"
    index = {column: position for position, column in enumerate(ABBREV_COLUMNS)}
    nutrients = {}
    for line, fields in read_sr_table(path, len(ABBREV_COLUMNS)):
        values = {
            field: _number(fields[index[column]], path, line, column)
            for field, column in NUTRIENT_COLUMNS.items()
        }
        negative = [NUTRIENT_COLUMNS[field] for field, value in values.items() if (value or 0) < 0]
        if negative:
            raise SR26FormatError(f"{path}:{line}: {', '.join(negative)}: negative amount")
        nutrients[fields[0]] = Nutrients.model_validate(values)
    return nutrients


def read_weights(src_dir: Path) -> dict[str, list[SrWeight]]:
    """NDB number -> its household measures from WEIGHT.txt, in SR's sequence."""
    path = src_dir / "WEIGHT.txt"
    weights: dict[str, list[SrWeight]] = defaultdict(list)
    for line, fields in read_sr_table(path, WEIGHT_COLUMNS):
        ndb, seq, amount, measure, grams = fields[:5]
        weight = SrWeight(
            ndb=ndb,
            seq=int(_required_number(seq, path, line, "Seq")),
            amount=_required_number(amount, path, line, "Amount"),
            measure=measure.strip(),
            grams=_required_number(grams, path, line, "Gm_Wgt"),
        )
        if not weight.measure or weight.amount <= 0 or weight.grams <= 0:
            raise SR26FormatError(f"{path}:{line}: a measure needs text, amount > 0, grams > 0")
        weights[ndb].append(weight)
    return {ndb: sorted(rows, key=lambda row: row.seq) for ndb, rows in weights.items()}


def read_friendly_names(text: str, source: str = FRIENDLY_NAMES) -> dict[str, FriendlyName]:
    """NDB number -> curated slug, display name and synonyms (columns ndb,slug,name,synonyms)."""
    friendly: dict[str, FriendlyName] = {}
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        where = f"{source}:{reader.line_num}"
        slug = row["slug"].strip()
        if not re.fullmatch(SLUG_PATTERN, slug):
            raise SR26FormatError(f"{where}: slug: {slug!r} is not a valid slug")
        if row["ndb"] in friendly:
            raise SR26FormatError(f"{where}: ndb: {row['ndb']} is listed twice")
        if not row["name"].strip() or "," in row["name"]:
            raise SR26FormatError(f"{where}: name: a display name, not empty, without commas")
        synonyms = tuple(s.strip() for s in row["synonyms"].split("|") if s.strip())
        friendly[row["ndb"]] = FriendlyName(slug, row["name"].strip(), synonyms)
    duplicates = _duplicates(name.slug for name in friendly.values())
    if duplicates:
        raise SR26FormatError(f"{source}: slug used twice: {', '.join(duplicates)}")
    return friendly


def _friendly_names_text() -> str:
    return resources.files("simmer.sources").joinpath("data", FRIENDLY_NAMES).read_text("utf-8")


def _check_references(
    foods: Sequence[SrFood],
    nutrients: Mapping[str, Nutrients],
    weights: Mapping[str, Sequence[SrWeight]],
    friendly: Mapping[str, FriendlyName],
) -> None:
    known = {food.ndb for food in foods}
    for source, ndbs in (
        ("ABBREV.txt", nutrients.keys()),
        ("WEIGHT.txt", weights.keys()),
        (FRIENDLY_NAMES, friendly.keys()),
    ):
        unknown = sorted(set(ndbs) - known)
        if unknown:
            raise SR26FormatError(f"{source}: NDB_No not in FOOD_DES.txt: {', '.join(unknown)}")


def _number(text: str, path: Path, line: int, column: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise SR26FormatError(f"{path}:{line}: {column}: not a number: {text!r}") from None


def _required_number(text: str, path: Path, line: int, column: str) -> float:
    value = _number(text, path, line, column)
    if value is None:
        raise SR26FormatError(f"{path}:{line}: {column}: empty")
    return value


# --- slugs ----------------------------------------------------------------------------------------


def assign_slugs(foods: Sequence[SrFood], friendly: Mapping[str, FriendlyName]) -> dict[str, str]:
    """NDB number -> slug: curated where listed, else from the description (see module doc)."""
    curated = {ndb: name.slug for ndb, name in friendly.items()}
    derived = {
        food.ndb: slugify(food.description) or "food" for food in foods if food.ndb not in curated
    }
    uses = Counter(derived.values()) + Counter(curated.values())
    unique = {ndb: slug if uses[slug] == 1 else f"{slug}-{ndb}" for ndb, slug in derived.items()}
    return {food.ndb: curated.get(food.ndb) or unique[food.ndb] for food in foods}


# --- records --------------------------------------------------------------------------------------


def _ingredient(
    food: SrFood,
    slug: str,
    friendly: FriendlyName | None,
    nutrients: Mapping[str, Nutrients],
    weights: Mapping[str, Sequence[SrWeight]],
) -> Ingredient:
    flags = food_flags(food.ndb, food.group, food.description)
    return Ingredient(
        slug=slug,
        name=friendly.name if friendly else food.description,
        food_group=food.group,
        source_id=f"{SOURCE_PREFIX}:{food.ndb}",
        synonyms=list(friendly.synonyms) if friendly else [],
        nutrients=nutrients.get(food.ndb, Nutrients()),
        allergens=flags.allergens,
        diets=flags.diets,
        density_g_per_ml=density(weights.get(food.ndb, ())),
        negligible_in_nutrition=slug in NEGLIGIBLE_IN_NUTRITION,
        pantry_staple=slug in PANTRY_STAPLES,
    )


def _portion(weight: SrWeight, slug: str) -> Portion:
    return Portion(
        ingredient=slug,
        amount=weight.amount,
        unit=measure_of(weight.measure).unit,
        grams=weight.grams,
        description=weight.measure,
    )


def _portion_order(portion: Portion) -> tuple[str, str, str, float, float]:
    description = portion.description or ""
    return (portion.ingredient, description, portion.unit, portion.amount, portion.grams)


def measure_of(text: str) -> Measure:
    """The unit a recipe line would carry for the SR measure `text` (see the module docstring).

    >>> measure_of("cup, chopped"), measure_of("NLEA serving").unit, measure_of("fruit").unit
    (Measure(unit='cup', plain=False), 'serving', 'piece')
    """
    cleaned = SIZED_ITEM.sub("", text.strip())  # '6 oz container' is a container
    words = MEASURE_HEAD.split(cleaned, maxsplit=1)[0].split()
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        unit = _kitchen_unit(phrase)
        if unit is not None:
            return Measure(unit, plain=PARENTHESES.sub("", cleaned).strip() == phrase)
    return Measure(_count_word(words), plain=False)


def _kitchen_unit(phrase: str) -> str | None:
    unit = MEASURE_WORDS.get(phrase.lower()) or canonical_unit(phrase)
    return unit if unit in kitchen_units() else None


def _count_word(words: Sequence[str]) -> str:
    """The first count unit among `words` ('individual packet'), else a piece."""
    for word in words:
        unit = _kitchen_unit(word)
        if unit in COUNT_UNITS:
            return unit
    return FALLBACK_UNIT


def density(weights: Sequence[SrWeight]) -> float | None:
    """Grams per millilitre from the best volume measure (see the module docstring)."""
    candidates = []
    for weight in weights:
        measure = measure_of(weight.measure)
        if measure.unit in DENSITY_UNITS:
            rank = (DENSITY_UNITS.index(measure.unit), not measure.plain, weight.seq)
            candidates.append((rank, weight, measure.unit))
    if not candidates:
        return None
    _, weight, unit = min(candidates, key=lambda candidate: candidate[0])
    return round(weight.grams / (weight.amount * milliliters_per_unit(unit)), 4)


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)
