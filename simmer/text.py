"""Word-level text rules every part of Simmer shares: ASCII folding, slugs, singular nouns.

One definition of each, so that a pack builder, the ingredient-line parser and the matcher
agree on what 'Jalapeño peppers' or 'bay leaves' becomes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SLUG_MAX_CHARS = 80

# Plurals the suffix rules get wrong, and nouns that end in 's' without being plurals.
IRREGULAR_PLURALS: dict[str, str] = {
    "cookies": "cookie",
    "brownies": "brownie",
    "smoothies": "smoothie",
    "veggies": "veggie",
    "pies": "pie",
    "chilies": "chili",
    "chilis": "chili",
    "chillies": "chilli",
    "zucchinis": "zucchini",
    "leaves": "leaf",
    "halves": "half",
    "loaves": "loaf",
}
INVARIANT_PLURALS = frozenset({
    "molasses", "asparagus", "hummus", "couscous", "swiss", "grits", "oats", "flakes", "greens",
    "brussels", "bitters", "schnapps", "herbes", "series", "species", "chives",
})  # fmt: skip
NOT_PLURAL_ENDINGS = ("ss", "us", "is")


def ascii_fold(text: str) -> str:
    """Accents removed, anything without an ASCII form dropped: 'Crème Brûlée' -> 'Creme Brulee'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slugify(text: str, max_chars: int = SLUG_MAX_CHARS) -> str:
    """Lowercase ASCII words joined by hyphens, cut on a word boundary to at most `max_chars`.

    >>> slugify("Cheese, parmesan, grated"), slugify("Crème Brûlée!")
    ('cheese-parmesan-grated', 'creme-brulee')
    """
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")
    if len(slug) > max_chars:
        slug = slug[: max_chars + 1].rsplit("-", 1)[0]
    return slug


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """The singular of a lowercase English food noun: 'tomatoes' -> 'tomato', 'berries' ->
    'berry', 'leaves' -> 'leaf'; short words and invariant ones ('oats', 'asparagus') stay."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word in INVARIANT_PLURALS or len(word) < 4 or word.endswith(NOT_PLURAL_ENDINGS):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word
