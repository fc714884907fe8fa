"""Catalog queries: recipes by tag, diet, allergens known absent, time and energy; ingredients
by tag. Pages are ordered by slug. A recipe's export in other apps' formats; a pack upload.

Exports are made by `simmer recipe export`'s exporters from the lake's catalog version that
the read model serves (its `catalog_version`): they need what the read model does not carry
(steps, prep and cook times, author, licence, sub-list headings, every nutrient)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from api.catalog.schemas import InstalledPackOut, ReadIngredient, ReadRecipe, ReadRecipeSummary
from api.pagination import Page, page
from api.problems import Invalid, InvalidInput
from simmer.interchange.export import (
    Format,
    catalog_version_recipe,
    export_bytes,
    export_file_name,
)
from simmer.packs.install import install_archive
from simmer.packs.schema import Allergen, Diet
from simmer.packs.source import PackError
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


EXPORT_MEDIA_TYPES: dict[str, str] = {
    "schema-org": "application/ld+json",
    "mealie": "application/zip",
    "cronometer": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class RecipeExport:
    body: bytes
    media_type: str
    file_name: str


class ExportUnavailable(Exception):
    """The recipe is served, but the lake holding its catalog version is not here."""


def export_recipe(session: Session, lake_dir: Path, slug: str, form: Format) -> RecipeExport | None:
    """The recipe's export in `form`; None when the catalog has no such recipe."""
    row = session.get(CatalogRecipe, slug)
    if row is None:
        return None
    item = catalog_version_recipe(lake_dir, row.catalog_version, slug)
    if item is None:
        raise ExportUnavailable(
            f"catalog {row.catalog_version} is not in the lake at {lake_dir} (the API exports "
            "from the lake `make plan` writes: run it beside SIMMER_HOME, or run `make plan`)"
        )
    return RecipeExport(
        export_bytes(item, form), EXPORT_MEDIA_TYPES[form], export_file_name(item, form)
    )


def install_pack(upload: BinaryIO, filename: str, packs_dir: Path) -> tuple[InstalledPackOut, bool]:
    """The uploaded archive validated and installed (`simmer.packs.install`), and whether it
    is new there; every problem as a 422 naming its `file:line:field`."""
    try:
        installed = install_archive(upload, filename, packs_dir)
    except PackError as error:
        raise InvalidInput(*(Invalid(p.where, p.message) for p in error.problems)) from None
    out = InstalledPackOut(
        name=installed.name,
        version=installed.version,
        path=str(installed.path),
        checksum=installed.checksum,
        archive_sha256=installed.archive_sha256,
        replaced=[str(path) for path in installed.replaced],
        ingestion=(
            "the pack change sensor ingests it at its next evaluation (every 60 s while the "
            "Dagster daemon runs, `make dagster`), as does the next `make plan`"
        ),
    )
    return out, installed.created
