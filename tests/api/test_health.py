"""GET /health reports the serving database's state."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from simmer.localpg import free_port
from simmer.settings import Settings


def test_health_ok_with_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    response = TestClient(create_app(Settings())).get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_503_problem_when_database_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/x")
    response = TestClient(create_app(Settings())).get("/health")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["database"] == "unreachable"


def test_unknown_route_is_a_problem_document(database_url: str) -> None:
    response = TestClient(create_app(Settings(DATABASE_URL=database_url))).get("/api/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_health_503_before_the_local_database_exists(
    simmer_home: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    response = TestClient(create_app(Settings())).get("/health")
    assert response.status_code == 503
    assert "make db-up" in response.json()["detail"]
