"""Plans: listing, reading, approving, shopping lists and cart previews from the serving
tables; re-planning through `simmer.planner.replan` and the shared publisher.

A household token sees only its own plans: another household's plan is the same 404 as a plan
that does not exist. Approving and re-planning are audited, and honour `Idempotency-Key`
(remembered in the same transaction as the change).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from itertools import groupby
from typing import Any, LiteralString, TypeVar

from fastapi import HTTPException
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api import audit, idempotency
from api.deps import Caller, Principal, check_token, release
from api.idempotency import Claim
from api.pagination import Page, page
from api.plans.documents import Document, PlanDocuments, Version
from api.plans.schemas import (
    Aisle,
    CartAisle,
    Cost,
    GeneratePlan,
    KeepMeal,
    ReadCart,
    ReadCartItem,
    ReadPlan,
    ReadPlanSummary,
    ReadShoppingItem,
    ReadShoppingList,
)
from api.problems import Invalid, InvalidInput
from api.reader import Reader
from api.token_checks import TokenCheck, TokenChecks
from simmer.store.models import Household, Plan, PlanDocument, PlanMeal

T = TypeVar("T")


def plan_not_found(plan_id: uuid.UUID) -> HTTPException:
    return HTTPException(404, f"no plan {plan_id}")


def visible_plan(session: Session, principal: Principal, plan_id: uuid.UUID) -> Plan:
    """The plan, if the caller may see it; else the 404 of a plan that does not exist."""
    plan = session.get(Plan, plan_id)
    if plan is None or not principal.may_see(plan.household_id):
        raise plan_not_found(plan_id)
    return plan


def summary(plan: Plan) -> ReadPlanSummary:
    return ReadPlanSummary(**_summary_fields(plan))


def _summary_fields(plan: Plan) -> dict[str, object]:
    return {
        "id": plan.plan_id,
        "household_id": plan.household_id,
        "week": plan.week,
        "zone": plan.zone,
        "status": plan.status,
        "source": plan.source,
        "catalog_version": plan.catalog_version,
        "meal_count": plan.meals,
        "cost": Cost(amount=plan.cost, currency=plan.currency),
        "published_at": plan.published_at,
        "approved_at": plan.approved_at,
    }


def list_plans(
    session: Session, household: Household, week: date | None, after: str | None, limit: int
) -> Page[ReadPlanSummary]:
    """The household's plans, newest week first (or the one of `week`)."""
    query = (
        select(Plan)
        .where(Plan.household_id == household.id)
        .order_by(Plan.week.desc())
        .limit(limit + 1)
    )
    if week is not None:
        query = query.where(Plan.week == week)
    if after is not None:
        query = query.where(Plan.week < _week_key(after))
    rows = session.scalars(query).all()
    return page([summary(p) for p in rows], [p.week.isoformat() for p in rows], limit)


def _week_key(key: str) -> date:
    try:
        return date.fromisoformat(key)
    except ValueError:
        raise InvalidInput(Invalid("query.cursor", "not a cursor from this API")) from None


_PLAN_DOCUMENT_SQL: LiteralString = """
SELECT p.plan_id AS id, p.household_id, p.week, p.zone, p.status, p.source, p.catalog_version,
  p.meals AS meal_count, p.cost AS amount, p.currency, p.published_at, p.approved_at, p.reason,
  p.goal_misses, p.notes, p.kcal_deviation, p.macro_deviation, p.distinct_ingredients,
  COALESCE((
    SELECT json_agg(json_build_object('day', m.day, 'slot', m.slot,
                                      'recipe_slug', m.recipe_slug, 'title', m.title,
                                      'servings', m.servings, 'leftover', m.leftover,
                                      'pinned', m.pinned)
                    ORDER BY m.day, array_position(ARRAY['breakfast', 'lunch', 'dinner'], m.slot))
    FROM plan_meals m WHERE m.plan_id = p.plan_id), '[]') AS meals,
  COALESCE((
    SELECT json_agg(json_build_object('day', d.day, 'kcal', d.kcal,
                                      'kcal_target', d.kcal_target, 'protein_g', d.protein_g,
                                      'fat_g', d.fat_g, 'carbs_g', d.carbs_g,
                                      'protein_g_target', d.protein_g_target,
                                      'fat_g_target', d.fat_g_target,
                                      'carbs_g_target', d.carbs_g_target)
                    ORDER BY d.day)
    FROM plan_days d WHERE d.plan_id = p.plan_id), '[]') AS days
FROM plans p WHERE p.plan_id = %s
"""


_VERSION = "p.published_at, p.approved_at, p.status"
_ADMIN_VERSION_SQL: LiteralString = f"SELECT {_VERSION} FROM plans p WHERE p.plan_id = %s"


async def visible_version(
    reader: Reader, checks: TokenChecks, caller: Caller, plan_id: uuid.UUID
) -> Version:
    """The plan's version, if the caller may see it, read with the token check (a revoked
    token is a 401 at once); a plan of another household is the 404 of a missing one."""
    if caller.token_sha256 is None:
        row = await reader.one(_ADMIN_VERSION_SQL, (plan_id,))
        version: Version | None = None if row is None else (row[0], row[1], row[2])
    else:
        check = TokenCheck(caller.token_sha256, plan_id)
        version = (await check_token(checks, check)).plan_version
    if version is None:
        raise plan_not_found(plan_id)
    return version


async def read_visible_plan(
    reader: Reader,
    checks: TokenChecks,
    documents: PlanDocuments,
    caller: Caller,
    plan_id: uuid.UUID,
) -> Document:
    """The plan's document, from the cache when it holds the version read with the caller's
    token check; else read (meals by day, then breakfast, lunch, dinner; days), serialized and
    cached under the version read with it."""
    document = documents.get(plan_id, await visible_version(reader, checks, caller, plan_id))
    if document is None:
        row = await reader.mapping(_PLAN_DOCUMENT_SQL, (plan_id,))
        if row is None:  # deleted since
            raise plan_not_found(plan_id)
        version = (row["published_at"], row["approved_at"], row["status"])
        document = Document.of(version, _plan_document(row).model_dump_json().encode())
        documents.put(plan_id, document)
    return document


def read_plan(session: Session, plan: Plan) -> ReadPlan:
    """The plan as `read_visible_plan` answers it, read in the session's transaction (after a
    write, which the pool's connections would not see before the commit)."""
    row = session.connection().exec_driver_sql(_PLAN_DOCUMENT_SQL, (plan.plan_id,)).mappings()
    document = dict(row.one())
    release(session)
    return _plan_document(document)


def _plan_document(row: Mapping[str, Any]) -> ReadPlan:
    cost = Cost(amount=row["amount"], currency=row["currency"])
    return ReadPlan.model_validate({**row, "cost": cost})


def approve_once(session: Session, plan: Plan, principal: Principal, claim: Claim | None) -> Plan:
    """Approve the plan, unless this is a retry under the same key (then it is as it is)."""
    replayed, _ = idempotency.once(
        session, claim, lambda _: plan, lambda: approve(session, plan, principal, claim)
    )
    return replayed


def approve(session: Session, plan: Plan, principal: Principal, claim: Claim | None) -> Plan:
    """Approve a proposed plan (an approved one stays as it is; an infeasible one is a 409)."""
    if plan.status == "infeasible":
        raise HTTPException(409, f"plan {plan.plan_id} is infeasible and cannot be approved")
    approved = session.execute(
        update(Plan)
        .where(Plan.plan_id == plan.plan_id, Plan.status == "proposed")
        .values(status="approved", approved_at=func.now())
        .returning(Plan.plan_id)
    ).scalar_one_or_none()
    if approved is not None:
        audit.record(
            session, principal, "plan.approved", plan.household_id, {"plan_id": str(plan.plan_id)}
        )
    if claim is not None:
        claim.remember(session, 200, str(plan.plan_id))
    session.commit()
    session.refresh(plan)
    return plan


def _approved(plan: Plan, what: str) -> None:
    if plan.status != "approved":
        raise HTTPException(
            409, f"the {what} is served for approved plans; plan {plan.plan_id} is {plan.status}"
        )


def _documents(session: Session, plan: Plan) -> PlanDocument | None:
    """The plan's shopping list and carts (`simmer.store.plan_documents`)."""
    documents = session.get(PlanDocument, plan.plan_id)
    release(session)
    return documents


def shopping_list(session: Session, plan: Plan) -> ReadShoppingList:
    _approved(plan, "shopping list")
    documents = _documents(session, plan)
    items = documents.shopping_list if documents else []
    return ReadShoppingList(
        plan_id=plan.plan_id,
        aisles=_aisles([item for item in items if not item["pantry_staple"]]),
        pantry_staples=_aisles([item for item in items if item["pantry_staple"]]),
    )


def _aisles(items: list[dict[str, Any]]) -> list[Aisle]:
    return [
        Aisle(aisle=aisle, items=[ReadShoppingItem.model_validate(item) for item in group])
        for aisle, group in _by_aisle(items, lambda item: item["aisle"])
    ]


def _by_aisle(rows: Sequence[T], aisle_of: Callable[[T], str | None]) -> list[tuple[str, list[T]]]:
    """Consecutive rows of one aisle, in the rows' order (the list's shopping order)."""
    return [(aisle or "Other", list(group)) for aisle, group in groupby(rows, key=aisle_of)]


def cart(session: Session, plan: Plan, vendor: str) -> ReadCart:
    _approved(plan, "cart preview")
    documents = _documents(session, plan)
    carts = {cart["vendor"]: cart for cart in (documents.carts if documents else [])}
    found = carts.get(vendor)
    if found is None:
        known = ", ".join(sorted(carts)) or "none"
        raise InvalidInput(Invalid("query.vendor", f"unknown vendor {vendor!r} (known: {known})"))
    aisles = [
        CartAisle(aisle=aisle, items=[ReadCartItem.model_validate(item) for item in group])
        for aisle, group in _by_aisle(found["items"], lambda item: item["aisle"])
    ]
    return ReadCart.model_validate({**found, "plan_id": plan.plan_id, "aisles": aisles})


def current_plan(session: Session, household_id: uuid.UUID, week: date) -> Plan | None:
    return session.scalars(
        select(Plan).where(Plan.household_id == household_id, Plan.week == week)
    ).one_or_none()


def kept_meals(
    session: Session, plan: Plan | None, data: GeneratePlan
) -> dict[tuple[date, str], str]:
    """The recipe of each meal to keep, from the current plan; a 422 names each keep that is
    not a cooked meal of it (a leftover is kept by keeping the dinner it eats)."""
    planned: dict[tuple[date, str], PlanMeal] = {}
    if plan is not None:
        meals = session.scalars(select(PlanMeal).where(PlanMeal.plan_id == plan.plan_id))
        planned = {(m.day, m.slot): m for m in meals}
    problems = [
        Invalid(f"body.keep.{i}", why)
        for i, keep in enumerate(data.keep)
        if (why := _not_keepable(planned.get((keep.day, keep.slot)), keep, data, plan)) is not None
    ]
    if problems:
        raise InvalidInput(*problems)
    return {(k.day, k.slot): planned[(k.day, k.slot)].recipe_slug for k in data.keep}


def _not_keepable(
    meal: PlanMeal | None, keep: KeepMeal, data: GeneratePlan, plan: Plan | None
) -> str | None:
    if meal is None:
        return (
            f"no {keep.slot} on {keep.day.isoformat()} in the current plan for "
            f"{data.week.isoformat()}" + ("" if plan else " (there is no plan yet)")
        )
    if meal.leftover:
        before = (keep.day - timedelta(days=1)).isoformat()
        return (
            f"the {keep.slot} on {keep.day.isoformat()} is a leftover: keep the dinner of {before}"
        )
    return None
