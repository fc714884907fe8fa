"""`/api/v1/households/{id}/plans`, `/api/v1/plans/{id}`: a household's plans, approval, the
shopping list and cart previews of an approved plan, and re-planning on demand."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api import idempotency
from api.deps import (
    REPLAN_LIMIT,
    CallerDep,
    HouseholdDep,
    PrincipalDep,
    SessionDep,
    SettingsDep,
    reader_of,
    release,
    token_checks_of,
)
from api.idempotency import KeyHeader
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor
from api.plans import regenerate, service
from api.plans.documents import PlanDocuments
from api.plans.schemas import GeneratePlan, ReadCart, ReadPlan, ReadPlanSummary, ReadShoppingList
from api.problems import responses
from simmer.store.models import Plan

router = APIRouter(tags=["plans"], responses=responses(401, 404, 422))


def get_plan(plan_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> Plan:
    plan = service.visible_plan(session, principal, plan_id)
    release(session)
    return plan


PlanDep = Annotated[Plan, Depends(get_plan)]
WeekQuery = Annotated[date | None, Query(description="only the plan of this week (a Sunday)")]


@router.get("/households/{household_id}/plans")
def list_plans(
    household: HouseholdDep,
    session: SessionDep,
    week: WeekQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ReadPlanSummary]:
    return service.list_plans(session, household, week, decode_cursor(cursor), limit)


def documents_of(request: Request) -> PlanDocuments:
    documents = request.app.state.plan_documents
    assert isinstance(documents, PlanDocuments)
    return documents


@router.get("/plans/{plan_id}", response_model=ReadPlan)
async def read_plan(plan_id: uuid.UUID, caller: CallerDep, request: Request) -> Response:
    """The plan with its meals (by day, then breakfast, lunch, dinner) and its days' energy and
    macros against target."""
    # The hot route: its reader and cache come from the app, not as dependencies (each costs
    # a dependency resolution per request); the body is the cache's at the version read with
    # the token.
    reader, checks, documents = reader_of(request), token_checks_of(request), documents_of(request)
    document = await service.read_visible_plan(reader, checks, documents, caller, plan_id)
    return Response(document.body, media_type="application/json", headers={"ETag": document.etag})


@router.post("/plans/{plan_id}/approve", responses=responses(409))
def approve_plan(
    plan: PlanDep,
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
    idempotency_key: KeyHeader = None,
) -> ReadPlan:
    """Approve a proposed plan; approving an approved plan changes nothing (200); an
    infeasible plan is a 409. Audited."""
    response.headers["Cache-Control"] = "no-store"
    claim = idempotency.claim(idempotency_key, f"{principal.actor} approve {plan.plan_id}", None)
    return service.read_plan(session, service.approve_once(session, plan, principal, claim))


@router.get("/plans/{plan_id}/shopping-list", responses=responses(409))
def read_shopping_list(plan: PlanDep, session: SessionDep) -> ReadShoppingList:
    """What to buy for an approved plan, by aisle (a 409 before approval)."""
    return service.shopping_list(session, plan)


@router.get("/plans/{plan_id}/cart-preview", responses=responses(409))
def read_cart_preview(
    plan: PlanDep,
    session: SessionDep,
    vendor: Annotated[str, Query(min_length=1, max_length=100, description="a vendor pack")],
) -> ReadCart:
    """The approved plan's list bought at `vendor` in whole packages (a 409 before approval)."""
    return service.cart(session, plan, vendor)


@router.post(
    "/households/{household_id}/plans/generate",
    status_code=201,
    dependencies=[REPLAN_LIMIT],
    responses=responses(409, 413, 429, 503),
)
def generate_plan(
    data: GeneratePlan,
    household: HouseholdDep,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    idempotency_key: KeyHeader = None,
) -> ReadPlan:
    """Re-plan the week with the Sunday run's planner on the current catalog, keeping the
    meals in `keep`; stored as the week's proposal (`source` = `regenerate`). A 409 over an
    approved plan; a retry with the same `Idempotency-Key` and body is a 200 with the plan the
    first request made (`Idempotent-Replayed: true`)."""
    response.headers["Cache-Control"] = "no-store"
    scope = f"{principal.actor} generate {household.id}"
    claim = idempotency.claim(idempotency_key, scope, data)
    plan, replayed = regenerate.generate_once(session, settings, household, data, principal, claim)
    if replayed:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return service.read_plan(session, plan)
