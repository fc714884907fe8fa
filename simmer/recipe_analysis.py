"""Everything computed per recipe from the catalog, and the checks that guard it.

`analyse_catalog` composes `simmer.nutrition`, `simmer.estimates` and `simmer.cost` over the
catalog tables into two tables: `recipe_lines` (every ingredient line with its grams and nutrient
contributions, for drill-down) and `recipe_macros` (one row per recipe: macros per serving,
coverage, what rests on estimates, diet and allergen flags, cost). The check functions
recompute what they guard independently of the code that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from simmer.cost import ingredient_unit_prices, recipe_costs
from simmer.estimates import (
    ESTIMATED_METHOD,
    estimate_catalog,
    recipes_with_servings,
    with_plannability,
)
from simmer.grams import line_grams
from simmer.nutrition import line_nutrition, recipe_flags, recipe_macros
from simmer.packs.tables import ALLERGENS

MAX_KCAL_PER_100G = 900.0
ATWATER_TOLERANCE = 0.20
ATWATER_MIN_SHARE = 0.90
SHARE_TOLERANCE_KCAL = 0.001
Details = dict[str, int | float | str | list[str]]


def analyse_catalog(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """`recipe_lines` and `recipe_macros` of the catalog, estimates filled in and marked
    (`simmer.estimates`): lines first with the grams their text states, then with estimates."""
    ingredients, portions = tables["ingredients"], tables["portions"]
    grams = line_grams(tables["recipe_ingredients"], ingredients, portions)
    stated = line_nutrition(grams, ingredients)
    # what line_nutrition adds goes before the estimated lines go through it again
    added = [c for c in stated.collect_schema().names() if c not in grams.collect_schema().names()]
    estimated = estimate_catalog(stated, tables["recipes"], ingredients, added)
    recipes = recipes_with_servings(tables["recipes"], estimated.servings)
    lines = line_nutrition(estimated.lines, ingredients).collect()
    prices = ingredient_unit_prices(tables["vendor_products"], ingredients, portions)
    flags = recipe_flags(tables["recipe_ingredients"], ingredients)
    macros = (
        recipe_macros(lines, recipes)
        .pipe(with_plannability, lines, estimated.servings)
        .join(flags, on="slug", how="left")
        .join(recipe_costs(lines, prices, recipes), on="slug", how="left")
        .with_columns(
            pl.col("allergens").fill_null([]),
            # a recipe without lines could contain anything
            pl.col("allergens_unknown").fill_null(list(ALLERGENS)),
            pl.col("diets").fill_null([]),
        )
        .sort("slug")
        .collect()
    )
    return {"recipe_lines": lines, "recipe_macros": macros}


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    summary: str
    details: Details = field(default_factory=dict)


def check_plausible_values(macros: pl.DataFrame) -> CheckOutcome:
    """No negative nutrient and no recipe above 900 kcal per 100 g (pure fat is 900)."""
    numeric = [c for c in macros.columns if c.endswith(("_total", "_per_serving"))]
    negative = macros.filter(pl.any_horizontal(pl.col(numeric) < 0)).get_column("slug")
    dense = macros.filter(
        pl.col("kcal_total") / pl.col("total_grams") * 100 > MAX_KCAL_PER_100G
    ).get_column("slug")
    bad = sorted({*negative.to_list(), *dense.to_list()})
    return CheckOutcome(
        not bad,
        f"{len(bad)} recipe(s) with negative or absurd values",
        {"negative": negative.len(), "over_900_kcal_per_100g": dense.len(), "examples": bad[:10]},
    )


def check_energy_consistency(macros: pl.DataFrame) -> CheckOutcome:
    """Energy within 20 % of 4/4/9 kcal per g of protein/carbohydrate/fat, for at least 90 % of
    the recipes whose lines are all known (SR26's own factors differ per food, so a few recipes
    may stray; more than that means a unit or a conversion is wrong)."""
    atwater = (
        4 * pl.col("protein_g_total") + 4 * pl.col("carbs_g_total") + 9 * pl.col("fat_g_total")
    )
    known = macros.filter(pl.col("fully_quantified") & (pl.col("kcal_total") > 50)).with_columns(
        deviation=((pl.col("kcal_total") - atwater) / pl.col("kcal_total")).abs()
    )
    if known.is_empty():
        return CheckOutcome(True, "no fully quantified recipe to check")
    within = known.filter(pl.col("deviation") <= ATWATER_TOLERANCE).height / known.height
    worst = known.sort("deviation", descending=True).head(5)
    return CheckOutcome(
        within >= ATWATER_MIN_SHARE,
        f"{within:.1%} of {known.height} fully quantified recipes within 20 % of 4/4/9",
        {"share_within": round(within, 4), "worst": worst.get_column("slug").to_list()},
    )


def check_allergen_safety(
    lines: pl.DataFrame, ingredients: pl.DataFrame, macros: pl.DataFrame
) -> CheckOutcome:
    """No recipe is 'free' of an allergen that one of its ingredients has, or may have, or that
    an unmatched line could hide. Recomputed here from the lines, not from the flags."""
    known = set(ingredients.get_column("slug").to_list())
    per_line = lines.join(
        ingredients.select(
            pl.col("slug").alias("ingredient"),
            "allergens",
            pl.col("allergens_unknown").alias("maybe"),
        ),
        on="ingredient",
        how="left",
    ).with_columns(
        risky=pl.when(pl.col("ingredient").is_null() | ~pl.col("ingredient").is_in(list(known)))
        .then(pl.lit(list(ALLERGENS)))
        .otherwise(pl.concat_list(pl.col("allergens").fill_null([]), pl.col("maybe").fill_null([])))
    )
    required = (
        per_line.select(pl.col("recipe_slug").alias("slug"), "risky")
        .explode("risky")
        .drop_nulls("risky")
        .unique()
    )
    declared = macros.select(
        "slug", declared=pl.concat_list("allergens", "allergens_unknown")
    ).explode("declared")
    missing = required.join(
        declared, left_on=["slug", "risky"], right_on=["slug", "declared"], how="anti"
    ).sort("slug", "risky")
    examples = [f"{row[0]}: {row[1]}" for row in missing.head(10).iter_rows()]
    return CheckOutcome(
        missing.is_empty(),
        f"{missing.height} recipe/allergen pair(s) wrongly marked free",
        {"violations": missing.height, "examples": examples},
    )


def check_estimates_marked(
    lines: pl.DataFrame, recipes: pl.DataFrame, macros: pl.DataFrame
) -> CheckOutcome:
    """No estimated figure is unmarked: a line with grams its text does not state is marked
    `estimated` with a method, servings other than the recipe's own are `servings_estimated`,
    and `estimated_kcal_share` is the estimated lines' share of the energy, recomputed here."""
    stated_no_amount = pl.col("quantity").is_null() & pl.col("grams").is_not_null()
    has_method = (pl.col("status") == "estimated") | pl.col("grams_method").str.starts_with(
        ESTIMATED_METHOD
    )
    unmarked_lines = lines.filter(
        (stated_no_amount & ~pl.col("estimated"))
        | (pl.col("estimated") & ~has_method.fill_null(False))
    ).select(pl.format("{}:{}", "recipe_slug", "line_no").alias("where"))
    own = recipes.select("slug", pl.col("servings").alias("_own"))
    unmarked_servings = (
        macros.join(own, on="slug", how="left")
        .filter(pl.col("servings").ne_missing(pl.col("_own")) & ~pl.col("servings_estimated"))
        .select(pl.format("{}: servings", "slug").alias("where"))
    )
    estimated_kcal = lines.group_by(pl.col("recipe_slug").alias("slug")).agg(
        pl.col("kcal").filter(pl.col("estimated")).sum().alias("_estimated_kcal")
    )
    # compared in kcal: totals are exact to a millionth of a kcal, the plain sum here is not
    claimed = pl.col("estimated_kcal_share") * pl.col("kcal_total")
    off = (claimed - pl.col("_estimated_kcal").fill_null(0.0)).abs() > SHARE_TOLERANCE_KCAL
    wrong_shares = (
        macros.join(estimated_kcal, on="slug", how="left")
        .filter((pl.col("kcal_total") > 0) & off.fill_null(True))
        .select(pl.format("{}: estimated_kcal_share", "slug").alias("where"))
    )
    problems = pl.concat([unmarked_lines, unmarked_servings, wrong_shares]).get_column("where")
    return CheckOutcome(
        problems.is_empty(),
        f"{problems.len()} estimated figure(s) unmarked or mis-shared",
        {
            "unmarked_lines": unmarked_lines.height,
            "unmarked_servings": unmarked_servings.height,
            "wrong_shares": wrong_shares.height,
            "examples": problems.head(10).to_list(),
        },
    )


def coverage_distribution(macros: pl.DataFrame) -> Details:
    coverage = macros.get_column("coverage").drop_nulls()
    fully = int(macros.get_column("fully_quantified").sum())
    return {
        "recipes": macros.height,
        "fully_quantified": fully,
        "fully_quantified_share": round(fully / macros.height, 4) if macros.height else 0.0,
        **{
            f"coverage_p{int(q * 100)}": round(float(coverage.quantile(q) or 0.0), 4)
            for q in (0.1, 0.25, 0.5, 0.75, 0.9)
        },
    }
