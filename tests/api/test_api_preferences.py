"""Leftovers, members and pins through `PUT /households/{id}/preferences`: stored in their
tables with the rest, read back, audited; a pin that names what the catalog lacks, sits outside
the household's slots or breaks its own diet or allergies is a 422 naming the field, and
changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from apiclient import V1, HouseholdAccess, assert_problem, create_household
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from simmer.store.models import AuditEvent, HouseholdMember, HouseholdPin

# the example catalog: pancakes (breakfast, sweet) have egg and milk, and fish of unknown
# status, and no diet but omnivore known (salt's diets are not stated); crêpes (sweet) have an
# unmatched line, so every allergen is of unknown status
BASE = {"diet": "omnivore", "meal_slots": ["breakfast", "dinner"]}
PINS = [
    {"weekday": 6, "slot": "dinner", "tag": "sweet"},
    {"weekday": 0, "slot": "breakfast", "recipe_slug": "pancakes"},
]
MEMBERS = [{"name": "Ada", "kcal_target": 2400}, {"name": "Bo", "kcal_target": 1500}]


def _put(client: TestClient, household: HouseholdAccess, prefs: dict[str, Any]) -> Any:
    url = f"{V1}/households/{household.id}/preferences"
    return client.put(url, json=prefs, headers=household.headers)


def _rows(engine: Engine, household_id: str) -> tuple[list[Any], list[Any]]:
    key = uuid.UUID(household_id)
    with engine.connect() as connection:
        members = connection.execute(
            select(HouseholdMember.position, HouseholdMember.name, HouseholdMember.kcal_target)
            .where(HouseholdMember.household_id == key)
            .order_by(HouseholdMember.position)
        ).all()
        pins = connection.execute(
            select(
                HouseholdPin.weekday, HouseholdPin.slot, HouseholdPin.recipe_slug, HouseholdPin.tag
            )
            .where(HouseholdPin.household_id == key)
            .order_by(HouseholdPin.weekday)
        ).all()
    return [tuple(m) for m in members], [tuple(p) for p in pins]


def test_leftovers_members_and_pins_are_stored_read_back_and_audited(
    client: TestClient, engine: Engine
) -> None:
    household = create_household(client)
    assert household.body["household"]["preferences"]["leftovers"] is True
    prefs = {**BASE, "leftovers": False, "members": MEMBERS, "pins": PINS}
    response = _put(client, household, prefs)
    assert response.status_code == 200, response.text
    stored = response.json()["preferences"]
    assert stored["leftovers"] is False
    assert stored["members"] == MEMBERS
    assert stored["pins"] == [  # by weekday and slot, with the other field null
        {"weekday": 0, "slot": "breakfast", "recipe_slug": "pancakes", "tag": None},
        {"weekday": 6, "slot": "dinner", "recipe_slug": None, "tag": "sweet"},
    ]
    read = client.get(f"{V1}/households/{household.id}", headers=household.headers).json()
    assert read == response.json()
    assert _rows(engine, household.id) == (
        [(0, "Ada", 2400), (1, "Bo", 1500)],
        [(0, "breakfast", "pancakes", None), (6, "dinner", None, "sweet")],
    )
    with engine.connect() as connection:
        detail = connection.execute(
            select(AuditEvent.detail)
            .where(AuditEvent.household_id == uuid.UUID(household.id))
            .where(AuditEvent.action == "preferences.changed")
        ).scalar_one()
    assert detail["leftovers"] == {"from": True, "to": False}
    assert detail["members"] == {"from": [], "to": MEMBERS}
    assert [p["weekday"] for p in detail["pins"]["to"]] == [0, 6]

    # PUT replaces: one member left, no pins
    again = _put(client, household, {**BASE, "members": MEMBERS[1:]})
    assert again.status_code == 200, again.text
    assert _rows(engine, household.id) == ([(0, "Bo", 1500)], [])


@pytest.mark.parametrize(
    ("change", "location"),
    [
        (
            {"pins": [{"weekday": 1, "slot": "dinner", "recipe_slug": "gruel"}]},
            "pins.0.recipe_slug",
        ),
        ({"pins": [PINS[0], {"weekday": 2, "slot": "dinner", "tag": "savoury"}]}, "pins.1.tag"),
        ({"pins": [{"weekday": 1, "slot": "lunch", "tag": "sweet"}]}, "pins.0.slot"),
        ({"diet": "vegetarian", "pins": [PINS[1]]}, "pins.0.recipe_slug"),
        ({"allergies": ["egg"], "pins": [PINS[1]]}, "pins.0.recipe_slug"),
        ({"allergies": ["fish"], "pins": [PINS[1]]}, "pins.0.recipe_slug"),  # unknown: present
        (
            {
                "pins": [{"weekday": 1, "slot": "dinner", "recipe_slug": "crepes"}],
                "allergies": ["soy"],
            },
            "pins.0.recipe_slug",
        ),
        (
            {"pins": [{"weekday": 1, "slot": "dinner", "recipe_slug": "crepes", "tag": "sweet"}]},
            "pins.0",
        ),
        ({"pins": [{"weekday": 1, "slot": "dinner"}]}, "pins.0"),
        ({"pins": [{"weekday": 7, "slot": "dinner", "tag": "sweet"}]}, "pins.0.weekday"),
        ({"pins": [PINS[0], {**PINS[0], "tag": "breakfast"}]}, "pins.1"),
        ({"members": [{"name": "Ada", "kcal_target": 100}]}, "members.0.kcal_target"),
        ({"members": [MEMBERS[0], {"name": " ", "kcal_target": 2000}]}, "members.1.name"),
        ({"members": [MEMBERS[0]] * 21}, "members"),
        ({"leftovers": "sometimes"}, "leftovers"),
    ],
)
def test_a_bad_pin_or_member_names_the_field_and_changes_nothing(
    client: TestClient, engine: Engine, change: dict[str, Any], location: str
) -> None:
    household = create_household(client)
    assert _put(client, household, {**BASE, "members": MEMBERS}).status_code == 200
    before = client.get(f"{V1}/households/{household.id}", headers=household.headers).json()
    rows = _rows(engine, household.id)
    problem = assert_problem(_put(client, household, {**BASE, **change}), 422)
    assert [e["location"] for e in problem["errors"]] == [f"body.{location}"]
    after = client.get(f"{V1}/households/{household.id}", headers=household.headers).json()
    assert after == before
    assert _rows(engine, household.id) == rows
