"""The catalog read model in PostgreSQL follows the lake: published by a real run, updated by
a re-run after a pack change, unchanged by a re-run without one."""

from __future__ import annotations

import dagster as dg
from packfactory import RECIPES, write_recipes
from sqlalchemy import Engine, text

from pipelines.plan import run_plan
from simmer.settings import Settings


def recipes(engine: Engine) -> dict[str, tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT slug, title, kcal_per_serving, allergens, diets, coverage,"
                " jsonb_array_length(lines), catalog_version FROM catalog_recipes"
            )
        ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_a_run_publishes_and_a_pack_change_updates_the_read_model(
    example_settings: Settings, engine: Engine
) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_plan(example_settings, instance).success
        first = recipes(engine)
        assert set(first) == {"pancakes", "crepes"}
        title, kcal, allergens, _, coverage, lines, _ = first["pancakes"]
        assert title == "Pancakes" and kcal is not None and kcal > 0
        assert set(allergens) >= {"egg", "milk", "wheat"}  # type: ignore[arg-type]
        assert coverage == 1.0 and lines == 4

        assert run_plan(example_settings, instance).success
        assert recipes(engine) == first

        write_recipes(example_settings.packs_dir, recipes=RECIPES[:1])
        assert run_plan(example_settings, instance).success
    after = recipes(engine)
    assert set(after) == {RECIPES[0]["slug"]}
    assert after[RECIPES[0]["slug"]][-1] != first[RECIPES[0]["slug"]][-1]  # new catalog version
    with engine.connect() as connection:
        ingredients = connection.execute(text("SELECT count(*) FROM catalog_ingredients")).scalar()
    assert ingredients == 4
