"""Tables of the serving database."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from simmer.packs.schema import Allergen, Diet
from simmer.planner.schema import PLAN_STATUSES

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MEAL_SLOTS = ("breakfast", "lunch", "dinner")


def _in_vocabulary(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} <@ ARRAY[{quoted}]::text[]"


class JSONText(TypeDecorator[Any]):
    """JSON kept as `text`: written as given (JSON text), read back parsed."""

    impl = Text
    cache_ok = True

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Household(Base):
    """A household and its planning preferences; goals are per person per day."""

    __tablename__ = "households"
    __table_args__ = (
        CheckConstraint("size BETWEEN 1 AND 20", name="size_range"),
        CheckConstraint(
            "diet IN (" + ", ".join(f"'{d.value}'" for d in Diet) + ")", name="diet_vocabulary"
        ),
        CheckConstraint(
            _in_vocabulary("allergies", tuple(a.value for a in Allergen)), name="allergens"
        ),
        CheckConstraint(_in_vocabulary("meal_slots", MEAL_SLOTS), name="meal_slots"),
        CheckConstraint("cardinality(meal_slots) >= 1", name="some_meal_slot"),
        CheckConstraint("weekly_budget IS NULL OR weekly_budget > 0", name="budget_positive"),
        CheckConstraint("kcal_per_person BETWEEN 800 AND 6000", name="kcal_range"),
        CheckConstraint("max_cook_time_min IS NULL OR max_cook_time_min > 0", name="cook_time"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    diet: Mapped[str] = mapped_column(String(20))
    allergies: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    dislikes: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    weekly_budget: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    kcal_per_person: Mapped[int] = mapped_column(Integer)
    protein_g_per_person: Mapped[int | None] = mapped_column(Integer)
    fat_g_per_person: Mapped[int | None] = mapped_column(Integer)
    carbs_g_per_person: Mapped[int | None] = mapped_column(Integer)
    meal_slots: Mapped[list[str]] = mapped_column(ARRAY(Text))
    max_cook_time_min: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64), index=True)
    leftovers: Mapped[bool] = mapped_column(Boolean, server_default=true(), default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    members: Mapped[list[HouseholdMember]] = relationship(
        order_by="HouseholdMember.position", cascade="all, delete-orphan", lazy="selectin"
    )
    pins: Mapped[list[HouseholdPin]] = relationship(
        order_by="(HouseholdPin.weekday, HouseholdPin.slot)",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class HouseholdMember(Base):
    """A person of a household with their own daily energy target; a household that lists its
    members is planned for them (servings are the sum of their portions), else every one of
    `size` people counts as the household's `kcal_per_person`."""

    __tablename__ = "household_members"
    __table_args__ = (
        CheckConstraint("kcal_target BETWEEN 800 AND 6000", name="kcal_range"),
        CheckConstraint("position >= 0", name="position_positive"),
    )

    household_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kcal_target: Mapped[int] = mapped_column(Integer)


class HouseholdPin(Base):
    """A recurring favourite: a recipe (by slug) or any recipe with a tag, on a weekday
    (0 = Sunday ... 6 = Saturday) and slot; one pin per weekday and slot."""

    __tablename__ = "household_pins"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint(
            "slot IN (" + ", ".join(f"'{slot}'" for slot in MEAL_SLOTS) + ")", name="slot"
        ),
        CheckConstraint("(recipe_slug IS NULL) <> (tag IS NULL)", name="recipe_or_tag"),
    )

    household_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot: Mapped[str] = mapped_column(String(20), primary_key=True)
    recipe_slug: Mapped[str | None] = mapped_column(Text)
    tag: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    """A household's bearer token, stored as the SHA-256 of the token (never the token itself).

    Tokens are 256 random bits, so a fast hash is enough: nobody can search that space, and a
    fast hash lets every request find its token by an indexed equality lookup. A slow hash
    (bcrypt, argon2) protects guessable secrets such as passwords, which these are not.
    """

    __tablename__ = "api_tokens"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    token_sha256: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IdempotencyKey(Base):
    """A write already answered under an `Idempotency-Key`: a retry gets the same outcome."""

    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_sha256: Mapped[bytes] = mapped_column(LargeBinary(32))
    status_code: Mapped[int] = mapped_column(Integer)
    resource_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AuditEvent(Base):
    """Who did what to which household: token mints and revocations, preference changes."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    household_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), index=True)
    request_id: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class CatalogRecipe(Base):
    """The catalog read model: one recipe with its macros, flags, cost, coverage and lines."""

    __tablename__ = "catalog_recipes"

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    pack: Mapped[str] = mapped_column(Text)
    servings: Mapped[int | None] = mapped_column(Integer)
    servings_estimated: Mapped[bool] = mapped_column(Boolean)
    total_time_min: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text))
    meal_slots: Mapped[list[str]] = mapped_column(ARRAY(Text))
    kcal_per_serving: Mapped[float | None] = mapped_column(Float)
    protein_g_per_serving: Mapped[float | None] = mapped_column(Float)
    fat_g_per_serving: Mapped[float | None] = mapped_column(Float)
    carbs_g_per_serving: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float] = mapped_column(Float)
    fully_quantified: Mapped[bool] = mapped_column(Boolean)
    allergens: Mapped[list[str]] = mapped_column(ARRAY(Text))
    allergens_unknown: Mapped[list[str]] = mapped_column(ARRAY(Text))
    diets: Mapped[list[str]] = mapped_column(ARRAY(Text))
    cost_per_serving: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(Text)
    cost_coverage: Mapped[float | None] = mapped_column(Float)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    catalog_version: Mapped[str] = mapped_column(Text)


class CatalogIngredient(Base):
    """The catalog read model: one ingredient, nutrition per 100 g, flags and its tags."""

    __tablename__ = "catalog_ingredients"

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    food_group: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(Text)
    pack: Mapped[str] = mapped_column(Text)
    kcal_per_100g: Mapped[float | None] = mapped_column(Float)
    protein_g_per_100g: Mapped[float | None] = mapped_column(Float)
    fat_g_per_100g: Mapped[float | None] = mapped_column(Float)
    carbs_g_per_100g: Mapped[float | None] = mapped_column(Float)
    allergens: Mapped[list[str]] = mapped_column(ARRAY(Text))
    allergens_unknown: Mapped[list[str]] = mapped_column(ARRAY(Text))
    diets: Mapped[list[str]] = mapped_column(ARRAY(Text))
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text))
    catalog_version: Mapped[str] = mapped_column(Text)


class PantryItem(Base):
    """What a household has on hand: grams of an ingredient (by slug), subtracted from the
    shopping list of its plans (`simmer.shopping`)."""

    __tablename__ = "household_pantry"
    __table_args__ = (CheckConstraint("grams > 0", name="grams_positive"),)

    household_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    ingredient_slug: Mapped[str] = mapped_column(Text, primary_key=True)
    grams: Mapped[float] = mapped_column(Double)


PLAN_SOURCES = ("schedule", "regenerate")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _plan_key() -> Mapped[uuid.UUID]:
    """A child table's plan: no foreign key (its upkeep cost half of publishing); the trigger
    `plans_delete_children` (migration 0006) deletes a deleted plan's rows instead."""
    return mapped_column(UUID(as_uuid=True), primary_key=True)


class Plan(Base):
    """A household's plan for a week, as published from the lake's `plans` table
    (`simmer.planner.schema.PLANS`) or by on-demand re-planning; `source` says which, and
    `simmer.store.plans_publish` never overwrites an approved plan (nor, on a scheduled
    publish, a regenerated one)."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint(_one_of("status", PLAN_STATUSES), name="status"),
        CheckConstraint(_one_of("source", PLAN_SOURCES), name="source"),
        CheckConstraint("(status = 'approved') = (approved_at IS NOT NULL)", name="approved_at"),
        UniqueConstraint("household_id", "week"),
        Index("ix_plans_week_zone", "week", "zone"),
    )

    plan_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("households.id", ondelete="CASCADE")
    )
    week: Mapped[date] = mapped_column(Date)
    zone: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    catalog_version: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    goal_misses: Mapped[list[str]] = mapped_column(ARRAY(Text))
    notes: Mapped[list[str]] = mapped_column(ARRAY(Text))
    meals: Mapped[int] = mapped_column(Integer)
    kcal_deviation: Mapped[float | None] = mapped_column(Double)
    macro_deviation: Mapped[float | None] = mapped_column(Double)
    distinct_ingredients: Mapped[int | None] = mapped_column(Integer)
    cost: Mapped[float | None] = mapped_column(Double)
    currency: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    content_hash: Mapped[int | None] = mapped_column(BigInteger)


class PlanMeal(Base):
    """A planned meal (`simmer.planner.schema.PLAN_MEALS`) with its recipe's title at
    publishing time."""

    __tablename__ = "plan_meals"

    plan_id: Mapped[uuid.UUID] = _plan_key()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    slot: Mapped[str] = mapped_column(Text, primary_key=True)
    recipe_slug: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    servings: Mapped[float] = mapped_column(Double)
    leftover: Mapped[bool] = mapped_column(Boolean)
    pinned: Mapped[bool] = mapped_column(Boolean)


class PlanDay(Base):
    """A plan's day: planned energy and macros against target
    (`simmer.planner.schema.DAILY_NUTRITION`; macro targets null without a goal)."""

    __tablename__ = "plan_days"

    plan_id: Mapped[uuid.UUID] = _plan_key()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kcal: Mapped[float | None] = mapped_column(Double)
    kcal_target: Mapped[float | None] = mapped_column(Double)
    protein_g: Mapped[float | None] = mapped_column(Double)
    fat_g: Mapped[float | None] = mapped_column(Double)
    carbs_g: Mapped[float | None] = mapped_column(Double)
    protein_g_target: Mapped[float | None] = mapped_column(Double)
    fat_g_target: Mapped[float | None] = mapped_column(Double)
    carbs_g_target: Mapped[float | None] = mapped_column(Double)


class PlanDocument(Base):
    """A plan's shopping list and carts, as served (`simmer.store.plan_documents`): one row per
    plan instead of one per list item and cart line (migration 0007: their upkeep was most of
    the server's publishing time). JSON in `text` (`JSONText`): the API reads a document
    whole, and polars' encoder wrote it, so the server need not check its syntax (cast to
    `json` to query inside it)."""

    __tablename__ = "plan_documents"

    plan_id: Mapped[uuid.UUID] = _plan_key()
    shopping_list: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    carts: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
