"""API fixtures: an app on the session's real PostgreSQL with the example catalog published
(or the planning packs' catalog and lake, to plan from), an admin token, and households created
through the API itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import pytest
from apiclient import api_settings, publish_lake_catalog
from fastapi.testclient import TestClient
from packfactory import write_example_packs, write_planning_packs
from sqlalchemy import text

from api.main import create_app
from pipelines.plan import run_plan
from simmer.settings import Settings
from simmer.store.engine import engine_for


def _lake(root: Path, database_url: str, write_packs: Callable[[Path], Path]) -> Path:
    """Packs run through the real pipeline once: a lake the catalog and plans come from."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIMMER_HOME", str(root / "home"))
        patch.setenv("SIMMER_PACKS", str(write_packs(root / "packs")))
        patch.setenv("DATABASE_URL", database_url)
        settings = Settings()
        with dg.DagsterInstance.ephemeral() as instance:
            assert run_plan(settings, instance).success
    return settings.lake_dir


@pytest.fixture(scope="session")
def example_lake(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Path:
    """The example packs' lake (two recipes): the catalog the catalog routes serve."""
    return _lake(tmp_path_factory.mktemp("api-lake"), database_url, write_example_packs)


@pytest.fixture(scope="session")
def planning_lake(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Path:
    """The planning packs' lake: enough recipes to plan weeks of lunches and dinners."""
    return _lake(tmp_path_factory.mktemp("plans-lake"), database_url, write_planning_packs)


@pytest.fixture
def published_catalog(example_lake: Path, database_url: str) -> None:
    publish_lake_catalog(example_lake, database_url)


@pytest.fixture
def client(database_url: str, tmp_path: Path, published_catalog: None) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(database_url, tmp_path))) as test_client:
        yield test_client


@pytest.fixture
def planning_client(database_url: str, planning_lake: Path) -> Iterator[TestClient]:
    """The app on the planning lake's home, its catalog published: re-planning plans from it."""
    publish_lake_catalog(planning_lake, database_url)
    settings = api_settings(database_url, planning_lake.parent)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from test_api_openapi import FUZZ_CASES_KEY

    cases = terminalreporter.config.stash.get(FUZZ_CASES_KEY, [])
    if cases:
        terminalreporter.write_line(
            f"schemathesis: {len(cases)} requests fuzzed from api/openapi.json"
        )


@pytest.fixture(autouse=True, scope="module")
def no_households_left(database_url: str) -> Iterator[None]:
    """API tests commit through the app; each module leaves the database without households
    (and their tokens, audit rows and idempotency keys) for the tests that expect none."""
    yield
    with engine_for(database_url).begin() as connection:
        connection.execute(
            text("TRUNCATE households, audit_events, idempotency_keys RESTART IDENTITY CASCADE")
        )
