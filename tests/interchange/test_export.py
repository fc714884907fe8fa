"""`simmer recipe export` from a real lake (the plan run on usda-sr26 and
public-domain-recipes): schema.org with per-serving nutrition, Mealie's zip, the
Cronometer-ready text; and the round trip schema.org -> import over every recipe of the pack."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from recipefiles import REPO

from pipelines.plan import run_plan
from simmer.catalog import current_catalog
from simmer.cli import main
from simmer.interchange.export import catalog_recipes, export_recipes
from simmer.lake import current_dir, read_table_set
from simmer.packs.schema import Recipe
from simmer.settings import Settings

PACK = REPO / "packs" / "public-domain-recipes"


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("lake")
    packs = root / "packs"
    packs.mkdir()
    for name in ("usda-sr26", "public-domain-recipes"):
        (packs / name).symlink_to(REPO / "packs" / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIMMER_HOME", str(root / "home"))
        patch.setenv("SIMMER_PACKS", str(packs))
        patch.setenv("DATABASE_URL", database_url)
        run = run_plan(Settings(), dg.DagsterInstance.ephemeral())
        assert run.success, run.failure
        yield root


def pack_recipes() -> dict[str, Recipe]:
    lines = (PACK / "recipes.jsonl").read_text(encoding="utf-8").splitlines()
    return {r.slug: r for r in map(Recipe.model_validate_json, lines)}


def export(lake: Path, out: Path, *args: str) -> list[Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIMMER_HOME", str(lake / "home"))
        assert main(["recipe", "export", *args, "--out", str(out)]) == 0
    return sorted(out.iterdir())


def test_schema_org_export_has_nutrition_per_serving_and_iso_durations(
    lake: Path, tmp_path: Path
) -> None:
    slug = "aglio-e-olio"
    [path] = export(lake, tmp_path, slug, "--format", "schema-org")
    document = json.loads(path.read_text())
    recipe = pack_recipes()[slug]
    assert (document["@type"], document["name"]) == ("Recipe", recipe.title)
    assert document["recipeYield"] == str(recipe.servings)
    assert document["cookTime"] == "PT15M"
    assert document["recipeIngredient"][0] == recipe.ingredients[0].text
    nutrition = document["nutrition"]
    assert nutrition["@type"] == "NutritionInformation"
    assert nutrition["calories"].endswith(" kcal") and float(nutrition["calories"][:-4]) > 100
    assert nutrition["proteinContent"].endswith(" g")
    assert nutrition["sodiumContent"].endswith(" mg")
    assert nutrition["servingSize"].startswith("1 serving (")


def test_mealie_zip_and_cronometer_text(lake: Path, tmp_path: Path) -> None:
    slug = "aglio-e-olio"
    [archive] = export(lake, tmp_path / "mealie", slug, "--format", "mealie")
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.namelist() == [f"{slug}.json"]
        recipe = json.loads(zipped.read(f"{slug}.json"))
    first = recipe["recipe_ingredient"][0]
    assert (first["quantity"], first["unit"], first["food"]) == (
        1.0,
        {"name": "pound"},
        {"name": "spaghetti"},
    )
    assert recipe["perform_time"] == "15 minutes"
    assert recipe["nutrition"]["protein_content"].endswith(" g")
    [text] = export(lake, tmp_path / "cronometer", slug, "--format", "cronometer")
    pasted = text.read_text().splitlines()
    assert pasted[0].startswith("# Cronometer-ready paste (Simmer's own text;")
    assert pasted[1] == f"Recipe: {pack_recipes()[slug].title}"
    assert "454 g spaghetti" in pasted
    assert any(line.startswith("208 Energy: ") and line.endswith(" kcal") for line in pasted)


def test_unknown_slug_is_refused(lake: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIMMER_HOME", str(lake / "home"))
        assert main(["recipe", "export", "no-such-recipe"]) == 2
    assert "no recipe 'no-such-recipe' in the current catalog" in capsys.readouterr().err


def test_round_trip_schema_org_over_every_recipe_of_the_pack(
    lake: Path, tmp_path: Path, usda_packs: Path
) -> None:
    exported = export(lake, tmp_path / "jsonld", "--all", "--format", "schema-org")
    originals = pack_recipes()
    assert len(exported) == len(originals)
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "usda-sr26").symlink_to(usda_packs / "usda-sr26")
    assert main(["pack", "import", *map(str, exported), "--into", str(packs / "again")]) == 0
    lines = (packs / "again" / "recipes.jsonl").read_text(encoding="utf-8").splitlines()
    again = {r.slug: r for r in map(Recipe.model_validate_json, lines)}
    assert again.keys() == originals.keys()

    def facts(recipe: Recipe) -> tuple[object, ...]:
        """What must survive: title and lines compared as words (the importer collapses
        runs of white space), and
        not their sub-list headings (a flat schema.org list cannot end a sub-list)."""
        times = (recipe.prep_time_min, recipe.cook_time_min, recipe.total_time_min)
        texts = [" ".join(line.text.split()) for line in recipe.ingredients]
        title = " ".join(recipe.title.split())
        return title, recipe.servings, times, texts, recipe.tags

    differ = [slug for slug in originals if facts(again[slug]) != facts(originals[slug])]
    assert differ == []


def test_exports_use_the_pipelines_analysis_which_the_recipe_alone_reproduces(
    lake: Path,
) -> None:
    """Exports take the nutrition the pipeline computed for the catalog (what the API
    serves); analysing the recipes alone gives the same figures and lines."""
    home = Settings(SIMMER_HOME=lake / "home")
    slugs = ["aglio-e-olio", "banana-bread"]
    served = catalog_recipes(home.lake_dir, slugs)
    folder, nutrition = current_catalog(home.lake_dir), current_dir(home.lake_dir / "nutrition")
    assert folder is not None and nutrition is not None
    assert nutrition.name.startswith(f"{folder.name}-")  # the pipeline's analysis is used
    alone = export_recipes(read_table_set(folder), slugs)
    assert [item.recipe["slug"] for item in served] == slugs
    for pipeline, computed in zip(served, alone, strict=True):
        assert pipeline.per_serving == pytest.approx(computed.per_serving)
        assert pipeline.grams_per_serving == pytest.approx(computed.grams_per_serving)
        assert [line["grams"] for line in pipeline.lines] == pytest.approx(
            [line["grams"] for line in computed.lines]
        )
