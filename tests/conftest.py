"""Shared fixtures: a real PostgreSQL for the session (migrated), isolated SIMMER_HOME per test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine

sys.path.insert(0, str(Path(__file__).parent))

from api.migrate import upgrade
from simmer.localpg import LocalCluster

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """SIMMER_TEST_DATABASE_URL, or a throw-away local cluster (fsync off) for this session."""
    configured = os.environ.get("SIMMER_TEST_DATABASE_URL")
    if configured:
        upgrade(configured)
        yield configured
        return
    home = Path(os.environ.get("SIMMER_HOME", REPO / ".simmer"))
    _remove_abandoned_clusters(home)
    cluster = LocalCluster(home / f"test-pg-{os.getpid()}", durable=False)
    cluster.destroy()
    url = cluster.up(("simmer_test",))
    upgrade(url)
    yield url
    cluster.destroy()


def _remove_abandoned_clusters(home: Path) -> None:
    """Clusters of test sessions that died before cleaning up (their pid is gone)."""
    for folder in home.glob("test-pg-*"):
        pid = int(folder.name.rsplit("-", 1)[1])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            LocalCluster(folder).destroy()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Engine:
    return create_engine(database_url)


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as conn:
        transaction = conn.begin()
        yield conn
        transaction.rollback()


@pytest.fixture
def simmer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SIMMER_HOME", str(home))
    return home
