"""Ingredient matching, as the recipes pack builders decide it, against the hand-labelled
evaluation lines (USDA NDB numbers) of the three recipe sources.

Precision: of the lines the matcher matched, the share matched to the labelled food (a match
on a line labelled 'no SR26 food fits' counts as wrong). Recall: of the lines labelled with a
food, the share matched to it. Run with `-s` to see the figures per source and overall (the
recipe pack READMEs report them) and every line the matcher gets wrong.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from simmer.packs.schema import Ingredient
from simmer.packs.source import load_ingredients
from simmer.sources.match import IngredientMatcher
from simmer.sources.recipe_markdown import SourceLine
from simmer.sources.recipes_pack import to_line

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO / "tests" / "data" / "ingredient_lines_eval.jsonl"
HELD_OUT = REPO / "tests" / "data" / "ingredient_lines_heldout.jsonl"
SOURCES = ("public-domain-recipes", "usda-myplate-kitchen", "wikibooks-cookbook")
MIN_PRECISION = 0.94
MIN_RECALL = 0.93


@dataclass(frozen=True)
class Outcome:
    label: dict[str, Any]
    expected: str | None
    got: str | None


@cache
def _ingredients() -> tuple[Ingredient, ...]:
    return tuple(load_ingredients(REPO / "packs" / "usda-sr26"))


def outcomes(path: Path = EVAL) -> list[Outcome]:
    ingredients = _ingredients()
    source_of = {i.slug: i.source_id for i in ingredients}
    matcher = IngredientMatcher(ingredients)
    labelled = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    results = []
    for item in labelled:
        line = to_line(1, SourceLine(item["line_no"], None, item["text"]), matcher)
        expected = f"sr26:{item['ndb']}" if item["ndb"] else None
        got = source_of[line.ingredient] if line.ingredient else None
        results.append(Outcome(item, expected, got))
    return results


def precision_recall(results: Sequence[Outcome]) -> tuple[float, float]:
    predicted = [r for r in results if r.got is not None]
    correct = sum(r.got == r.expected for r in predicted)
    with_food = sum(r.expected is not None for r in results)
    return correct / len(predicted), correct / with_food


def test_matcher_precision_and_recall_on_labelled_lines() -> None:
    results = outcomes()
    for source in [*SOURCES, "overall"]:
        subset = [r for r in results if source in ("overall", r.label["source"])]
        precision, recall = precision_recall(subset)
        figures = f"precision {precision:.1%}, recall {recall:.1%}"
        print(f"matcher on {len(subset)} {source} lines: {figures}")
    for r in results:
        if r.got != r.expected:
            print(
                f"  {r.label['source'][:4]} {r.label['text']!r}: got {r.got}, labelled {r.expected}"
            )
    precision, recall = precision_recall(results)
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


# Lines labelled after the matcher was tuned on the set above, never tuned on (see
# tests/data/README.md): the honest figures, lower than on the tuned set.
HELD_OUT_MIN_PRECISION = 0.90
HELD_OUT_MIN_RECALL = 0.79


def test_matcher_on_held_out_lines() -> None:
    precision, recall = precision_recall(outcomes(HELD_OUT))
    print(f"matcher on held-out lines: precision {precision:.1%}, recall {recall:.1%}")
    assert precision >= HELD_OUT_MIN_PRECISION
    assert recall >= HELD_OUT_MIN_RECALL
