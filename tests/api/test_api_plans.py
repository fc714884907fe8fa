"""Plans through the API, on the example lake and the real publisher: re-planning (keeping
meals, every hard rule kept), reading, approving (idempotent, audited), the shopping list and
cart preview of an approved plan, and the 409/422/429/304 paths."""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from apiclient import (
    ADMIN,
    PLANNABLE,
    V1,
    WEEK,
    HouseholdAccess,
    api_settings,
    assert_problem,
    create_household,
    generate_plan,
    planned_household,
)
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from api.main import WARM_UP_THREAD, create_app
from simmer.catalog import current_catalog
from simmer.households import snapshot_households
from simmer.lake import current_dir, swap_current
from simmer.planner.replan import _load, planning_catalog
from simmer.planner.rules import find_breaks
from simmer.planner.schema import PLAN_MEALS, PLANS
from simmer.store.models import AuditEvent, PlanDocument


@pytest.fixture
def client(planning_client: TestClient) -> TestClient:
    """Every test here plans: the app on the planning packs' lake."""
    return planning_client


def _approve(client: TestClient, plan: dict[str, Any], **headers: str) -> Any:
    return client.post(f"{V1}/plans/{plan['id']}/approve", headers=headers)


def _audited(engine: Engine, action: str, household: HouseholdAccess) -> int | None:
    with engine.connect() as connection:
        return connection.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == action, AuditEvent.household_id == uuid.UUID(household.id))
        )


def _breaks(engine: Engine, lake: Path, plan_id: str) -> pl.DataFrame:
    """The independent checker's breaks of the plan as published in PostgreSQL."""
    with engine.connect() as connection:
        plans = pl.read_database(
            f"SELECT plan_id::text, household_id::text, {', '.join(PLANS.names()[2:])}"
            " FROM plans WHERE plan_id = :id",
            connection,
            execute_options={"parameters": {"id": plan_id}},
        ).cast(PLANS)
        meals = pl.read_database(
            f"SELECT plan_id::text, {', '.join(PLAN_MEALS.names()[1:])} FROM plan_meals"
            " WHERE plan_id = :id",
            connection,
            execute_options={"parameters": {"id": plan_id}},
        ).cast(PLAN_MEALS)
        household = snapshot_households(connection, household_id=plans["household_id"].item())
    catalog = planning_catalog(lake)
    candidates = catalog.inputs
    return find_breaks(
        plans, meals, household, candidates.candidates, candidates.candidate_ingredients
    )


def _no_warm_up_running() -> None:
    """Other tests' apps may still be warming up: wait for them, then empty the cache."""
    for thread in threading.enumerate():
        if thread.name == WARM_UP_THREAD:
            thread.join()
    _load.cache_clear()


def test_startup_loads_the_planning_catalog_while_the_api_answers(
    database_url: str, planning_lake: Path
) -> None:
    """The first re-plan finds the catalog loaded: startup loads it in a thread of its own."""
    _no_warm_up_running()
    with TestClient(create_app(api_settings(database_url, planning_lake.parent))) as client:
        assert client.get("/health").status_code == 200
        client.app.state.warm_up.join()  # type: ignore[attr-defined]
        assert _load.cache_info().misses == 1
        catalog = current_catalog(planning_lake)
        assert catalog is not None and planning_catalog(planning_lake).version == catalog.name
        assert _load.cache_info().misses == 1  # found loaded


def test_the_loaded_catalog_follows_a_new_catalog_version(
    planning_lake: Path, tmp_path: Path
) -> None:
    """A pack change publishes new catalog and nutrition folders and swaps `current`: the next
    re-plan's catalog is the new version (the cache is keyed by the folders `current` names)."""
    _no_warm_up_running()
    lake = tmp_path / "lake"
    for dataset in ("catalog", "nutrition"):
        shutil.copytree(planning_lake / dataset, lake / dataset, symlinks=True)
    old = planning_catalog(lake).version
    catalog, nutrition = current_catalog(lake), current_dir(lake / "nutrition")
    assert catalog is not None and nutrition is not None
    new = f"{old}-next"
    new_nutrition = new + nutrition.name[len(old) :]
    folders = {"catalog": (catalog, new), "nutrition": (nutrition, new_nutrition)}
    for dataset, (folder, name) in folders.items():
        shutil.copytree(folder, lake / dataset / name)
        swap_current(lake / dataset, lake / dataset / name)
    assert planning_catalog(lake).version == new
    assert _load.cache_info().misses == 2


def test_without_a_catalog_the_api_starts_and_a_replan_is_a_503(
    database_url: str, tmp_path: Path
) -> None:
    with TestClient(create_app(api_settings(database_url, tmp_path))) as client:
        client.app.state.warm_up.join()  # type: ignore[attr-defined]
        assert client.get("/health").status_code == 200
        household = create_household(client, name="No lake")
        assert_problem(generate_plan(client, household), 503)


def test_generate_stores_a_proposal_the_household_reads_back(client: TestClient) -> None:
    household, plan = planned_household(client, name="Readers")
    assert (plan["status"], plan["source"], plan["week"]) == ("proposed", "regenerate", WEEK)
    assert plan["household_id"] == household.id
    assert plan["meal_count"] == len(plan["meals"]) == 14  # lunch and dinner each day
    assert [m["slot"] for m in plan["meals"]] == ["lunch", "dinner"] * 7
    assert all(m["title"] and m["servings"] > 0 and not m["pinned"] for m in plan["meals"])
    assert [d["day"] for d in plan["days"]] == [m["day"] for m in plan["meals"][::2]]
    assert all(d["kcal_target"] > 0 and d["kcal"] > 0 for d in plan["days"])
    assert plan["cost"]["currency"] == "USD" and plan["cost"]["estimate"] is True
    assert plan["cost"]["amount"] > 0 and "cost per serving" in plan["cost"]["source"]

    read = client.get(f"{V1}/plans/{plan['id']}", headers=household.headers)
    assert read.status_code == 200 and read.json() == plan
    assert read.headers["cache-control"].startswith("private")
    again = client.get(
        f"{V1}/plans/{plan['id']}",
        headers={**household.headers, "If-None-Match": read.headers["etag"]},
    )
    assert again.status_code == 304

    listed = client.get(f"{V1}/households/{household.id}/plans", headers=household.headers)
    assert [p["id"] for p in listed.json()["items"]] == [plan["id"]]
    assert listed.json()["next"] is None
    assert listed.headers["cache-control"].startswith("private") and listed.headers["etag"]


MACRO_TARGETS = ("protein_g_target", "fat_g_target", "carbs_g_target")


def test_plan_days_carry_the_macro_targets_of_the_household_goals(client: TestClient) -> None:
    """Goals per person times 2 people times the share of lunch and dinner (35 % + 40 %);
    a household without goals reads null targets."""
    goals = {"protein_g_per_person": 90, "fat_g_per_person": 70, "carbs_g_per_person": 250}
    _, plan = planned_household(client, name="Goals", preferences={**PLANNABLE, **goals})
    assert len(plan["days"]) == 7
    for target, per_person in zip(MACRO_TARGETS, goals.values(), strict=True):
        assert [d[target] for d in plan["days"]] == pytest.approx([per_person * 2 * 0.75] * 7)
    _, without = planned_household(client, name="No goals")
    assert len(without["days"]) == 7
    assert all(d[target] is None for d in without["days"] for target in MACRO_TARGETS)


def test_plans_are_listed_newest_week_first_page_by_page(client: TestClient) -> None:
    household, first = planned_household(client, name="Pages")
    later = generate_plan(client, household, week="2026-12-06").json()
    url = f"{V1}/households/{household.id}/plans"
    page = client.get(url, params={"limit": 1}, headers=household.headers).json()
    assert [p["id"] for p in page["items"]] == [later["id"]]
    rest = client.get(
        url, params={"limit": 1, "cursor": page["next"]}, headers=household.headers
    ).json()
    assert [p["id"] for p in rest["items"]] == [first["id"]] and rest["next"] is None
    one = client.get(url, params={"week": WEEK}, headers=household.headers).json()
    assert [p["id"] for p in one["items"]] == [first["id"]]


def test_replanning_keeping_one_meal_keeps_exactly_it_and_every_hard_rule(
    client: TestClient, engine: Engine, planning_lake: Path
) -> None:
    household, plan = planned_household(client, name="Keepers")
    kept = next(m for m in plan["meals"][4:] if not m["leftover"])
    keep = [{"day": kept["day"], "slot": kept["slot"]}]
    response = generate_plan(client, household, keep=keep)
    assert response.status_code == 201, response.text
    replanned = response.json()
    assert replanned["id"] == plan["id"]  # the week's one plan, replaced
    pinned = [m for m in replanned["meals"] if m["pinned"]]
    assert [(m["day"], m["slot"], m["recipe_slug"]) for m in pinned] == [
        (kept["day"], kept["slot"], kept["recipe_slug"])
    ]
    assert replanned["notes"] == [] and replanned["meal_count"] == 14
    assert _breaks(engine, planning_lake, replanned["id"]).is_empty()


def test_a_keep_must_name_a_cooked_meal_of_the_current_plan(client: TestClient) -> None:
    household = create_household(client, name="Nothing yet", preferences=PLANNABLE)
    first = generate_plan(client, household, keep=[{"day": "2026-12-01", "slot": "dinner"}])
    problem = assert_problem(first, 422)
    assert problem["errors"][0]["location"] == "body.keep.0"
    assert "no plan yet" in problem["detail"]
    meals = generate_plan(client, household).json()["meals"]
    leftover = next(m for m in meals if m["leftover"])
    for keep, where in (
        ({"day": "2026-12-01", "slot": "breakfast"}, "body.keep.0"),  # not a slot it plans
        ({"day": leftover["day"], "slot": leftover["slot"]}, "body.keep.0"),
        ({"day": "2026-12-09", "slot": "dinner"}, "body.keep.0"),  # another week
        ({"day": "2026-12-01", "slot": "brunch"}, "body.keep.0.slot"),
    ):
        problem = assert_problem(generate_plan(client, household, keep=[keep]), 422)
        assert problem["errors"][0]["location"] == where
    not_sunday = assert_problem(generate_plan(client, household, week="2026-11-30"), 422)
    assert not_sunday["errors"][0]["location"] == "body.week"
    assert "not a Sunday" in not_sunday["detail"]


def test_approving_is_idempotent_and_audited_once(client: TestClient, engine: Engine) -> None:
    household, plan = planned_household(client, name="Approvers")
    first = _approve(client, plan, **household.headers)
    assert first.status_code == 200, first.text
    approved = first.json()
    assert approved["status"] == "approved" and approved["approved_at"]
    assert approved["meals"] == plan["meals"]
    keyed = {**household.headers, "Idempotency-Key": "approve-1"}
    for _ in range(2):
        again = _approve(client, plan, **keyed)
        assert again.status_code == 200 and again.json() == approved
    assert _audited(engine, "plan.approved", household) == 1
    conflict = assert_problem(generate_plan(client, household), 409)
    assert "approved" in conflict["detail"]
    read = client.get(f"{V1}/plans/{plan['id']}", headers=household.headers).json()
    assert read == approved  # re-planning over it changed nothing


def test_list_and_cart_are_for_approved_plans_only(client: TestClient) -> None:
    household, plan = planned_household(client, name="Not yet")
    for path in ("shopping-list", "cart-preview?vendor=demo"):
        problem = assert_problem(
            client.get(f"{V1}/plans/{plan['id']}/{path}", headers=household.headers), 409
        )
        assert "proposed" in problem["detail"]


@pytest.fixture
def approved(client: TestClient) -> tuple[HouseholdAccess, dict[str, Any]]:
    household, plan = planned_household(client, name="Shoppers")
    assert _approve(client, plan, **household.headers).status_code == 200
    return household, plan


def _vendors(engine: Engine, plan_id: str) -> list[str]:
    with engine.connect() as connection:
        query = select(PlanDocument.carts).where(PlanDocument.plan_id == uuid.UUID(plan_id))
        return sorted(cart["vendor"] for cart in connection.scalars(query).one())


def test_shopping_list_of_an_approved_plan_by_aisle_with_sources(
    client: TestClient, approved: tuple[HouseholdAccess, dict[str, Any]]
) -> None:
    household, plan = approved
    response = client.get(f"{V1}/plans/{plan['id']}/shopping-list", headers=household.headers)
    assert response.status_code == 200 and response.headers["etag"]
    body = response.json()
    for section, staples in (("aisles", False), ("pantry_staples", True)):
        aisles = [a["aisle"] for a in body[section]]
        assert len(aisles) == len(set(aisles))  # each aisle once, in shopping order
        assert all(i["pantry_staple"] is staples for a in body[section] for i in a["items"])
    assert body["aisles"]
    items = [item for key in ("aisles", "pantry_staples") for a in body[key] for item in a["items"]]
    meals = {(m["day"], m["slot"], m["recipe_slug"]) for m in plan["meals"]}
    for item in items:
        assert (
            item["meals"]
            and {(m["day"], m["slot"], m["recipe_slug"]) for m in item["meals"]} <= meals
        )
        if item["grams"] is not None:
            assert item["to_buy_grams"] == pytest.approx(
                max(0.0, item["grams"] - (item["on_hand_grams"] or 0.0))
            )
    assert {"grams", "on_hand_grams", "to_buy_grams", "aisle"} <= set(body["sources"])


def test_cart_preview_at_a_vendor_adds_up(
    client: TestClient, engine: Engine, approved: tuple[HouseholdAccess, dict[str, Any]]
) -> None:
    household, plan = approved
    vendors = _vendors(engine, plan["id"])
    assert vendors
    url = f"{V1}/plans/{plan['id']}/cart-preview"
    cart = client.get(url, params={"vendor": vendors[0]}, headers=household.headers).json()
    items = [item for aisle in cart["aisles"] for item in aisle["items"]]
    assert cart["vendor"] == vendors[0] and items
    assert cart["total"] == pytest.approx(sum(i["price"] for i in items), abs=0.01)
    assert all(i["purchased_grams"] >= i["need_grams"] for i in items)
    assert cart["items_unsold"] == len(cart["unsold"])
    assert {"price", "total", "within_budget"} <= set(cart["sources"])
    unknown = assert_problem(
        client.get(url, params={"vendor": "nowhere"}, headers=household.headers), 422
    )
    assert unknown["errors"][0]["location"] == "query.vendor"
    assert vendors[0] in unknown["detail"]
    missing = assert_problem(client.get(url, headers=household.headers), 422)
    assert missing["errors"][0]["location"] == "query.vendor"


def test_an_infeasible_plan_says_why_and_cannot_be_approved(client: TestClient) -> None:
    household, plan = planned_household(
        client, name="Impossible", preferences={"diet": "vegan", "max_cook_time_min": 1}
    )
    assert plan["status"] == "infeasible" and plan["reason"] and plan["meals"] == []
    assert plan["cost"]["amount"] is None
    problem = assert_problem(_approve(client, plan, **household.headers), 409)
    assert "infeasible" in problem["detail"]


def test_generate_is_idempotent_by_key(client: TestClient, engine: Engine) -> None:
    household = create_household(client, name="Retries", preferences=PLANNABLE)
    headers = {**household.headers, "Idempotency-Key": "generate-1"}
    first = generate_plan(client, household, headers=headers)
    assert first.status_code == 201
    retry = generate_plan(client, household, headers=headers)
    assert retry.status_code == 200 and retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == first.json()
    other = generate_plan(client, household, week="2026-12-06", headers=headers)
    assert assert_problem(other, 422)["errors"][0]["location"] == "header.Idempotency-Key"
    assert _audited(engine, "plan.regenerated", household) == 1


@pytest.fixture
def strict_client(
    database_url: str, planning_lake: Path, planning_client: TestClient
) -> Iterator[TestClient]:
    """One re-plan a minute (the planning catalog is published by `planning_client`)."""
    settings = api_settings(database_url, planning_lake.parent, SIMMER_REPLANS_PER_MINUTE=1)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_replanning_is_rate_limited_per_caller(strict_client: TestClient) -> None:
    household = create_household(strict_client, name="Impatient", preferences=PLANNABLE)
    assert generate_plan(strict_client, household).status_code == 201
    limited = generate_plan(strict_client, household)
    assert_problem(limited, 429)
    assert int(limited.headers["retry-after"]) >= 1
    other = create_household(strict_client, name="Patient", preferences=PLANNABLE)
    assert generate_plan(strict_client, other).status_code == 201  # its own bucket


def test_the_admin_reads_any_plan_and_a_missing_one_is_a_404(client: TestClient) -> None:
    _, plan = planned_household(client, name="Seen by admin")
    assert client.get(f"{V1}/plans/{plan['id']}", headers=ADMIN).json() == plan
    assert_problem(client.get(f"{V1}/plans/{uuid.uuid4()}", headers=ADMIN), 404)
    assert_problem(client.get(f"{V1}/plans/not-a-uuid", headers=ADMIN), 422)
    assert date.fromisoformat(plan["week"]).weekday() == 6
