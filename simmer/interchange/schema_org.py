"""schema.org `Recipe` JSON-LD: found in a `.json` file or in an HTML page's
`application/ld+json` scripts (a single object, a top-level array, an `@graph`, `@type` as a
list such as `["NewsArticle", "Recipe"]`), read leniently as real pages need (raw control
characters in strings, trailing commas, empty script blocks, JSON-LD that is no recipe).

Nextcloud Cookbook's `recipe.json` is schema.org too (`keywords` a comma-separated string,
`recipeYield` an integer, `nutrition` possibly `[]`): the same reader takes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from simmer.interchange.common import (
    DEFAULT_LICENSE,
    Imported,
    ImportSourceError,
    Photo,
    author_of,
    clean_text,
    first_text,
    image_url_of,
    ingredient_lines,
    minutes_of,
    servings_of,
    steps_of,
    text_list,
)
from simmer.sources.recipe_source import SourceRecipe
from simmer.text import slugify

_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(?P<body>.*?)</script>",
    re.I | re.S,
)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
NUTRITION_FIELDS = (
    "calories",
    "proteinContent",
    "fatContent",
    "saturatedFatContent",
    "carbohydrateContent",
    "sugarContent",
    "fiberContent",
    "sodiumContent",
    "cholesterolContent",
    "servingSize",
)


def lenient_json(text: str, where: str) -> Any:
    """JSON as pages write it: control characters inside strings allowed, trailing commas
    dropped. A SourceError naming `where` and the line when it still is not JSON."""
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except json.JSONDecodeError as error:
        raise ImportSourceError(f"{where}:{error.lineno}: broken JSON: {error.msg}") from None


def json_ld_blocks(page: str, where: str) -> list[Any]:
    """The JSON-LD documents of an HTML page (empty script blocks skipped)."""
    bodies = [m["body"].strip() for m in _SCRIPT.finditer(page)]
    bodies = [re.sub(r"^<!\[CDATA\[|\]\]>$", "", body).strip() for body in bodies]
    return [
        lenient_json(body, f"{where} (ld+json block {n})")
        for n, body in enumerate(bodies, 1)
        if body
    ]


def recipe_objects(document: Any) -> Iterator[dict[str, Any]]:
    """Every object typed Recipe in a JSON-LD document, however nested (@graph, arrays)."""
    if isinstance(document, list):
        for item in document:
            yield from recipe_objects(item)
    elif isinstance(document, dict):
        kinds = document.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.split("/")[-1] == "Recipe" for k in kinds):
            yield document
            return
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in document:
                yield from recipe_objects(document[key])


def read_schema_org(
    documents: list[Any], origin: str, photo: Photo | None = None
) -> list[Imported]:
    recipes = [r for document in documents for r in recipe_objects(document)]
    return [
        from_schema_org(recipe, f"{origin}#{n}" if len(recipes) > 1 else origin, photo)
        for n, recipe in enumerate(recipes, 1)
    ]


def from_schema_org(data: dict[str, Any], origin: str, photo: Photo | None = None) -> Imported:
    title = first_text(data.get("name"), data.get("headline"))
    if title is None:
        raise ImportSourceError(f"{origin}: a Recipe without a name")
    lines = data.get("recipeIngredient", data.get("ingredients")) or []
    tags = [
        *text_list(data.get("keywords")),
        *text_list(data.get("recipeCategory")),
        *text_list(data.get("recipeCuisine")),
    ]
    recipe = SourceRecipe(
        slug=first_text(data.get("identifier")) or slugify(title),
        title=title,
        ingredients=ingredient_lines(lines if isinstance(lines, list) else [lines]),
        steps=steps_of(data.get("recipeInstructions")),
        source=first_text(data.get("url"), data.get("@id")) or origin,
        license=first_text(_license(data.get("license"))) or DEFAULT_LICENSE,
        author=author_of(data.get("author")),
        servings=servings_of(data.get("recipeYield")),
        prep_time_min=minutes_of(data.get("prepTime")),
        cook_time_min=minutes_of(data.get("cookTime")),
        total_time_min=minutes_of(data.get("totalTime")),
        tags=tag_slugs(tags),
    )
    return Imported(
        recipe,
        origin,
        photo=photo,
        nutrition=nutrition_of(data.get("nutrition")),
        image_url=image_url_of(data.get("image")) or image_url_of(data.get("imageUrl")),
    )


def _license(value: object) -> object:
    return value.get("url") or value.get("name") if isinstance(value, dict) else value


def nutrition_of(value: object) -> dict[str, str]:
    """Published NutritionInformation as the source states it (text, per serving)."""
    if not isinstance(value, dict):
        return {}
    found = {key: clean_text(value.get(key)) for key in NUTRITION_FIELDS}
    return {key: text for key, text in found.items() if text}


def tag_slugs(names: list[str]) -> list[str]:
    return sorted({slug for slug in (slugify(name) for name in names) if slug})
