"""Import sources packed the way each app packs them: Mealie's per-recipe zip, Tandoor's zip
of zips, Nextcloud Cookbook's folders, Paprika's gzipped members; a packs folder with the
committed usda-sr26 pack for the matcher."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from recipefiles import DATA, JPEG, REPO, WEBP, data, zip_bytes, zipped


@pytest.fixture(scope="session")
def usda_packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packs folder holding the committed usda-sr26 pack (the matcher's ingredients)."""
    packs = tmp_path_factory.mktemp("usda") / "packs"
    shutil.copytree(REPO / "packs" / "usda-sr26", packs / "usda-sr26")
    return packs


@pytest.fixture
def packs(usda_packs: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "usda-sr26").symlink_to(usda_packs / "usda-sr26")
    return folder


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    """One source file per format, as each app writes it."""
    out = tmp_path / "sources"
    out.mkdir()
    shutil.copy(DATA / "page.html", out / "page.html")
    shutil.copy(DATA / "array.json", out / "array.json")
    shutil.copy(DATA / "mealie-raw.json", out / "lentil-soup.json")
    chili = gzip.compress(data("paprika-chili.json"))
    (out / "Bean chili.paprikarecipe").write_bytes(chili)
    return {
        "schema-org html": out / "page.html",
        "schema-org json": out / "array.json",
        "mealie raw": out / "lentil-soup.json",
        "mealie zip": zipped(
            out / "garlic-bread.zip",
            {"garlic-bread.json": data("mealie-export.json"), "original.webp": WEBP},
        ),
        "tandoor": zipped(
            out / "export.zip",
            {
                "Flatbread.zip": zip_bytes(
                    {"recipe.json": data("tandoor-flatbread.json"), "image.jpg": JPEG}
                ),
                "Porridge.zip": zip_bytes({"recipe.json": data("tandoor-porridge.json")}),
            },
        ),
        "nextcloud": zipped(
            out / "cookbook.zip",
            {
                "Recipes/Cheese omelette/recipe.json": data("nextcloud-omelette.json"),
                "Recipes/Cheese omelette/full.jpg": JPEG,
                "Recipes/Cheese omelette/thumb.jpg": JPEG + b"thumb",
                "Recipes/Cheese omelette (2)/recipe.json": data("nextcloud-salad.json"),
                "Recipes/.DS_Store": b"\x00\x00\x00\x01Bud1",
                "__MACOSX/Recipes/._Cheese omelette": b"\x00\x05\x16\x07",
            },
        ),
        "paprika zip": zipped(
            out / "export.paprikarecipes",
            {
                "Bean chili.paprikarecipe": chili,
                "Cinnamon toast.paprikarecipe": gzip.compress(data("paprika-toast.json")),
            },
        ),
        "paprika single": out / "Bean chili.paprikarecipe",
    }
