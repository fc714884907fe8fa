"""API fixtures: an app on the session's real PostgreSQL with the example catalog published,
an admin token, and households created through the API itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from apiclient import api_settings
from fastapi.testclient import TestClient
from packfactory import write_example_packs
from sqlalchemy import text

from api.main import create_app
from pipelines.plan import run_plan
from simmer.lake import current_dir, read_table_set
from simmer.settings import Settings
from simmer.store.catalog_read_model import publish_catalog_read_model
from simmer.store.engine import engine_for


@pytest.fixture(scope="session")
def example_lake(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Path:
    """The example packs run through the real pipeline once: the lake the catalog comes from."""
    root = tmp_path_factory.mktemp("api-lake")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIMMER_HOME", str(root / "home"))
        patch.setenv("SIMMER_PACKS", str(write_example_packs(root / "packs")))
        patch.setenv("DATABASE_URL", database_url)
        settings = Settings()
        with dg.DagsterInstance.ephemeral() as instance:
            assert run_plan(settings, instance).success
    return settings.lake_dir


@pytest.fixture
def published_catalog(example_lake: Path, database_url: str) -> None:
    """The example catalog is the read model (other tests may have published another one)."""
    catalog, nutrition = (
        current_dir(example_lake / "catalog"),
        current_dir(example_lake / "nutrition"),
    )
    assert catalog is not None and nutrition is not None
    publish_catalog_read_model(
        engine_for(database_url), catalog.name, read_table_set(catalog), read_table_set(nutrition)
    )


@pytest.fixture
def client(database_url: str, tmp_path: Path, published_catalog: None) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(database_url, tmp_path))) as test_client:
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
