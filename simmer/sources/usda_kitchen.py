"""How kitchens use some USDA foods, which the usda-sr26 pack records as ingredient properties.

Slugs as the pack spells them (curated in `data/usda_friendly.csv`). Another pack marks its own
ingredients the same way (`negligible_in_nutrition`, `pantry_staple` in packs/README.md), so the
rules follow the data rather than this table.
"""

from __future__ import annotations

NEGLIGIBLE_IN_NUTRITION: frozenset[str] = frozenset({
    # Seasonings and liquids used 'to taste' or for cooking: their energy is negligible, so a
    # recipe missing their amount is still fully quantified.
    "salt", "black-pepper", "white-pepper", "cayenne-pepper", "water", "bottled-water",
    "allspice", "bay-leaf", "chili-powder", "cinnamon", "coriander-seed", "cumin",
    "curry-powder", "dried-basil", "dried-coriander-leaf", "dried-dill", "dried-parsley",
    "dried-thyme", "garlic-powder", "ground-cloves", "ground-ginger", "mustard-powder", "nutmeg",
    "onion-powder", "oregano", "paprika", "pumpkin-pie-spice", "sage", "turmeric",
    "vanilla-extract", "baking-powder", "baking-soda",
})  # fmt: skip

PANTRY_STAPLES: frozenset[str] = frozenset({
    # Bought rarely and kept for months in most kitchens: sharing them says nothing about
    # leftovers (simmer.overlap leaves them out of a recipe's basket).
    "salt", "black-pepper", "water", "olive-oil", "vegetable-oil", "canola-oil", "shortening",
    "sugar", "brown-sugar", "powdered-sugar", "all-purpose-flour", "cornstarch", "baking-powder",
    "baking-soda", "white-vinegar", "cider-vinegar", "vanilla-extract",
})  # fmt: skip
