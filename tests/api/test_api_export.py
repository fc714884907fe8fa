"""`GET /api/v1/recipes/{slug}/export?format=...`: the exporters of `simmer recipe export`
on the catalog version the read model serves (the example packs through the real pipeline).
The schema.org export imported again gives back the recipe the API serves."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import ADMIN, V1, api_settings, assert_problem
from fastapi.testclient import TestClient

from api.main import create_app
from simmer.interchange.sources import read_source


@pytest.fixture
def client(database_url: str, example_lake: Path, published_catalog: None) -> Iterator[TestClient]:
    """The API beside the lake the read model was published from."""
    settings = api_settings(database_url, example_lake.parent)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def export(client: TestClient, slug: str, form: str) -> object:
    return client.get(f"{V1}/recipes/{slug}/export", params={"format": form}, headers=ADMIN)


def test_schema_org_export_round_trips_through_the_importer(
    client: TestClient, tmp_path: Path
) -> None:
    response = export(client, "pancakes", "schema-org")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["content-disposition"] == 'attachment; filename="pancakes.jsonld"'
    document = response.json()
    assert document["nutrition"]["calories"].endswith(" kcal")
    served = client.get(f"{V1}/recipes/pancakes", headers=ADMIN).json()
    path = tmp_path / "pancakes.jsonld"
    path.write_bytes(response.content)
    [imported] = read_source(path).recipes
    recipe = imported.recipe
    assert (recipe.slug, recipe.title, recipe.servings) == ("pancakes", served["title"], 4)
    assert recipe.total_time_min == served["total_time_min"]
    assert recipe.tags == sorted(served["tags"])
    assert [line.text for line in recipe.ingredients] == [line["text"] for line in served["lines"]]
    assert recipe.steps == ["Mix.", "Fry."]


def test_export_is_cached_like_the_catalog(client: TestClient) -> None:
    first = export(client, "pancakes", "cronometer")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=300"
    assert first.headers["content-type"] == "text/plain; charset=utf-8"
    assert first.text.startswith("# Cronometer-ready paste")
    again = client.get(
        f"{V1}/recipes/pancakes/export",
        params={"format": "cronometer"},
        headers={**ADMIN, "If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304 and again.content == b""


def test_mealie_export_is_a_zip_holding_slug_json(client: TestClient) -> None:
    response = export(client, "crepes", "mealie")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="crepes.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["crepes.json"]
        recipe = json.loads(archive.read("crepes.json"))
    assert (recipe["slug"], recipe["name"]) == ("crepes", "Crêpes")
    assert [line["original_text"] for line in recipe["recipe_ingredient"]] == [
        "125 g flour",
        "a splash of rum",
    ]


def test_unknown_format_and_slug(client: TestClient) -> None:
    problem = assert_problem(export(client, "pancakes", "paprika"), 422)
    assert [e["location"] for e in problem["errors"]] == ["query.format"]
    assert_problem(export(client, "no-such-recipe", "mealie"), 404)


def test_without_the_lake_the_export_says_so(
    database_url: str, tmp_path: Path, published_catalog: None
) -> None:
    with TestClient(create_app(api_settings(database_url, tmp_path))) as elsewhere:
        problem = assert_problem(export(elsewhere, "pancakes", "mealie"), 503)
    assert "is not in the lake" in problem["detail"]
