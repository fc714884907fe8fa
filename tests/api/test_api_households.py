"""Households through the API: create (with a first token), read, list, preferences; every
bad field is a 422 naming it, and changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from apiclient import ADMIN, V1, assert_problem, create_household
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from simmer.store.models import AuditEvent


def test_create_with_defaults_and_read_with_its_own_token(client: TestClient) -> None:
    created = create_household(client, name="The Okafors", size=3, timezone="America/Chicago")
    assert created.body["token"]["token"].startswith("sim_")
    response = client.get(f"{V1}/households/{created.id}", headers=created.headers)
    assert response.status_code == 200
    household = response.json()
    assert household == created.body["household"]
    assert (household["name"], household["size"], household["timezone"]) == (
        "The Okafors",
        3,
        "America/Chicago",
    )
    assert household["preferences"]["diet"] == "omnivore"
    assert household["preferences"]["meal_slots"] == ["dinner"]
    assert "token" not in response.text
    assert client.get(f"{V1}/households/{created.id}", headers=ADMIN).json() == household


def test_create_takes_preferences(client: TestClient) -> None:
    prefs = {"diet": "vegan", "allergies": ["soy", "peanuts"], "dislikes": ["salt"]}
    created = create_household(client, preferences=prefs)
    stored = created.body["household"]["preferences"]
    assert stored["diet"] == "vegan"
    assert stored["allergies"] == ["peanuts", "soy"]
    assert stored["dislikes"] == ["salt"]


@pytest.mark.parametrize(
    ("change", "location"),
    [
        ({"timezone": "Mars/Olympus"}, "body.timezone"),
        ({"timezone": "CEST"}, "body.timezone"),
        ({"size": 0}, "body.size"),
        ({"name": ""}, "body.name"),
        ({"preferences": {"diet": "carnivore"}}, "body.preferences.diet"),
        ({"preferences": {"allergies": ["milk", "gluten"]}}, "body.preferences.allergies.1"),
        ({"preferences": {"dislikes": ["salt", "unicorn-meat"]}}, "body.preferences.dislikes.1"),
        ({"preferences": {"meal_slots": ["brunch"]}}, "body.preferences.meal_slots.0"),
        ({"colour": "blue"}, "body.colour"),
    ],
)
def test_create_rejects_a_bad_field_by_name(
    client: TestClient, change: dict[str, Any], location: str
) -> None:
    body = {"name": "Bad", "size": 2, "timezone": "Europe/Berlin", **change}
    before = client.get(f"{V1}/households?limit=200", headers=ADMIN).json()
    problem = assert_problem(client.post(f"{V1}/households", json=body, headers=ADMIN), 422)
    assert location in [e["location"] for e in problem["errors"]]
    assert client.get(f"{V1}/households?limit=200", headers=ADMIN).json() == before


def test_list_is_admin_only_and_paginated_by_an_opaque_cursor(client: TestClient) -> None:
    mine = {create_household(client, name=f"Pager {i}").id for i in range(3)}
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{V1}/households", params=params, headers=ADMIN).json()
        assert len(page["items"]) <= 2
        seen += [h["id"] for h in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert mine <= set(seen) and len(seen) == len(set(seen))
    assert seen == sorted(seen)
    member = create_household(client)
    assert_problem(client.get(f"{V1}/households", headers=member.headers), 403)
    assert_problem(client.get(f"{V1}/households"), 401)
    bad = assert_problem(client.get(f"{V1}/households?cursor=bm9wZQ", headers=ADMIN), 422)
    assert bad["errors"][0]["location"] == "query.cursor"


def test_put_preferences_replaces_them_and_is_audited(client: TestClient, engine: Engine) -> None:
    created = create_household(client)
    prefs = {
        "diet": "vegetarian",
        "allergies": ["milk"],
        "dislikes": ["egg"],
        "weekly_budget": 80.5,
        "currency": "EUR",
        "kcal_per_person": 2200,
        "protein_g_per_person": 90,
        "meal_slots": ["dinner", "breakfast"],
        "max_cook_time_min": 45,
    }
    url = f"{V1}/households/{created.id}/preferences"
    response = client.put(url, json=prefs, headers=created.headers)
    assert response.status_code == 200, response.text
    stored = response.json()["preferences"]
    assert stored == {
        **prefs,
        "meal_slots": ["breakfast", "dinner"],
        "fat_g_per_person": None,
        "carbs_g_per_person": None,
        "leftovers": True,
        "members": [],
        "pins": [],
    }
    assert client.get(f"{V1}/households/{created.id}", headers=created.headers).json() == (
        response.json()
    )
    with engine.connect() as connection:
        events = connection.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.detail).where(
                AuditEvent.household_id == uuid.UUID(created.id)
            )
        ).all()
    actions = [e.action for e in events]
    assert actions == ["household.created", "token.minted", "preferences.changed"]
    changed = events[-1]
    assert changed.actor == f"token:{created.token_id}"
    assert changed.detail["diet"] == {"from": "omnivore", "to": "vegetarian"}


@pytest.mark.parametrize(
    ("prefs", "location"),
    [
        ({"dislikes": ["salt", "dragon-fruit-x"]}, "body.dislikes.1"),
        ({"allergies": ["nuts"]}, "body.allergies.0"),
        ({"diet": "keto"}, "body.diet"),
        ({"kcal_per_person": 100}, "body.kcal_per_person"),
        ({"meal_slots": []}, "body.meal_slots"),
        ({"weekly_budget": -5}, "body.weekly_budget"),
        ({"currency": "euro"}, "body.currency"),
        ({"timezone": "Europe/Paris"}, "body.timezone"),
    ],
)
def test_bad_preferences_name_the_field_and_change_nothing(
    client: TestClient, prefs: dict[str, Any], location: str
) -> None:
    created = create_household(client)
    url = f"{V1}/households/{created.id}/preferences"
    problem = assert_problem(client.put(url, json=prefs, headers=created.headers), 422)
    assert [e["location"] for e in problem["errors"]] == [location]
    assert location in problem["detail"]
    after = client.get(f"{V1}/households/{created.id}", headers=created.headers).json()
    assert after == created.body["household"]


def test_a_body_that_is_not_json_is_a_422_problem(client: TestClient) -> None:
    created = create_household(client)
    response = client.put(
        f"{V1}/households/{created.id}/preferences",
        content=b"{not json",
        headers={**created.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 422)


def test_a_retried_create_with_the_same_idempotency_key_creates_nothing_more(
    client: TestClient,
) -> None:
    body = {"name": "Retried", "size": 2, "timezone": "Asia/Tokyo"}
    key = {**ADMIN, "Idempotency-Key": f"create-{uuid.uuid4()}"}
    first = client.post(f"{V1}/households", json=body, headers=key)
    assert first.status_code == 201 and first.json()["token"]
    again = client.post(f"{V1}/households", json=body, headers=key)
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == {"household": first.json()["household"], "token": None}
    other = assert_problem(
        client.post(f"{V1}/households", json={**body, "size": 3}, headers=key), 422
    )
    assert other["errors"][0]["location"] == "header.Idempotency-Key"
    fresh = client.post(f"{V1}/households", json=body, headers=ADMIN)
    assert fresh.status_code == 201
    assert fresh.json()["household"]["id"] != first.json()["household"]["id"]
