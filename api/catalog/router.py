"""`/api/v1/recipes` and `/api/v1/ingredients`: the catalog, to any valid token. The same for
every caller, so cacheable by shared caches for a few minutes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from api.catalog import service
from api.catalog.schemas import ReadIngredient, ReadRecipe, ReadRecipeSummary
from api.deps import PrincipalDep, SessionDep
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor
from api.problems import responses
from simmer.packs.schema import Allergen, Diet

CATALOG_CACHE = "public, max-age=300"
router = APIRouter(tags=["catalog"], responses=responses(401, 422))
TagQuery = Annotated[str, Query(max_length=100)]


@router.get("/recipes")
def list_recipes(
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
    tag: Annotated[list[TagQuery], Query(description="every tag must be present")] = [],  # noqa: B006
    diet: Diet | None = None,
    free_of: Annotated[
        list[Allergen], Query(description="known free of these (an unknown status is not free)")
    ] = [],  # noqa: B006
    max_time_min: Annotated[int | None, Query(gt=0, le=10_000)] = None,
    max_kcal_per_serving: Annotated[float | None, Query(gt=0, le=100_000)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ReadRecipeSummary]:
    response.headers["Cache-Control"] = CATALOG_CACHE
    where = service.RecipeFilter(tag, diet, free_of, max_time_min, max_kcal_per_serving)
    return service.list_recipes(session, where, decode_cursor(cursor), limit)


@router.get("/recipes/{slug}", responses=responses(404))
def read_recipe(
    slug: str,
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
) -> ReadRecipe:
    recipe = service.get_recipe(session, slug)
    if recipe is None:
        raise HTTPException(404, f"no recipe {slug!r}")
    response.headers["Cache-Control"] = CATALOG_CACHE
    return recipe


@router.get("/ingredients")
def list_ingredients(
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
    tag: TagQuery | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ReadIngredient]:
    response.headers["Cache-Control"] = CATALOG_CACHE
    return service.list_ingredients(session, tag, decode_cursor(cursor), limit)
