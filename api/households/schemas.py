"""Household resources: what a client sends (`Create*`, `Update*`) and reads back (`Read*`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from api.tokens.schemas import ReadNewToken
from simmer.packs.schema import Allergen, Diet

MealSlot = Literal["breakfast", "lunch", "dinner"]
SLOT_ORDER: tuple[MealSlot, ...] = ("breakfast", "lunch", "dinner")
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def iana_zone(value: str) -> str:
    if value not in _zones():
        raise ValueError(f"{value!r} is not an IANA time zone (such as 'Europe/Berlin')")
    return value


def _sorted_unique_allergens(values: list[Allergen]) -> list[Allergen]:
    return sorted(set(values))


def _slot_order(values: list[MealSlot]) -> list[MealSlot]:
    return [slot for slot in SLOT_ORDER if slot in values]


TimeZone = Annotated[str, StringConstraints(max_length=64), AfterValidator(iana_zone)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Member(BaseModel):
    """A person of the household with their own daily energy target."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    name: Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]
    kcal_target: Annotated[int, Field(ge=800, le=6000)]


class Pin(BaseModel):
    """A recurring favourite on a weekday (0 = Sunday ... 6 = Saturday) and slot: one recipe
    (`recipe_slug`) or any recipe with a tag (`tag`), exactly one of the two."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    weekday: Annotated[int, Field(ge=0, le=6, description="0 = Sunday ... 6 = Saturday")]
    slot: MealSlot
    recipe_slug: Slug | None = None
    tag: Tag | None = None

    @model_validator(mode="after")
    def _recipe_xor_tag(self) -> Pin:
        if (self.recipe_slug is None) == (self.tag is None):
            raise ValueError("a pin names exactly one of recipe_slug and tag")
        return self


def _pin_order(pins: list[Pin]) -> list[Pin]:
    return sorted(pins, key=lambda pin: (pin.weekday, SLOT_ORDER.index(pin.slot)))


class Preferences(BaseModel):
    """What the planner honours; goals are per person per day. PUT replaces all of them: an
    omitted field takes its default."""

    model_config = ConfigDict(extra="forbid")

    diet: Diet = Diet.OMNIVORE
    allergies: Annotated[
        list[Allergen], Field(max_length=9), AfterValidator(_sorted_unique_allergens)
    ] = []
    dislikes: Annotated[
        list[Slug], Field(max_length=200, description="ingredient slugs of the catalog")
    ] = []
    weekly_budget: Annotated[float | None, Field(ge=0.01, le=100_000)] = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    kcal_per_person: Annotated[int, Field(ge=800, le=6000)] = 2000
    protein_g_per_person: Annotated[int | None, Field(ge=0, le=1000)] = None
    fat_g_per_person: Annotated[int | None, Field(ge=0, le=1000)] = None
    carbs_g_per_person: Annotated[int | None, Field(ge=0, le=2000)] = None
    meal_slots: Annotated[
        list[MealSlot], Field(min_length=1, max_length=3), AfterValidator(_slot_order)
    ] = ["dinner"]
    max_cook_time_min: Annotated[int | None, Field(gt=0, le=1440)] = None
    leftovers: Annotated[
        bool,
        Field(
            description="with lunch and dinner planned, dinners are cooked twice as big and"
            " eaten again at the next day's lunch"
        ),
    ] = True
    members: Annotated[
        list[Member],
        Field(
            max_length=20,
            description="when listed, the planner plans for these people and their own targets"
            " instead of `size` people at `kcal_per_person`",
        ),
    ] = []
    pins: Annotated[
        list[Pin],
        Field(max_length=21, description="one per weekday and slot, in the household's slots"),
    ] = []


class UpdatePreferences(Preferences):
    pass


class ReadPreferences(Preferences):
    model_config = ConfigDict(extra="ignore", from_attributes=True)

    pins: Annotated[list[Pin], AfterValidator(_pin_order)] = []


class CreateHousehold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    size: Annotated[int, Field(ge=1, le=20)]
    timezone: TimeZone
    preferences: UpdatePreferences = UpdatePreferences()


class ReadHousehold(BaseModel):
    id: uuid.UUID
    name: str
    size: int
    timezone: str
    preferences: ReadPreferences
    created_at: datetime
    updated_at: datetime


class CreatedHousehold(BaseModel):
    """A new household and its first token (shown this once; only its hash is kept). `token` is
    null when the request was a retry under the same `Idempotency-Key`."""

    household: ReadHousehold
    token: ReadNewToken | None


MAX_PANTRY_GRAMS = 100_000  # 100 kg of one ingredient: more is a typing slip, not a pantry


class StockedItem(BaseModel):
    """What the household has of one ingredient: `grams`, or a `quantity` of a mass `unit`
    (g, kg, oz, lb, with the spellings recipes use), converted to grams."""

    model_config = ConfigDict(extra="forbid")

    ingredient_slug: Slug
    grams: Annotated[float | None, Field(gt=0, le=MAX_PANTRY_GRAMS)] = None
    quantity: Annotated[float | None, Field(gt=0, le=MAX_PANTRY_GRAMS)] = None
    unit: Annotated[str | None, StringConstraints(min_length=1, max_length=30)] = None

    @model_validator(mode="after")
    def _grams_xor_quantity(self) -> StockedItem:
        if (self.grams is None) == (self.quantity is None and self.unit is None):
            raise ValueError("give either grams, or quantity and unit")
        if self.grams is None and (self.quantity is None or self.unit is None):
            raise ValueError("a quantity needs its unit, and a unit its quantity")
        return self


class UpdatePantry(BaseModel):
    """Everything on hand (PUT replaces the whole pantry; `[]` empties it)."""

    model_config = ConfigDict(extra="forbid")

    items: Annotated[list[StockedItem], Field(max_length=1000)]


class PantryItem(BaseModel):
    ingredient_slug: str
    grams: float


class ReadPantry(BaseModel):
    """A household's pantry, by ingredient slug; the shopping list subtracts it."""

    household_id: uuid.UUID
    items: list[PantryItem]
