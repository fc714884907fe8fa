"""The unit registry: spellings to kitchen units, and nothing else."""

from __future__ import annotations

import pytest

from simmer.units import (
    canonical_unit,
    grams_per_unit,
    kitchen_units,
    milliliters_per_unit,
    unit_kind,
)


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("Tbsp", "tablespoon"),
        ("tsp", "teaspoon"),
        ("cups", "cup"),
        ("g", "gram"),
        ("kg", "kilogram"),
        ("fl oz", "fluid_ounce"),
        ("lbs", "pound"),
        ("cloves", "clove"),
        ("L", "liter"),
        ("T", None),
        ("kilos", "kilogram"),
        ("pinches", "pinch"),
        ("(40", None),
        ("meter", None),
        ("", None),
    ],
)
def test_spellings(spelling: str, unit: str | None) -> None:
    assert canonical_unit(spelling) == unit


def test_every_kitchen_unit_is_its_own_canonical_name() -> None:
    for unit in kitchen_units():
        assert canonical_unit(unit) == unit
        assert unit_kind(unit) in {"mass", "volume", "count"}


def test_conversions() -> None:
    assert grams_per_unit("ounce") == pytest.approx(28.3495, rel=1e-4)
    assert milliliters_per_unit("cup") == pytest.approx(236.588, rel=1e-4)
    assert milliliters_per_unit("pinch") == pytest.approx(milliliters_per_unit("teaspoon") / 16)
