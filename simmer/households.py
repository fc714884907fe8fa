"""Households: the preferences the planner honours, demo households, and the planner's snapshot.

Demo households are deterministic: household i of seed s always has the same id (uuid5) and the
same preferences, so seeding twice changes nothing. Some list their members (each with their own
energy target; `size` is then the number of members), some pin a favourite to a weekday and
slot, and half have 1-3 staples of `DEMO_PANTRY` on hand (`household_pantry`), which their
shopping lists subtract.

`snapshot_households` reads every household with its members and pins from PostgreSQL into the
planner's `HOUSEHOLDS` frame (`simmer.planner.schema`), sorted by id; `snapshot_pantry` reads
what those households have on hand (`PANTRY`), for their shopping lists.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import insert

from simmer.packs.schema import Allergen, Diet
from simmer.planner.schema import HOUSEHOLDS, MEMBER, PIN
from simmer.store.models import (
    MEAL_SLOTS,
    Household,
    HouseholdMember,
    HouseholdPin,
    PantryItem,
)

DEMO_NAMESPACE = uuid.UUID("5f1b3c1e-6a52-4f0e-9d43-2d6a2b7c9e10")
SEED_BATCH = 2000  # rows per INSERT: 2,000 x 16 columns stays under 65,535 parameters
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
_FIRST_NAMES = ("Ada", "Bo", "Cy", "Di", "Eli", "Fay", "Gus", "Hana", "Ines", "Jo", "Kai", "Lu")
DEMO_PINS = (  # (weekday, slot, recipe slug, tag) of the public-domain-recipes pack
    (5, "dinner", None, "pasta"),
    (3, "lunch", None, "soup"),
    (6, "dinner", "pastitsio", None),
    (0, "breakfast", None, "pancake"),
)
DEMO_PANTRY = (  # (ingredient slug of the usda-sr26 pack, grams a kitchen may have on hand)
    ("milk", 1000.0),
    ("onion", 500.0),
    ("spaghetti", 500.0),
    ("rolled-oats", 500.0),
    ("butter", 250.0),
    ("egg", 300.0),
    ("tomato", 400.0),
    ("potato", 1000.0),
    ("carrot", 500.0),
    ("banana", 360.0),
)
PANTRY_SHARE = 0.5  # of demo households with something on hand
_SURNAMES = ("Garcia", "Okafor", "Nguyen", "Schmidt", "Rossi", "Tanaka", "Novak", "Silva", "Haddad")


@dataclass(frozen=True)
class Member:
    name: str
    kcal_target: int


@dataclass(frozen=True)
class Pin:
    weekday: int  # 0 = Sunday ... 6 = Saturday
    slot: str
    recipe_slug: str | None = None
    tag: str | None = None


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
    leftovers: bool = True
    members: list[Member] = field(default_factory=list)
    pins: list[Pin] = field(default_factory=list)
    pantry: list[tuple[str, float]] = field(default_factory=list)  # (ingredient slug, grams)


def household_row(household: HouseholdPrefs) -> dict[str, Any]:
    """The `households` table's row of a household (members, pins and pantry live in their
    tables)."""
    row = asdict(household)
    del row["members"], row["pins"], row["pantry"]
    return row


def demo_household(index: int, seed: int = 0) -> HouseholdPrefs:
    rng = random.Random(f"simmer-demo-{seed}-{index}")
    size = rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 35, 20, 20, 7, 3))[0]
    diet = rng.choices(list(_DIET_WEIGHTS), weights=list(_DIET_WEIGHTS.values()))[0]
    kcal = rng.randrange(1700, 2701, 50)
    slots = rng.choice((["dinner"], ["lunch", "dinner"], list(MEAL_SLOTS)))
    members = _demo_members(rng, size) if rng.random() < 0.4 else []
    pins = [
        Pin(w, slot, r, t) for w, slot, r, t in DEMO_PINS if slot in slots and rng.random() < 0.2
    ]
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
        leftovers=rng.random() < 0.8,
        members=members,
        pins=pins,
        pantry=_demo_pantry(rng),  # drawn last: the preferences above stay what they were
    )


def _demo_pantry(rng: random.Random) -> list[tuple[str, float]]:
    """For `PANTRY_SHARE` of households 1-3 of `DEMO_PANTRY`, in slug order."""
    if rng.random() >= PANTRY_SHARE:
        return []
    return sorted(rng.sample(DEMO_PANTRY, rng.randint(1, 3)))


def _demo_members(rng: random.Random, size: int) -> list[Member]:
    """Adults first (1,800-2,800 kcal), then children (1,200-1,700 kcal)."""
    adults = min(size, rng.choice((1, 2)))
    return [
        Member(
            name=rng.choice(_FIRST_NAMES),
            kcal_target=rng.randrange(1800, 2801, 50)
            if i < adults
            else rng.randrange(1200, 1701, 50),
        )
        for i in range(size)
    ]


def demo_households(count: int, seed: int = 0) -> list[HouseholdPrefs]:
    return [demo_household(index, seed) for index in range(count)]


def seed_households(connection: Connection, households: list[HouseholdPrefs]) -> int:
    """Insert households that are not there yet (by id), with their members, pins and pantry;
    the number inserted. Rows go in batches that stay under PostgreSQL's 65,535 parameters."""
    inserted: set[uuid.UUID] = set()
    for start in range(0, len(households), SEED_BATCH):
        batch = households[start : start + SEED_BATCH]
        statement = (
            insert(Household)
            .values([household_row(h) for h in batch])
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(Household.id)
        )
        inserted |= set(connection.execute(statement).scalars())
    fresh = [h for h in households if h.id in inserted]
    members = [
        {"household_id": h.id, "position": i, **asdict(m)}
        for h in fresh
        for i, m in enumerate(h.members)
    ]
    pins = [{"household_id": h.id, **asdict(p)} for h in fresh for p in h.pins]
    pantry = [
        {"household_id": h.id, "ingredient_slug": slug, "grams": grams}
        for h in fresh
        for slug, grams in h.pantry
    ]
    tables = ((HouseholdMember, members), (HouseholdPin, pins), (PantryItem, pantry))
    for table, rows in tables:
        if rows:
            connection.execute(insert(table), rows)
    return len(inserted)


def snapshot_households(
    connection: Connection, zone: str | None = None, household_id: str | None = None
) -> pl.DataFrame:
    """Every household (of `zone`, when given; only `household_id`, when given) with its members
    and pins, as the planner's `HOUSEHOLDS` frame, sorted by id."""
    where = {"zone": zone, "household": household_id}
    members = (
        _read(connection, _MEMBERS_SQL, _MEMBER_ROWS, where)
        .group_by("household_id", maintain_order=True)
        .agg(members=pl.struct("name", "kcal_target").cast(MEMBER))
    )
    pins = (
        _read(connection, _PINS_SQL, _PIN_ROWS, where)
        .group_by("household_id", maintain_order=True)
        .agg(pins=pl.struct("weekday", "slot", "recipe_slug", "tag").cast(PIN))
    )
    return (
        _read(connection, _HOUSEHOLDS_SQL, _HOUSEHOLD_ROWS, where)
        .join(members, on="household_id", how="left")
        .join(pins, on="household_id", how="left")
        .with_columns(pl.col("pins").fill_null([]))
        .select(HOUSEHOLDS.names())
        .sort("household_id")
    )


_IN_ZONE = (
    "(CAST(:zone AS text) IS NULL OR timezone = :zone)"
    " AND (CAST(:household AS uuid) IS NULL OR id = CAST(:household AS uuid))"
)
_HOUSEHOLD_ROWS = pl.Schema(
    {name: dtype for name, dtype in HOUSEHOLDS.items() if name not in ("members", "pins")}
)
_HOUSEHOLDS_SQL = (
    "SELECT id::text AS household_id, "
    + ", ".join(
        f"{name}::float8" if name == "weekly_budget" else name
        for name in _HOUSEHOLD_ROWS.names()[1:]
    )
    + f" FROM households WHERE {_IN_ZONE} ORDER BY id"
)
_MEMBER_ROWS = pl.Schema({"household_id": pl.String(), **dict(MEMBER.to_schema())})
_MEMBERS_SQL = (
    "SELECT household_id::text, name, kcal_target FROM household_members"
    f" WHERE household_id IN (SELECT id FROM households WHERE {_IN_ZONE})"
    " ORDER BY household_id, position"
)
_PIN_ROWS = pl.Schema({"household_id": pl.String(), **dict(PIN.to_schema())})
_PINS_SQL = (
    "SELECT household_id::text, weekday, slot, recipe_slug, tag FROM household_pins"
    f" WHERE household_id IN (SELECT id FROM households WHERE {_IN_ZONE})"
    " ORDER BY household_id, weekday, slot"
)


PANTRY = pl.Schema(
    {"household_id": pl.String(), "ingredient_slug": pl.String(), "grams": pl.Float64()}
)
_PANTRY_SQL = (
    "SELECT household_id::text, ingredient_slug, grams FROM household_pantry"
    f" WHERE household_id IN (SELECT id FROM households WHERE {_IN_ZONE})"
    " ORDER BY household_id, ingredient_slug"
)


def snapshot_pantry(
    connection: Connection, zone: str | None = None, household_id: str | None = None
) -> pl.DataFrame:
    """What the households (of `zone`, when given; only `household_id`, when given) have on
    hand, as `PANTRY` rows."""
    return _read(connection, _PANTRY_SQL, PANTRY, {"zone": zone, "household": household_id})


def _read(
    connection: Connection, sql: str, schema: pl.Schema, parameters: dict[str, str | None]
) -> pl.DataFrame:
    rows = connection.execute(text(sql), parameters).all()
    return pl.DataFrame([tuple(row) for row in rows], schema=schema, orient="row")


def household_zones(connection: Connection) -> list[str]:
    """The time zones that have households, sorted."""
    return list(connection.execute(text(_ZONES_SQL)).scalars())


_ZONES_SQL = "SELECT DISTINCT timezone FROM households ORDER BY timezone"
