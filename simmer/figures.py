"""How Simmer adds figures some of which are unknown: an unknown is never a zero.

`known_sum` adds what is known and is null when nothing is; nutrition totals and recipe costs
both add their lines with it.
"""

from __future__ import annotations

from typing import TypeAlias

import polars as pl

Frame: TypeAlias = pl.DataFrame | pl.LazyFrame

SUM_SCALE = 1_000_000


def known_sum(values: pl.Expr) -> pl.Expr:
    """The sum of a recipe's known line values, null when none is known (never a silent zero).

    Added as integer millionths: integer addition does not depend on the order a lazy group-by
    sees its rows in, so the same catalog gives the same figures to the last bit. Scaled back by
    multiplying with the reciprocal: polars divides a column of many rows by a scalar that way
    but a column of one row exactly, so a division would give one plan's total alone another
    last bit than the same plan's total among others.
    """
    millionths = (values * SUM_SCALE).round().cast(pl.Int64).sum()
    return pl.when(values.is_not_null().any()).then(millionths * (1.0 / SUM_SCALE))
