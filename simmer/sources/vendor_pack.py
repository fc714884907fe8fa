"""Build the `demo-vendor` pack: an illustrative shop for the ingredients recipes use most.

A manual vendor (id `demo`, no external calls). For each of the `count` ingredients most often
used by the recipes pack (ties by slug), products in the package sizes shops usually sell for
its food group, priced from an illustrative price per kilogram (or per egg, or per litre) of
that group, varied by up to +/-15 % per ingredient (deterministically, from its slug) and 10 %
cheaper per unit for each larger size. The prices are made up; pack.json says so.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from simmer.packs.schema import Ingredient, PackManifest, VendorProduct
from simmer.packs.source import load_ingredients
from simmer.packs.writer import write_pack

PACK_NAME = "demo-vendor"
VENDOR = "demo"
CURRENCY = "USD"
BULK_DISCOUNT = 0.9


@dataclass(frozen=True)
class Shelf:
    """How a food group is sold: sizes (in `unit`) and the price of 1,000 of that unit."""

    unit: str
    sizes: tuple[float, ...]
    price_per_1000: float


DEFAULT_SHELF = Shelf("gram", (250, 500), 8.0)
SHELVES: dict[str, Shelf] = {
    "Vegetables and Vegetable Products": Shelf("gram", (500, 1000), 3.5),
    "Fruits and Fruit Juices": Shelf("gram", (500, 1000), 4.5),
    "Spices and Herbs": Shelf("gram", (30, 100), 45.0),
    "Dairy and Egg Products": Shelf("gram", (250, 500), 9.0),
    "Cereal Grains and Pasta": Shelf("gram", (500, 1000, 2000), 2.8),
    "Baked Products": Shelf("gram", (400, 800), 5.0),
    "Legumes and Legume Products": Shelf("gram", (400, 1000), 4.0),
    "Finfish and Shellfish Products": Shelf("gram", (300, 600), 22.0),
    "Beef Products": Shelf("gram", (500, 1000), 16.0),
    "Pork Products": Shelf("gram", (500, 1000), 11.0),
    "Poultry Products": Shelf("gram", (500, 1000), 9.0),
    "Lamb, Veal, and Game Products": Shelf("gram", (500, 1000), 18.0),
    "Sausages and Luncheon Meats": Shelf("gram", (200, 400), 14.0),
    "Nut and Seed Products": Shelf("gram", (200, 500), 20.0),
    "Sweets": Shelf("gram", (500, 1000), 3.5),
    "Fats and Oils": Shelf("milliliter", (500, 1000), 7.0),
    "Beverages": Shelf("milliliter", (750, 1500), 4.0),
    "Soups, Sauces, and Gravies": Shelf("milliliter", (250, 500), 8.0),
}
BY_SLUG: dict[str, Shelf] = {
    "egg": Shelf("large", (6, 12), 350.0),
    "milk": Shelf("milliliter", (1000, 2000), 1.3),
    "water": Shelf("milliliter", (1500,), 0.5),
    "butter": Shelf("gram", (250, 500), 10.0),
    "salt": Shelf("gram", (500, 1000), 1.5),
    "sugar": Shelf("gram", (1000, 2000), 2.2),
    "active-dry-yeast": Shelf("gram", (7, 100), 60.0),
    "baking-powder": Shelf("gram", (100, 250), 12.0),
    "baking-soda": Shelf("gram", (250, 500), 4.0),
}


def recipe_usage(recipes_dir: Path) -> Counter[str]:
    """How many recipe lines use each ingredient."""
    used: Counter[str] = Counter()
    with (recipes_dir / "recipes.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            for item in json.loads(line)["ingredients"]:
                if item.get("ingredient"):
                    used[item["ingredient"]] += 1
    return used


def most_used(used: Counter[str], count: int) -> list[str]:
    return [slug for slug, _ in sorted(used.items(), key=lambda item: (-item[1], item[0]))][:count]


def _variation(slug: str) -> float:
    """A stable factor in [0.85, 1.15] for an ingredient."""
    digest = int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16)
    return 0.85 + 0.30 * (digest / 0xFFFFFFFF)


def products_for(ingredient: Ingredient) -> list[VendorProduct]:
    shelf = BY_SLUG.get(ingredient.slug) or SHELVES.get(ingredient.food_group or "", DEFAULT_SHELF)
    unit_price = shelf.price_per_1000 / 1000 * _variation(ingredient.slug)
    return [
        VendorProduct(
            vendor=VENDOR,
            sku=f"DEMO-{ingredient.slug.upper()[:40]}-{int(size)}",
            ingredient=ingredient.slug,
            name=f"{ingredient.name}, {_size_label(size, shelf.unit)}",
            package_size=size,
            package_unit=shelf.unit,
            price=round(size * unit_price * BULK_DISCOUNT**rank, 2),
            currency=CURRENCY,
        )
        for rank, size in enumerate(shelf.sizes)
    ]


def _size_label(size: float, unit: str) -> str:
    short = {"gram": "g", "milliliter": "ml", "large": "large"}
    if unit in ("gram", "milliliter") and size >= 1000:
        return f"{size / 1000:g} {'kg' if unit == 'gram' else 'l'}"
    return f"{size:g} {short.get(unit, unit)}"


def build_vendor_pack(
    recipes_dir: Path, usda_dir: Path, out_dir: Path, count: int = 160
) -> PackManifest:
    ingredients = {i.slug: i for i in load_ingredients(usda_dir)}
    chosen = most_used(recipe_usage(recipes_dir), count)
    products = [p for slug in sorted(chosen) for p in products_for(ingredients[slug])]
    manifest = {
        "name": PACK_NAME,
        "version": "1.0.0",
        "license": "CC0-1.0",
        "attribution": "Simmer demo data",
        "description": f"Demo shop 'demo' for the {len(chosen)} ingredients the recipes use "
        "most. Prices and package sizes are ILLUSTRATIVE, not real offers.",
        "depends": [{"name": "usda-sr26", "version": ">=1.0"}],
    }
    return write_pack(out_dir, manifest, {"vendor_products.jsonl": products})
