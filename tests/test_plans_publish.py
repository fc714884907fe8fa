"""Publishing plans to the real serving PostgreSQL: one transaction (a reader sees the old week or
the new one), idempotent, approved and regenerated plans kept with their rows, households that
left the partition removed, bad input refused with nothing changed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import polars as pl
import pytest
from scratchdb import scratch_database
from sqlalchemy import Engine, create_engine, text

from api.migrate import upgrade
from bench.synthetic_plans import synthetic_partition
from simmer.households import demo_households, seed_households
from simmer.store.plans_publish import (
    DOCUMENT_TABLES,
    PUBLISHED_TABLES,
    HouseholdWeek,
    Partition,
    PlanApproved,
    publish_plans,
)

WEEK = date(2026, 11, 29)
ZONE = "Europe/Berlin"
PARTITION = Partition(WEEK, ZONE)
HOUSEHOLDS = [str(h.id) for h in demo_households(60, seed=11)]
ROWS = ", ".join(
    f"(SELECT count(*) FROM {t}), (SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), ''))"
    f" FROM (SELECT (to_jsonb(x) - 'published_at')::text AS r FROM {t} x{{where}}) s)"
    for t in PUBLISHED_TABLES
)
STATE = "SELECT " + ROWS.format(where="")
PLAN_ROWS = "SELECT " + ROWS.format(where=" WHERE x.plan_id = CAST(:plan AS uuid)")


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    """A database of its own (its counts are this module's), migrated, with HOUSEHOLDS."""
    with scratch_database(database_url, "publish") as url:
        upgrade(url)
        engine = create_engine(url)
        with engine.begin() as connection:
            seed_households(connection, demo_households(60, seed=11))
        yield engine
        engine.dispose()


@pytest.fixture(autouse=True)
def empty_plans(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM plans"))


def week(variant: int, households: list[str] = HOUSEHOLDS) -> dict[str, pl.DataFrame]:
    return synthetic_partition(households, WEEK, ZONE, variant)


def state(engine: Engine) -> tuple[object, ...]:
    """Every published row's count and checksum, read in one statement (one snapshot)."""
    with engine.connect() as connection:
        return tuple(connection.execute(text(STATE)).one())


def plan_rows(engine: Engine, plan: str) -> tuple[object, ...]:
    with engine.connect() as connection:
        return tuple(connection.execute(text(PLAN_ROWS), {"plan": plan}).one())


def served(rows: dict[str, int]) -> tuple[int, ...]:
    """The rows of each published table for the lake's rows counted in `rows` (one document
    per plan holds its list and carts)."""
    return (rows["plans"], rows["plan_meals"], rows["plan_days"], rows["plans"])


def plan_of(tables: dict[str, pl.DataFrame], household: str) -> str:
    plans = tables["plans"].filter(pl.col("household_id") == household)
    return str(plans.get_column("plan_id").item())


def test_every_table_is_published_and_republishing_changes_no_row(engine: Engine) -> None:
    tables = week(0)
    first = publish_plans(engine, tables, source="schedule", replace=PARTITION)
    assert first.plans == len(HOUSEHOLDS)
    assert first.rows == {
        "plans": len(HOUSEHOLDS),
        "plan_meals": tables["plan_meals"].height,
        "plan_days": tables["daily_nutrition"].height,
        **{t: tables[t].height for t in DOCUMENT_TABLES},
    }
    published = state(engine)
    assert published[0::2] == served(first.rows)
    with engine.connect() as connection:
        stamps = connection.execute(text("SELECT plan_id, published_at FROM plans")).all()
    again = publish_plans(engine, week(0), source="schedule", replace=PARTITION)
    assert again == first
    assert state(engine) == published
    with engine.connect() as connection:
        assert connection.execute(text("SELECT plan_id, published_at FROM plans")).all() == stamps


def test_meals_carry_titles_and_lists_keep_their_order(engine: Engine) -> None:
    tables = week(0)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO catalog_recipes SELECT slug, 'Title of ' || slug, 'p', 1, false,"
                " 10, '{}', '{}', null, null, null, null, 1, true, '{}', '{}', '{}', null,"
                " null, null, '[]', 'v' FROM (VALUES ('recipe-0')) v (slug)"
            )
        )
    publish_plans(engine, tables, source="schedule", replace=PARTITION)
    plan = plan_of(tables, HOUSEHOLDS[0])
    with engine.connect() as connection:
        titles = connection.execute(
            text("SELECT DISTINCT recipe_slug, title FROM plan_meals WHERE title IS NOT NULL")
        ).all()
        names = connection.execute(
            text(
                "SELECT i ->> 'ingredient_slug', i -> 'meals' -> 0 ->> 'slot', i -> 'texts' ->> 1"
                " FROM plan_documents,"
                " json_array_elements(shopping_list::json) WITH ORDINALITY l (i, n)"
                " WHERE plan_id = CAST(:plan AS uuid) ORDER BY n"
            ),
            {"plan": plan},
        ).all()
        connection.execute(text("DELETE FROM catalog_recipes"))
        connection.commit()
    assert titles == [("recipe-0", "Title of recipe-0")]
    items = tables["shopping_list_items"].filter(pl.col("plan_id") == plan)
    assert [n[0] for n in names] == items.get_column("ingredient_slug").to_list()
    assert names[0][1:] == ("dinner", 'a pinch, "to taste"')


def test_a_reader_sees_the_old_week_or_the_new_one_never_a_mix(engine: Engine) -> None:
    old, new = week(0), week(1)
    publish_plans(engine, new, source="schedule", replace=PARTITION)
    new_state = state(engine)
    publish_plans(engine, old, source="schedule", replace=PARTITION)
    old_state = state(engine)
    assert old_state != new_state

    seen: list[tuple[object, ...]] = []
    more = threading.Condition()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            observed = state(engine)
            with more:
                seen.append(observed)
                more.notify_all()

    def wait_for_a_read() -> None:
        with more:
            count = len(seen)
            more.wait_for(lambda: len(seen) > count)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for tables in (new, old, new, old, new):
            wait_for_a_read()
            publish_plans(engine, tables, source="schedule", replace=PARTITION)
        wait_for_a_read()
    finally:
        stop.set()
        reader.join()
    assert set(seen) == {old_state, new_state}


def test_an_approved_plan_keeps_its_meals_list_and_carts_and_is_counted(engine: Engine) -> None:
    publish_plans(engine, week(0), source="schedule", replace=PARTITION)
    approved, other = plan_of(week(0), HOUSEHOLDS[0]), plan_of(week(0), HOUSEHOLDS[1])
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE plans SET status = 'approved', approved_at = now()"
                " WHERE plan_id = CAST(:plan AS uuid)"
            ),
            {"plan": approved},
        )
    before, other_before = plan_rows(engine, approved), plan_rows(engine, other)

    result = publish_plans(engine, week(1), source="schedule", replace=PARTITION)

    assert (result.approved_kept, result.regenerated_kept) == (1, 0)
    assert result.plans == len(HOUSEHOLDS) - 1
    assert plan_rows(engine, approved) == before
    assert plan_rows(engine, other) != other_before
    with engine.connect() as connection:
        versions = connection.execute(
            text("SELECT catalog_version, count(*) FROM plans GROUP BY 1 ORDER BY 1")
        ).all()
    assert versions == [("synthetic-0", 1), ("synthetic-1", len(HOUSEHOLDS) - 1)]


def test_a_regenerated_plan_survives_the_scheduled_publish(engine: Engine) -> None:
    publish_plans(engine, week(0), source="schedule", replace=PARTITION)
    household = HOUSEHOLDS[2]
    mine = week(5, [household])
    result = publish_plans(
        engine, mine, source="regenerate", replace=HouseholdWeek(household, WEEK)
    )
    assert result.plans == 1
    plan = plan_of(mine, household)
    regenerated = plan_rows(engine, plan)

    scheduled = publish_plans(engine, week(1), source="schedule", replace=PARTITION)

    assert (scheduled.approved_kept, scheduled.regenerated_kept) == (0, 1)
    assert plan_rows(engine, plan) == regenerated
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT source, catalog_version FROM plans WHERE plan_id = CAST(:p AS uuid)"),
            {"p": plan},
        ).one()
    assert tuple(row) == ("regenerate", "synthetic-5")


def test_regenerating_over_an_approved_plan_raises_and_changes_nothing(engine: Engine) -> None:
    publish_plans(engine, week(0), source="schedule", replace=PARTITION)
    household = HOUSEHOLDS[3]
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE plans SET status = 'approved', approved_at = now()"
                " WHERE household_id = CAST(:h AS uuid)"
            ),
            {"h": household},
        )
    before = state(engine)
    with pytest.raises(PlanApproved, match=plan_of(week(0), household)):
        publish_plans(
            engine,
            week(5, [household]),
            source="regenerate",
            replace=HouseholdWeek(household, WEEK),
        )
    assert state(engine) == before


def test_a_household_that_left_the_partition_loses_its_plan(engine: Engine) -> None:
    publish_plans(engine, week(0), source="schedule", replace=PARTITION)
    result = publish_plans(engine, week(0, HOUSEHOLDS[1:]), source="schedule", replace=PARTITION)
    assert result.removed == 1
    with engine.connect() as connection:
        counts = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM plans), (SELECT count(*) FROM plans"
                " WHERE household_id = CAST(:h AS uuid)), (SELECT count(*) FROM plan_meals m"
                " WHERE NOT EXISTS (SELECT 1 FROM plans p WHERE p.plan_id = m.plan_id))"
            ),
            {"h": HOUSEHOLDS[0]},
        ).one()
    assert tuple(counts) == (len(HOUSEHOLDS) - 1, 0, 0)


def test_a_plan_of_another_week_is_refused_naming_it_and_nothing_changes(engine: Engine) -> None:
    publish_plans(engine, week(0), source="schedule", replace=PARTITION)
    before = state(engine)
    tables = week(1)
    tables["plans"] = tables["plans"].with_columns(
        week=pl.when(pl.int_range(pl.len()) == 4).then(date(2026, 12, 6)).otherwise("week")
    )
    with pytest.raises(ValueError, match=r"1 rows of table 'plans' outside .* row 4"):
        publish_plans(engine, tables, source="schedule", replace=PARTITION)
    with pytest.raises(ValueError, match="no table 'cart_totals'"):
        publish_plans(
            engine,
            {k: v for k, v in week(1).items() if k != "cart_totals"},
            source="schedule",
            replace=PARTITION,
        )
    assert state(engine) == before


def test_deleting_a_household_deletes_its_plan_with_every_child_row(engine: Engine) -> None:
    tables = week(0)
    publish_plans(engine, tables, source="schedule", replace=PARTITION)
    gone, kept = plan_of(tables, HOUSEHOLDS[0]), plan_of(tables, HOUSEHOLDS[1])
    kept_rows = plan_rows(engine, kept)[1::2]
    assert all(rows_of(engine, gone))
    with engine.begin() as connection:
        connection.execute(
            text("DELETE FROM households WHERE id = CAST(:h AS uuid)"), {"h": HOUSEHOLDS[0]}
        )
    try:
        assert rows_of(engine, gone) == (0,) * len(PUBLISHED_TABLES)
        assert plan_rows(engine, kept)[1::2] == kept_rows
    finally:
        with engine.begin() as connection:
            seed_households(connection, demo_households(60, seed=11)[:1])


def rows_of(engine: Engine, plan: str) -> tuple[int, ...]:
    """How many rows each published table has for `plan`."""
    counts = ", ".join(
        f"(SELECT count(*) FROM {t} WHERE plan_id = CAST(:plan AS uuid))" for t in PUBLISHED_TABLES
    )
    with engine.connect() as connection:
        return tuple(connection.execute(text(f"SELECT {counts}"), {"plan": plan}).one())


def test_a_plan_whose_child_rows_changed_is_republished_in_full(engine: Engine) -> None:
    publish_plans(engine, week(0), source="schedule", replace=PARTITION)
    tables = week(0)
    plan = str(tables["cart_totals"].get_column("plan_id")[0])
    tables["cart_totals"] = tables["cart_totals"].with_columns(
        total=pl.when(pl.col("plan_id") == plan).then(pl.col("total") + 1).otherwise("total")
    )
    publish_plans(engine, tables, source="schedule", replace=PARTITION)
    republished = state(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM plans"))
    publish_plans(engine, tables, source="schedule", replace=PARTITION)
    assert state(engine) == republished


def test_publishing_on_a_connection_is_committed_by_its_commit(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        connection.commit()
        result = publish_plans(connection, week(0), source="schedule", replace=PARTITION)
        connection.commit()
    assert state(engine)[0::2] == served(result.rows)
