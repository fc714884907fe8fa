"""Demo households in the real serving database: varied, deterministic, seeded idempotently."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest
from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from simmer.households import (
    HouseholdPrefs,
    Member,
    Pin,
    demo_households,
    household_row,
    seed_households,
    snapshot_households,
)
from simmer.planner.schema import HOUSEHOLDS
from simmer.store.models import Household, HouseholdMember, HouseholdPin, PantryItem


def test_demo_households_are_deterministic_and_varied() -> None:
    first, again = demo_households(40, seed=7), demo_households(40, seed=7)
    assert first == again
    assert demo_households(40, seed=8) != first
    assert len({h.diet for h in first}) >= 3
    assert len({h.timezone for h in first}) >= 4
    assert len({h.size for h in first}) >= 3
    assert any(h.allergies for h in first) and any(h.dislikes for h in first)
    assert any(h.members for h in first) and any(h.pins for h in first)
    assert any(not h.leftovers for h in first) and any(h.leftovers for h in first)
    assert all(len(h.members) == h.size for h in first if h.members)
    assert all(p.slot in h.meal_slots for h in first for p in h.pins)
    assert any(h.pantry for h in first) and any(not h.pantry for h in first)


def test_seeding_twice_inserts_once(connection: Connection) -> None:
    households = demo_households(40, seed=99)
    assert seed_households(connection, households) == 40
    assert seed_households(connection, households) == 0
    for table, expected in (
        (Household, 40),
        (HouseholdMember, sum(len(h.members) for h in households)),
        (HouseholdPin, sum(len(h.pins) for h in households)),
        (PantryItem, sum(len(h.pantry) for h in households)),
    ):
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
        assert count == expected


def test_snapshot_reads_preferences_members_and_pins(connection: Connection) -> None:
    households = demo_households(30, seed=5)
    seed_households(connection, households)
    snapshot = snapshot_households(connection)
    assert snapshot.schema == HOUSEHOLDS
    assert snapshot.get_column("household_id").to_list() == sorted(str(h.id) for h in households)
    by_id = {row["household_id"]: row for row in snapshot.iter_rows(named=True)}
    for household in households:
        row = by_id[str(household.id)]
        assert row["size"] == household.size and row["diet"] == household.diet
        assert row["allergies"] == household.allergies and row["dislikes"] == household.dislikes
        assert row["leftovers"] == household.leftovers
        assert row["weekly_budget"] == float(household.weekly_budget or 0)
        assert row["members"] == (
            [{"name": m.name, "kcal_target": m.kcal_target} for m in household.members] or None
        )
        assert row["pins"] == [
            {"weekday": p.weekday, "slot": p.slot, "recipe_slug": p.recipe_slug, "tag": p.tag}
            for p in household.pins
        ]


def test_snapshot_of_no_households_is_an_empty_frame(connection: Connection) -> None:
    connection.execute(delete(Household))
    empty = snapshot_households(connection)
    assert empty.is_empty() and empty.schema == HOUSEHOLDS


def test_new_preferences_default_for_existing_rows(connection: Connection) -> None:
    row = household_row(demo_households(1, seed=3)[0])
    del row["leftovers"]
    connection.execute(insert(Household).values(row))
    snapshot = snapshot_households(connection).filter(pl.col("household_id") == str(row["id"]))
    assert snapshot.select("leftovers", "members", "pins").row(0) == (True, None, [])


def test_database_rejects_out_of_vocabulary_allergen(connection: Connection) -> None:
    bad = replace(demo_households(1, seed=3)[0], allergies=["gluten"])
    with pytest.raises(IntegrityError, match="ck_households_allergens"):
        connection.execute(insert(Household).values(household_row(bad)))


@pytest.mark.parametrize(
    ("pin", "constraint"),
    [
        (Pin(5, "dinner", "lasagna", "pasta"), "ck_household_pins_recipe_or_tag"),
        (Pin(5, "dinner"), "ck_household_pins_recipe_or_tag"),
        (Pin(7, "dinner", tag="pasta"), "ck_household_pins_weekday_range"),
        (Pin(1, "brunch", tag="pasta"), "ck_household_pins_slot"),
    ],
)
def test_database_rejects_a_bad_pin(connection: Connection, pin: Pin, constraint: str) -> None:
    household: HouseholdPrefs = replace(demo_households(1, seed=3)[0], pins=[pin])
    with pytest.raises(IntegrityError, match=constraint):
        seed_households(connection, [household])


def test_database_rejects_an_absurd_member_target(connection: Connection) -> None:
    household = replace(demo_households(1, seed=3)[0], members=[Member("Ada", 90)])
    with pytest.raises(IntegrityError, match="ck_household_members_kcal_range"):
        seed_households(connection, [household])


def test_demo_dislikes_are_ingredients_of_the_usda_pack() -> None:
    from pathlib import Path

    from simmer.households import DEMO_DISLIKES
    from simmer.packs.source import load_ingredients

    packs = Path(__file__).resolve().parents[1] / "packs"
    slugs = {ingredient.slug for ingredient in load_ingredients(packs / "usda-sr26")}
    assert set(DEMO_DISLIKES) <= slugs


def test_seed_against_an_unreachable_database_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simmer.cli import main
    from simmer.localpg import free_port

    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/x")
    assert main(["households", "seed", "--count", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simmer: database error:") and "Traceback" not in err
