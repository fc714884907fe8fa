"""Helpers for API tests: settings for an app on the test database, households created
through the API, and the problem-document assertion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from simmer.settings import Settings

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
