"""The shared word rules: one singular, one slug, one ASCII fold for builders and matchers."""

from __future__ import annotations

import pytest

from simmer.sources.match import normalize
from simmer.text import ascii_fold, singular


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("tomatoes", "tomato"),
        ("berries", "berry"),
        ("leeks", "leek"),
        ("peaches", "peach"),
        ("leaves", "leaf"),
        ("cookies", "cookie"),
        ("oats", "oats"),
        ("asparagus", "asparagus"),
        ("glass", "glass"),
        ("egg", "egg"),
    ],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one
    assert singular(one) == one


def test_the_matcher_and_the_parser_agree_on_plurals() -> None:
    assert normalize("Bay Leaves") == "bay leaf"


def test_ascii_fold() -> None:
    assert ascii_fold("Jalapeño crème brûlée") == "Jalapeno creme brulee"
