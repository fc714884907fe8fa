"""Ingredient matching, as the recipes pack builder decides it, against the hand-labelled
evaluation lines (USDA NDB numbers).

Precision: of the lines the matcher matched, the share matched to the labelled food (a match
on a line labelled 'no SR26 food fits' counts as wrong). Recall: of the lines labelled with a
food, the share matched to it. Run with `-s` to see the figures (packs/public-domain-recipes
README reports them).
"""

from __future__ import annotations

import json
from pathlib import Path

from simmer.packs.source import load_ingredients
from simmer.sources.match import IngredientMatcher
from simmer.sources.recipe_markdown import SourceLine
from simmer.sources.recipes_pack import to_line

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO / "tests" / "data" / "ingredient_lines_eval.jsonl"
MIN_PRECISION = 0.87
MIN_RECALL = 0.85


def matcher_figures() -> tuple[float, float, int]:
    ingredients = load_ingredients(REPO / "packs" / "usda-sr26")
    source_of = {i.slug: i.source_id for i in ingredients}
    matcher = IngredientMatcher(ingredients)
    labelled = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    predicted = correct = with_food = 0
    for item in labelled:
        line = to_line(1, SourceLine(item["line_no"], None, item["text"]), matcher)
        slug = line.ingredient
        expected = f"sr26:{item['ndb']}" if item["ndb"] else None
        with_food += expected is not None
        if slug is not None:
            predicted += 1
            correct += expected is not None and source_of[slug] == expected
    return correct / predicted, correct / with_food, len(labelled)


def test_matcher_precision_and_recall_on_labelled_lines() -> None:
    precision, recall, lines = matcher_figures()
    print(f"matcher on {lines} labelled lines: precision {precision:.1%}, recall {recall:.1%}")
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL
