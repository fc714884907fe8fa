"""Households: the preferences the planner honours, and varied demo households for the demo.

Demo households are deterministic: household i of seed s always has the same id (uuid5) and the
same preferences, so seeding twice changes nothing.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert

from simmer.packs.schema import Allergen, Diet
from simmer.store.models import MEAL_SLOTS, Household

DEMO_NAMESPACE = uuid.UUID("5f1b3c1e-6a52-4f0e-9d43-2d6a2b7c9e10")
DEMO_TIMEZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Australia/Sydney",
)
DEMO_DISLIKES = (  # ingredient slugs of the usda-sr26 pack
    "mushroom",
    "cilantro",
    "black-olive",
    "eggplant",
    "beet",
    "anchovy",
    "blue-cheese",
    "brussels-sprouts",
    "celery",
    "firm-tofu",
)
_DIET_WEIGHTS = {Diet.OMNIVORE: 60, Diet.PESCATARIAN: 10, Diet.VEGETARIAN: 20, Diet.VEGAN: 10}
_ALLERGY_RATE = {
    Allergen.PEANUTS: 0.06,
    Allergen.TREE_NUTS: 0.05,
    Allergen.MILK: 0.05,
    Allergen.EGG: 0.03,
    Allergen.WHEAT: 0.04,
    Allergen.SHELLFISH: 0.04,
    Allergen.FISH: 0.02,
    Allergen.SOY: 0.02,
    Allergen.SESAME: 0.02,
}
_SURNAMES = ("Garcia", "Okafor", "Nguyen", "Schmidt", "Rossi", "Tanaka", "Novak", "Silva", "Haddad")


@dataclass(frozen=True)
class HouseholdPrefs:
    id: uuid.UUID
    name: str
    size: int
    diet: str
    timezone: str
    kcal_per_person: int
    meal_slots: list[str]
    allergies: list[str] = field(default_factory=list)
    dislikes: list[str] = field(default_factory=list)
    weekly_budget: Decimal | None = None
    currency: str = "USD"
    protein_g_per_person: int | None = None
    fat_g_per_person: int | None = None
    carbs_g_per_person: int | None = None
    max_cook_time_min: int | None = None


def demo_household(index: int, seed: int = 0) -> HouseholdPrefs:
    rng = random.Random(f"simmer-demo-{seed}-{index}")
    size = rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 35, 20, 20, 7, 3))[0]
    diet = rng.choices(list(_DIET_WEIGHTS), weights=list(_DIET_WEIGHTS.values()))[0]
    kcal = rng.randrange(1700, 2701, 50)
    slots = rng.choice((["dinner"], ["lunch", "dinner"], list(MEAL_SLOTS)))
    return HouseholdPrefs(
        id=uuid.uuid5(DEMO_NAMESPACE, f"{seed}:{index}"),
        name=f"The {rng.choice(_SURNAMES)} household #{index + 1}",
        size=size,
        diet=diet.value,
        timezone=rng.choice(DEMO_TIMEZONES),
        kcal_per_person=kcal,
        meal_slots=slots,
        allergies=sorted(a.value for a, rate in _ALLERGY_RATE.items() if rng.random() < rate),
        dislikes=sorted(rng.sample(DEMO_DISLIKES, rng.choice((0, 0, 1, 2, 3)))),
        weekly_budget=Decimal(rng.randrange(35, 56) * size * len(slots)),
        protein_g_per_person=round(kcal * 0.2 / 4),
        fat_g_per_person=round(kcal * 0.3 / 9),
        carbs_g_per_person=round(kcal * 0.5 / 4),
        max_cook_time_min=rng.choice((None, 30, 45, 60, 90)),
    )


def demo_households(count: int, seed: int = 0) -> list[HouseholdPrefs]:
    return [demo_household(index, seed) for index in range(count)]


def seed_households(engine: Engine, households: list[HouseholdPrefs]) -> int:
    """Insert households that are not there yet (by id); the number inserted."""
    if not households:
        return 0
    rows: list[dict[str, Any]] = [asdict(h) for h in households]
    statement = (
        insert(Household)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(Household.id)
    )
    with engine.begin() as connection:
        return len(connection.execute(statement).all())
