"""Small, valid packs built in code for the tests, and the mutations that break them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simmer.packs.schema import PackManifest
from simmer.packs.writer import write_pack

BASE_INGREDIENTS: list[dict[str, Any]] = [
    {
        "slug": "all-purpose-flour",
        "name": "All-purpose flour",
        "food_group": "Cereal Grains and Pasta",
        "source_id": "sr26:20081",
        "synonyms": ["flour", "plain flour"],
        "nutrients": {
            "energy_kcal": 364,
            "protein_g": 10.33,
            "fat_g": 0.98,
            "carbohydrate_g": 76.31,
        },
        "allergens": {"wheat": True, "milk": False, "egg": False},
        "diets": {"vegan": True, "vegetarian": True, "pescatarian": True, "omnivore": True},
    },
    {
        "slug": "egg",
        "name": "Egg",
        "food_group": "Dairy and Egg Products",
        "source_id": "sr26:01123",
        "nutrients": {
            "energy_kcal": 143,
            "protein_g": 12.56,
            "fat_g": 9.51,
            "carbohydrate_g": 0.72,
        },
        "allergens": {"egg": True, "wheat": False},
        "diets": {"vegan": False, "vegetarian": True, "omnivore": True},
    },
    {
        "slug": "whole-milk",
        "name": "Whole milk",
        "food_group": "Dairy and Egg Products",
        "source_id": "sr26:01077",
        "nutrients": {"energy_kcal": 61, "protein_g": 3.15, "fat_g": 3.25, "carbohydrate_g": 4.8},
        "allergens": {"milk": True},
        "diets": {"vegan": False, "vegetarian": True, "omnivore": True},
    },
    {
        "slug": "salt",
        "name": "Salt",
        "food_group": "Spices and Herbs",
        "source_id": "sr26:02047",
        "nutrients": {"energy_kcal": 0, "sodium_mg": 38758},
    },
]
BASE_PORTIONS = [
    {"ingredient": "all-purpose-flour", "amount": 1, "unit": "cup", "grams": 125},
    {"ingredient": "egg", "amount": 1, "unit": "large", "grams": 50},
    {"ingredient": "whole-milk", "amount": 1, "unit": "cup", "grams": 244},
    {"ingredient": "salt", "amount": 1, "unit": "teaspoon", "grams": 6},
]
BASE_VENDOR = [
    {
        "vendor": "demo",
        "sku": "FLOUR-1KG",
        "ingredient": "all-purpose-flour",
        "package_size": 1,
        "package_unit": "kilogram",
        "price": 1.99,
        "currency": "USD",
    },
    {
        "vendor": "demo",
        "sku": "EGGS-12",
        "ingredient": "egg",
        "package_size": 12,
        "package_unit": "large",
        "price": 3.49,
        "currency": "USD",
    },
]
TAGS = [{"slug": "breakfast", "name": "Breakfast"}, {"slug": "sweet", "name": "Sweet"}]
RECIPES: list[dict[str, Any]] = [
    {
        "slug": "pancakes",
        "title": "Pancakes",
        "servings": 4,
        "prep_time_min": 10,
        "cook_time_min": 15,
        "tags": ["breakfast", "sweet"],
        "ingredients": [
            {
                "line_no": 1,
                "text": "2 cups flour",
                "quantity": 2,
                "unit": "cup",
                "ingredient": "all-purpose-flour",
                "confidence": 0.95,
                "status": "parsed",
            },
            {
                "line_no": 2,
                "text": "2 large eggs",
                "quantity": 2,
                "unit": "large",
                "ingredient": "egg",
                "confidence": 1.0,
                "status": "parsed",
            },
            {
                "line_no": 3,
                "text": "1 1/2 cups milk",
                "quantity": 1.5,
                "unit": "cup",
                "ingredient": "whole-milk",
                "confidence": 0.9,
                "status": "parsed",
            },
            {
                "line_no": 4,
                "text": "salt to taste",
                "quantity": 0.25,
                "unit": "teaspoon",
                "ingredient": "salt",
                "status": "estimated",
                "note": "to taste: 1/4 tsp",
            },
        ],
        "steps": ["Mix.", "Fry."],
        "license": "Unlicense",
    },
    {
        "slug": "crepes",
        "title": "Crêpes",
        "servings": 2,
        "tags": ["sweet"],
        "ingredients": [
            {
                "line_no": 1,
                "text": "125 g flour",
                "quantity": 125,
                "unit": "gram",
                "ingredient": "all-purpose-flour",
                "status": "parsed",
            },
            {"line_no": 2, "text": "a splash of rum", "status": "unmatched", "note": "no match"},
        ],
    },
]


def base_manifest(name: str = "mini-base", version: str = "1.0.0") -> dict[str, Any]:
    return {
        "name": name,
        "version": version,
        "license": "CC0-1.0",
        "attribution": "Simmer test suite",
        "description": "Ingredients for tests",
    }


def write_base(root: Path, name: str = "mini-base", **changes: Any) -> PackManifest:
    files = {
        "ingredients.jsonl": changes.pop("ingredients", BASE_INGREDIENTS),
        "portions.jsonl": changes.pop("portions", BASE_PORTIONS),
        "tags.jsonl": changes.pop("tags", TAGS),
        "vendor_products.jsonl": changes.pop("vendor_products", BASE_VENDOR),
    }
    return write_pack(root / name, {**base_manifest(name), **changes}, files)


def write_recipes(root: Path, name: str = "mini-recipes", **changes: Any) -> PackManifest:
    manifest = {
        **base_manifest(name),
        "description": "Recipes for tests",
        "depends": [{"name": "mini-base", "version": ">=1.0"}],
    }
    files = {"recipes.jsonl": changes.pop("recipes", RECIPES)}
    return write_pack(root / name, {**manifest, **changes}, files)


def write_example_packs(root: Path) -> Path:
    write_base(root)
    write_recipes(root)
    return root


def _corrupt_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _refresh_checksums(pack_dir: Path) -> None:
    import json

    from simmer.packs.digest import sha256_file

    manifest = json.loads((pack_dir / "pack.json").read_text())
    manifest["files"] = {name: sha256_file(pack_dir / name) for name in manifest["files"]}
    (pack_dir / "pack.json").write_text(json.dumps(manifest, indent=2))


def _tar(root: Path, name: str, members: list[tuple[str, bytes | None, str | None]]) -> Path:
    """An archive of (member name, content, symlink target) entries."""
    import io
    import tarfile

    path = root / f"{name}.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for member, content, link in members:
            info = tarfile.TarInfo(member)
            if link is not None:
                info.type = tarfile.SYMTYPE
                info.linkname = link
                tar.addfile(info)
            else:
                data = content or b""
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def _archive_of(
    root: Path, pack_dir: Path, name: str, extra: list[tuple[str, bytes | None, str | None]]
) -> Path:
    members: list[tuple[str, bytes | None, str | None]] = [
        (f"{pack_dir.name}/{p.name}", p.read_bytes(), None) for p in sorted(pack_dir.iterdir())
    ]
    return _tar(root, name, members + extra)


def broken_pack(root: Path, case: str) -> tuple[Path, str]:
    """Write the broken pack `case` under `root` (beside a valid mini-base); its path and the
    located message `simmer pack validate` must print for it."""
    write_base(root)
    if case == "invalid_json":
        write_recipes(root, "bad-json")
        _corrupt_line(root / "bad-json" / "recipes.jsonl", 2, '{"slug": "crepes", "title": ')
        _refresh_checksums(root / "bad-json")
        return root / "bad-json", "recipes.jsonl:2: invalid JSON"
    if case == "missing_field":
        ingredients = [{k: v for k, v in BASE_INGREDIENTS[0].items() if k != "name"}]
        write_base(root, "missing-field", ingredients=ingredients, portions=[], vendor_products=[])
        return root / "missing-field", "ingredients.jsonl:1:name: missing required field"
    if case == "mistyped_field":
        write_recipes(root, "mistyped", recipes=[{**RECIPES[0], "servings": "four"}])
        return root / "mistyped", "recipes.jsonl:1:servings: Input should be a valid integer"
    if case == "unknown_unit":
        portions = [
            *BASE_PORTIONS,
            {"ingredient": "egg", "amount": 1, "unit": "furlong", "grams": 9},
        ]
        write_base(root, "unknown-unit", portions=portions)
        return root / "unknown-unit", "portions.jsonl:5:unit: unknown unit 'furlong'"
    if case == "unknown_ingredient":
        line = {**RECIPES[1]["ingredients"][0], "ingredient": "unicorn-horn"}
        write_recipes(root, "unknown-ingredient", recipes=[{**RECIPES[1], "ingredients": [line]}])
        return (
            root / "unknown-ingredient",
            "recipes.jsonl:1:ingredients[0].ingredient: unknown ingredient 'unicorn-horn'",
        )
    if case == "checksum_mismatch":
        write_recipes(root, "tampered")
        with (root / "tampered" / "recipes.jsonl").open("a") as handle:
            handle.write("\n")
        return root / "tampered", "recipes.jsonl: checksum mismatch"
    if case == "duplicate_slug":
        write_base(root, "duplicate", ingredients=[*BASE_INGREDIENTS, BASE_INGREDIENTS[1]])
        return (
            root / "duplicate",
            "ingredients.jsonl:5:slug: duplicate 'egg', first defined on line 2",
        )
    if case == "conflicting_packs":
        write_base(
            root,
            "rival",
            ingredients=BASE_INGREDIENTS[1:2],
            portions=[],
            vendor_products=[],
            tags=[],
            depends=[{"name": "mini-base"}],
        )
        return root / "rival", "ingredient 'egg' is defined by both 'rival' and 'mini-base'"
    if case == "truncated_archive":
        write_recipes(root, "whole")
        archive = _archive_of(root, root / "whole", "truncated", [])
        data = archive.read_bytes()
        archive.write_bytes(data[: len(data) // 2])
        return archive, "unreadable or truncated archive"
    if case == "absolute_member":
        write_recipes(root, "whole")
        archive = _archive_of(root, root / "whole", "absolute", [("/etc/simmer-evil", b"x", None)])
        return archive, "absolute.tar.gz!/etc/simmer-evil: archive member has an absolute path"
    if case == "dotdot_member":
        write_recipes(root, "whole")
        archive = _archive_of(root, root / "whole", "dotdot", [("whole/../../evil", b"x", None)])
        return archive, "archive member escapes the pack with '..'"
    if case == "symlink_member":
        write_recipes(root, "whole")
        archive = _archive_of(
            root, root / "whole", "symlink", [("whole/media/x", None, "/etc/passwd")]
        )
        return archive, "archive member is a link"
    if case == "huge_line":
        write_recipes(
            root,
            "huge",
            recipes=[*RECIPES, {**RECIPES[0], "slug": "huge", "title": "x" * (10 << 20)}],
        )
        return root / "huge", "recipes.jsonl:3: line is 10,48"
    raise ValueError(case)


BROKEN_CASES = (
    "invalid_json",
    "missing_field",
    "mistyped_field",
    "unknown_unit",
    "unknown_ingredient",
    "checksum_mismatch",
    "duplicate_slug",
    "conflicting_packs",
    "truncated_archive",
    "absolute_member",
    "dotdot_member",
    "symlink_member",
    "huge_line",
)


def planning_recipes(count: int = 12) -> list[dict[str, Any]]:
    """`count` small, fully quantified recipes (flour, egg, milk in grams) in varied amounts:
    enough for a week of lunches and dinners under the repeat rules; every third one suits
    breakfast, every fourth is tagged `pasta`."""
    amounts = [("all-purpose-flour", 80), ("egg", 50), ("whole-milk", 120)]
    return [
        {
            "slug": f"dish-{i:02d}",
            "title": f"Dish {i}",
            "servings": 2,
            "total_time_min": 15 + 5 * (i % 6),
            "tags": ["pasta"] if i % 4 == 0 else ["sweet"],
            "meal_slots": ["breakfast", "lunch", "dinner"] if i % 3 == 0 else ["lunch", "dinner"],
            "ingredients": [
                {
                    "line_no": n + 1,
                    "text": f"{grams * (1 + (i + n) % 4)} g {slug}",
                    "quantity": grams * (1 + (i + n) % 4),
                    "unit": "gram",
                    "ingredient": slug,
                    "status": "parsed",
                }
                for n, (slug, grams) in enumerate(amounts)
                if (i + n) % 5 != 0
            ],
        }
        for i in range(count)
    ]


def write_planning_packs(root: Path, count: int = 12) -> Path:
    """The base pack and a recipes pack the planner can plan weeks from."""
    write_base(root, tags=[*TAGS, {"slug": "pasta", "name": "Pasta"}])
    write_recipes(root, recipes=planning_recipes(count))
    return root
