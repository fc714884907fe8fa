"""The catalog read model through the API: recipes filtered by tag, diet, allergens known
absent, time and energy; one recipe with its lines; ingredients by tag."""

from __future__ import annotations

from typing import Any

import pytest
from apiclient import ADMIN, V1, assert_problem
from fastapi.testclient import TestClient


def slugs(client: TestClient, **params: Any) -> list[str]:
    response = client.get(f"{V1}/recipes", params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["items"]]


def test_recipes_filters(client: TestClient) -> None:
    assert slugs(client) == ["crepes", "pancakes"]
    assert slugs(client, tag="breakfast") == ["pancakes"]
    assert slugs(client, tag=["breakfast", "sweet"]) == ["pancakes"]
    assert slugs(client, tag="dinner") == []
    assert slugs(client, max_kcal_per_serving=250) == ["crepes"]
    assert slugs(client, max_time_min=1) == []
    # crêpes have an unmatched line: free of nothing it does not know; pancakes have egg
    assert slugs(client, free_of="egg") == []
    assert slugs(client, free_of="soy") == []
    assert slugs(client, diet="omnivore") == []


def test_free_of_means_known_free(client: TestClient) -> None:
    recipes = client.get(f"{V1}/recipes", headers=ADMIN).json()["items"]
    pancakes = next(r for r in recipes if r["id"] == "pancakes")
    assert "fish" in pancakes["allergens_unknown"]
    assert "pancakes" not in slugs(client, free_of="fish")


def test_recipes_paginate(client: TestClient) -> None:
    first = client.get(f"{V1}/recipes", params={"limit": 1}, headers=ADMIN).json()
    assert [r["id"] for r in first["items"]] == ["crepes"] and first["next"]
    second = client.get(
        f"{V1}/recipes", params={"limit": 1, "cursor": first["next"]}, headers=ADMIN
    ).json()
    assert [r["id"] for r in second["items"]] == ["pancakes"] and second["next"] is None


def test_one_recipe_with_macros_coverage_and_lines(client: TestClient) -> None:
    response = client.get(f"{V1}/recipes/pancakes", headers=ADMIN)
    assert response.status_code == 200
    recipe = response.json()
    assert recipe["id"] == recipe["slug"] == "pancakes"
    assert recipe["coverage"] == 1.0 and recipe["fully_quantified"]
    assert recipe["kcal_per_serving"] > 0
    assert [line["line_no"] for line in recipe["lines"]] == [1, 2, 3, 4]
    eggs = recipe["lines"][1]
    assert (eggs["ingredient_slug"], eggs["grams"]) == ("egg", 100.0)
    assert recipe["lines"][3]["status"] == "estimated"
    assert_problem(client.get(f"{V1}/recipes/no-such-recipe", headers=ADMIN), 404)


def test_ingredients_by_tag(client: TestClient) -> None:
    def tagged(tag: str | None) -> list[str]:
        params = {"tag": tag} if tag else {}
        page = client.get(f"{V1}/ingredients", params=params, headers=ADMIN).json()
        return [i["id"] for i in page["items"]]

    assert tagged(None) == ["all-purpose-flour", "egg", "salt", "whole-milk"]
    assert tagged("vegan") == ["all-purpose-flour"]  # salt's diets are not stated
    assert tagged("dairy-and-egg-products") == ["egg", "whole-milk"]


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"diet": "paleo"}, "query.diet"),
        ({"free_of": "gluten"}, "query.free_of.0"),
        ({"max_time_min": -1}, "query.max_time_min"),
        ({"limit": 0}, "query.limit"),
        ({"cursor": "%%%"}, "query.cursor"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(
    client: TestClient, params: dict[str, Any], location: str
) -> None:
    problem = assert_problem(client.get(f"{V1}/recipes", params=params, headers=ADMIN), 422)
    assert location in [e["location"] for e in problem["errors"]]
