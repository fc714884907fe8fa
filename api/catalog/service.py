"""Catalog queries: recipes by tag, diet, allergens known absent, time and energy; ingredients
by tag. Pages are ordered by slug."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from api.catalog.schemas import ReadIngredient, ReadRecipe, ReadRecipeSummary
from api.pagination import Page, page
from simmer.packs.schema import Allergen, Diet
from simmer.store.models import CatalogIngredient, CatalogRecipe


@dataclass(frozen=True)
class RecipeFilter:
    tags: list[str]
    diet: Diet | None
    free_of: list[Allergen]
    max_time_min: int | None
    max_kcal_per_serving: float | None


def _recipe_query(where: RecipeFilter) -> Select[CatalogRecipe]:
    query = select(CatalogRecipe)
    if where.tags:
        query = query.where(CatalogRecipe.tags.contains(where.tags))
    if where.diet is not None:
        query = query.where(CatalogRecipe.diets.contains([where.diet.value]))
    if where.free_of:
        # known free: neither present nor of unknown status
        free = [a.value for a in where.free_of]
        query = query.where(
            ~CatalogRecipe.allergens.overlap(free), ~CatalogRecipe.allergens_unknown.overlap(free)
        )
    if where.max_time_min is not None:
        query = query.where(CatalogRecipe.total_time_min <= where.max_time_min)
    if where.max_kcal_per_serving is not None:
        query = query.where(CatalogRecipe.kcal_per_serving <= where.max_kcal_per_serving)
    return query


def _with_id(row: Any) -> dict[str, Any]:
    return {"id": row.slug, **{c.key: getattr(row, c.key) for c in row.__table__.columns}}


def list_recipes(
    session: Session, where: RecipeFilter, after: str | None, limit: int
) -> Page[ReadRecipeSummary]:
    query = _recipe_query(where).order_by(CatalogRecipe.slug).limit(limit + 1)
    if after is not None:
        query = query.where(CatalogRecipe.slug > after)
    rows = session.scalars(query).all()
    items = [ReadRecipeSummary.model_validate(_with_id(r)) for r in rows]
    return page(items, [r.slug for r in rows], limit)


def get_recipe(session: Session, slug: str) -> ReadRecipe | None:
    row = session.get(CatalogRecipe, slug)
    return None if row is None else ReadRecipe.model_validate(_with_id(row))


def list_ingredients(
    session: Session, tag: str | None, after: str | None, limit: int
) -> Page[ReadIngredient]:
    query = select(CatalogIngredient).order_by(CatalogIngredient.slug).limit(limit + 1)
    if tag is not None:
        query = query.where(CatalogIngredient.tags.contains([tag]))
    if after is not None:
        query = query.where(CatalogIngredient.slug > after)
    rows = session.scalars(query).all()
    items = [ReadIngredient.model_validate(_with_id(r)) for r in rows]
    return page(items, [r.slug for r in rows], limit)
