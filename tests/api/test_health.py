"""GET /health reports the serving database's state."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from apiclient import ADMIN_TOKEN, V1, create_household
from fastapi.testclient import TestClient

from api.main import create_app
from api.migrate import upgrade
from simmer.localpg import LocalCluster, free_port
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


def test_health_follows_the_database_down_and_up_again_without_a_restart(tmp_path: Path) -> None:
    """The real cluster stopped and started under a running app: 200, 503, 200; a household
    read while it is down is a 503 problem, never a 500."""
    folder = Path(tempfile.gettempdir()) / f"simmer-test-pg-restart-{os.getpid()}"
    cluster = LocalCluster(folder, durable=False)
    url = cluster.up(("simmer",))
    try:
        upgrade(url)
        settings = Settings(DATABASE_URL=url, SIMMER_ADMIN_TOKEN=ADMIN_TOKEN, SIMMER_HOME=tmp_path)
        with TestClient(create_app(settings)) as client:
            household = create_household(client)
            assert client.get("/health").status_code == 200
            cluster.down()
            down = client.get("/health")
            assert down.status_code == 503 and down.json()["database"] == "unreachable"
            url_down = f"{V1}/households/{household.id}"
            problem = client.get(url_down, headers=household.headers)
            assert problem.status_code == 503
            assert problem.headers["content-type"] == "application/problem+json"
            cluster.up(("simmer",))
            assert client.get("/health").status_code == 200
            assert client.get(url_down, headers=household.headers).status_code == 200
    finally:
        cluster.destroy()
