"""The serving database's migrations: they match the models, and each step down and up again
leaves the schema as it was."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from scratchdb import scratch_database
from sqlalchemy import create_engine, inspect, text

from api.migrate import alembic_config, upgrade
from bench.synthetic_plans import synthetic_partition
from simmer.households import demo_households, seed_households
from simmer.store.plans_publish import PUBLISHED_TABLES, Partition, publish_plans

PLAN_TABLES = set(PUBLISHED_TABLES)
ROW_TABLES = {"shopping_list_items", "cart_items", "cart_unsold", "cart_totals"}
ROW_COUNTS = ", ".join(f"(SELECT count(*) FROM {t})" for t in sorted(ROW_TABLES))
WEEK, ZONE = date(2026, 11, 29), "Europe/Berlin"
HOUSEHOLDS = [str(h.id) for h in demo_households(8, seed=3)]


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_match_models(database_url: str) -> None:
    command.check(alembic_config(database_url))


@pytest.mark.parametrize(
    ("revision", "removed", "added"),
    [
        ("0006", {"plan_documents"}, ROW_TABLES),
        ("0005", {"plan_documents"}, ROW_TABLES),
        ("0004", PLAN_TABLES, set()),
        ("0003", PLAN_TABLES | {"household_pantry"}, set()),
        ("base", None, set()),
    ],
)
def test_downgrade_removes_its_tables_and_upgrade_restores_them(
    database_url: str, revision: str, removed: set[str] | None, added: set[str]
) -> None:
    with scratch_database(database_url, "migrations") as url:
        upgrade(url)
        head = tables(url)
        assert head >= PLAN_TABLES
        command.downgrade(alembic_config(url), revision)
        assert tables(url) == (set() if removed is None else head - removed | added)
        upgrade(url)
        assert tables(url) == head
        command.check(alembic_config(url))


def test_plan_documents_go_back_to_rows_and_return_the_same(database_url: str) -> None:
    """0007 down turns each plan's documents into list and cart rows, up makes the same
    documents again (an approved plan's list and carts survive the migration)."""
    tables = synthetic_partition(HOUSEHOLDS, WEEK, ZONE)
    documents = (
        "SELECT plan_id, shopping_list::json, carts::json FROM plan_documents ORDER BY plan_id"
    )
    with scratch_database(database_url, "migrations") as url:
        upgrade(url)
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                seed_households(connection, demo_households(8, seed=3))
            publish_plans(engine, tables, source="schedule", replace=Partition(WEEK, ZONE))
            with engine.connect() as connection:
                before = connection.execute(text(documents)).all()
            command.downgrade(alembic_config(url), "0006")
            with engine.connect() as connection:
                rows = connection.execute(text(f"SELECT {ROW_COUNTS}")).one()
            assert tuple(rows) == tuple(tables[t].height for t in sorted(ROW_TABLES))
            upgrade(url)
            with engine.connect() as connection:
                assert connection.execute(text(documents)).all() == before
        finally:
            engine.dispose()


def test_day_macro_targets_go_down_to_0007_and_come_back(database_url: str) -> None:
    """0008 adds the per-day macro targets to `plan_days`; down to 0007 removes just them."""
    targets = {"protein_g_target", "fat_g_target", "carbs_g_target"}
    with scratch_database(database_url, "migrations") as url:
        upgrade(url)
        engine = create_engine(url)
        try:
            head = {c["name"] for c in inspect(engine).get_columns("plan_days")}
            assert targets <= head
            command.downgrade(alembic_config(url), "0007")
            engine.dispose()
            assert {c["name"] for c in inspect(engine).get_columns("plan_days")} == head - targets
            upgrade(url)
            engine.dispose()
            assert {c["name"] for c in inspect(engine).get_columns("plan_days")} == head
        finally:
            engine.dispose()
