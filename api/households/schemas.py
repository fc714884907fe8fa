"""Household resources: what a client sends (`Create*`, `Update*`) and reads back (`Read*`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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


class UpdatePreferences(Preferences):
    pass


class ReadPreferences(Preferences):
    model_config = ConfigDict(extra="ignore", from_attributes=True)


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
