"""Plan resources: a week's plan with its meals and days, its shopping list and cart previews,
and the body of a re-planning request. Every figure says where it comes from (`source`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.households.schemas import MealSlot

PlanStatus = Literal["proposed", "infeasible", "approved"]
PlanSource = Literal["schedule", "regenerate"]

COST_SOURCE = (
    "estimate: the sum over the plan's meals of servings x the recipe's cost per serving "
    "(the catalog's cheapest vendor price per gram of each ingredient line)"
)
SHOPPING_SOURCES = {
    "grams": "the plan's recipe lines, scaled from each recipe's servings to the servings "
    "planned, converted to grams by the catalog's units and portions, summed per ingredient",
    "on_hand_grams": "the household's pantry (PUT /households/{id}/pantry)",
    "to_buy_grams": "grams minus on_hand_grams, never below 0",
    "aisle": "the vendor pack's aisle for the ingredient, else its food group",
}
CART_SOURCES = {
    "price": "the vendor pack's package price x packages (the cheapest packages covering "
    "to_buy_grams)",
    "package_grams": "the vendor pack's package size in grams (catalog units and portions)",
    "need_grams": "the shopping list's to_buy_grams, split over the item's packages",
    "leftover_grams": "purchased_grams minus need_grams",
    "total": "the sum of the cart's prices, in the vendor's currency",
    "within_budget": "total <= the household's weekly budget (null without one, or in "
    "another currency)",
}


FIRST_WEEK, LAST_WEEK = date(2000, 1, 2), date(2099, 12, 27)


def _sunday(value: date) -> date:
    if value.weekday() != 6:
        raise ValueError(f"{value.isoformat()} is not a Sunday (a week starts on Sunday)")
    if not FIRST_WEEK <= value <= LAST_WEEK:
        raise ValueError(f"{value.isoformat()} is not a week from {FIRST_WEEK} to {LAST_WEEK}")
    return value


Week = Annotated[date, AfterValidator(_sunday)]


class Cost(BaseModel):
    amount: float | None
    currency: str
    estimate: bool = True
    source: str = COST_SOURCE


class ReadPlanSummary(BaseModel):
    id: uuid.UUID
    household_id: uuid.UUID
    week: date
    zone: str
    status: PlanStatus
    source: PlanSource = Field(description="`schedule` (the Sunday run) or `regenerate`")
    catalog_version: str
    meal_count: int
    cost: Cost
    published_at: datetime
    approved_at: datetime | None


class ReadMeal(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    slot: MealSlot
    recipe_slug: str
    title: str | None
    servings: float = Field(description="servings to cook (for a leftover: servings eaten)")
    leftover: bool = Field(description="eats what the previous day's dinner cooked")
    pinned: bool = Field(description="a pin of the household, or a meal kept on re-planning")


_MACRO_TARGET = (
    "the household's {} target for the slots, in grams (null: the household sets no goal)"
)


class ReadDay(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    kcal: float | None
    kcal_target: float | None = Field(description="the household's energy target for the slots")
    protein_g: float | None
    fat_g: float | None
    carbs_g: float | None
    protein_g_target: float | None = Field(description=_MACRO_TARGET.format("protein"))
    fat_g_target: float | None = Field(description=_MACRO_TARGET.format("fat"))
    carbs_g_target: float | None = Field(description=_MACRO_TARGET.format("carbohydrate"))


class ReadPlan(ReadPlanSummary):
    reason: str | None = Field(description="why the plan is infeasible")
    goal_misses: list[str]
    notes: list[str] = Field(description="what was not honoured (a pin) and why")
    kcal_deviation: float | None = Field(description="mean relative energy deviation per person")
    macro_deviation: float | None = Field(description="mean relative macro deviation per day")
    distinct_ingredients: int | None
    meals: list[ReadMeal]
    days: list[ReadDay]
    nutrition_source: str = (
        "recipe macros per serving from the catalog's nutrition analysis x servings planned"
    )


class KeepMeal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date
    slot: MealSlot


class GeneratePlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    week: Week = Field(description="the Sunday that starts the week")
    keep: Annotated[list[KeepMeal], Field(max_length=21)] = Field(
        default=[], description="meals of the current plan to keep; the rest is re-planned"
    )


class MealRef(BaseModel):
    day: date
    slot: MealSlot
    recipe_slug: str


class ReadShoppingItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ingredient_slug: str | None
    name: str | None
    pantry_staple: bool
    as_needed: bool
    unmatched: bool = Field(description="a recipe line not matched to a catalog ingredient")
    grams: float | None
    on_hand_grams: float | None
    to_buy_grams: float | None
    display: str
    texts: list[str] = Field(description="the recipe lines' own words")
    meals: list[MealRef]


class Aisle(BaseModel):
    aisle: str
    items: list[ReadShoppingItem]


class ReadShoppingList(BaseModel):
    plan_id: uuid.UUID
    aisles: list[Aisle] = Field(description="what to buy, aisle by aisle in shopping order")
    pantry_staples: list[Aisle] = Field(
        description="staples (salt, oil, ...) the recipes use, usually at home: check, by aisle"
    )
    sources: dict[str, str] = SHOPPING_SOURCES


class ReadCartItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ingredient_slug: str
    sku: str
    packages: int
    package_grams: float
    price: float
    currency: str
    need_grams: float
    purchased_grams: float
    leftover_grams: float
    leftover_money: float


class ReadUnsold(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ingredient_slug: str
    grams: float | None


class CartAisle(BaseModel):
    aisle: str
    items: list[ReadCartItem]


class ReadCart(BaseModel):
    plan_id: uuid.UUID
    vendor: str
    currency: str | None
    total: float
    within_budget: bool | None
    weekly_budget: float | None
    items_bought: int
    items_unsold: int
    leftover_share: float | None = Field(description="leftover grams / purchased grams")
    leftover_money_share: float | None
    aisles: list[CartAisle] = Field(description="in the shopping list's aisle order")
    unsold: list[ReadUnsold] = Field(description="items of the list this vendor does not sell")
    sources: dict[str, str] = CART_SOURCES
