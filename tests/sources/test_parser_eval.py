"""parse_ingredient_line against the hand-labelled sample of real recipe lines.

tests/data/ingredient_lines_eval.jsonl holds 240 lines drawn at random from the community
recipes and labelled by hand (see tests/data/README.md). The thresholds sit a few points under
the measured figures: they guard against regressions, they are not targets to tune to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simmer.sources.ingredient_text import ParsedLine, parse_ingredient_line

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "ingredient_lines_eval.jsonl"
THRESHOLDS = {"quantity": 0.97, "unit": 0.97, "quantity+unit": 0.96}


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
    assert len(labels) >= 220
    assert len({(label["recipe"], label["line_no"]) for label in labels}) == len(labels)


def test_parser_accuracy_on_the_labelled_set(labels: list[dict[str, Any]]) -> None:
    results = [(parse_ingredient_line(label["text"]), label) for label in labels]
    quantity = [_quantity_ok(parsed, label) for parsed, label in results]
    unit = [parsed.unit == label["unit"] for parsed, label in results]
    figures = {
        "quantity": sum(quantity) / len(results),
        "unit": sum(unit) / len(results),
        "quantity+unit": sum(q and u for q, u in zip(quantity, unit, strict=True)) / len(results),
    }
    print(", ".join(f"{name} accuracy {value:.1%}" for name, value in figures.items()))
    for (parsed, label), q, u in zip(results, quantity, unit, strict=True):
        if not (q and u):
            got = f"{parsed.quantity} {parsed.unit}"
            print(f"  miss {label['text']!r}: {got}, labelled {label['quantity']} {label['unit']}")
    for name, threshold in THRESHOLDS.items():
        assert figures[name] >= threshold, f"{name} accuracy {figures[name]:.3f} < {threshold}"
