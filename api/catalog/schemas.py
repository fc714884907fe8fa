"""Catalog resources, read from the catalog read model (`simmer.store.catalog_read_model`),
and what a pack upload answers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ReadRecipeLine(BaseModel):
    line_no: int
    text: str
    quantity: float | None
    unit: str | None
    ingredient_slug: str | None
    grams: float | None = Field(description="null when the line cannot be weighed")
    status: str = Field(description="parsed, estimated (an approximate amount) or unmatched")
    optional: bool | None
    estimated: bool = Field(
        default=False, description="grams are an estimate (see grams_method), not the line's own"
    )
    grams_method: str | None = Field(default=None, description="how the grams were found")


class ReadRecipeSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="the recipe's slug")
    slug: str
    title: str
    servings: int | None
    total_time_min: int | None
    tags: list[str]
    meal_slots: list[str]
    kcal_per_serving: float | None
    protein_g_per_serving: float | None
    fat_g_per_serving: float | None
    carbs_g_per_serving: float | None
    coverage: float = Field(description="share of lines with grams and energy")
    allergens: list[str] = Field(description="allergens known present")
    allergens_unknown: list[str] = Field(description="allergens not known absent: unsafe")
    diets: list[str] = Field(description="diets the recipe is known to fit")
    cost_per_serving: float | None = Field(description="estimate from vendor prices")
    currency: str | None


class ReadRecipe(ReadRecipeSummary):
    pack: str
    servings_estimated: bool = Field(
        description="servings estimated by Simmer (the pack states none or an implausible one)"
    )
    fully_quantified: bool
    cost_coverage: float | None
    lines: list[ReadRecipeLine]
    catalog_version: str


class ReadIngredient(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="the ingredient's slug")
    slug: str
    name: str
    food_group: str | None
    source_id: str | None
    pack: str
    kcal_per_100g: float | None
    protein_g_per_100g: float | None
    fat_g_per_100g: float | None
    carbs_g_per_100g: float | None
    allergens: list[str]
    allergens_unknown: list[str]
    diets: list[str]
    tags: list[str] = Field(description="its food group as a slug, and the diets it fits")


class InstalledPackOut(BaseModel):
    name: str
    version: str
    path: str = Field(description="where the archive is, in the packs folder the sensor watches")
    checksum: str = Field(description="the pack's content checksum, as the sensor compares it")
    archive_sha256: str = Field(description="sha256 of the archive file as stored")
    replaced: list[str] = Field(description="archives of other versions of this pack removed")
    ingestion: str = Field(description="what ingests it, and when")
