"""parse_ingredient_line against the hand-labelled sample of real recipe lines.

tests/data/ingredient_lines_eval.jsonl holds 490 lines drawn at random from the three recipe
sources (240 community recipes, 150 USDA MyPlate Kitchen, 100 Wikibooks Cookbook) and labelled
by hand (see tests/data/README.md). The thresholds sit just under the measured figures: they
guard against regressions, they are not targets to tune to. Run with `-s` for the figures per
source.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from simmer.sources.ingredient_text import ParsedLine, parse_ingredient_line

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "ingredient_lines_eval.jsonl"
HELD_OUT = EVAL_SET.with_name("ingredient_lines_heldout.jsonl")
HELD_OUT_MIN_QUANTITY_AND_UNIT = 0.95
THRESHOLDS = {"quantity": 0.99, "unit": 0.98, "quantity+unit": 0.98}
MIN_LINES = {"public-domain-recipes": 240, "usda-myplate-kitchen": 150, "wikibooks-cookbook": 100}


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6


def _quantity_ok(parsed: ParsedLine, label: dict[str, Any]) -> bool:
    return _same(parsed.quantity, label["quantity"]) and _same(
        parsed.quantity_max, label["quantity_max"]
    )


@pytest.fixture(scope="module")
def labels() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EVAL_SET.read_text("utf-8").splitlines() if line]


def test_the_set_is_large_enough(labels: list[dict[str, Any]]) -> None:
    for source, lines in MIN_LINES.items():
        assert sum(label["source"] == source for label in labels) >= lines, source
    keys = {(label["source"], label["recipe"], label["line_no"]) for label in labels}
    assert len(keys) == len(labels)


def parser_figures(labels: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Shares of `labels` whose quantity, unit, and both, the parser reads as labelled."""
    results = [(parse_ingredient_line(label["text"]), label) for label in labels]
    quantity = [_quantity_ok(parsed, label) for parsed, label in results]
    unit = [parsed.unit == label["unit"] for parsed, label in results]
    both = [q and u for q, u in zip(quantity, unit, strict=True)]
    return {
        "quantity": sum(quantity) / len(results),
        "unit": sum(unit) / len(results),
        "quantity+unit": sum(both) / len(results),
    }


def test_parser_accuracy_on_the_labelled_set(labels: list[dict[str, Any]]) -> None:
    for source in [*MIN_LINES, "overall"]:
        subset = [label for label in labels if source in ("overall", label["source"])]
        figures = parser_figures(subset)
        shown = ", ".join(f"{name} {value:.1%}" for name, value in figures.items())
        print(f"parser on {len(subset)} {source} lines: {shown}")
    for label in labels:
        parsed = parse_ingredient_line(label["text"])
        if not (_quantity_ok(parsed, label) and parsed.unit == label["unit"]):
            got = f"{parsed.quantity}-{parsed.quantity_max} {parsed.unit}"
            print(f"  miss {label['text']!r}: {got}, labelled {label['quantity']} {label['unit']}")
    overall = parser_figures(labels)
    for name, threshold in THRESHOLDS.items():
        assert overall[name] >= threshold, f"{name} accuracy {overall[name]:.3f} < {threshold}"


def test_parser_on_held_out_lines() -> None:
    """Lines labelled after the parser was last changed (tests/data/README.md)."""
    labels = [json.loads(line) for line in HELD_OUT.read_text("utf-8").splitlines() if line]
    figures = parser_figures(labels)
    print(", ".join(f"held-out {name} {value:.1%}" for name, value in figures.items()))
    assert figures["quantity+unit"] >= HELD_OUT_MIN_QUANTITY_AND_UNIT
