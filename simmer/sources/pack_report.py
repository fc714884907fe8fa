"""Coverage figures of a recipes pack, written into its README between markers.

Shares of ingredient lines with a quantity, with grams (a unit that converts for that
ingredient), matched to an ingredient, and of recipes fully quantified — computed with the same
nutrition code the pipeline runs, over the pack and the packs it depends on.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from simmer.grams import line_grams
from simmer.nutrition import line_nutrition, recipe_macros
from simmer.packs.validate import load_pack

START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"


def coverage_figures(recipes_dir: Path, packs_dir: Path) -> dict[str, float | int]:
    recipes = load_pack(recipes_dir, packs_dir).tables
    usda = load_pack(packs_dir / "usda-sr26", packs_dir).tables
    lines = recipes["recipe_ingredients"]
    grams = line_grams(lines, usda["ingredients"], usda["portions"]).collect()
    macros = recipe_macros(line_nutrition(grams, usda["ingredients"]), recipes["recipes"]).collect()
    total = lines.height
    fully = macros.get_column("fully_quantified")
    stated = lines.filter(pl.col("quantity").is_not_null() & (pl.col("status") != "estimated"))
    return {
        "recipes": recipes["recipes"].height,
        "recipes_with_servings": int(recipes["recipes"].get_column("servings").count()),
        "servings_estimated": int(recipes["recipes"].get_column("servings_estimated").sum()),
        "lines": total,
        "with_quantity": stated.height / total,
        "estimated": lines.filter(pl.col("status") == "estimated").height / total,
        "with_grams": grams.get_column("grams").count() / total,
        "matched": lines.filter(pl.col("status") != "unmatched").height / total,
        "fully_quantified": int(fully.sum()),
        "fully_quantified_share": int(fully.sum()) / fully.len(),
        **published_comparison(recipes_dir, macros),
    }


def published_comparison(recipes_dir: Path, macros: pl.DataFrame) -> dict[str, float | int]:
    """For imported recipes whose source published calories: how many, and the median gap
    between Simmer's computed kcal per serving and the published figure (share of it)."""
    from simmer.interchange.importer import published_kcal

    both = published_kcal(recipes_dir).join(
        macros.select("slug", "kcal_per_serving").drop_nulls(), on="slug"
    )
    if both.is_empty():
        return {}
    gap = (pl.col("kcal_per_serving") - pl.col("published_kcal")).abs() / pl.col("published_kcal")
    median = both.filter(pl.col("published_kcal") > 0).select(gap.median()).item()
    return {"published_kcal_recipes": both.height, "published_kcal_median_gap": median or 0.0}


def coverage_markdown(figures: dict[str, float | int]) -> str:
    rows = [
        ("recipes", f"{figures['recipes']}"),
        ("recipes stating their servings", f"{figures['recipes_with_servings']}"),
        ("of which marked uncertain (`servings_estimated`)", f"{figures['servings_estimated']}"),
        ("ingredient lines", f"{figures['lines']:,}"),
        ("lines with a quantity stated in the text", f"{figures['with_quantity']:.1%}"),
        ("lines with an estimated quantity (to taste)", f"{figures['estimated']:.1%}"),
        ("lines whose quantity converts to grams", f"{figures['with_grams']:.1%}"),
        ("lines matched to a USDA ingredient", f"{figures['matched']:.1%}"),
        (
            "recipes fully quantified",
            f"{figures['fully_quantified']} ({figures['fully_quantified_share']:.1%})",
        ),
    ]
    if "published_kcal_recipes" in figures:
        rows.append(
            (
                "recipes whose source published calories: computed vs published, median gap",
                f"{figures['published_kcal_recipes']}: {figures['published_kcal_median_gap']:.1%}",
            )
        )
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    return f"{START}\n| measure | value |\n|---|---|\n{table}\n{END}"


def update_readme(readme: Path, markdown: str) -> None:
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"{readme}: no {START} ... {END} section to update")
    readme.write_text(pattern.sub(lambda _: markdown, text), encoding="utf-8")
