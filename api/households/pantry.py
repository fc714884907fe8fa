"""A household's pantry: read it, replace it (checked against the catalog read model, quantities
converted to grams with the project's unit registry, audited)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api import audit
from api.deps import Principal
from api.households.schemas import (
    MAX_PANTRY_GRAMS,
    PantryItem,
    ReadPantry,
    StockedItem,
    UpdatePantry,
)
from api.problems import Invalid, InvalidInput
from simmer.store.models import CatalogIngredient, Household
from simmer.store.models import PantryItem as PantryRow
from simmer.units import canonical_unit, grams_per_unit, unit_kind


def read(session: Session, household: Household) -> ReadPantry:
    rows = session.scalars(
        select(PantryRow)
        .where(PantryRow.household_id == household.id)
        .order_by(PantryRow.ingredient_slug)
    )
    return ReadPantry(
        household_id=household.id,
        items=[PantryItem(ingredient_slug=r.ingredient_slug, grams=r.grams) for r in rows],
    )


def replace(
    session: Session, household: Household, data: UpdatePantry, principal: Principal
) -> ReadPantry:
    """Replace every item in one transaction; the audit row lists what changed, in grams."""
    wanted = _grams_by_slug(session, data.items)
    before = {item.ingredient_slug: item.grams for item in read(session, household).items}
    session.execute(delete(PantryRow).where(PantryRow.household_id == household.id))
    session.add_all(
        PantryRow(household_id=household.id, ingredient_slug=slug, grams=grams)
        for slug, grams in wanted.items()
    )
    changed = {
        slug: {"from": before.get(slug), "to": wanted.get(slug)}
        for slug in sorted(before.keys() | wanted.keys())
        if before.get(slug) != wanted.get(slug)
    }
    if changed:
        audit.record(session, principal, "pantry.replaced", household.id, changed)
    session.commit()
    return read(session, household)


def _grams_by_slug(session: Session, items: list[StockedItem]) -> dict[str, float]:
    slugs = [item.ingredient_slug for item in items]
    known = set(
        session.scalars(select(CatalogIngredient.slug).where(CatalogIngredient.slug.in_(slugs)))
    )
    problems: list[Invalid] = []
    grams: dict[str, float] = {}
    first_at: dict[str, int] = {}
    for index, item in enumerate(items):
        here = f"body.items.{index}"
        slug = item.ingredient_slug
        earlier = first_at.setdefault(slug, index)
        if slug not in known:
            problems.append(Invalid(f"{here}.ingredient_slug", f"unknown ingredient {slug!r}"))
        elif earlier != index:
            problems.append(
                Invalid(f"{here}.ingredient_slug", f"listed already at items.{earlier}")
            )
        amount = _grams(item, here, problems)
        if amount is not None:
            grams[slug] = amount
    if problems:
        raise InvalidInput(*problems)
    return grams


def _grams(item: StockedItem, here: str, problems: list[Invalid]) -> float | None:
    """The item's grams; a problem (and None) for a unit that is not a mass unit, or an
    amount over MAX_PANTRY_GRAMS."""
    if item.grams is not None:
        return item.grams
    assert item.quantity is not None and item.unit is not None  # the schema's rule
    unit = canonical_unit(item.unit)
    kind = None if unit is None else unit_kind(unit)
    if unit is None or kind != "mass":
        what = "not a unit Simmer knows" if unit is None else f"a {kind} unit"
        problems.append(
            Invalid(
                f"{here}.unit",
                f"{item.unit!r} is {what}: give grams or a mass unit (g, kg, oz, lb)",
            )
        )
        return None
    grams = round(item.quantity * grams_per_unit(unit), 2)
    if grams > MAX_PANTRY_GRAMS:
        problems.append(
            Invalid(
                f"{here}.quantity",
                f"{grams:,.0f} g is over {MAX_PANTRY_GRAMS:,} g of one ingredient",
            )
        )
        return None
    return grams
