"""Re-planning on demand: one household's week planned again by `simmer.planner.replan` (the
Sunday run's planner, list and carts, on the lake's current catalog) and stored through the
shared publisher (`simmer.store.plans_publish`, source `regenerate`), with its audit row and
`Idempotency-Key` in the same transaction.

Order of checks: a retry under the same key answers with the plan the first request made;
an approved plan for the week is a 409; a meal to keep that is not in the current plan is a
422 naming it; no catalog in the lake is a 503. The planner's result goes through the
independent hard-rule checker before it is stored: a plan that breaks a rule is never served.

`warm_up` runs at the API's startup, in a thread of its own: it loads the lake's catalog (and
the compiled search) as `simmer.planner.replan.planning_catalog` caches it, so the first
re-plan does not pay for it; a re-plan arriving while it loads waits for that load. Without a
catalog yet there is nothing to warm: the first re-plan after one is made loads it.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from fastapi import HTTPException
from sqlalchemy.orm import Session

from api import audit, idempotency, logs
from api.deps import Principal, release
from api.idempotency import Claim
from api.plans import service
from api.plans.schemas import GeneratePlan
from simmer.households import snapshot_households, snapshot_pantry
from simmer.planner.replan import NoCatalog, Replanned, planning_catalog, replan
from simmer.planner.rules import check_plan_rules
from simmer.planner.schema import plan_id
from simmer.settings import Settings
from simmer.store.models import Household, Plan
from simmer.store.plans_publish import HouseholdWeek, PlanApproved, publish_plans

log = logging.getLogger("simmer.api")


def warm_up(lake_dir: Path) -> None:
    """The planning catalog of `lake_dir` loaded and cached (see the module docstring); its log
    lines carry the request id `startup` (the thread's own context)."""
    logs.request_id.set("startup")
    try:
        version = planning_catalog(lake_dir).version
    except NoCatalog as error:
        log.info("re-planning not warmed: %s", error)
    except Exception:  # a broken lake: the re-plans will say so; the API serves the rest
        log.exception("re-planning not warmed: loading the catalog failed")
    else:
        log.info("re-planning warmed on catalog %s", version, extra={"catalog_version": version})


def approved_conflict(week: str) -> HTTPException:
    return HTTPException(409, f"the plan for {week} is approved and is never re-planned")


def generate_once(
    session: Session,
    settings: Settings,
    household: Household,
    data: GeneratePlan,
    principal: Principal,
    claim: Claim | None,
) -> tuple[Plan, bool]:
    """The week's new plan, unless this is a retry under the same key: then the plan the first
    request made; True if a retry."""
    return idempotency.once(
        session,
        claim,
        lambda prior: session.get(Plan, uuid.UUID(prior)),
        lambda: generate(session, settings, household, data, principal, claim),
    )


def generate(
    session: Session,
    settings: Settings,
    household: Household,
    data: GeneratePlan,
    principal: Principal,
    claim: Claim | None,
) -> Plan:
    week = data.week
    current = service.current_plan(session, household.id, week)
    if current is not None and current.status == "approved":
        raise approved_conflict(week.isoformat())
    keep = service.kept_meals(session, current, data)
    connection = session.connection()
    snapshot = snapshot_households(connection, household_id=str(household.id))
    pantry = snapshot_pantry(connection, household_id=str(household.id))
    release(session)
    try:
        replanned = replan(settings.lake_dir, snapshot, pantry, week, keep)
    except NoCatalog as error:
        raise HTTPException(503, f"nothing to plan from yet: {error}") from error
    _check_rules(replanned)
    try:
        publish_plans(
            session.connection(),
            replanned.tables,
            source="regenerate",
            replace=HouseholdWeek(str(household.id), week),
        )
    except PlanApproved:  # approved meanwhile
        session.rollback()
        raise approved_conflict(week.isoformat()) from None
    new_id = uuid.UUID(plan_id(str(household.id), week))
    audit.record(
        session,
        principal,
        "plan.regenerated",
        household.id,
        {
            "plan_id": str(new_id),
            "week": week.isoformat(),
            "kept": [k.model_dump(mode="json") for k in data.keep],
            "catalog_version": replanned.catalog_version,
        },
    )
    if claim is not None:
        claim.remember(session, 201, str(new_id))
    session.commit()
    plan = session.get(Plan, new_id, populate_existing=True)
    assert plan is not None
    return plan


def _check_rules(replanned: Replanned) -> None:
    outcome = check_plan_rules(replanned.breaks)
    if not outcome.passed:  # a planner bug: never serve a plan that breaks a hard rule
        raise RuntimeError(f"re-planned week breaks hard rules: {outcome.summary}")
