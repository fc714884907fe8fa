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


def spellings(canonical: str, words: str) -> dict[str, str]:
    """`words` ('|'-separated) each mapped to `canonical`."""
    return dict.fromkeys(words.split("|"), canonical)


# Spellings of kitchen units (lowercase) mapped to canonical names. Explicit on
# purpose: pint itself reads 'pinches' as pico-inches and 'T' as a metric ton.
SPELLINGS: dict[str, str] = {
    **spellings("teaspoon", "tsp|tsps|tspn|ts|teaspoon|teaspoons|tea spoon|tea spoons"),
    **spellings("teaspoon", "tea-spoonful|tea-spoonfuls|teaspoonful|teaspoonfuls"),
    **spellings("tablespoon", "tbsp|tbsps|tbs|tbl|tbls|tblsp|tb|tablespoon|tablespoons"),
    **spellings("tablespoon", "table spoon|table spoons|table-spoonful|table-spoonfuls"),
    **spellings("tablespoon", "tablespoonful|tablespoonfuls|spoon|spoons|spoonful"),
    **spellings("tablespoon", "spoonfuls|spoonfull|spoonfulls"),
    **spellings("dessertspoon", "dessertspoon|dessertspoons|dessert spoon|dessert spoons"),
    **spellings("cup", "cup|cups|cupful|cupfuls"),
    **spellings("metric_cup", "metric cup|metric cups"),
    **spellings("milliliter", "ml|mls|milliliter|milliliters|millilitre|millilitres|cc"),
    **spellings("centiliter", "cl|centiliter|centiliters|centilitre|centilitres"),
    **spellings("deciliter", "dl|deciliter|deciliters|decilitre|decilitres"),
    **spellings("liter", "l|lt|ltr|liter|liters|litre|litres"),
    **spellings("fluid_ounce", "fl oz|fl. oz|fl.oz|floz|fluid ounce|fluid ounces"),
    **spellings("pint", "pint|pints|pt|pts"),
    **spellings("quart", "quart|quarts|qt|qts"),
    **spellings("gallon", "gallon|gallons|gal"),
    **spellings("pinch", "pinch|pinches"),
    **spellings("dash", "dash|dashes"),
    **spellings("smidgen", "smidgen|smidgens"),
    **spellings("drop", "drop|drops"),
    **spellings("gram", "g|gr|grs|gm|gms|gram|grams|gramme|grammes"),
    **spellings("kilogram", "kg|kgs|kilo|kilos|kilogram|kilograms"),
    **spellings("milligram", "mg|milligram|milligrams"),
    **spellings("ounce", "oz|ounce|ounces"),
    **spellings("pound", "lb|lbs|pound|pounds"),
    **spellings("clove", "clove|cloves"),
    **spellings("slice", "slice|slices|rasher|rashers"),
    **spellings("can", "can|cans|tin|tins"),
    **spellings("jar", "jar|jars"),
    **spellings("bottle", "bottle|bottles"),
    **spellings("package", "package|packages|pkg|pkgs|pack|packs|pck|pcks"),
    **spellings("package", "block|blocks|container|containers"),
    **spellings("packet", "packet|packets|pkt|pkts|sachet|sachets|envelope|envelopes"),
    **spellings("bag", "bag|bags"),
    **spellings("box", "box|boxes"),
    **spellings("stick", "stick|sticks"),
    **spellings("sprig", "sprig|sprigs|twig|twigs"),
    **spellings("leaf", "leaf|leaves"),
    **spellings("head", "head|heads"),
    **spellings("stalk", "stalk|stalks"),
    **spellings("bunch", "bunch|bunches"),
    **spellings("handful", "handful|handfuls|handfull|handfulls"),
    **spellings("fillet", "fillet|fillets|filet|filets"),
    **spellings("sheet", "sheet|sheets"),
    **spellings("cube", "cube|cubes"),
    **spellings("scoop", "scoop|scoops"),
    **spellings("strip", "strip|strips"),
    **spellings("ear", "ear|ears"),
    **spellings("wedge", "wedge|wedges"),
    **spellings("knob", "knob|knobs"),
    **spellings("piece", "piece|pieces|pc|pcs"),
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
    """The kitchen unit a spelling names (SPELLINGS, or a unit's own name), else None.

    An explicit table, not pint's parser: pint reads "T" as a metric ton and "kilos" as
    kiloseconds.

    >>> canonical_unit("Tbsp"), canonical_unit("kilos"), canonical_unit("T")
    ('tablespoon', 'kilogram', None)
    """
    cleaned = text.strip().lower().rstrip(".")
    name = SPELLINGS.get(cleaned, cleaned)
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
