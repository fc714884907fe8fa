"""Recipe analysis over a small catalog: figures by hand, and checks that do fail when wrong."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from packfactory import write_example_packs

from simmer.packs.tables import ALLERGENS
from simmer.packs.validate import load_pack
from simmer.recipe_analysis import (
    analyse_catalog,
    check_allergen_safety,
    check_energy_consistency,
    check_plausible_values,
)


@pytest.fixture
def tables(tmp_path: Path) -> dict[str, pl.DataFrame]:
    write_example_packs(tmp_path)
    base = load_pack(tmp_path / "mini-base").tables
    recipes = load_pack(tmp_path / "mini-recipes").tables
    return {name: pl.concat([base[name], recipes[name]]) for name in base}


def macros_of(analysis: dict[str, pl.DataFrame], slug: str) -> dict[str, object]:
    return analysis["recipe_macros"].filter(pl.col("slug") == slug).row(0, named=True)


def test_pancakes_by_hand(tables: dict[str, pl.DataFrame]) -> None:
    pancakes = macros_of(analyse_catalog(tables), "pancakes")
    # 2 cups flour = 250 g x 3.64, 2 large eggs = 100 g x 1.43, 1.5 cups milk = 366 g x 0.61,
    # salt: 1/4 tsp = 1.5 g x 0 kcal; 4 servings
    kcal = (250 * 3.64 + 100 * 1.43 + 366 * 0.61 + 0) / 4
    assert pancakes["kcal_per_serving"] == pytest.approx(kcal, rel=1e-9)
    assert pancakes["allergens"] == ["egg", "milk", "wheat"]
    # salt's diets are not known in this pack: unknown is never assumed to fit
    assert pancakes["diets"] == []
    assert "vegetarian" in pancakes["diets_unknown"]
    assert pancakes["coverage"] == 1.0 and pancakes["fully_quantified"] is True


def test_unmatched_line_makes_every_absent_allergen_unknown(
    tables: dict[str, pl.DataFrame],
) -> None:
    crepes = macros_of(analyse_catalog(tables), "crepes")
    assert crepes["allergens"] == ["wheat"]
    assert crepes["allergens_unknown"] == sorted(a for a in ALLERGENS if a != "wheat")
    assert crepes["diets"] == []
    assert crepes["fully_quantified"] is False


def test_checks_pass_on_consistent_analysis(tables: dict[str, pl.DataFrame]) -> None:
    analysis = analyse_catalog(tables)
    macros, lines = analysis["recipe_macros"], analysis["recipe_lines"]
    assert check_plausible_values(macros).passed
    assert check_allergen_safety(lines, tables["ingredients"], macros).passed


def test_allergen_check_fails_when_a_recipe_is_wrongly_free(
    tables: dict[str, pl.DataFrame],
) -> None:
    analysis = analyse_catalog(tables)
    tampered = analysis["recipe_macros"].with_columns(
        allergens=pl.when(pl.col("slug") == "pancakes")
        .then(pl.lit(["egg", "wheat"]))
        .otherwise(pl.col("allergens"))
    )
    outcome = check_allergen_safety(analysis["recipe_lines"], tables["ingredients"], tampered)
    assert not outcome.passed
    assert outcome.details["examples"] == ["pancakes: milk"]


def test_plausibility_check_fails_on_absurd_energy(tables: dict[str, pl.DataFrame]) -> None:
    macros = analyse_catalog(tables)["recipe_macros"].with_columns(
        kcal_total=pl.col("total_grams") * 20
    )
    outcome = check_plausible_values(macros)
    assert not outcome.passed and outcome.details["over_900_kcal_per_100g"] == 2


def test_energy_check_fails_when_energy_and_macros_disagree(
    tables: dict[str, pl.DataFrame],
) -> None:
    macros = analyse_catalog(tables)["recipe_macros"]
    assert check_energy_consistency(macros).passed
    doubled = macros.with_columns(kcal_total=pl.col("kcal_total") * 2)
    assert not check_energy_consistency(doubled).passed


def test_bad_recipe_input_is_flagged_never_a_crash_or_a_silent_zero(tmp_path: Path) -> None:
    from packfactory import BASE_INGREDIENTS, RECIPES, write_base, write_recipes

    mystery = {"slug": "mystery-powder", "name": "Mystery powder"}  # no nutrient known
    write_base(tmp_path, ingredients=[*BASE_INGREDIENTS, mystery])
    line = RECIPES[0]["ingredients"][0]
    bad = [
        {**RECIPES[1], "slug": "no-servings", "servings": None},
        {
            **RECIPES[1],
            "slug": "salty",
            "servings": 2,
            "ingredients": [
                {
                    **line,
                    "text": "10 kg salt",
                    "quantity": 10,
                    "unit": "kilogram",
                    "ingredient": "salt",
                },
                {**line, "line_no": 2, "text": "2 cups flour"},
            ],
        },
        {
            **RECIPES[1],
            "slug": "odd-units",
            "ingredients": [
                {**line, "text": "1 sprig flour", "unit": "sprig", "quantity": 1},
                {
                    **line,
                    "line_no": 2,
                    "text": "50 g mystery",
                    "quantity": 50,
                    "unit": "gram",
                    "ingredient": "mystery-powder",
                },
            ],
        },
    ]
    write_recipes(tmp_path, recipes=bad)
    base = load_pack(tmp_path / "mini-base").tables
    recipes = load_pack(tmp_path / "mini-recipes").tables
    tables = {name: pl.concat([base[name], recipes[name]]) for name in base}
    analysis = analyse_catalog(tables)

    no_servings = macros_of(analysis, "no-servings")
    assert no_servings["kcal_per_serving"] is None and "no servings" in no_servings["issues"]
    salty = macros_of(analysis, "salty")
    assert "implausible quantity" in salty["issues"]
    assert salty["sodium_mg_total"] is None  # the 10 kg are not summed, nor read as 0
    assert salty["kcal_total"] == pytest.approx(250 * 3.64)
    odd = macros_of(analysis, "odd-units")
    assert {"no portion for unit sprig", "no energy value"} <= set(odd["issues"])
    assert odd["kcal_total"] is None and odd["coverage"] == 0.0
    lines = analysis["recipe_lines"].filter(pl.col("recipe_slug") == "odd-units")
    assert lines.get_column("kcal").null_count() == 2
    assert check_plausible_values(analysis["recipe_macros"]).passed
