"""After a real run: the analysts' warehouse answers the README's queries, the report renders."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from packfactory import write_example_packs

from pipelines.plan import run_plan
from simmer.cli import main
from simmer.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
# The warehouse contract (DESIGN.md, "Warehouse views"): these columns must exist.
CONTRACT: dict[str, set[str]] = {
    "ingredients": {
        "slug", "name", "food_group", "source_id", "kcal_per_100g", "protein_g_per_100g",
        "fat_g_per_100g", "carbs_g_per_100g", "allergens", "allergens_unknown", "diets",
    },
    "recipes": {"slug", "title", "servings", "total_time_min", "tags", "pack"},
    "recipe_ingredients": {
        "recipe_slug", "line_no", "original_text", "quantity", "unit", "ingredient_slug", "grams",
        "status",
    },
    "recipe_macros": {
        "slug", "servings", "kcal_per_serving", "protein_g_per_serving", "fat_g_per_serving",
        "carbs_g_per_serving", "coverage", "allergens", "allergens_unknown", "diets",
        "cost_per_serving",
    },
    "recipe_overlap": {"recipe_slug", "other_slug", "score", "rank"},
    "food_group_nutrition": set(),
}  # fmt: skip
FILLED_BY_THE_EXAMPLE_PACKS = ("ingredients", "recipes", "recipe_ingredients", "recipe_macros")


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Settings:
    root = tmp_path_factory.mktemp("analytics")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIMMER_HOME", str(root / "home"))
        patch.setenv("DATABASE_URL", database_url)
        patch.setenv("SIMMER_PACKS", str(write_example_packs(root / "packs")))
        settings = Settings()
        with dg.DagsterInstance.ephemeral() as instance:
            run = run_plan(settings, instance)
    assert run.success, run.failure
    return settings


def readme_queries() -> list[str]:
    analyst = README.read_text(encoding="utf-8").split("## For analysts", 1)[1]
    return re.findall(r"```sql\n(.*?)```", analyst, re.DOTALL)


def test_views_have_the_contract_columns(planned: Settings) -> None:
    with duckdb.connect(str(planned.warehouse_path), read_only=True) as connection:
        columns = {
            view: set(connection.sql(f"SELECT * FROM {view} LIMIT 0").columns) for view in CONTRACT
        }
        rows = {
            view: connection.sql(f"SELECT count(*) FROM {view}").fetchall()[0][0]
            for view in FILLED_BY_THE_EXAMPLE_PACKS
        }
    for view, contract in CONTRACT.items():
        assert contract <= columns[view], (view, contract - columns[view])
    assert all(count > 0 for count in rows.values()), rows
    macros, lines = columns["recipe_macros"], columns["recipe_ingredients"]
    assert {"kcal_per_serving", "coverage", "allergens_unknown", "cost_per_serving"} <= set(macros)
    assert {"plannable", "estimated_kcal_share", "servings_estimated"} <= set(macros)
    assert {"original_text", "ingredient_slug", "grams", "status", "estimated"} <= set(lines)


def test_readme_example_queries_run(planned: Settings) -> None:
    queries = readme_queries()
    assert len(queries) >= 3
    with duckdb.connect(str(planned.warehouse_path), read_only=True) as connection:
        for sql in queries:
            connection.sql(sql).fetchall()  # raises on a view or column the README names wrongly


def test_report_asset_and_command_write_the_charts(
    planned: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_asset = planned.report_path
    assert from_asset.read_text(encoding="utf-8").count("data:image/png;base64,") == 3
    monkeypatch.setenv("SIMMER_HOME", str(planned.home))
    out = tmp_path / "report.html"
    assert main(["report", "nutrition", "--out", str(out)]) == 0
    assert out.read_bytes() == from_asset.read_bytes()


def test_an_analyst_reading_does_not_block_a_rebuild(planned: Settings) -> None:
    from simmer.warehouse import build_warehouse

    with duckdb.connect(str(planned.warehouse_path), read_only=True) as analyst:
        before = analyst.sql("SELECT count(*) FROM recipes").fetchall()
        views = build_warehouse(planned.lake_dir, planned.warehouse_path)
        assert "recipe_macros" in views
        assert analyst.sql("SELECT count(*) FROM recipes").fetchall() == before
    with duckdb.connect(str(planned.warehouse_path), read_only=True) as again:
        assert again.sql("SELECT count(*) FROM recipes").fetchall() == before


def test_catalog_report_counts_the_plannable_recipes(
    planned: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIMMER_HOME", str(planned.home))
    assert main(["report", "catalog"]) == 0
    printed = capsys.readouterr().out
    # pancakes: every amount and its servings stated; crêpes: a line matches no ingredient
    assert "| fully quantified | 1 |" in printed
    assert "| a line matches no ingredient | 1 |" in printed
    assert "| not plannable | 1 |" in printed and "| mini-recipes | 1 |" in printed
    assert "Plannable recipes: 1 (goal 800: not met)" in printed
