"""Demo households in the real serving database: varied, deterministic, seeded idempotently."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, Engine, func, select

from simmer.households import demo_households, seed_households
from simmer.store.models import Household


def test_demo_households_are_deterministic_and_varied() -> None:
    first, again = demo_households(40, seed=7), demo_households(40, seed=7)
    assert first == again
    assert demo_households(40, seed=8) != first
    assert len({h.diet for h in first}) >= 3
    assert len({h.timezone for h in first}) >= 4
    assert len({h.size for h in first}) >= 3
    assert any(h.allergies for h in first) and any(h.dislikes for h in first)


def test_seeding_twice_inserts_once(engine: Engine) -> None:
    households = demo_households(5, seed=99)
    try:
        assert seed_households(engine, households) == 5
        assert seed_households(engine, households) == 0
        with engine.connect() as connection:
            ids = [h.id for h in households]
            count = connection.execute(
                select(func.count()).where(Household.id.in_(ids))
            ).scalar_one()
        assert count == 5
    finally:
        with engine.begin() as connection:
            connection.execute(
                Household.__table__.delete().where(Household.id.in_([h.id for h in households]))
            )


def test_database_rejects_out_of_vocabulary_allergen(connection: Connection) -> None:
    from dataclasses import asdict, replace

    import pytest
    from sqlalchemy.exc import IntegrityError

    bad = replace(demo_households(1, seed=3)[0], allergies=["gluten"])
    with pytest.raises(IntegrityError, match="ck_households_allergens"):
        connection.execute(Household.__table__.insert().values(asdict(bad)))


def test_migrations_match_models(database_url: str) -> None:
    from alembic import command

    from api.migrate import alembic_config

    command.check(alembic_config(database_url))


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
