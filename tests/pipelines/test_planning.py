"""The weekly plans through Dagster, in process, on a real PostgreSQL and a tiny catalog: the
zone sensor, the Sunday schedule, partition runs with the blocking rule check, re-runs, past
weeks, and the warehouse views over every partition."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from apiclient import V1, api_settings, create_household
from fastapi.testclient import TestClient
from packfactory import write_planning_packs
from scratchdb import scratch_database
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.main import create_app
from api.migrate import upgrade
from assets.partitions import ZONES_NAME, week_zone_key
from assets.planning import HARD_RULES_CHECK, PLANS_KEY
from assets.serving import SERVING_PLANS_KEY
from assets.shopping import LINES_CHECK, QUANTITIES_CHECK
from pipelines.definitions import build_definitions
from pipelines.plan import (
    NO_HOUSEHOLDS,
    main,
    plan_lines,
    plan_partition,
    run_plan,
    run_planning,
    serving_line,
    shopping_lines,
)
from simmer.households import HouseholdPrefs, Member, Pin, demo_household, seed_households
from simmer.lake import current_dir, read_table_set
from simmer.planner.batch import partition_dir, planning_inputs
from simmer.planner.replan import replan
from simmer.planner.rules import find_breaks
from simmer.planner.schema import plan_id
from simmer.settings import Settings

WEEK = date(2026, 11, 29)
PANTRY_EGG_GRAMS = 100.0
BERLIN_SUNDAY_8 = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


def household(index: int, zone: str, **changes: object) -> HouseholdPrefs:
    base = demo_household(index, seed=42)
    fields = {
        "timezone": zone,
        "allergies": [],
        "dislikes": [],
        "diet": "vegetarian",
        "max_cook_time_min": None,
        "meal_slots": ["lunch", "dinner"],
        "pins": [],
        "pantry": [],
        **changes,
    }
    return replace(base, **fields)  # type: ignore[arg-type]


HOUSEHOLDS = [
    household(
        0,
        "Europe/Berlin",
        size=2,
        members=[Member("Ada", 2600), Member("Bo", 1400)],
        pantry=[("egg", PANTRY_EGG_GRAMS)],
    ),
    household(1, "Europe/Berlin", size=1, pins=[Pin(5, "dinner", tag="pasta")]),
    household(2, "Europe/Berlin", size=3, leftovers=False, meal_slots=["breakfast", "dinner"]),
    household(3, "Europe/Berlin", size=2, allergies=["peanuts"]),  # flour's peanut status unknown
    household(4, "Asia/Kolkata", size=4, diet="vegan"),  # no recipe is vegan
    household(5, "Asia/Kathmandu", size=2),
]


@pytest.fixture(scope="module")
def planning_db(database_url: str) -> Iterator[str]:
    """A database of its own for this module, migrated, holding HOUSEHOLDS."""
    with scratch_database(database_url, "planning") as url:
        upgrade(url)
        engine = create_engine(url)
        with engine.begin() as connection:
            seed_households(connection, HOUSEHOLDS)
        yield url
        engine.dispose()


@pytest.fixture(scope="module")
def planned(
    planning_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, dg.DagsterInstance]]:
    """The catalog built, zones registered by the sensor, and the Berlin week planned."""
    root = tmp_path_factory.mktemp("planning")
    with pytest.MonkeyPatch.context() as patch, dg.instance_for_test() as instance:
        patch.setenv("SIMMER_HOME", str(root / "home"))
        patch.setenv("SIMMER_PACKS", str(write_planning_packs(root / "packs")))
        patch.setenv("DATABASE_URL", planning_db)
        settings = Settings()
        assert run_plan(settings, instance).success
        yield settings, instance


def partition_tables(
    settings: Settings, dataset: str, week: date, zone: str
) -> dict[str, pl.DataFrame]:
    folder = current_dir(partition_dir(settings.lake_dir, dataset, week, zone))
    assert folder is not None, f"no {dataset} for {week} {zone}"
    return read_table_set(folder)


def test_zone_sensor_adds_each_zone_with_households_once(
    planned: tuple[Settings, dg.DagsterInstance],
) -> None:
    settings, instance = planned
    defs = build_definitions(settings)
    sensor = defs.resolve_sensor_def("household_zones_sensor")
    result = sensor(
        dg.build_sensor_context(instance=instance, definitions=defs, resources=defs.resources)
    )
    assert isinstance(result, dg.SensorResult)
    [request] = result.dynamic_partitions_requests or []
    assert isinstance(request, dg.AddDynamicPartitionsRequest)
    assert list(request.partition_keys) == ["Asia/Kathmandu", "Asia/Kolkata", "Europe/Berlin"]
    instance.add_dynamic_partitions(ZONES_NAME, list(request.partition_keys))
    again = sensor(
        dg.build_sensor_context(instance=instance, definitions=defs, resources=defs.resources)
    )
    assert isinstance(again, dg.SensorResult) and not again.dynamic_partitions_requests


def test_schedule_requests_each_zone_at_its_sunday_eight(
    planned: tuple[Settings, dg.DagsterInstance],
) -> None:
    settings, instance = planned
    instance.add_dynamic_partitions(ZONES_NAME, ["Asia/Kathmandu", "Asia/Kolkata", "Europe/Berlin"])
    defs = build_definitions(settings)
    schedule = defs.resolve_schedule_def("sunday_plans")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING

    def requests(instant: datetime) -> list[tuple[str, str]]:
        context = dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=instant,
            repository_def=defs.get_repository_def(),
        )
        result = schedule.evaluate_tick(context)
        return [(str(r.partition_key), str(r.run_key)) for r in result.run_requests or []]

    assert requests(BERLIN_SUNDAY_8) == [
        ("2026-11-29|Europe/Berlin", "plans:2026-11-29:Europe/Berlin")
    ]
    assert requests(datetime(2026, 11, 29, 6, 45, tzinfo=UTC)) == []
    assert requests(datetime(2026, 11, 29, 2, 15, tzinfo=UTC)) == [
        ("2026-11-29|Asia/Kathmandu", "plans:2026-11-29:Asia/Kathmandu")
    ]
    assert requests(datetime(2026, 11, 29, 2, 30, tzinfo=UTC)) == [
        ("2026-11-29|Asia/Kolkata", "plans:2026-11-29:Asia/Kolkata")
    ]
    # the same tick evaluated twice asks for the same run key: the daemon launches it once
    assert requests(BERLIN_SUNDAY_8) == requests(BERLIN_SUNDAY_8)


def test_partition_run_plans_every_household_of_the_zone_without_breaking_a_rule(
    planned: tuple[Settings, dg.DagsterInstance],
) -> None:
    settings, instance = planned
    instance.add_dynamic_partitions(ZONES_NAME, ["Europe/Berlin"])
    defs = build_definitions(settings)
    result = plan_partition(defs, instance, WEEK, "Europe/Berlin")
    assert result.success
    checks = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
    assert checks == {HARD_RULES_CHECK: True, LINES_CHECK: True, QUANTITIES_CHECK: True}

    plans = partition_tables(settings, "plans", WEEK, "Europe/Berlin")
    snapshot = partition_tables(settings, "households", WEEK, "Europe/Berlin")["households"]
    berlin = sorted(str(h.id) for h in HOUSEHOLDS if h.timezone == "Europe/Berlin")
    assert snapshot.get_column("household_id").to_list() == berlin
    assert sorted(plans["plans"].get_column("plan_id")) == sorted(plan_id(h, WEEK) for h in berlin)
    status = dict(plans["plans"].select("household_id", "status").iter_rows())
    assert status[str(HOUSEHOLDS[3].id)] == "infeasible"
    assert [status[str(h.id)] for h in HOUSEHOLDS[:3]] == ["proposed"] * 3
    assert set(plans["plans"].get_column("catalog_version")) == {catalog_version(settings)}

    # the independent checker over the lake's plans, recomputed here
    catalog = read_table_set(current_dir(settings.lake_dir / "catalog"))  # type: ignore[arg-type]
    nutrition = read_table_set(current_dir(settings.lake_dir / "nutrition"))  # type: ignore[arg-type]
    inputs = planning_inputs(catalog, nutrition)
    breaks = find_breaks(
        plans["plans"],
        plans["plan_meals"],
        snapshot,
        inputs.candidates,
        inputs.candidate_ingredients,
    )
    assert breaks.is_empty(), breaks

    metadata = instance.get_latest_materialization_event(PLANS_KEY)
    assert metadata is not None and metadata.asset_materialization is not None
    figures = metadata.asset_materialization.metadata
    assert figures["infeasible"].value == 1 and figures["households"].value == 4
    assert "mean_kcal_deviation" in figures and "mean_distinct_ingredients" in figures


def catalog_version(settings: Settings) -> str:
    folder = current_dir(settings.lake_dir / "catalog")
    assert folder is not None
    return folder.name


def test_rerun_converges_and_past_weeks_backfill(
    planned: tuple[Settings, dg.DagsterInstance],
) -> None:
    settings, instance = planned
    instance.add_dynamic_partitions(ZONES_NAME, ["Europe/Berlin"])
    defs = build_definitions(settings)
    assert plan_partition(defs, instance, WEEK, "Europe/Berlin").success
    first = current_dir(partition_dir(settings.lake_dir, "plans", WEEK, "Europe/Berlin"))
    assert plan_partition(defs, instance, WEEK, "Europe/Berlin").success
    assert current_dir(partition_dir(settings.lake_dir, "plans", WEEK, "Europe/Berlin")) == first

    past = [date(2026, 11, 1), date(2026, 11, 8)]  # the New York DST week and the one after
    for week in past:
        assert plan_partition(defs, instance, week, "Europe/Berlin").success
        plans = partition_tables(settings, "plans", week, "Europe/Berlin")
        assert set(plans["plans"].get_column("week")) == {week}
        days = plans["plan_meals"].get_column("day")
        assert days.min() == week and (days.max() - week).days == 6  # type: ignore[operator]
    materialized = instance.get_materialized_partitions(PLANS_KEY)
    assert {str(week_zone_key(w, "Europe/Berlin")) for w in [*past, WEEK]} <= materialized


def test_make_plan_plans_every_zone_for_its_current_week_and_the_views_see_it(
    planned: tuple[Settings, dg.DagsterInstance],
) -> None:
    settings, instance = planned
    run, partitions = run_planning(settings, instance, BERLIN_SUNDAY_8)
    assert run.success, run.failure
    assert sorted(partitions) == [
        (WEEK, "Asia/Kathmandu"),
        (WEEK, "Asia/Kolkata"),
        (WEEK, "Europe/Berlin"),
    ]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        households = connection.sql("SELECT * FROM households LIMIT 0").columns
        plans = connection.sql("SELECT * FROM plans LIMIT 0").columns
        meals = connection.sql("SELECT * FROM plan_meals LIMIT 0").columns
        nutrition = connection.sql("SELECT * FROM household_weekly_nutrition LIMIT 0").columns
        planned_households = connection.sql(
            "SELECT count(DISTINCT household_id) FROM plans WHERE week = DATE '2026-11-29'"
        ).fetchall()[0][0]
        days = connection.sql(
            "SELECT count(*) FROM household_weekly_nutrition n JOIN plans p"
            " USING (household_id, week) WHERE p.status = 'proposed' AND n.week = '2026-11-29'"
        ).fetchall()[0][0]
    assert {"household_id", "size", "diet", "allergies", "dislikes", "timezone"} <= set(households)
    assert "kcal_target_per_person" in households
    assert {"plan_id", "household_id", "week", "zone", "status", "catalog_version"} <= set(plans)
    assert "goal_misses" in plans
    assert {"plan_id", "day", "slot", "recipe_slug", "servings", "leftover"} <= set(meals)
    assert {"household_id", "week", "day", "kcal", "kcal_target", "protein_g"} <= set(nutrition)
    assert {"protein_g_target", "fat_g_target", "carbs_g_target"} <= set(nutrition)
    assert planned_households == len(HOUSEHOLDS)
    lines = plan_lines(settings.warehouse_path, partitions)
    assert lines[0] == f"plans: {len(HOUSEHOLDS)} households in 3 zones"
    assert sum("INFEASIBLE" in line for line in lines) == 2  # the peanut and the vegan household
    assert days % 7 == 0 and days > 0
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        listed = connection.sql("SELECT * FROM shopping_list_items LIMIT 0").columns
        cart = connection.sql("SELECT * FROM cart_items LIMIT 0").columns
        cart_totals = connection.sql("SELECT * FROM cart_totals LIMIT 0").columns
    assert {"plan_id", "ingredient_slug", "grams", "display", "aisle", "as_needed"} <= set(listed)
    assert {"on_hand_grams", "meals"} <= set(listed)
    assert {"plan_id", "vendor", "sku", "ingredient_slug", "packages", "price"} <= set(cart)
    assert "leftover_grams" in cart
    assert {"total", "leftover_share", "within_budget"} <= set(cart_totals)
    carts = shopping_lines(settings.warehouse_path, partitions)
    assert carts[0] == f"shopping: {len(carts) - 1} carts" and len(carts) > 1
    served = serving_line(settings.serving_url(), partitions)
    assert served.startswith(f"serving PostgreSQL: {len(HOUSEHOLDS)} plans (0 approved), ")
    assert " 0 meals" not in served and " 0 list items" not in served


def test_make_plan_without_households_says_so_and_succeeds(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m pipelines.plan` on a serving database with no households: the catalog is
    built, nothing is planned, and the summary says why (exit status 0)."""
    with scratch_database(database_url, "empty") as url, pytest.MonkeyPatch.context() as patch:
        upgrade(url)
        patch.setenv("SIMMER_HOME", str(tmp_path / "home"))
        patch.setenv("SIMMER_PACKS", str(write_planning_packs(tmp_path / "packs")))
        patch.setenv("DATABASE_URL", url)
        patch.setenv("DAGSTER_HOME", str(tmp_path))
        assert main() == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == NO_HOUSEHOLDS
    assert any(line.startswith("catalog: ") for line in printed)


def test_partition_run_writes_lists_and_carts_with_the_pantry_subtracted(
    planned: tuple[Settings, dg.DagsterInstance],
) -> None:
    settings, instance = planned
    instance.add_dynamic_partitions(ZONES_NAME, ["Europe/Berlin"])
    assert plan_partition(build_definitions(settings), instance, WEEK, "Europe/Berlin").success
    shopping = partition_tables(settings, "shopping", WEEK, "Europe/Berlin")
    items, totals = shopping["shopping_list_items"], shopping["cart_totals"]
    proposed = partition_tables(settings, "plans", WEEK, "Europe/Berlin")["plans"].filter(
        pl.col("status") == "proposed"
    )
    assert sorted(set(items.get_column("plan_id"))) == sorted(proposed.get_column("plan_id"))
    assert sorted(totals.get_column("plan_id")) == sorted(proposed.get_column("plan_id"))
    [egg] = items.filter(
        pl.col("household_id") == str(HOUSEHOLDS[0].id), pl.col("ingredient_slug") == "egg"
    ).to_dicts()
    assert egg["on_hand_grams"] == min(PANTRY_EGG_GRAMS, egg["grams"])
    assert egg["to_buy_grams"] == pytest.approx(egg["grams"] - egg["on_hand_grams"])
    others = items.filter(pl.col("household_id") != str(HOUSEHOLDS[0].id))
    assert (others.get_column("on_hand_grams") == 0).all()
    flour = shopping["cart_items"].filter(pl.col("ingredient_slug") == "all-purpose-flour")
    bought = flour.group_by("plan_id").agg(
        pl.col("purchased_grams").sum(), pl.col("need_grams").sum()
    )
    assert (bought.get_column("purchased_grams") % 1000 == 0).all()  # whole 1 kg bags
    assert (bought.get_column("purchased_grams") >= bought.get_column("need_grams")).all()
    assert (bought.get_column("purchased_grams") - bought.get_column("need_grams") < 1000).all()


def serving_figures(instance: dg.DagsterInstance) -> dict[str, object]:
    event = instance.get_latest_materialization_event(SERVING_PLANS_KEY)
    assert event is not None and event.asset_materialization is not None
    return {k: v.value for k, v in event.asset_materialization.metadata.items()}


def test_a_replan_keeping_nothing_gives_the_sunday_runs_plan_list_and_carts(
    planned: tuple[Settings, dg.DagsterInstance],
) -> None:
    """Each Berlin household re-planned on demand (its list and carts from the catalog rows its
    plan reads) gets, table for table, its rows of the partition run (the whole catalog)."""
    settings, instance = planned
    zone = "Europe/Berlin"
    instance.add_dynamic_partitions(ZONES_NAME, [zone])
    assert plan_partition(build_definitions(settings), instance, WEEK, zone).success
    sunday = {
        **partition_tables(settings, "plans", WEEK, zone),
        **partition_tables(settings, "shopping", WEEK, zone),
    }
    assert not sunday["shopping_list_items"].is_empty() and not sunday["cart_items"].is_empty()
    snapshot = partition_tables(settings, "households", WEEK, zone)
    for household_id in snapshot["households"].get_column("household_id"):
        mine = pl.col("household_id") == household_id
        households, pantry = (snapshot[t].filter(mine) for t in ("households", "pantry"))
        replanned = replan(settings.lake_dir, households, pantry, WEEK, {})
        assert replanned.tables.keys() == sunday.keys()
        for table, rows in replanned.tables.items():
            key = "plan_id" if "plan_id" in rows.columns else "household_id"
            value = plan_id(household_id, WEEK) if key == "plan_id" else household_id
            expected = sunday[table].filter(pl.col(key) == value)
            assert rows.equals(expected), (household_id, table)


def test_partition_run_publishes_plans_lists_and_carts_and_keeps_an_approved_plan(
    planned: tuple[Settings, dg.DagsterInstance], planning_db: str
) -> None:
    settings, instance = planned
    instance.add_dynamic_partitions(ZONES_NAME, ["Europe/Berlin"])
    defs = build_definitions(settings)
    assert plan_partition(defs, instance, WEEK, "Europe/Berlin").success
    lake = {
        **partition_tables(settings, "plans", WEEK, "Europe/Berlin"),
        **partition_tables(settings, "shopping", WEEK, "Europe/Berlin"),
    }
    figures = serving_figures(instance)
    assert figures["plans"] == lake["plans"].height == 4
    assert (figures["approved_kept"], figures["regenerated_kept"]) == (0, 0)
    engine = create_engine(planning_db)
    query = text(
        "SELECT plan_id::text, status, (SELECT count(*) FROM plan_meals m"
        " WHERE m.plan_id = p.plan_id AND m.title IS NOT NULL), (SELECT"
        " json_array_length(d.shopping_list::json) FROM plan_documents d"
        " WHERE d.plan_id = p.plan_id) FROM plans p"
        " WHERE zone = 'Europe/Berlin' AND week = :week ORDER BY 1"
    )
    with engine.connect() as connection:
        published = connection.execute(query, {"week": WEEK}).all()
    meals = lake["plan_meals"].group_by("plan_id").len()
    items = lake["shopping_list_items"].group_by("plan_id").len()
    assert published == sorted(
        lake["plans"]
        .join(meals, on="plan_id", how="left")
        .join(items, on="plan_id", how="left")
        .select("plan_id", "status", pl.col("len").fill_null(0), pl.col("len_right").fill_null(0))
        .rows()
    )
    assert figures["shopping_list_items_rows"] == lake["shopping_list_items"].height
    assert figures["cart_items_rows"] == lake["cart_items"].height

    approved = plan_id(str(HOUSEHOLDS[0].id), WEEK)
    approve = "UPDATE plans SET status = :s, approved_at = {} WHERE plan_id = CAST(:p AS uuid)"
    try:
        with engine.begin() as connection:
            connection.execute(text(approve.format("now()")), {"s": "approved", "p": approved})
        assert plan_partition(defs, instance, WEEK, "Europe/Berlin").success
        assert serving_figures(instance)["approved_kept"] == 1
        with engine.connect() as connection:
            assert connection.execute(query, {"week": WEEK}).all() == [
                (p, "approved" if p == approved else s, *n) for p, s, *n in published
            ]
    finally:
        with engine.begin() as connection:
            connection.execute(text(approve.format("NULL")), {"s": "proposed", "p": approved})
        engine.dispose()


PARALLEL_TIMEOUT_S = 600  # a hang fails the test; the runs take far less, even on a busy machine


@pytest.fixture
def dagster_database(database_url: str) -> Iterator[str]:
    """An empty PostgreSQL database for a Dagster instance's storage (psycopg2, as
    dagster-postgres connects)."""
    with scratch_database(database_url, "dagster") as url:
        yield (
            make_url(url)
            .set(drivername="postgresql+psycopg2")
            .render_as_string(hide_password=False)
        )


def run_in_parallel(env: dict[str, str], week: date, zones: list[str], logs: Path) -> None:
    """`parallel_plans.py` for every zone at once, each run in a process group of its own with
    its output in `logs/<n>.log`, all killed (and the test failed) if they have not finished
    within PARALLEL_TIMEOUT_S."""
    script = Path(__file__).with_name("parallel_plans.py")
    logs.mkdir()
    runs = []
    for n, zone in enumerate(zones):
        with (logs / f"{n}.log").open("wb") as log:
            command = [sys.executable, str(script), week.isoformat(), zone]
            runs.append(
                subprocess.Popen(
                    command, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
                )
            )
    deadline = time.monotonic() + PARALLEL_TIMEOUT_S
    try:
        codes = [run.wait(timeout=max(0.0, deadline - time.monotonic())) for run in runs]
    except subprocess.TimeoutExpired:
        pytest.fail(f"the parallel runs did not finish within {PARALLEL_TIMEOUT_S} s")
    finally:
        for run in runs:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
    for n, (zone, code) in enumerate(zip(zones, codes, strict=True)):
        assert code == 0, (zone, (logs / f"{n}.log").read_text()[-4000:])


def test_two_partitions_in_parallel_plan_what_one_after_the_other_plans(
    planned: tuple[Settings, dg.DagsterInstance], dagster_database: str, tmp_path: Path
) -> None:
    settings, instance = planned
    zones = ["Europe/Berlin", "Asia/Kathmandu"]
    instance.add_dynamic_partitions(ZONES_NAME, zones)
    defs = build_definitions(settings)
    for zone in zones:  # one after the other, in process
        assert plan_partition(defs, instance, WEEK, zone).success
    sequential = {zone: partition_tables(settings, "plans", WEEK, zone) for zone in zones}

    # a second home with the same catalog and nutrition and no plans, a PostgreSQL instance
    home = tmp_path / "parallel-home"
    for dataset in ("catalog", "nutrition"):
        shutil.copytree(settings.lake_dir / dataset, home / "lake" / dataset, symlinks=True)
    dagster_home = tmp_path / "dagster-home"
    dagster_home.mkdir()
    (dagster_home / "dagster.yaml").write_text(
        f"storage:\n  postgres:\n    postgres_url: {dagster_database}\n"
        "telemetry:\n  enabled: false\n"
    )
    with dg.DagsterInstance.from_config(str(dagster_home)) as parallel_instance:
        parallel_instance.add_dynamic_partitions(ZONES_NAME, zones)
    env = {**os.environ, "SIMMER_HOME": str(home), "DAGSTER_HOME": str(dagster_home)}
    run_in_parallel(env, WEEK, zones, tmp_path / "logs")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIMMER_HOME", str(home))
        parallel_settings = Settings()
    for zone in zones:
        parallel = partition_tables(parallel_settings, "plans", WEEK, zone)
        assert parallel.keys() == sequential[zone].keys()
        for table, frame in sequential[zone].items():
            assert parallel[table].equals(frame), (zone, table)


def test_the_partition_run_subtracts_the_pantry_the_api_stored(
    planned: tuple[Settings, dg.DagsterInstance], planning_db: str, tmp_path: Path
) -> None:
    """A household and its pantry made through the API (1 oz of egg, converted to grams),
    then its (week, zone) planned and shopped in process: the list has that egg on hand."""
    settings, instance = planned
    zone = "Pacific/Chatham"  # this household alone
    prefs = {"diet": "vegetarian", "meal_slots": ["lunch", "dinner"]}
    with TestClient(create_app(api_settings(planning_db, tmp_path))) as client:
        household = create_household(client, timezone=zone, preferences=prefs)
        stock = {"items": [{"ingredient_slug": "egg", "quantity": 1, "unit": "oz"}]}
        url = f"{V1}/households/{household.id}/pantry"
        stored = client.put(url, json=stock, headers=household.headers)
    assert stored.status_code == 200, stored.text
    [on_hand] = stored.json()["items"]
    instance.add_dynamic_partitions(ZONES_NAME, [zone])
    assert plan_partition(build_definitions(settings), instance, WEEK, zone).success
    items = partition_tables(settings, "shopping", WEEK, zone)["shopping_list_items"]
    [egg] = items.filter(pl.col("ingredient_slug") == "egg").to_dicts()
    assert egg["household_id"] == household.id
    assert egg["on_hand_grams"] == pytest.approx(min(on_hand["grams"], egg["grams"]))
    assert egg["to_buy_grams"] == pytest.approx(egg["grams"] - egg["on_hand_grams"])
    others = items.filter(pl.col("ingredient_slug") != "egg")
    assert others.height > 0 and (others.get_column("on_hand_grams") == 0).all()
