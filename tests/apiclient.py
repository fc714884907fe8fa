"""Helpers for API tests: settings for an app on the test database, households created
through the API, and the problem-document assertion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from simmer.lake import current_dir, read_table_set
from simmer.settings import Settings
from simmer.store.catalog_read_model import publish_catalog_read_model
from simmer.store.engine import engine_for

ADMIN_TOKEN = "sim_test-admin-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
V1 = "/api/v1"


def api_settings(database_url: str, home: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "SIMMER_HOME": home,
        "SIMMER_PACKS": home / "packs",  # never the checkout's packs: uploads land there
        "SIMMER_ADMIN_TOKEN": ADMIN_TOKEN,
        "SIMMER_WRITES_PER_MINUTE": 10_000,
        "SIMMER_REPLANS_PER_MINUTE": 10_000,
        **overrides,
    }
    return Settings(**values)


@dataclass(frozen=True)
class HouseholdAccess:
    id: str
    token: str
    token_id: str
    body: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def create_household(client: TestClient, **fields: Any) -> HouseholdAccess:
    body = {"name": "Test household", "size": 2, "timezone": "Europe/Berlin", **fields}
    response = client.post(f"{V1}/households", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    created = response.json()
    return HouseholdAccess(
        created["household"]["id"], created["token"]["token"], created["token"]["id"], created
    )


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"]
    return body


WEEK = "2026-11-29"  # a Sunday
PLANNABLE = {"diet": "vegetarian", "meal_slots": ["lunch", "dinner"]}  # planning packs


def generate_plan(
    client: TestClient,
    household: HouseholdAccess,
    week: str = WEEK,
    keep: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST .../plans/generate for the household, with its own token unless `headers`."""
    return client.post(
        f"{V1}/households/{household.id}/plans/generate",
        json={"week": week, "keep": keep or []},
        headers=household.headers if headers is None else headers,
    )


def planned_household(client: TestClient, **fields: Any) -> tuple[HouseholdAccess, dict[str, Any]]:
    """A new household (PLANNABLE unless given preferences) and its plan generated for WEEK."""
    household = create_household(client, **{"preferences": PLANNABLE, **fields})
    response = generate_plan(client, household)
    assert response.status_code == 201, response.text
    plan: dict[str, Any] = response.json()
    assert plan["status"] != "infeasible" or "preferences" in fields, plan["reason"]
    return household, plan


def publish_lake_catalog(lake: Path, database_url: str) -> None:
    """The lake's catalog becomes the read model (other tests may have published another)."""
    catalog, nutrition = current_dir(lake / "catalog"), current_dir(lake / "nutrition")
    assert catalog is not None and nutrition is not None
    publish_catalog_read_model(
        engine_for(database_url), catalog.name, read_table_set(catalog), read_table_set(nutrition)
    )
