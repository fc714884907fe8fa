"""The pantry through the API: replace and read (grams, or a quantity of a mass unit converted
to grams), ETag and 304, audited, isolated per household; bad items are a 422 naming the field
and change nothing. (That the partition run subtracts what the API stores:
tests/pipelines/test_planning.py.)"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from apiclient import ADMIN, V1, HouseholdAccess, assert_problem, create_household
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from simmer.store.models import AuditEvent

OUNCE_GRAMS = 28.35  # 1 oz = 28.349523125 g, rounded to 0.01 g
STOCK = [
    {"ingredient_slug": "whole-milk", "grams": 500},
    {"ingredient_slug": "egg", "quantity": 1, "unit": "oz"},
    {"ingredient_slug": "all-purpose-flour", "quantity": 1.5, "unit": "kg"},
]


def _url(household: HouseholdAccess) -> str:
    return f"{V1}/households/{household.id}/pantry"


def _put(client: TestClient, household: HouseholdAccess, items: list[dict[str, Any]]) -> Any:
    return client.put(_url(household), json={"items": items}, headers=household.headers)


def test_put_replaces_the_pantry_in_grams_and_is_audited(
    client: TestClient, engine: Engine
) -> None:
    household = create_household(client)
    empty = client.get(_url(household), headers=household.headers)
    assert empty.status_code == 200 and empty.json() == {"household_id": household.id, "items": []}
    response = _put(client, household, STOCK)
    assert response.status_code == 200, response.text
    expected = {
        "household_id": household.id,
        "items": [  # by slug
            {"ingredient_slug": "all-purpose-flour", "grams": 1500.0},
            {"ingredient_slug": "egg", "grams": OUNCE_GRAMS},
            {"ingredient_slug": "whole-milk", "grams": 500.0},
        ],
    }
    assert response.json() == expected
    assert client.get(_url(household), headers=household.headers).json() == expected
    replaced = _put(client, household, [{"ingredient_slug": "egg", "grams": 60}])
    assert replaced.json()["items"] == [{"ingredient_slug": "egg", "grams": 60.0}]
    with engine.connect() as connection:
        details = connection.execute(
            select(AuditEvent.detail)
            .where(AuditEvent.household_id == uuid.UUID(household.id))
            .where(AuditEvent.action == "pantry.replaced")
            .order_by(AuditEvent.id)
        ).scalars()
        first, second = list(details)
    assert first["egg"] == {"from": None, "to": OUNCE_GRAMS}
    assert second == {
        "all-purpose-flour": {"from": 1500.0, "to": None},
        "egg": {"from": OUNCE_GRAMS, "to": 60.0},
        "whole-milk": {"from": 500.0, "to": None},
    }


def test_the_pantry_has_an_etag_a_304_and_a_private_cache(client: TestClient) -> None:
    household = create_household(client)
    _put(client, household, STOCK[:1])
    first = client.get(_url(household), headers=household.headers)
    assert first.headers["cache-control"] == "private, no-cache"
    etag = first.headers["etag"]
    again = client.get(_url(household), headers={**household.headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    _put(client, household, STOCK[1:2])
    changed = client.get(_url(household), headers={**household.headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_another_households_pantry_is_a_404_like_a_missing_one(client: TestClient) -> None:
    mine, theirs = create_household(client), create_household(client)
    _put(client, theirs, STOCK[:1])
    missing = HouseholdAccess(str(uuid.uuid4()), mine.token, mine.token_id, {})
    for target in (theirs, missing):
        url = _url(target)
        read = assert_problem(client.get(url, headers=mine.headers), 404)
        write = assert_problem(client.put(url, json={"items": []}, headers=mine.headers), 404)
        assert read["detail"] == write["detail"] == f"no household {target.id}"
    assert_problem(client.get(_url(theirs)), 401)
    assert client.get(_url(theirs), headers=ADMIN).json()["items"] == [
        {"ingredient_slug": "whole-milk", "grams": 500.0}
    ]


@pytest.mark.parametrize(
    ("item", "location"),
    [
        ({"ingredient_slug": "unicorn-meat", "grams": 10}, "ingredient_slug"),
        ({"ingredient_slug": "Egg!", "grams": 10}, "ingredient_slug"),
        ({"ingredient_slug": "salt", "grams": -5}, "grams"),
        ({"ingredient_slug": "salt", "grams": 0}, "grams"),
        ({"ingredient_slug": "salt", "grams": 1e9}, "grams"),
        ({"ingredient_slug": "salt", "quantity": 200, "unit": "kg"}, "quantity"),
        ({"ingredient_slug": "salt", "quantity": -1, "unit": "g"}, "quantity"),
        ({"ingredient_slug": "salt", "quantity": 2, "unit": "cup"}, "unit"),
        ({"ingredient_slug": "salt", "quantity": 2, "unit": "clove"}, "unit"),
        ({"ingredient_slug": "salt", "quantity": 2, "unit": "furlong"}, "unit"),
        ({"ingredient_slug": "salt", "quantity": 2}, ""),
        ({"ingredient_slug": "salt", "grams": 2, "quantity": 2, "unit": "g"}, ""),
        ({"ingredient_slug": "salt"}, ""),
        ({"ingredient_slug": "egg", "grams": 5}, "ingredient_slug"),  # listed twice
        ({"ingredient_slug": "salt", "grams": 5, "colour": "white"}, "colour"),
    ],
)
def test_a_bad_item_names_the_field_and_changes_nothing(
    client: TestClient, item: dict[str, Any], location: str
) -> None:
    household = create_household(client)
    _put(client, household, STOCK)
    before = client.get(_url(household), headers=household.headers).json()
    items = [*STOCK, item]  # the bad one is items.3
    problem = assert_problem(_put(client, household, items), 422)
    where = "body.items.3" + (f".{location}" if location else "")
    assert [e["location"] for e in problem["errors"]] == [where]
    assert client.get(_url(household), headers=household.headers).json() == before
