"""Households: listing, creation (with the first token), preferences (checked against the
catalog read model, audited)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, LiteralString

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api import audit, idempotency
from api.deps import Principal, household_not_found
from api.households.schemas import (
    CreatedHousehold,
    CreateHousehold,
    ReadHousehold,
    ReadPreferences,
    UpdatePreferences,
)
from api.idempotency import Claim
from api.pagination import Page, page
from api.problems import Invalid, InvalidInput
from api.reader import Reader
from api.tokens import service as tokens
from simmer.store.models import (
    CatalogIngredient,
    CatalogRecipe,
    Household,
    HouseholdMember,
    HouseholdPin,
)


def to_read(household: Household) -> ReadHousehold:
    return ReadHousehold(
        id=household.id,
        name=household.name,
        size=household.size,
        timezone=household.timezone,
        preferences=ReadPreferences.model_validate(household),
        created_at=household.created_at,
        updated_at=household.updated_at,
    )


_HOUSEHOLD_DOCUMENT_SQL: LiteralString = """
SELECT to_jsonb(h) || jsonb_build_object(
  'members', COALESCE((
    SELECT jsonb_agg(jsonb_build_object('name', m.name, 'kcal_target', m.kcal_target)
                     ORDER BY m.position)
    FROM household_members m WHERE m.household_id = h.id), '[]'::jsonb),
  'pins', COALESCE((
    SELECT jsonb_agg(jsonb_build_object('weekday', p.weekday, 'slot', p.slot,
                                        'recipe_slug', p.recipe_slug, 'tag', p.tag))
    FROM household_pins p WHERE p.household_id = h.id), '[]'::jsonb))
FROM households h WHERE h.id = %s
"""


async def read_visible(
    reader: Reader, principal: Principal, household_id: uuid.UUID
) -> ReadHousehold:
    """The household as one JSON document built by PostgreSQL (household, members, pins) in
    one query awaited on the event loop: the hot read path needs no thread and no ORM. The
    same 404 for a household the caller may not see as for one that does not exist."""
    row = (
        await reader.one(_HOUSEHOLD_DOCUMENT_SQL, (household_id,))
        if principal.may_see(household_id)
        else None
    )
    if row is None:
        raise household_not_found(household_id)
    document: dict[str, Any] = row[0]
    return ReadHousehold.model_validate({**document, "preferences": document})


def list_households(session: Session, after: str | None, limit: int) -> Page[ReadHousehold]:
    query = select(Household).order_by(Household.id).limit(limit + 1)
    if after is not None:
        query = query.where(Household.id > _uuid_key(after))
    rows = session.scalars(query).all()
    return page([to_read(h) for h in rows], [str(h.id) for h in rows], limit)


def _uuid_key(key: str) -> uuid.UUID:
    try:
        return uuid.UUID(key)
    except ValueError:
        raise InvalidInput(Invalid("query.cursor", "not a cursor from this API")) from None


def create_once(
    session: Session, data: CreateHousehold, principal: Principal, claim: Claim | None
) -> tuple[CreatedHousehold, bool]:
    """Create the household, unless this is a retry under the same `Idempotency-Key`: then the
    household the first request made, without a token (it was shown once); True if a retry."""
    return idempotency.once(
        session,
        claim,
        lambda prior: _replay(session, prior),
        lambda: create(session, data, principal, claim),
    )


def _replay(session: Session, prior: str) -> CreatedHousehold | None:
    household = session.get(Household, uuid.UUID(prior))
    return None if household is None else CreatedHousehold(household=to_read(household), token=None)


def create(
    session: Session, data: CreateHousehold, principal: Principal, claim: Claim | None = None
) -> CreatedHousehold:
    _check_catalog_references(session, data.preferences, "body.preferences")
    household = Household(id=uuid.uuid4(), name=data.name, size=data.size, timezone=data.timezone)
    _apply(household, data.preferences)
    session.add(household)
    session.flush()
    audit.record(session, principal, "household.created", household.id, {"name": data.name})
    token = tokens.mint(session, household.id, "first token", principal)
    if claim is not None:
        claim.remember(session, 201, str(household.id))
    session.commit()
    session.refresh(household)
    return CreatedHousehold(household=to_read(household), token=token)


def update_preferences(
    session: Session, household: Household, preferences: UpdatePreferences, principal: Principal
) -> ReadHousehold:
    _check_catalog_references(session, preferences, "body")
    before = ReadPreferences.model_validate(household).model_dump(mode="json")
    _apply(household, preferences)
    after = ReadPreferences.model_validate(household).model_dump(mode="json")
    changed = {k: {"from": before[k], "to": v} for k, v in after.items() if before[k] != v}
    if changed:
        audit.record(session, principal, "preferences.changed", household.id, changed)
    session.commit()
    session.refresh(household)
    return to_read(household)


def _apply(household: Household, preferences: UpdatePreferences) -> None:
    values: dict[str, Any] = preferences.model_dump(mode="json", exclude={"members", "pins"})
    values["dislikes"] = sorted(set(preferences.dislikes))
    budget = preferences.weekly_budget
    values["weekly_budget"] = None if budget is None else Decimal(f"{budget:.2f}")
    for name, value in values.items():
        setattr(household, name, value)
    household.members = [
        HouseholdMember(position=position, name=member.name, kcal_target=member.kcal_target)
        for position, member in enumerate(preferences.members)
    ]
    household.pins = [HouseholdPin(**pin.model_dump()) for pin in preferences.pins]


def _check_catalog_references(session: Session, preferences: UpdatePreferences, at: str) -> None:
    """Every disliked ingredient must be in the catalog read model, and every pin sound
    (`_pin_problems`); a 422 names each field that is not."""
    known = set(
        session.scalars(
            select(CatalogIngredient.slug).where(CatalogIngredient.slug.in_(preferences.dislikes))
        )
    )
    unknown = [
        Invalid(f"{at}.dislikes.{index}", f"unknown ingredient {slug!r} (not in the catalog)")
        for index, slug in enumerate(preferences.dislikes)
        if slug not in known
    ]
    problems = unknown + _pin_problems(session, preferences, at)
    if problems:
        raise InvalidInput(*problems)


def _pin_problems(session: Session, preferences: UpdatePreferences, at: str) -> list[Invalid]:
    """A pin must be in one of the household's slots, at most one per weekday and slot, and
    name a recipe or tag of the catalog read model; a pinned recipe must fit the household's
    diet and allergies (an allergen of unknown status counts as present, as in the planner)."""
    pins = preferences.pins
    recipes = {
        recipe.slug: recipe
        for recipe in session.scalars(
            select(CatalogRecipe).where(
                CatalogRecipe.slug.in_([p.recipe_slug for p in pins if p.recipe_slug])
            )
        )
    }
    wanted_tags = [p.tag for p in pins if p.tag]
    tags = set(
        session.scalars(
            select(func.unnest(CatalogRecipe.tags)).where(CatalogRecipe.tags.overlap(wanted_tags))
        )
    )
    problems: list[Invalid] = []
    first_at: dict[tuple[int, str], int] = {}
    for index, pin in enumerate(pins):
        here = f"{at}.pins.{index}"
        if pin.slot not in preferences.meal_slots:
            problems.append(Invalid(f"{here}.slot", f"{pin.slot!r} is not one of meal_slots"))
        earlier = first_at.setdefault((pin.weekday, pin.slot), index)
        if earlier != index:
            problems.append(Invalid(here, f"pins.{earlier} already pins that weekday and slot"))
        if pin.tag is not None and pin.tag not in tags:
            problems.append(Invalid(f"{here}.tag", f"no recipe of the catalog has tag {pin.tag!r}"))
        if pin.recipe_slug is not None:
            problems += [
                Invalid(f"{here}.recipe_slug", message)
                for message in _recipe_unfit(
                    recipes.get(pin.recipe_slug), pin.recipe_slug, preferences
                )
            ]
    return problems


def _recipe_unfit(
    recipe: CatalogRecipe | None, slug: str, preferences: UpdatePreferences
) -> list[str]:
    if recipe is None:
        return [f"unknown recipe {slug!r} (not in the catalog)"]
    reasons = []
    diet = preferences.diet.value
    if diet != "omnivore" and diet not in recipe.diets:
        reasons.append(f"{slug!r} is not known to be {diet}")
    risky = set(recipe.allergens) | set(recipe.allergens_unknown)
    hits = sorted(risky & {a.value for a in preferences.allergies})
    if hits:
        reasons.append(f"{slug!r} has or may have {', '.join(hits)} (an allergy of the household)")
    return reasons
