"""The project's one unit registry: pint's, plus the kitchen's count and informal units.

Mass and volume units are pint's own. Count-like units ("clove", "slice", "can", "large") each
get a dimension of their own, so pint never converts a clove into a slice: a count becomes grams
only through an ingredient's portion weights. Informal units with an accepted volume (pinch,
dash, smidgen) are defined as volumes.
"""

from __future__ import annotations

from functools import lru_cache

import pint

COUNT_UNITS: tuple[str, ...] = (
    "piece",
    "large",
    "medium",
    "small",
    "clove",
    "slice",
    "can",
    "jar",
    "bottle",
    "package",
    "packet",
    "bag",
    "box",
    "stick",
    "sprig",
    "leaf",
    "head",
    "stalk",
    "bunch",
    "handful",
    "fillet",
    "sheet",
    "cube",
    "scoop",
    "drop",
    "strip",
    "ear",
    "wedge",
    "knob",
    "serving",
)

MASS_UNITS: tuple[str, ...] = ("milligram", "gram", "kilogram", "ounce", "pound")
VOLUME_UNITS: tuple[str, ...] = (
    "milliliter",
    "centiliter",
    "deciliter",
    "liter",
    "smidgen",
    "pinch",
    "dash",
    "teaspoon",
    "dessertspoon",
    "tablespoon",
    "fluid_ounce",
    "cup",
    "metric_cup",
    "pint",
    "quart",
    "gallon",
)

_KITCHEN_DEFINITIONS: tuple[str, ...] = (
    "pinch = teaspoon / 16",
    "dash = teaspoon / 8",
    "smidgen = teaspoon / 32",
    "dessertspoon = 10 * milliliter = dstspn",
    "metric_cup = 250 * milliliter",
)

_ALIASES: dict[str, str] = {
    "tbsp": "tablespoon",
    "tbs": "tablespoon",
    "tbl": "tablespoon",
    "tsp": "teaspoon",
    "g": "gram",
    "gr": "gram",
    "grams": "gram",
    "kg": "kilogram",
    "mg": "milligram",
    "ml": "milliliter",
    "l": "liter",
    "dl": "deciliter",
    "cl": "centiliter",
    "oz": "ounce",
    "lb": "pound",
    "lbs": "pound",
    "fl oz": "fluid_ounce",
    "floz": "fluid_ounce",
    "fluid ounce": "fluid_ounce",
    "pt": "pint",
    "qt": "quart",
    "gal": "gallon",
    "c": "cup",
    "pc": "piece",
    "pcs": "piece",
    "pkg": "package",
    "pkt": "packet",
    "pinches": "pinch",
    "dashes": "dash",
    "smidgens": "smidgen",
}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[float]:
    """The shared registry (built once: pint registries are expensive to create)."""
    ureg: pint.UnitRegistry[float] = pint.UnitRegistry(
        autoconvert_offset_to_baseunit=True,
        on_redefinition="ignore",  # 'bag' is a cement bag in pint; in a kitchen it is a count
    )
    for name in COUNT_UNITS:
        ureg.define(f"{name} = [{name}_count]")
    for definition in _KITCHEN_DEFINITIONS:
        ureg.define(definition)
    return ureg


@lru_cache(maxsize=4096)
def canonical_unit(text: str) -> str | None:
    """The kitchen unit a spelling names, or None when it names none.

    Only kitchen units count: pint would read "T" as a metric ton and "kilos" as kiloseconds.

    >>> canonical_unit("Tbsp"), canonical_unit("cups"), canonical_unit("kilos")
    ('tablespoon', 'cup', None)
    """
    cleaned = text.strip().lower().rstrip(".")
    if not cleaned:
        return None
    cleaned = _ALIASES.get(cleaned, cleaned)
    try:
        units = registry().parse_units(cleaned.replace(" ", "_"))
    except Exception:  # pint's parser raises tokenizer, syntax and lookup errors alike
        return None
    items = list(units._units.items())
    if len(items) != 1 or items[0][1] != 1:
        return None
    name = str(items[0][0])
    return name if unit_kind(name) else None


def kitchen_units() -> tuple[str, ...]:
    """The unit names packs may use: the canonical names of mass, volume and count units."""
    return MASS_UNITS + VOLUME_UNITS + COUNT_UNITS


@lru_cache(maxsize=512)
def unit_kind(unit: str) -> str | None:
    """'mass', 'volume' or 'count' for a kitchen unit; None for anything else (metres, stones)."""
    if unit in MASS_UNITS:
        return "mass"
    if unit in VOLUME_UNITS:
        return "volume"
    if unit in COUNT_UNITS:
        return "count"
    return None


def grams_per_unit(unit: str) -> float:
    """Grams in one `unit`, for a mass unit."""
    return float(registry().Quantity(1.0, unit).to("gram").magnitude)


def milliliters_per_unit(unit: str) -> float:
    """Milliliters in one `unit`, for a volume unit."""
    return float(registry().Quantity(1.0, unit).to("milliliter").magnitude)
