"""The demo vendor pack, built from the project's own recipe and USDA packs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from simmer.packs.schema import VendorProduct
from simmer.packs.validate import load_pack
from simmer.sources.vendor_pack import build_vendor_pack, most_used, recipe_usage

PACKS = Path(__file__).resolve().parents[2] / "packs"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vendor") / "demo-vendor"
    build_vendor_pack(PACKS / "public-domain-recipes", PACKS / "usda-sr26", out, count=150)
    return out


@pytest.fixture(scope="module")
def products(built: Path) -> list[VendorProduct]:
    text = (built / "vendor_products.jsonl").read_text(encoding="utf-8")
    return [VendorProduct.model_validate_json(line) for line in text.splitlines()]


def test_stocks_the_150_most_used_ingredients(products: list[VendorProduct]) -> None:
    stocked = {p.ingredient for p in products}
    assert stocked == set(most_used(recipe_usage(PACKS / "public-domain-recipes"), 150))
    sizes = Counter(p.ingredient for p in products)
    assert sum(1 for n in sizes.values() if n > 1) > 100


def test_prices_are_positive_and_bigger_packages_cheaper_per_unit(
    products: list[VendorProduct],
) -> None:
    by_ingredient: dict[str, list[VendorProduct]] = {}
    for product in products:
        by_ingredient.setdefault(product.ingredient, []).append(product)
    for offers in by_ingredient.values():
        offers.sort(key=lambda p: p.package_size)
        unit_prices = [p.price / p.package_size for p in offers]
        assert all(price > 0 for price in unit_prices)
        assert unit_prices == sorted(unit_prices, reverse=True)


def test_eggs_sold_by_count(products: list[VendorProduct]) -> None:
    eggs = [p for p in products if p.ingredient == "egg"]
    assert {(p.package_size, p.package_unit) for p in eggs} == {(6, "large"), (12, "large")}


def test_pack_validates_and_says_prices_are_illustrative(built: Path) -> None:
    loaded = load_pack(built, PACKS)
    assert "ILLUSTRATIVE" in loaded.manifest.description
    assert loaded.tables["vendor_products"].get_column("vendor").unique().to_list() == ["demo"]
