"""The pack format: pydantic models for `pack.json` and every JSON Lines record.

These models are the specification (packs/README.md describes them in prose, and the JSON Schema
files under packs/schema/ are generated from them). Field-level rules live here; rules that need
more than one record (references, duplicates, checksums) live in `simmer.packs.validate`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from simmer.units import kitchen_units

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def _pep440(version: str) -> str:
    """Dependencies are matched with PEP 440 specifiers, so a version must be PEP 440 too."""
    try:
        Version(version)
    except InvalidVersion:
        raise ValueError(
            f"version {version!r} is SemVer but not PEP 440 (use 1.0.0, 1.0.0-rc.1, 1.0.0-post.1)"
        ) from None
    return version


def _specifier(specifier: str) -> str:
    try:
        SpecifierSet(specifier)
    except InvalidSpecifier:
        raise ValueError(f"{specifier!r} is not a PEP 440 version specifier") from None
    return specifier


SemVer = Annotated[
    str,
    StringConstraints(pattern=r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"),
    AfterValidator(_pep440),
]
# Magnitude bounds: generous for any kitchen, small enough that sums of them stay finite and
# meaningful (no 1e308 gram portions). Every float is finite: JSON has no Infinity or NaN.
MAX_AMOUNT = 1e6  # a quantity, package size or price: a tonne in grams, a million in money
MAX_GRAMS_PER_100G = 100.0  # a nutrient's grams in 100 g of food
MAX_KCAL_PER_100G = 1000.0  # pure fat is 902
MAX_MG_PER_100G = 100_000.0  # 100 g in 100 g
MAX_LINE_NO = 10_000
NonNegative = Annotated[float, Field(ge=0, le=MAX_AMOUNT)]
Positive = Annotated[float, Field(gt=0, le=MAX_AMOUNT)]
GramsPer100g = Annotated[float, Field(ge=0, le=MAX_GRAMS_PER_100G)]
# A data file's name in pack.json: one of DATA_FILES, or a relative path under media/ whose
# every segment is a plain name (no '..', no absolute path, no backslash): never outside the pack.
MEDIA_PATH = r"^media(?:/(?!\.\.?/)(?!\.\.?$)[A-Za-z0-9._-]+)+$"
KitchenUnit = Annotated[
    str,
    StringConstraints(pattern=f"^(?:{'|'.join(kitchen_units())})$"),
    WithJsonSchema({"type": "string", "enum": list(kitchen_units())}),
]


class Allergen(StrEnum):
    MILK = "milk"
    EGG = "egg"
    FISH = "fish"
    SHELLFISH = "shellfish"
    TREE_NUTS = "tree_nuts"
    PEANUTS = "peanuts"
    WHEAT = "wheat"
    SOY = "soy"
    SESAME = "sesame"


class Diet(StrEnum):
    OMNIVORE = "omnivore"
    PESCATARIAN = "pescatarian"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"


class LineStatus(StrEnum):
    PARSED = "parsed"
    ESTIMATED = "estimated"
    UNMATCHED = "unmatched"


DATA_FILES: tuple[str, ...] = (
    "ingredients.jsonl",
    "portions.jsonl",
    "tags.jsonl",
    "recipes.jsonl",
    "vendor_products.jsonl",
)


class Record(BaseModel):
    """Base of every pack record: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PackDependency(Record):
    name: Slug
    version: Annotated[
        str, AfterValidator(_specifier), Field(description="PEP 440 specifier, e.g. '>=1.0,<2'")
    ] = ""


class PackManifest(Record):
    """`pack.json`."""

    name: Slug
    version: SemVer
    license: NonEmpty
    attribution: NonEmpty
    description: NonEmpty
    files: dict[str, Sha256] = Field(description="sha256 of every data file, by file name")
    depends: list[PackDependency] = Field(default_factory=list)
    overrides: list[Slug] = Field(
        default_factory=list, description="slugs this pack deliberately redefines"
    )

    @field_validator("files")
    @classmethod
    def _known_files(cls, files: dict[str, str]) -> dict[str, str]:
        allowed = set(DATA_FILES)
        for name in files:
            if name.startswith("media/") and not re.fullmatch(MEDIA_PATH, name):
                raise ValueError(
                    f"media file name {name!r} must stay inside the pack: plain names "
                    "joined by '/', no '..', no absolute path"
                )
            if name not in allowed and not name.startswith("media/"):
                raise ValueError(f"unknown data file {name!r}: expected one of {sorted(allowed)}")
        return files


class Nutrients(Record):
    """Per 100 g edible portion. A missing value is unknown, never zero."""

    energy_kcal: Annotated[float, Field(ge=0, le=MAX_KCAL_PER_100G)] | None = None
    protein_g: GramsPer100g | None = None
    fat_g: GramsPer100g | None = None
    carbohydrate_g: GramsPer100g | None = None
    fiber_g: GramsPer100g | None = None
    sugars_g: GramsPer100g | None = None
    sodium_mg: Annotated[float, Field(ge=0, le=MAX_MG_PER_100G)] | None = None
    saturated_fat_g: GramsPer100g | None = None


class Ingredient(Record):
    slug: Slug
    name: NonEmpty
    food_group: NonEmpty | None = None
    source_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+:[A-Za-z0-9._-]+$")] | None = (
        None
    )
    synonyms: list[NonEmpty] = Field(default_factory=list)
    nutrients: Nutrients = Field(default_factory=Nutrients)
    allergens: dict[Allergen, bool] = Field(
        default_factory=dict,
        description="true: present, false: known absent; an allergen not listed is unknown",
    )
    diets: dict[Diet, bool] = Field(
        default_factory=dict,
        description="true: fits the diet, false: does not; a diet not listed is unknown",
    )
    density_g_per_ml: Annotated[float, Field(gt=0, le=25)] | None = None  # osmium: 22.6
    negligible_in_nutrition: bool = Field(
        default=False,
        description="used in amounts whose energy does not count (salt, dried spices, water): "
        "a recipe missing its amount is still fully quantified",
    )
    pantry_staple: bool = Field(
        default=False,
        description="kept for months in most kitchens (salt, oil, flour): sharing it says "
        "nothing about leftovers",
    )


class Portion(Record):
    """A household measure: `amount` `unit` of `ingredient` weighs `grams`."""

    ingredient: Slug
    amount: Positive
    unit: KitchenUnit
    grams: Positive
    description: NonEmpty | None = None


class Tag(Record):
    slug: Slug
    name: NonEmpty


class IngredientLine(Record):
    line_no: Annotated[int, Field(ge=1, le=MAX_LINE_NO)]
    text: NonEmpty
    group: NonEmpty | None = Field(default=None, description="sub-list heading, e.g. 'Spices'")
    quantity: NonNegative | None = None
    quantity_max: NonNegative | None = Field(default=None, description="upper end of a range")
    unit: KitchenUnit | None = None
    ingredient: Slug | None = None
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None
    preparation: NonEmpty | None = None
    optional: bool = False
    status: LineStatus
    note: NonEmpty | None = Field(default=None, description="why a line is estimated or unmatched")


class Recipe(Record):
    slug: Slug
    title: NonEmpty
    servings: Annotated[int, Field(ge=1, le=500)] | None = None
    servings_estimated: bool = False
    prep_time_min: Annotated[int, Field(ge=0, le=10080)] | None = None
    cook_time_min: Annotated[int, Field(ge=0, le=10080)] | None = None
    total_time_min: Annotated[int, Field(ge=0, le=20160)] | None = None
    tags: list[Slug] = Field(default_factory=list)
    ingredients: list[IngredientLine]
    steps: list[NonEmpty] = Field(default_factory=list)
    author: NonEmpty | None = None
    source: NonEmpty | None = None
    license: NonEmpty | None = None
    meal_slots: list[Literal["breakfast", "lunch", "dinner"]] = Field(default_factory=list)


class VendorProduct(Record):
    vendor: Slug
    sku: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]+$", max_length=64)]
    ingredient: Slug
    name: NonEmpty | None = None
    package_size: Positive
    package_unit: KitchenUnit
    price: NonNegative
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


RECORD_MODELS: dict[str, type[Record]] = {
    "ingredients.jsonl": Ingredient,
    "portions.jsonl": Portion,
    "tags.jsonl": Tag,
    "recipes.jsonl": Recipe,
    "vendor_products.jsonl": VendorProduct,
}
