"""Recipe nutrition from the catalog tables: macros per recipe, diet/allergen flags.

Grams per line come from `simmer.grams` (`line_grams`), which says how they are worked out.

Macros (`line_nutrition`, `recipe_macros`): a line contributes grams / 100 x the ingredient's
value per 100 g; unknown grams or an unknown value give null, never zero. Recipe totals add the
known contributions (null when there is none), exactly (`known_sum`: integer millionths, so the
result does not depend on row order); per-serving values divide them by `servings`
(null, with the issue 'no servings', when servings are missing or zero). Optional lines count
like any other. `coverage` is the share of lines with grams and energy, `mass_coverage` the
share of those grams whose ingredient has a known energy. `fully_quantified` says every line
that matters has grams and energy; lines that do not matter are optional lines and lines of
ingredients their pack marks `negligible_in_nutrition` (salt, pepper, dried spices, water: 'to
taste' amounts whose energy is negligible). A recipe without lines is not fully quantified.

Flags (`recipe_flags`; unknown is never safe, optional lines count too): an allergen present in
any ingredient is present; one not present but unknown for any ingredient is unknown, and every
allergen not present is unknown when a line is unmatched (it could be anything). A diet fits
when every ingredient is known to fit it and no line is unmatched; it is unknown when no
ingredient is known not to fit it but some ingredient or line leaves it open.
"""

from __future__ import annotations

import polars as pl

from simmer.figures import Frame, known_sum
from simmer.grams import counted_grams, is_unmatched
from simmer.packs.tables import ALLERGENS, DIETS, NUTRIENTS, STRINGS

# Ingredient nutrient column (per 100 g) -> the name of a line's or recipe's amount of it.
NUTRIENT_AMOUNTS: dict[str, str] = {
    "energy_kcal": "kcal",
    "protein_g": "protein_g",
    "fat_g": "fat_g",
    "carbohydrate_g": "carbs_g",
    "fiber_g": "fiber_g",
    "sugars_g": "sugars_g",
    "sodium_mg": "sodium_mg",
    "saturated_fat_g": "saturated_fat_g",
}


def line_nutrition(lines_with_grams: Frame, ingredients: Frame) -> pl.LazyFrame:
    """Lines with grams plus each line's amount of every nutrient (kcal, protein_g, carbs_g...)
    and `negligible`: whether the line's ingredient is negligible in nutrition."""
    values = ingredients.lazy().select(
        pl.col("slug").alias("_slug"),
        *[pl.col(n).alias(f"_{n}") for n in NUTRIENTS],
        pl.col("negligible_in_nutrition").alias("negligible"),
    )
    grams = counted_grams()
    return (
        lines_with_grams.lazy()
        .join(values, left_on="ingredient", right_on="_slug", how="left")
        .with_columns(
            (grams / 100 * pl.col(f"_{nutrient}")).alias(amount)
            for nutrient, amount in NUTRIENT_AMOUNTS.items()
        )
        .with_columns(pl.col("negligible").fill_null(False))
        .drop(f"_{n}" for n in NUTRIENTS)
        .sort("recipe_slug", "line_no")
    )


def is_ignorable() -> pl.Expr:
    """A line whose missing amount does not matter: optional, or of an ingredient negligible in
    nutrition (the `negligible` column `line_nutrition` adds)."""
    return pl.col("optional").fill_null(False) | pl.col("negligible")


def macro_totals(lines: Frame) -> pl.LazyFrame:
    """Per recipe_slug: nutrient totals, grams, line counts, coverage and the lines' issues."""
    grams = counted_grams()
    energy_known = pl.col("kcal").is_not_null()
    grams_with_energy = pl.when(energy_known).then(grams).otherwise(0.0)
    ignorable = is_ignorable()
    line_issue = pl.coalesce(
        "grams_issue", pl.when(grams.is_not_null() & ~energy_known).then(pl.lit("no energy value"))
    )
    return (
        lines.lazy()
        .group_by("recipe_slug")
        .agg(
            *[known_sum(pl.col(a)).alias(f"{a}_total") for a in NUTRIENT_AMOUNTS.values()],
            known_sum(grams).alias("total_grams"),
            pl.len().cast(pl.Int32).alias("lines"),
            grams.is_not_null().sum().cast(pl.Int32).alias("lines_with_grams"),
            energy_known.mean().alias("coverage"),
            (known_sum(grams_with_energy) / known_sum(grams)).fill_nan(None).alias("mass_coverage"),
            (energy_known | ignorable).all().alias("fully_quantified"),
            line_issue.drop_nulls().unique().alias("issues"),
        )
    )


def macros_per_serving(totals: pl.LazyFrame) -> pl.LazyFrame:
    """`<amount>_per_serving` for every nutrient total; null without a positive `servings`."""
    servings = pl.col("servings")
    return totals.with_columns(
        pl.when(servings > 0).then(pl.col(f"{a}_total") / servings).alias(f"{a}_per_serving")
        for a in NUTRIENT_AMOUNTS.values()
    )


def with_recipe_issues(macros: pl.LazyFrame) -> pl.LazyFrame:
    """Issues of the lines plus 'no ingredient lines' and 'no servings', sorted."""
    no_servings = pl.col("servings").is_null() | (pl.col("servings") <= 0)
    return macros.with_columns(
        pl.concat_list(
            pl.col("issues").fill_null(pl.lit([], dtype=STRINGS)),
            pl.when(pl.col("lines") == 0).then(pl.lit("no ingredient lines")),
            pl.when(no_servings).then(pl.lit("no servings")),
        )
        .list.drop_nulls()
        .list.sort()
        .alias("issues")
    )


def recipe_macros(line_nutrition: Frame, recipes: Frame) -> pl.LazyFrame:
    """Per recipe (slug order): servings, nutrient totals and per-serving values, coverage."""
    amounts = list(NUTRIENT_AMOUNTS.values())
    return (
        recipes.lazy()
        .select("slug", "servings", "servings_estimated")
        .join(macro_totals(line_nutrition), left_on="slug", right_on="recipe_slug", how="left")
        .with_columns(
            pl.col("lines", "lines_with_grams").fill_null(0),
            (pl.col("fully_quantified") & (pl.col("lines") > 0)).fill_null(False),
        )
        .pipe(macros_per_serving)
        .pipe(with_recipe_issues)
        .select(
            "slug",
            "servings",
            "servings_estimated",
            *[f"{a}_total" for a in amounts],
            *[f"{a}_per_serving" for a in amounts],
            "total_grams",
            "lines",
            "lines_with_grams",
            "coverage",
            "mass_coverage",
            "fully_quantified",
            "issues",
        )
        .sort("slug")
    )


def _names_where(flags: dict[str, pl.Expr]) -> pl.Expr:
    """The names whose flag is true, as a list in name order."""
    picks = [pl.when(flags[name]).then(pl.lit(name)) for name in sorted(flags)]
    return pl.concat_list(picks).list.drop_nulls()


def _has(column: str, name: str) -> pl.Expr:
    return pl.col(column).list.contains(name).fill_null(False)


def flag_states(lines: Frame, ingredients: Frame) -> pl.LazyFrame:
    """Per recipe_slug, one boolean per allergen and diet state: `present_<a>`, `unknown_<a>`,
    `fits_<d>` (every line known to fit), `excluded_<d>` (some line known not to fit)."""
    flags = ingredients.lazy().select(
        pl.col("slug").alias("_slug"),
        pl.lit(True).alias("_known"),
        *[pl.col(c).alias(f"_{c}") for c in ("allergens", "allergens_unknown", "diets")],
        pl.col("diets_unknown").alias("_diets_unknown"),
    )
    unmatched = is_unmatched() | pl.col("_known").is_null()
    return (
        lines.lazy()
        .join(flags, left_on="ingredient", right_on="_slug", how="left")
        .group_by("recipe_slug")
        .agg(
            *[_has("_allergens", a).any().alias(f"present_{a}") for a in ALLERGENS],
            *[
                (_has("_allergens_unknown", a) | unmatched).any().alias(f"unknown_{a}")
                for a in ALLERGENS
            ],
            *[(_has("_diets", d) & ~unmatched).all().alias(f"fits_{d}") for d in DIETS],
            *[
                (~_has("_diets", d) & ~_has("_diets_unknown", d) & ~unmatched)
                .any()
                .alias(f"excluded_{d}")
                for d in DIETS
            ],
        )
    )


def recipe_flags(lines: Frame, ingredients: Frame) -> pl.LazyFrame:
    """Per recipe with lines (slug order): allergens, allergens_unknown, diets, diets_unknown."""
    present = {a: pl.col(f"present_{a}") for a in ALLERGENS}
    unknown = {a: pl.col(f"unknown_{a}") & ~present[a] for a in ALLERGENS}
    fits = {d: pl.col(f"fits_{d}") for d in DIETS}
    open_ = {d: ~fits[d] & ~pl.col(f"excluded_{d}") for d in DIETS}
    return (
        flag_states(lines, ingredients)
        .select(
            pl.col("recipe_slug").alias("slug"),
            _names_where(present).alias("allergens"),
            _names_where(unknown).alias("allergens_unknown"),
            _names_where(fits).alias("diets"),
            _names_where(open_).alias("diets_unknown"),
        )
        .sort("slug")
    )
