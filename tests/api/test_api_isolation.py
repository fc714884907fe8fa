"""A household token sees only its own household: on every route that takes an id, another
household's resource is the same 404 as one that does not exist; no token is a 401."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from apiclient import (
    ADMIN,
    V1,
    WEEK,
    HouseholdAccess,
    assert_problem,
    create_household,
    generate_plan,
    planned_household,
)
from fastapi.testclient import TestClient
from httpx import Response

Call = Callable[[TestClient, str, str, dict[str, str]], Response]


def _get(client: TestClient, household: str, token_id: str, headers: dict[str, str]) -> Response:
    return client.get(f"{V1}/households/{household}", headers=headers)


def _put(client: TestClient, household: str, token_id: str, headers: dict[str, str]) -> Response:
    url = f"{V1}/households/{household}/preferences"
    return client.put(url, json={"diet": "vegan"}, headers=headers)


def _revoke(client: TestClient, household: str, token_id: str, headers: dict[str, str]) -> Response:
    return client.delete(f"{V1}/households/{household}/tokens/{token_id}", headers=headers)


def _pantry(client: TestClient, household: str, token_id: str, headers: dict[str, str]) -> Response:
    return client.get(f"{V1}/households/{household}/pantry", headers=headers)


def _stock(client: TestClient, household: str, token_id: str, headers: dict[str, str]) -> Response:
    url = f"{V1}/households/{household}/pantry"
    return client.put(
        url, json={"items": [{"ingredient_slug": "egg", "grams": 1}]}, headers=headers
    )


def _plans(client: TestClient, household: str, token_id: str, headers: dict[str, str]) -> Response:
    return client.get(f"{V1}/households/{household}/plans", headers=headers)


def _generate(
    client: TestClient, household: str, token_id: str, headers: dict[str, str]
) -> Response:
    url = f"{V1}/households/{household}/plans/generate"
    return client.post(url, json={"week": WEEK}, headers=headers)


ROUTES: dict[str, Call] = {
    "read": _get,
    "preferences": _put,
    "revoke token": _revoke,
    "pantry": _pantry,
    "stock pantry": _stock,
    "plans": _plans,
    "generate": _generate,
}


def _shape(problem: dict[str, Any], *ids: str) -> dict[str, Any]:
    """The problem with the ids the caller itself sent blanked out."""
    text = repr(problem)
    for value in ids:
        text = text.replace(value, "<id>")
    return {"text": text}


@pytest.fixture
def two(client: TestClient) -> tuple[HouseholdAccess, HouseholdAccess]:
    return create_household(client, name="Mine"), create_household(client, name="Theirs")


@pytest.mark.parametrize("route", ROUTES)
def test_another_households_resource_is_indistinguishable_from_a_missing_one(
    client: TestClient, two: tuple[HouseholdAccess, HouseholdAccess], route: str
) -> None:
    mine, theirs = two
    call = ROUTES[route]
    missing_id, missing_token = str(uuid.uuid4()), str(uuid.uuid4())
    other = assert_problem(call(client, theirs.id, theirs.token_id, mine.headers), 404)
    missing = assert_problem(call(client, missing_id, missing_token, mine.headers), 404)
    assert _shape(other, theirs.id, theirs.token_id) == _shape(missing, missing_id, missing_token)
    # nothing happened to theirs: the token still works and the household is unchanged
    assert (
        client.get(f"{V1}/households/{theirs.id}", headers=theirs.headers).json()
        == (theirs.body["household"])
    )


def test_their_token_under_my_household_is_not_found_and_stays_valid(
    client: TestClient, two: tuple[HouseholdAccess, HouseholdAccess]
) -> None:
    mine, theirs = two
    url = f"{V1}/households/{mine.id}/tokens/{theirs.token_id}"
    assert_problem(client.delete(url, headers=mine.headers), 404)
    assert_problem(client.delete(url, headers=ADMIN), 404)
    assert client.get(f"{V1}/households/{theirs.id}", headers=theirs.headers).status_code == 200


def test_minting_is_for_the_admin_only_whichever_household(
    client: TestClient, two: tuple[HouseholdAccess, HouseholdAccess]
) -> None:
    mine, theirs = two
    for target in (mine.id, theirs.id, str(uuid.uuid4())):
        url = f"{V1}/households/{target}/tokens"
        assert_problem(client.post(url, json={}, headers=mine.headers), 403)


@pytest.mark.parametrize("route", ROUTES)
def test_no_token_or_a_wrong_one_is_a_401_before_anything_else(
    client: TestClient, two: tuple[HouseholdAccess, HouseholdAccess], route: str
) -> None:
    mine, _ = two
    for headers in ({}, {"Authorization": "Bearer sim_not-a-token"}, {"Authorization": "Basic x"}):
        response = ROUTES[route](client, mine.id, mine.token_id, headers)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "request_line",
    [
        ("GET", "/households"),
        ("POST", "/households"),
        ("GET", "/recipes"),
        ("GET", "/recipes/pancakes"),
        ("GET", "/ingredients"),
        ("POST", f"/households/{uuid.uuid4()}/tokens"),
        ("GET", f"/plans/{uuid.uuid4()}"),
        ("POST", f"/plans/{uuid.uuid4()}/approve"),
        ("GET", f"/plans/{uuid.uuid4()}/shopping-list"),
        ("GET", f"/plans/{uuid.uuid4()}/cart-preview?vendor=demo"),
    ],
)
def test_every_other_route_needs_a_token(client: TestClient, request_line: tuple[str, str]) -> None:
    method, path = request_line
    assert_problem(client.request(method, V1 + path, json={}), 401)


PLAN_ROUTES = {
    "read": ("GET", ""),
    "approve": ("POST", "/approve"),
    "shopping list": ("GET", "/shopping-list"),
    "cart preview": ("GET", "/cart-preview?vendor=demo"),
}


@pytest.fixture
def their_plans(planning_client: TestClient) -> tuple[HouseholdAccess, dict[str, Any], str]:
    """Their proposed plan for WEEK, and the id of their approved plan of the week after."""
    theirs, proposed = planned_household(planning_client, name="Theirs")
    later = generate_plan(planning_client, theirs, week="2026-12-06").json()
    url = f"{V1}/plans/{later['id']}/approve"
    assert planning_client.post(url, headers=theirs.headers).status_code == 200
    return theirs, proposed, later["id"]


@pytest.mark.parametrize("route", PLAN_ROUTES)
def test_another_households_plan_list_or_cart_is_the_404_of_a_missing_one(
    planning_client: TestClient,
    their_plans: tuple[HouseholdAccess, dict[str, Any], str],
    route: str,
) -> None:
    theirs, proposed, approved = their_plans
    mine = create_household(planning_client, name="Mine")
    method, suffix = PLAN_ROUTES[route]
    target = proposed["id"] if route in ("read", "approve") else approved
    missing_id = str(uuid.uuid4())

    def call(plan_id: str, headers: dict[str, str]) -> Response:
        return planning_client.request(method, f"{V1}/plans/{plan_id}{suffix}", headers=headers)

    other = assert_problem(call(target, mine.headers), 404)
    missing = assert_problem(call(missing_id, mine.headers), 404)
    assert _shape(other, target) == _shape(missing, missing_id)
    # theirs is untouched: still proposed, and they still reach it themselves
    read = planning_client.get(f"{V1}/plans/{proposed['id']}", headers=theirs.headers)
    assert read.json() == proposed
    assert call(target, theirs.headers).status_code == 200
