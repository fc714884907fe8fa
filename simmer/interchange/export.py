"""`simmer recipe export`: recipes of the lake's current catalog, with the nutrition Simmer
computes for them (`simmer.recipe_analysis.analyse_catalog`: the pipeline's analysis in the
lake when it is that catalog's, as the API serves it; else computed here), in other apps'
formats.

- `schema-org`: a schema.org `Recipe` JSON-LD document: `recipeYield`, ISO 8601 durations,
  `keywords`, `recipeIngredient` (section headings as 'Heading:' lines, as pages write them),
  `HowToStep`s, and `NutritionInformation` per serving (text with units, `servingSize`).
- `mealie`: the zip Mealie's "import from zip" reads: `{slug}.json` in Mealie's recipe schema
  (snake_case; each line with its quantity, unit, food, note and original text).
- `cronometer`: Cronometer publishes no import file format. This is Simmer's own
  "Cronometer-ready" text: what its "import recipe" accepts by paste (name, servings, one
  line per ingredient with its gram weight) plus a per-serving label keyed by the USDA
  nutrient numbers Cronometer uses. Not an official format.
Computed figures are Simmer's estimates from the catalog, and say so.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import polars as pl

from simmer.catalog import catalog_version_dir, current_catalog
from simmer.lake import current_dir, read_table_set
from simmer.nutrition import NUTRIENT_AMOUNTS
from simmer.recipe_analysis import analyse_catalog
from simmer.sources import SourceError

Format = Literal["schema-org", "mealie", "cronometer"]
SUFFIX: dict[str, str] = {"schema-org": ".jsonld", "mealie": ".zip", "cronometer": ".txt"}
# Simmer's per-serving amount -> schema.org NutritionInformation field and its unit.
SCHEMA_ORG_NUTRITION = {
    "kcal": ("calories", "kcal"),
    "protein_g": ("proteinContent", "g"),
    "fat_g": ("fatContent", "g"),
    "saturated_fat_g": ("saturatedFatContent", "g"),
    "carbs_g": ("carbohydrateContent", "g"),
    "sugars_g": ("sugarContent", "g"),
    "fiber_g": ("fiberContent", "g"),
    "sodium_mg": ("sodiumContent", "mg"),
}
# Simmer's amount -> (USDA nutrient number, name, unit), as Cronometer labels them.
USDA_NUMBERS = {
    "kcal": ("208", "Energy", "kcal"),
    "protein_g": ("203", "Protein", "g"),
    "fat_g": ("204", "Total lipid (fat)", "g"),
    "saturated_fat_g": ("606", "Fatty acids, total saturated", "g"),
    "carbs_g": ("205", "Carbohydrate, by difference", "g"),
    "fiber_g": ("291", "Fiber, total dietary", "g"),
    "sugars_g": ("269", "Sugars, total", "g"),
    "sodium_mg": ("307", "Sodium, Na", "mg"),
}
NUTRITION_DATASET = "nutrition"  # the lake dataset of the nutrition assets' analysis
MEALIE_NAMESPACE = uuid.UUID("5f0c6e2a-7a9b-4c1e-9d3f-2b8a6c4d1e70")


@dataclass(frozen=True)
class ExportRecipe:
    """One recipe as the catalog holds it, its lines (with grams), and per-serving figures."""

    recipe: dict[str, Any]
    lines: list[dict[str, Any]]
    per_serving: dict[str, float]
    grams_per_serving: float | None


def catalog_recipes(lake_dir: Path, slugs: list[str] | None) -> list[ExportRecipe]:
    """The recipes `slugs` (all when None) of the current catalog, with computed nutrition."""
    folder = current_catalog(lake_dir)
    if folder is None:
        raise SourceError(f"{lake_dir}: no current catalog: run `make plan` first")
    return export_recipes(_tables(folder), slugs, _analysis(lake_dir, folder))


def _analysis(lake_dir: Path, catalog: Path) -> dict[str, pl.DataFrame] | None:
    """The pipeline's nutrition analysis of this catalog (what the API serves), while it is
    the current one; None otherwise (then it is computed for the recipes exported)."""
    nutrition = current_dir(lake_dir / NUTRITION_DATASET)
    if nutrition is None or not nutrition.name.startswith(f"{catalog.name}-"):
        return None
    return _tables(nutrition)


def export_recipes(
    tables: dict[str, pl.DataFrame],
    slugs: list[str] | None,
    analysis: dict[str, pl.DataFrame] | None = None,
) -> list[ExportRecipe]:
    recipes = tables["recipes"]
    if slugs is not None:
        unknown = sorted(set(slugs) - set(recipes.get_column("slug").to_list()))
        if unknown:
            raise SourceError(f"no recipe {', '.join(map(repr, unknown))} in the current catalog")
        recipes = recipes.filter(pl.col("slug").is_in(slugs))
    wanted = recipes.get_column("slug").implode()
    if analysis is None:
        analysis = analyse_catalog(
            {
                **tables,
                "recipes": recipes,
                "recipe_ingredients": tables["recipe_ingredients"].filter(
                    pl.col("recipe_slug").is_in(wanted)
                ),
            }
        )
    per_serving = [f"{amount}_per_serving" for amount in NUTRIENT_AMOUNTS.values()]
    macros = {
        row["slug"]: row
        for row in analysis["recipe_macros"]
        .filter(pl.col("slug").is_in(wanted))
        .select("slug", "servings", "total_grams", *per_serving)
        .to_dicts()
    }
    lines: dict[str, list[dict[str, Any]]] = {}
    recipe_lines = analysis["recipe_lines"].filter(pl.col("recipe_slug").is_in(wanted))
    for line in recipe_lines.sort("recipe_slug", "line_no").to_dicts():
        lines.setdefault(line["recipe_slug"], []).append(line)
    return [
        ExportRecipe(
            recipe,
            lines.get(recipe["slug"], []),
            _per_serving(macros.get(recipe["slug"], {})),
            _grams_per_serving(macros.get(recipe["slug"], {})),
        )
        for recipe in recipes.sort("slug").to_dicts()
    ]


def _per_serving(macros: dict[str, Any]) -> dict[str, float]:
    found = {a: macros.get(f"{a}_per_serving") for a in NUTRIENT_AMOUNTS.values()}
    return {amount: value for amount, value in found.items() if value is not None}


def _grams_per_serving(macros: dict[str, Any]) -> float | None:
    grams, servings = macros.get("total_grams"), macros.get("servings")
    return grams / servings if grams and servings else None


def iso_duration(minutes: int | None) -> str | None:
    """ISO 8601 duration of whole minutes: 90 -> 'PT1H30M', 0 -> 'PT0M'."""
    if minutes is None:
        return None
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _grouped_texts(lines: list[dict[str, Any]]) -> list[str]:
    """Line texts with a 'Heading:' line where a sub-list starts."""
    texts: list[str] = []
    group = None
    for line in lines:
        if line.get("group") and line["group"] != group:
            texts.append(f"{line['group']}:")
        group = line.get("group")
        texts.append(line["text"])
    return texts


def schema_org(item: ExportRecipe) -> dict[str, Any]:
    recipe = item.recipe
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Recipe",
        "name": recipe["title"],
        "identifier": recipe["slug"],
        "recipeYield": str(recipe["servings"]) if recipe.get("servings") else None,
        "prepTime": iso_duration(recipe.get("prep_time_min")),
        "cookTime": iso_duration(recipe.get("cook_time_min")),
        "totalTime": iso_duration(recipe.get("total_time_min")),
        "keywords": ", ".join(recipe.get("tags") or []) or None,
        "author": {"@type": "Person", "name": recipe["author"]} if recipe.get("author") else None,
        "url": recipe.get("source") if str(recipe.get("source")).startswith("http") else None,
        "isBasedOn": recipe.get("source"),
        "license": recipe.get("license"),
        "recipeIngredient": _grouped_texts(item.lines),
        "recipeInstructions": [
            {"@type": "HowToStep", "text": step} for step in recipe.get("steps") or []
        ],
        "nutrition": _nutrition_information(item),
    }
    return {key: value for key, value in document.items() if value is not None}


def _nutrition_information(item: ExportRecipe) -> dict[str, str] | None:
    if not item.per_serving:
        return None
    info = {"@type": "NutritionInformation"}
    if item.grams_per_serving is not None:
        info["servingSize"] = f"1 serving ({item.grams_per_serving:.0f} g)"
    for amount, (name, unit) in SCHEMA_ORG_NUTRITION.items():
        if amount in item.per_serving:
            info[name] = f"{item.per_serving[amount]:.{0 if unit == 'kcal' else 1}f} {unit}"
    return info


def mealie_json(item: ExportRecipe) -> dict[str, Any]:
    """The recipe in Mealie's schema (snake_case, as its zip export writes it)."""
    recipe = item.recipe
    slug = recipe["slug"]
    return {
        "id": str(uuid.uuid5(MEALIE_NAMESPACE, slug)),
        "name": recipe["title"],
        "slug": slug,
        "recipe_servings": float(recipe["servings"]) if recipe.get("servings") else 0,
        "recipe_yield": str(recipe["servings"]) if recipe.get("servings") else "",
        "prep_time": _minutes_text(recipe.get("prep_time_min")),
        "perform_time": _minutes_text(recipe.get("cook_time_min")),
        "total_time": _minutes_text(recipe.get("total_time_min")),
        "description": "",
        "org_url": recipe.get("source"),
        "tags": [{"name": tag, "slug": tag} for tag in recipe.get("tags") or []],
        "recipe_category": [],
        "recipe_ingredient": _mealie_lines(slug, item.lines),
        "recipe_instructions": [
            {"id": str(uuid.uuid5(MEALIE_NAMESPACE, f"{slug}/step/{n}")), "title": "", "text": s}
            for n, s in enumerate(recipe.get("steps") or [], 1)
        ],
        "nutrition": {
            re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower(): text
            for name, text in (_nutrition_information(item) or {}).items()
            if not name.startswith("@") and name != "servingSize"
        },
        "settings": {"public": True, "show_nutrition": True, "disable_amount": False},
    }


def _mealie_lines(slug: str, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    group = None
    for line in lines:
        title = line.get("group") if line.get("group") != group else None
        group = line.get("group")
        rows.append(
            {
                "title": title,
                "quantity": line.get("quantity") or 0,
                "unit": {"name": line["unit"]} if line.get("unit") else None,
                "food": {"name": line["ingredient"].replace("-", " ")}
                if line.get("ingredient")
                else None,
                "note": line.get("preparation") or "",
                "is_food": bool(line.get("ingredient")),
                "disable_amount": False,
                "display": line["text"],
                "original_text": line["text"],
                "reference_id": str(uuid.uuid5(MEALIE_NAMESPACE, f"{slug}/line/{line['line_no']}")),
            }
        )
    return rows


def _minutes_text(minutes: int | None) -> str | None:
    if minutes is None:
        return None
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    return " ".join([*parts, f"{rest} minute{'s' * (rest != 1)}"] if rest or not hours else parts)


def cronometer_text(item: ExportRecipe) -> str:
    recipe = item.recipe
    head = [
        "# Cronometer-ready paste (Simmer's own text; Cronometer publishes no import format)",
        f"Recipe: {recipe['title']}",
        f"Servings: {recipe.get('servings') or 'unknown'}",
        "",
        "Ingredients (gram weights as Simmer estimated them):",
    ]
    lines = [
        f"{line['grams']:.0f} g {line['ingredient'].replace('-', ' ')}"
        if line.get("grams") is not None and line.get("ingredient")
        else f"{line['text']}  (no weight known: enter by hand)"
        for line in item.lines
    ]
    label = [
        f"{number} {name}: {item.per_serving[amount]:.1f} {unit}"
        for amount, (number, name, unit) in USDA_NUMBERS.items()
        if amount in item.per_serving
    ]
    nutrition = ["", "Nutrition per serving (USDA nutrient number, Simmer's estimate):", *label]
    return "\n".join([*head, *lines, *(nutrition if label else [])]) + "\n"


def export_bytes(item: ExportRecipe, form: Format) -> bytes:
    """The recipe's file in `form`: schema.org JSON-LD, Mealie's zip or Cronometer-ready text."""
    if form == "schema-org":
        return (json.dumps(schema_org(item), indent=2, ensure_ascii=False) + "\n").encode()
    if form == "mealie":
        return mealie_zip(item)
    return cronometer_text(item).encode()


def export_file_name(item: ExportRecipe, form: Format) -> str:
    return f"{item.recipe['slug']}{SUFFIX[form]}"


def write_export(items: list[ExportRecipe], form: Format, out_dir: Path) -> list[Path]:
    """One file per recipe: `{slug}.jsonld`, `{slug}.zip` (Mealie) or `{slug}.txt`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for item in items:
        path = out_dir / export_file_name(item, form)
        path.write_bytes(export_bytes(item, form))
        written.append(path)
    return written


def catalog_version_recipe(lake_dir: Path, version: str, slug: str) -> ExportRecipe | None:
    """Recipe `slug` of catalog `version` (the one the API's read model serves), with its
    nutrition; None when the lake no longer holds that version or the recipe is not in it."""
    folder = catalog_version_dir(lake_dir, version)
    if folder is None:
        return None
    tables = _tables(folder)
    if slug not in tables["recipes"].get_column("slug").to_list():
        return None
    [item] = export_recipes(tables, [slug], _analysis(lake_dir, folder))
    return item


@lru_cache(maxsize=4)
def _tables(folder: Path) -> dict[str, pl.DataFrame]:
    """A lake version's tables, read once per process (a version folder never changes)."""
    return read_table_set(folder)


def mealie_zip(item: ExportRecipe) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(f"{item.recipe['slug']}.json", date_time=(1980, 1, 1, 0, 0, 0))
        archive.writestr(info, json.dumps(mealie_json(item), indent=2, ensure_ascii=False))
    return buffer.getvalue()
