"""Shared fixtures: a real PostgreSQL for the session (migrated), isolated SIMMER_HOME per test."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine

sys.path.insert(0, str(Path(__file__).parent))

from api.migrate import upgrade
from simmer.localpg import LocalCluster
from simmer.settings import Settings


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """SIMMER_TEST_DATABASE_URL, or a throw-away local cluster (fsync off) for this session."""
    configured = os.environ.get("SIMMER_TEST_DATABASE_URL")
    if configured:
        upgrade(configured)
        yield configured
        return
    # In the system's temporary folder, which the unprivileged server user can always reach
    # (a checkout under /root could not be), and never beside the demo's own cluster.
    clusters = Path(tempfile.gettempdir())
    _remove_abandoned_clusters(clusters)
    cluster = LocalCluster(clusters / f"simmer-test-pg-{os.getpid()}", durable=False)
    cluster.destroy()
    url = cluster.up(("simmer_test",))
    upgrade(url)
    yield url
    cluster.destroy()


def _remove_abandoned_clusters(clusters: Path) -> None:
    """Clusters of test sessions that died before cleaning up (their pid is gone)."""
    for folder in clusters.glob("simmer-test-pg-*"):
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
def serving_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL set to the test database, for runs that publish to the serving database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def example_settings(
    tmp_path: Path, simmer_home: Path, serving_database: str, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """Settings of a fresh home over the example packs, publishing to the test database."""
    from packfactory import write_example_packs

    monkeypatch.setenv("SIMMER_PACKS", str(write_example_packs(tmp_path / "packs")))
    return Settings()


@pytest.fixture
def simmer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SIMMER_HOME", str(home))
    return home
