"""Estimates, always marked: amounts and servings a recipe does not state (or states wrongly),
and how much of each recipe's energy rests on them.

Three rules, each marked where it applies (`analyse_catalog` runs them in this order):

1. **Amount-less lines** (`typical_amounts`, `with_line_estimates`). A line that matters for
   energy (not optional, not a negligible seasoning: `simmer.nutrition.is_ignorable`), matched
   to a catalog ingredient and without a stated quantity ("olive oil for frying", "sugar") gets
   the catalog's own typical amount of that ingredient: the median grams per serving over the
   recipes that state it (one value per recipe: its grams of the ingredient over its stated
   servings; recipes whose servings are missing or estimated are left out), times the recipe's
   servings. An ingredient stated by fewer than `MIN_STATED_USES` recipes takes the median of
   every stated use of an ingredient of its USDA food group instead; a group with fewer uses
   gives no estimate and the line keeps its issue 'no quantity'. The line is marked: `estimated`
   true and `grams_method` 'estimated: median ... g per serving of N recipes stating ...'. Lines
   the pack itself estimated (status 'estimated', such as 'to taste' = 1 pinch) are marked
   `estimated` too.
2. **Servings** (`resolve_servings`). Each recipe has a kind (`MEAL_KINDS`, from its tags and
   meal slots) with an energy norm per serving and a plausible range. Stated servings whose
   energy per serving falls outside the range are `servings_implausible` (a whole loaf as one
   serving); they and missing servings are replaced by the recipe's stated energy over the norm
   (rounded, at least 1), marked `servings_estimated` with the reason in `servings_method`;
   `servings_stated` keeps what the recipe said. Both need the recipe's energy to be known
   (every line that matters has energy, stated or estimated): a partial sum says nothing about
   servings, so then stated servings stand and missing ones stay missing.
3. **Share and plannable** (`with_plannability`). `estimated_kcal_share` is the share of the
   recipe's energy that comes from estimated lines. An estimated serving count does not add to
   it: the recipe's total energy is measured either way, and the planner portions by energy,
   so estimated servings change the size of a portion, not how much of its energy is known
   (`servings_estimated` says so apart). A recipe is `plannable` when its energy per serving is
   known (every line that matters has energy, servings known or estimated) and the share is at
   most `PLANNABLE_MAX_ESTIMATED_SHARE`; `not_plannable_because` lists why not.

Energy norms per serving come from the 2,000 kcal reference day of the FDA's Daily Values
(21 CFR 101.9) split the way dietary guidance commonly splits a day (breakfast about a fifth,
lunch and dinner about 30 % each, the rest snacks): a main dish 600 kcal, a breakfast 400, a
bowl of soup or a dessert 300, a side, salad or snack 200, a drink 150, a sauce or condiment
100. The plausible
range of a kind is wide on purpose, so that only a serving no person eats is flagged: up to
2.5 to 4 times the norm (a main 1,500 kcal, a breakfast 1,000, about a full cooked one, a
dessert or a bowl of soup 1,000, a side 800, a snack 700, a drink 600, a sauce 500), and down to
a tenth of the norm for mains, breakfasts and desserts; sides, soups, snacks, drinks and
sauces may be nearly nothing (steamed greens, broth, tea, a spice blend), so they have no
lower bound. Outside its range a serving is not one person's portion of that kind: more
often the whole dish (a loaf, a tray of cookies) or one piece of it (a dumpling).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from simmer.figures import Frame, known_sum
from simmer.grams import counted_grams, is_unmatched
from simmer.nutrition import is_ignorable

MIN_STATED_USES = 5
PLANNABLE_MAX_ESTIMATED_SHARE = 0.15
MAX_SERVINGS = 500
ESTIMATED_METHOD = "estimated: "


@dataclass(frozen=True)
class MealKind:
    """A kind of dish: the tags or meal slots that make a recipe one, its energy per serving."""

    name: str
    words: tuple[str, ...]
    kcal_norm: float
    kcal_low: float
    kcal_high: float


# First match wins, in this order; a recipe matching none is a main dish.
MEAL_KINDS: tuple[MealKind, ...] = (
    MealKind(
        "drink", ("drink", "drinks", "beverage", "beverages", "alcohol", "cocktail"), 150, 0, 600
    ),
    MealKind(
        "condiment",
        ("sauce", "sauces", "condiment", "condiments", "dressing", "dip", "spread", "stock",
         "spice", "spices", "seasoning", "marinade"),
        100, 0, 500,
    ),
    MealKind("breakfast", ("breakfast", "brunch"), 400, 40, 1000),
    MealKind("snack", ("snack", "snacks", "appetizer", "appetizers"), 200, 0, 700),
    MealKind(
        "dessert",
        ("dessert", "desserts", "sweet", "cake", "cookies", "cookie", "pie", "pastry", "candy"),
        300, 30, 1000,
    ),
    MealKind("soup", ("soup", "soups"), 300, 0, 1000),
    MealKind(
        "side",
        ("side", "side-dish", "side-dishes", "salad", "salads", "bread", "breads"),
        200, 0, 800,
    ),
)  # fmt: skip
MAIN_DISH = MealKind("main", ("main", "main-dish", "main-dishes", "lunch", "dinner"), 600, 60, 1500)


def meal_kind_table() -> pl.DataFrame:
    kinds = [*MEAL_KINDS, MAIN_DISH]
    return pl.DataFrame(
        {
            "meal_kind": [k.name for k in kinds],
            "kcal_norm": [k.kcal_norm for k in kinds],
            "kcal_low": [k.kcal_low for k in kinds],
            "kcal_high": [k.kcal_high for k in kinds],
        }
    )


def meal_kinds(recipes: Frame) -> pl.LazyFrame:
    """Per recipe `slug`: its `meal_kind` with `kcal_norm`, `kcal_low` and `kcal_high`."""
    words = pl.concat_list(
        pl.col("tags").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("meal_slots").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    )
    kind: pl.Expr = pl.lit(MAIN_DISH.name)
    for candidate in reversed(MEAL_KINDS):
        named = words.list.set_intersection(list(candidate.words)).list.len() > 0
        kind = pl.when(named).then(pl.lit(candidate.name)).otherwise(kind)
    return (
        recipes.lazy()
        .select("slug", kind.alias("meal_kind"))
        .join(meal_kind_table().lazy(), on="meal_kind", how="left")
    )


def stated_servings(recipes: Frame) -> pl.LazyFrame:
    """`recipe_slug` and `servings` of the recipes that state a positive, unestimated count."""
    return (
        recipes.lazy()
        .filter((pl.col("servings") > 0) & ~pl.col("servings_estimated").fill_null(False))
        .select(pl.col("slug").alias("recipe_slug"), "servings")
    )


def stated_uses(lines: Frame, recipes: Frame) -> pl.LazyFrame:
    """One row per (ingredient, recipe) that states an amount of it: its grams per serving."""
    grams = counted_grams()
    stated = grams.is_not_null() & (pl.col("status").fill_null("") != "estimated") & ~is_unmatched()
    return (
        lines.lazy()
        .filter(stated)
        .join(stated_servings(recipes), on="recipe_slug")
        .group_by("ingredient", "recipe_slug")
        .agg((grams.sum() / pl.col("servings").first()).alias("grams_per_serving"))
    )


def typical_amounts(
    lines: Frame, recipes: Frame, ingredients: Frame, min_uses: int = MIN_STATED_USES
) -> pl.LazyFrame:
    """Per catalog ingredient with enough stated uses (its own, else its food group's):
    `typical_grams_per_serving` and the `typical_method` that says where it comes from."""
    groups = ingredients.lazy().select(pl.col("slug").alias("ingredient"), "food_group")
    uses = stated_uses(lines, recipes).join(groups, on="ingredient", how="left")
    median = pl.col("grams_per_serving").median()
    own = uses.group_by("ingredient").agg(_own_median=median, _own_uses=pl.len())
    by_group = (
        uses.filter(pl.col("food_group").is_not_null())
        .group_by("food_group")
        .agg(_group_median=median, _group_uses=pl.len())
    )
    own_enough = pl.col("_own_uses").fill_null(0) >= min_uses
    group_enough = pl.col("_group_uses").fill_null(0) >= min_uses
    grams = pl.when(own_enough).then("_own_median").when(group_enough).then("_group_median")
    shown = grams.round(1).cast(pl.String)
    method = (
        pl.when(own_enough)
        .then(
            pl.format(
                ESTIMATED_METHOD + "median {} g per serving of {} recipes stating {}",
                shown,
                "_own_uses",
                "ingredient",
            )
        )
        .when(group_enough)
        .then(
            pl.format(
                ESTIMATED_METHOD
                + "median {} g per serving of {} stated uses of '{}' ingredients "
                + "({} is stated by {} recipes, fewer than {})",
                shown,
                "_group_uses",
                "food_group",
                "ingredient",
                pl.col("_own_uses").fill_null(0),
                pl.lit(min_uses),
            )
        )
    )
    return (
        groups.join(own, on="ingredient", how="left")
        .join(by_group, on="food_group", how="left")
        .select(
            "ingredient",
            grams.alias("typical_grams_per_serving"),
            method.alias("typical_method"),
        )
        .filter(pl.col("typical_grams_per_serving").is_not_null())
    )


def is_estimable() -> pl.Expr:
    """A line that matters for energy, of a catalog ingredient, whose text states no amount
    (the issue 'no quantity' is given only to matched lines of known ingredients)."""
    return (pl.col("grams_issue") == "no quantity") & ~is_ignorable()


def with_typical_amounts(lines: Frame, typical: pl.LazyFrame, ingredients: Frame) -> pl.LazyFrame:
    """Lines plus, for estimable lines, `_est_grams_per_serving`, `_est_method` and
    `_est_kcal_per_serving` (null elsewhere)."""
    energy = ingredients.lazy().select(pl.col("slug").alias("ingredient"), "energy_kcal")
    estimable = is_estimable()
    return (
        lines.lazy()
        .join(typical, on="ingredient", how="left")
        .join(energy, on="ingredient", how="left")
        .with_columns(
            _est_grams_per_serving=pl.when(estimable).then("typical_grams_per_serving"),
            _est_method=pl.when(estimable).then("typical_method"),
        )
        .with_columns(
            _est_kcal_per_serving=pl.col("_est_grams_per_serving") / 100 * pl.col("energy_kcal")
        )
        .drop("typical_grams_per_serving", "typical_method", "energy_kcal")
    )


def energy_basis(lines: pl.LazyFrame) -> pl.LazyFrame:
    """Per recipe_slug: `stated_kcal` (lines with grams), `estimated_kcal_per_serving` (the
    typical amounts of estimable lines) and `energy_known` (every line that matters has one)."""
    has_energy = pl.col("kcal").is_not_null() | pl.col("_est_kcal_per_serving").is_not_null()
    return lines.group_by("recipe_slug").agg(
        known_sum(pl.col("kcal")).alias("stated_kcal"),
        known_sum(pl.col("_est_kcal_per_serving"))
        .fill_null(0.0)
        .alias("estimated_kcal_per_serving"),
        (has_energy | is_ignorable()).all().alias("energy_known"),
    )


def resolve_servings(recipes: Frame, basis: pl.LazyFrame) -> pl.LazyFrame:
    """Per recipe `slug`: the `servings` the figures use, `servings_stated`,
    `servings_estimated`, `servings_implausible`, `servings_method`, `meal_kind`."""
    stated = pl.col("servings")
    valid = (stated > 0).fill_null(False)
    known = pl.col("energy_known").fill_null(False)
    per_serving = pl.col("stated_kcal") / stated + pl.col("estimated_kcal_per_serving")
    outside = (per_serving < pl.col("kcal_low")) | (per_serving > pl.col("kcal_high"))
    implausible = (known & valid & outside).fill_null(False)
    estimate = (~valid | implausible) & known & (pl.col("stated_kcal") > 0).fill_null(False)
    from_norm = (
        (pl.col("stated_kcal") / pl.col("kcal_norm")).round().clip(1, MAX_SERVINGS).cast(pl.Int32)
    )
    norm = pl.format("{} kcal per serving of a {}", pl.col("kcal_norm").cast(pl.Int32), "meal_kind")
    method = (
        pl.when(estimate & implausible)
        .then(
            pl.format(
                "energy norm, {}: the stated {} gave {} kcal per serving, outside {}-{}",
                norm,
                stated,
                per_serving.round().cast(pl.Int64),
                pl.col("kcal_low").cast(pl.Int32),
                pl.col("kcal_high").cast(pl.Int32),
            )
        )
        .when(estimate)
        .then(pl.format("energy norm, {}: servings not stated", norm))
        .when(valid & pl.col("servings_estimated").fill_null(False))
        .then(pl.lit("estimated by the pack"))
        .when(valid)
        .then(pl.lit("stated"))
    )
    return (
        recipes.lazy()
        .select("slug", "servings", "servings_estimated")
        .join(basis, left_on="slug", right_on="recipe_slug", how="left")
        .join(meal_kinds(recipes), on="slug", how="left")
        .select(
            "slug",
            pl.when(estimate).then(from_norm).when(valid).then(stated).alias("servings"),
            stated.alias("servings_stated"),
            (estimate | (valid & pl.col("servings_estimated").fill_null(False))).alias(
                "servings_estimated"
            ),
            implausible.alias("servings_implausible"),
            method.alias("servings_method"),
            "meal_kind",
        )
    )


def with_line_estimates(lines: pl.LazyFrame, servings: pl.LazyFrame) -> pl.LazyFrame:
    """Estimable lines get their typical grams per serving times the recipe's servings, marked;
    every line gets `estimated` (this rule, or the pack's own status 'estimated')."""
    count = servings.select(pl.col("slug").alias("recipe_slug"), pl.col("servings").alias("_n"))
    grams = pl.col("_est_grams_per_serving") * pl.col("_n")
    filled = grams.is_not_null()
    return (
        lines.join(count, on="recipe_slug", how="left")
        .with_columns(
            grams=pl.when(filled).then(grams).otherwise("grams"),
            grams_method=pl.when(filled).then("_est_method").otherwise("grams_method"),
            grams_issue=pl.when(filled).then(None).otherwise("grams_issue"),
            estimated=filled | (pl.col("status") == "estimated").fill_null(False),
        )
        .drop("_n", "_est_grams_per_serving", "_est_method", "_est_kcal_per_serving")
    )


@dataclass(frozen=True)
class Estimated:
    """Recipe lines with estimated grams filled in (without nutrient amounts yet), and per
    recipe the servings the figures use (`resolve_servings`)."""

    lines: pl.LazyFrame
    servings: pl.LazyFrame


def estimate_catalog(
    stated_lines: Frame,
    recipes: Frame,
    ingredients: Frame,
    nutrition_columns: list[str],
    min_uses: int = MIN_STATED_USES,
) -> Estimated:
    """Rules 1 and 2 over `stated_lines` (`line_nutrition` of the stated grams); the lines
    come back without `nutrition_columns` (what `line_nutrition` added), to go through it again."""
    typical = typical_amounts(stated_lines, recipes, ingredients, min_uses)
    lines = with_typical_amounts(stated_lines, typical, ingredients)
    servings = resolve_servings(recipes, energy_basis(lines))
    return Estimated(with_line_estimates(lines, servings).drop(nutrition_columns), servings)


def recipes_with_servings(recipes: Frame, servings: pl.LazyFrame) -> pl.LazyFrame:
    """The recipes table with the servings the figures use in place of the stated ones."""
    return (
        recipes.lazy()
        .drop("servings", "servings_estimated")
        .join(servings.select("slug", "servings", "servings_estimated"), on="slug", how="left")
    )


def estimate_shares(lines: Frame) -> pl.LazyFrame:
    """Per recipe_slug: `estimated_kcal`, whether a line was estimated by the catalog median
    (`_median_estimates`), and the issues of lines that matter and lack energy (`_blockers`)."""
    kcal = pl.col("kcal")
    blocking = kcal.is_null() & ~is_ignorable()
    blocker = pl.coalesce("grams_issue", pl.lit("no energy value"))
    return (
        lines.lazy()
        .group_by("recipe_slug")
        .agg(
            known_sum(pl.when(pl.col("estimated")).then(kcal))
            .fill_null(0.0)
            .alias("estimated_kcal"),
            pl.col("grams_method")
            .str.starts_with(ESTIMATED_METHOD)
            .any()
            .alias("_median_estimates"),
            pl.when(blocking).then(blocker).drop_nulls().unique().sort().alias("_blockers"),
        )
        .select(pl.col("recipe_slug").alias("slug"), pl.exclude("recipe_slug"))
    )


def with_plannability(
    macros: pl.LazyFrame,
    lines: Frame,
    servings: pl.LazyFrame,
    max_share: float = PLANNABLE_MAX_ESTIMATED_SHARE,
) -> pl.LazyFrame:
    """Recipe macros (`recipe_macros` over estimated lines) plus `energy_known`,
    `estimated_kcal_share`, `plannable` and `not_plannable_because`; `fully_quantified` keeps
    its meaning: every line that matters has a stated amount with energy."""
    total = pl.col("kcal_total")
    share = (
        pl.when(total > 0).then(pl.col("estimated_kcal") / total).when(total == 0).then(pl.lit(0.0))
    )
    energy_known = pl.col("fully_quantified")
    over = (pl.col("estimated_kcal_share") > max_share).fill_null(False)
    reasons = pl.concat_list(
        pl.col("_blockers").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.when(pl.col("lines") == 0).then(pl.lit("no ingredient lines")),
        pl.when(pl.col("servings").is_null()).then(pl.lit("no servings")),
        pl.when(over).then(pl.lit(f"estimated share above {max_share:.0%}")),
    ).list.drop_nulls()
    extra = servings.select(
        "slug", "servings_stated", "servings_implausible", "servings_method", "meal_kind"
    )
    return (
        macros.join(estimate_shares(lines), on="slug", how="left")
        .join(extra, on="slug", how="left")
        .with_columns(
            energy_known=energy_known,
            fully_quantified=energy_known & ~pl.col("_median_estimates").fill_null(False),
            estimated_kcal_share=share,
        )
        .with_columns(
            plannable=(
                pl.col("energy_known")
                & pl.col("kcal_per_serving").is_not_null()
                & (pl.col("estimated_kcal_share") <= max_share).fill_null(False)
            ),
            not_plannable_because=reasons,
        )
        .drop("estimated_kcal", "_median_estimates", "_blockers")
    )
