"""The serving database's migrations: they match the models, and each step down and up again
leaves the schema as it was."""

from __future__ import annotations

import pytest
from alembic import command
from scratchdb import scratch_database
from sqlalchemy import create_engine, inspect

from api.migrate import alembic_config, upgrade
from simmer.store.plans_publish import PUBLISHED_TABLES

PLAN_TABLES = set(PUBLISHED_TABLES)


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_match_models(database_url: str) -> None:
    command.check(alembic_config(database_url))


@pytest.mark.parametrize(
    ("revision", "removed"),
    [
        ("0005", set()),
        ("0004", PLAN_TABLES),
        ("0003", PLAN_TABLES | {"household_pantry"}),
        ("base", None),
    ],
)
def test_downgrade_removes_its_tables_and_upgrade_restores_them(
    database_url: str, revision: str, removed: set[str] | None
) -> None:
    with scratch_database(database_url, "migrations") as url:
        upgrade(url)
        head = tables(url)
        assert head >= PLAN_TABLES
        command.downgrade(alembic_config(url), revision)
        assert tables(url) == (set() if removed is None else head - removed)
        upgrade(url)
        assert tables(url) == head
        command.check(alembic_config(url))
