"""What the planner can choose from: the catalog's recipes by status, and the plannable ones per
pack, meal slot, diet and allergen, against the catalog goals.

Read from the analysts' warehouse (`recipe_macros` with `recipes`), so it describes exactly the
catalog the last `make plan` ingested. Statuses, one per recipe:

- **fully quantified**: plannable with every amount and the servings as the recipe states them;
- **plannable with estimates**: plannable, but some amount or the servings are estimated
  (`simmer.estimates`: at most 15 % of the energy from estimated amounts);
- **not plannable**, counted under the first of `NOT_PLANNABLE_ORDER` that applies.

"Known free" of an allergen means neither present nor unknown (unknown is never safe).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from simmer.estimates import PLANNABLE_MAX_ESTIMATED_SHARE
from simmer.grams import MAX_LINE_GRAMS
from simmer.packs.tables import ALLERGENS, DIETS

SLOTS = ("breakfast", "lunch", "dinner")
# Why a recipe is not plannable, first match wins: what its lines lack, then its servings, then
# its share of estimates. Line issues are grouped: every 'no portion for unit X' is one reason.
NOT_PLANNABLE_ORDER: tuple[tuple[str, str], ...] = (
    ("no ingredient lines", "no ingredient lines"),
    ("unmatched ingredient", "a line matches no ingredient"),
    ("no portion for unit", "a stated quantity does not convert to grams"),
    ("no count portion", "a stated quantity does not convert to grams"),
    ("no density or volume portion", "a stated quantity does not convert to grams"),
    ("unknown unit", "a stated quantity does not convert to grams"),
    ("implausible quantity", f"a line weighs over {MAX_LINE_GRAMS / 1000:g} kg"),
    ("no quantity", "an amount-less line not estimated (too few stated uses, or no servings)"),
    ("no energy value", "an ingredient without an energy value"),
    ("no servings", "no servings, and too little known to estimate them"),
    (
        "estimated share above",
        f"over {PLANNABLE_MAX_ESTIMATED_SHARE * 100:g} % of the energy from estimates",
    ),
)
# The catalog goals of issue #7 (more real recipes): plannable recipes, per diet, known free of
# each allergen.
GOALS: dict[str, int] = {"plannable": 800, "vegan": 100, "vegetarian": 250, "allergen_free": 300}


@dataclass(frozen=True)
class CatalogFigures:
    recipes: int
    by_status: dict[str, int]
    estimates: dict[str, int]
    not_plannable: dict[str, int]
    by_pack: dict[str, int]
    by_slot: dict[str, int]
    by_diet: dict[str, int]
    free_of: dict[str, int]


def load_catalog_macros(warehouse: Path) -> pl.DataFrame:
    """`recipe_macros` with each recipe's `pack` and `meal_slots`, read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        macros: pl.DataFrame = connection.sql(
            "SELECT m.*, r.pack, r.meal_slots FROM recipe_macros m JOIN recipes r USING (slug)"
            " ORDER BY slug"
        ).pl()
    return macros


def first_reason() -> pl.Expr:
    """The first reason of `NOT_PLANNABLE_ORDER` found in `not_plannable_because`."""
    reasons = pl.col("not_plannable_because").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    picked: pl.Expr = pl.lit(None, dtype=pl.String)
    for prefix, label in reversed(NOT_PLANNABLE_ORDER):
        found = reasons.list.eval(pl.element().str.starts_with(prefix)).list.any()
        picked = pl.when(found).then(pl.lit(label)).otherwise(picked)
    return picked


def status() -> pl.Expr:
    exact = pl.col("fully_quantified") & ~pl.col("servings_estimated")
    return (
        pl.when(pl.col("plannable") & exact)
        .then(pl.lit("fully quantified"))
        .when(pl.col("plannable"))
        .then(pl.lit("plannable with estimates"))
        .otherwise(pl.lit("not plannable"))
    )


def _counts(
    frame: pl.DataFrame, column: str, order: tuple[str, ...] | None = None
) -> dict[str, int]:
    counted = dict(frame.group_by(column).len().sort(column, nulls_last=True).iter_rows())
    keys = order if order is not None else tuple(k for k in counted if k is not None)
    return {key: int(counted.get(key, 0)) for key in keys}


def estimate_counts(plannable: pl.DataFrame) -> dict[str, int]:
    """How many plannable recipes rest on each kind of estimate (a recipe may count twice)."""
    kinds = {
        "amounts estimated from the catalog's medians": ~pl.col("fully_quantified"),
        "servings not stated, estimated from the energy norm": pl.col("servings_stated").is_null()
        & pl.col("servings_estimated"),
        "servings implausible, re-estimated from the energy norm": pl.col("servings_implausible"),
        "servings estimated by the pack": pl.col("servings_method") == "estimated by the pack",
    }
    return {name: plannable.filter(rows).height for name, rows in kinds.items()}


def catalog_figures(macros: pl.DataFrame) -> CatalogFigures:
    """The figures of a `load_catalog_macros` frame."""
    rows = macros.with_columns(_status=status(), _reason=first_reason())
    plannable = rows.filter(pl.col("plannable"))
    labels = tuple(dict.fromkeys(label for _, label in NOT_PLANNABLE_ORDER))
    return CatalogFigures(
        recipes=rows.height,
        by_status=_counts(
            rows, "_status", ("fully quantified", "plannable with estimates", "not plannable")
        ),
        estimates=estimate_counts(plannable),
        not_plannable=_counts(rows.filter(~pl.col("plannable")), "_reason", labels),
        by_pack=_counts(plannable, "pack"),
        by_slot={s: plannable.filter(pl.col("meal_slots").list.contains(s)).height for s in SLOTS},
        by_diet={d: plannable.filter(pl.col("diets").list.contains(d)).height for d in DIETS},
        free_of={
            a: plannable.filter(
                ~pl.col("allergens").list.contains(a)
                & ~pl.col("allergens_unknown").list.contains(a)
            ).height
            for a in ALLERGENS
        },
    )


def _goal(value: int, goal: int) -> str:
    return f"{value:,} (goal {goal:,}: {'met' if value >= goal else 'not met'})"


def catalog_markdown(figures: CatalogFigures) -> str:
    """The figures as Markdown tables, each goal beside its figure."""
    plannable = figures.recipes - figures.by_status["not plannable"]
    share = f"{PLANNABLE_MAX_ESTIMATED_SHARE:.0%}"
    sections: list[tuple[str, Mapping[str, int | str]]] = [
        (f"Recipes by status, of {figures.recipes:,}", figures.by_status),
        ("Plannable recipes resting on estimates, by kind", figures.estimates),
        ("Not plannable, by first reason", figures.not_plannable),
        ("Plannable recipes per pack", figures.by_pack),
        ("Plannable recipes per meal slot", figures.by_slot),
        (
            "Plannable recipes per diet",
            {d: _goal(n, GOALS[d]) if d in GOALS else f"{n:,}" for d, n in figures.by_diet.items()},
        ),
        (
            "Plannable recipes known free of each allergen",
            {a: _goal(n, GOALS["allergen_free"]) for a, n in figures.free_of.items()},
        ),
    ]
    parts = [
        f"Plannable: energy per serving known and at most {share} of it from estimated "
        f"amounts. Plannable recipes: {_goal(plannable, GOALS['plannable'])}."
    ]
    for title, values in sections:
        rows = "\n".join(f"| {key} | {_cell(value)} |" for key, value in values.items())
        parts.append(f"**{title}**\n\n| | recipes |\n|---|---|\n{rows}")
    return "\n\n".join(parts) + "\n"


def _cell(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else value
