"""The nutrition report: one self-contained HTML page with charts, from the analysts' warehouse.

Charts are drawn with matplotlib's object API (no pyplot state, no display) and embedded as
PNG data, so the page opens offline, from a file, anywhere. Same warehouse, same page: nothing
in it depends on the clock.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl
from matplotlib.figure import Figure

MACROS = (
    ("kcal_per_serving", "Energy (kcal)"),
    ("protein_g_per_serving", "Protein (g)"),
    ("fat_g_per_serving", "Fat (g)"),
    ("carbs_g_per_serving", "Carbohydrate (g)"),
)
TOP_PROTEIN_HEADERS = ("recipe", "kcal", "protein g", "cost", "% energy estimated", "servings")
COLORS = ("#c8553d", "#588b8b", "#f28f3b", "#8a6fb0")
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .sub { color: #666; margin-top: 0; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1.5rem 0; }
.card { background: #f6f3ee; border-radius: 8px; padding: 0.8rem 1.2rem; min-width: 9rem; }
.card b { display: block; font-size: 1.6rem; } img { max-width: 100%; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
td, th { padding: 0.3rem 0.7rem; border-bottom: 1px solid #ddd; text-align: right; }
td:first-child, th:first-child { text-align: left; } .scroll { overflow-x: auto; }
"""


def load_report_data(warehouse: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`recipe_macros` joined with titles, and `food_group_nutrition`, read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        macros = connection.sql(
            "SELECT m.*, r.title FROM recipe_macros m JOIN recipes r USING (slug) ORDER BY slug"
        ).pl()
        groups = connection.sql("SELECT * FROM food_group_nutrition").pl()
    return macros, groups


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode()


def _img(figure: Figure, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{_png(figure)}">'


def macro_distribution(macros: pl.DataFrame) -> Figure:
    figure = Figure(figsize=(10, 6.5))
    axes = figure.subplots(2, 2)
    for axis, (column, label), color in zip(axes.flat, MACROS, COLORS, strict=True):
        values = macros.get_column(column).drop_nulls().to_list()
        axis.hist(values, bins=30, color=color, edgecolor="white")
        axis.set_title(f"{label} per serving")
        axis.set_ylabel("recipes")
    figure.suptitle(f"Macros per serving across {macros.height} recipes (where known)")
    figure.tight_layout()
    return figure


def coverage_chart(macros: pl.DataFrame) -> Figure:
    figure = Figure(figsize=(10, 3.5))
    left, right = figure.subplots(1, 2)
    left.hist(macros.get_column("coverage").drop_nulls().to_list(), bins=20, color="#588b8b")
    left.set_title("Share of lines with grams and energy")
    left.set_xlabel("coverage")
    left.set_ylabel("recipes")
    fully = int(macros.get_column("fully_quantified").sum())
    right.barh(["fully quantified", "not yet"], [fully, macros.height - fully], color=COLORS[:2])
    right.set_title("Recipes fully quantified")
    figure.tight_layout()
    return figure


def cost_chart(macros: pl.DataFrame) -> Figure:
    figure = Figure(figsize=(10, 3.5))
    axis = figure.subplots()
    costs = macros.get_column("cost_per_serving").drop_nulls().to_list()
    axis.hist(costs, bins=30, color="#f28f3b", edgecolor="white")
    currency = macros.get_column("currency").drop_nulls().head(1).to_list() or [""]
    axis.set_title(f"Cost per serving ({currency[0]}, illustrative vendor prices)")
    axis.set_ylabel("recipes")
    return figure


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<div class='scroll'><table><tr>{head}</tr>{body}</table></div>"


def _cell(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def summary(macros: pl.DataFrame) -> dict[str, str]:
    fully = int(macros.get_column("fully_quantified").sum())
    median_kcal = macros.get_column("kcal_per_serving").median()
    median_cost = macros.get_column("cost_per_serving").median()
    return {
        "recipes": f"{macros.height}",
        "fully quantified": f"{fully} ({fully / max(macros.height, 1):.0%})",
        "plannable": f"{int(macros.get_column('plannable').sum())}",
        "median kcal / serving": _cell(median_kcal),
        "median cost / serving": _cell(median_cost),
    }


def most_protein(macros: pl.DataFrame, count: int = 10) -> pl.DataFrame:
    """The plannable recipes with the most protein per serving (a serving that cannot be right
    is re-estimated before, so a whole loaf as one serving does not lead)."""
    return (
        macros.filter(pl.col("plannable"))
        .sort("protein_g_per_serving", "slug", descending=[True, False], nulls_last=True)
        .head(count)
        .select(
            "title",
            "kcal_per_serving",
            "protein_g_per_serving",
            "cost_per_serving",
            (pl.col("estimated_kcal_share") * 100).alias("estimated_pct"),
            pl.col("servings_estimated").replace_strict({True: "estimated", False: "stated"}),
        )
    )


def render(macros: pl.DataFrame, groups: pl.DataFrame, title: str = "Simmer nutrition") -> str:
    cards = "".join(f"<div class='card'><b>{v}</b>{k}</div>" for k, v in summary(macros).items())
    top_protein = most_protein(macros)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>
<p class="sub">Recipe macros per serving, how much of each recipe is quantified, and what it
costs. Values are per serving where the recipe states its servings.</p>
<div class="cards">{cards}</div>
<h2>Macros</h2>{_img(macro_distribution(macros), "Histograms of macros per serving")}
<h2>Coverage</h2>{_img(coverage_chart(macros), "Coverage of recipes")}
<h2>Cost</h2>{_img(cost_chart(macros), "Cost per serving")}
<h2>Most protein per serving (plannable recipes)</h2>
<p class="sub">Plannable: energy per serving known, at most 15 % of it from estimated amounts.</p>
{_table(TOP_PROTEIN_HEADERS, top_protein.rows())}
<h2>By food group</h2>
{_table(groups.columns, groups.rows())}
</body></html>
"""


def write_report(warehouse: Path, out: Path) -> dict[str, str]:
    """Write the report of `warehouse` to `out`; its summary figures."""
    macros, groups = load_report_data(warehouse)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(macros, groups), encoding="utf-8")
    return summary(macros)
