"""Overlap-score benchmark: `uv run python bench/bench_overlap.py` prints a Markdown table.

Times `simmer.overlap.overlap_scores(k=20)` on synthetic catalogs of 5,000 and 50,000 recipes
against a naive all-pairs cross join (recipes x recipes, then the same score), which runs only
where the pairs fit in memory, and checks the two agree row for row. Each run happens in a fresh
process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic_catalog import synthetic_catalog
from simmer.overlap import overlap_scores, pantry_staples, recipe_baskets

K = 20
SIZES = (5_000, 50_000)
NAIVE_MAX_RECIPES = 5_000


def naive_overlap(
    lines: pl.LazyFrame,
    ingredients: pl.LazyFrame,
    *,
    k: int = K,
) -> pl.DataFrame:
    """The baseline: every ordered pair of recipes, scored by intersecting their baskets."""
    baskets = recipe_baskets(lines, ingredients, pantry_staples(ingredients))
    weights = dict(baskets.select("ingredient", "weight").unique().collect().iter_rows())
    recipes = baskets.group_by("recipe_slug").agg("ingredient", total=pl.col("weight").sum())
    shared = (
        pl.col("ingredient")
        .list.set_intersection("other_ingredients")
        .list.eval(pl.element().replace_strict(weights, return_dtype=pl.Int64))
        .list.sum()
    )
    return (
        recipes.join(
            recipes.select(other_slug="recipe_slug", other_ingredients="ingredient"), how="cross"
        )
        .filter(pl.col("recipe_slug") != pl.col("other_slug"))
        .with_columns(shared=shared)
        .filter(pl.col("shared") > 0)
        .sort(["recipe_slug", "shared", "other_slug"], descending=[False, True, False])
        .with_columns(rank=pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over("recipe_slug"))
        .filter(pl.col("rank") <= k)
        .select("recipe_slug", "other_slug", score=pl.col("shared") / pl.col("total"), rank="rank")
        .collect(engine="streaming")
    )


METHODS: dict[str, Callable[[pl.LazyFrame, pl.LazyFrame], pl.DataFrame]] = {
    "overlap_scores": lambda lines, ingredients: overlap_scores(lines, ingredients, k=K),
    "naive cross join": lambda lines, ingredients: naive_overlap(lines, ingredients, k=K),
}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mib: float
    rows: int


def _measure(method: str, catalog_dir: Path, result: Path) -> Run:
    """In a fresh process: time one method on a catalog written as Parquet."""
    lines = pl.scan_parquet(catalog_dir / "lines.parquet")
    ingredients = pl.scan_parquet(catalog_dir / "ingredients.parquet")
    start = time.perf_counter()
    scores = METHODS[method](lines, ingredients)
    seconds = time.perf_counter() - start
    scores.write_parquet(result)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Run(seconds=seconds, peak_rss_mib=peak, rows=scores.height)


def _run_isolated(method: str, catalog_dir: Path, result: Path) -> Run:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure, (method, catalog_dir, result))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def bench(sizes: tuple[int, ...], seed: int) -> list[str]:
    table = [
        _row(
            ["recipes", "lines", "method", "wall (s)", "peak RSS (MiB)", "pairs listed", "agrees"]
        ),
        _row(["---:", "---:", "---", "---:", "---:", "---:", "---"]),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            catalog = synthetic_catalog(size, seed=seed)
            catalog_dir = Path(tmp) / str(size)
            catalog_dir.mkdir()
            catalog.lines.write_parquet(catalog_dir / "lines.parquet")
            catalog.ingredients.write_parquet(catalog_dir / "ingredients.parquet")
            head = [f"{size:,}", f"{catalog.lines.height:,}"]
            fast = _run_isolated("overlap_scores", catalog_dir, catalog_dir / "fast.parquet")
            if size > NAIVE_MAX_RECIPES:
                table.append(_cells(head, "overlap_scores, k=20", fast, "no baseline"))
                skipped = f"skipped: {size * (size - 1):,} pairs do not fit in memory"
                table.append(_row([*head, "naive cross join", skipped, "", "", ""]))
                continue
            naive = _run_isolated("naive cross join", catalog_dir, catalog_dir / "naive.parquet")
            agrees = pl.read_parquet(catalog_dir / "fast.parquet").equals(
                pl.read_parquet(catalog_dir / "naive.parquet")
            )
            table.append(_cells(head, "overlap_scores, k=20", fast, "yes" if agrees else "NO"))
            table.append(_cells(head, "naive cross join", naive, ""))
    return table


def _cells(head: list[str], method: str, run: Run, agrees: str) -> str:
    return _row(
        [*head, method, f"{run.seconds:.2f}", f"{run.peak_rss_mib:,.0f}", f"{run.rows:,}", agrees]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Overlap-score benchmark (Markdown table).")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print("\n".join(bench(tuple(args.sizes), args.seed)))
    print(f"\nk = {K}; {multiprocessing.cpu_count()} cores; polars {pl.__version__}.")


if __name__ == "__main__":
    main()
