"""Small, valid packs built in code for the tests, and the mutations that break them."""

from __future__ import annotations

import functools
import io
import tarfile
from pathlib import Path
from typing import Any

from simmer.packs.schema import PackManifest, Recipe
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
        return root / "tampered", "recipes.jsonl: recipes.jsonl changed since pack.json was sealed"
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
    if case in HOSTILE_BUILDERS:
        return HOSTILE_BUILDERS[case](root)
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
    "infinity",
    "duplicate_key",
    "empty_file",
    "cycle",
    "redefines_installed",
    "huge_media_archive",
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


class _Filler(io.RawIOBase):
    """`size` bytes `fill`, read in chunks: a huge member without a huge buffer."""

    def __init__(self, size: int, fill: bytes) -> None:
        self.left, self.fill = size, fill

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), self.left)
        buffer[:count] = self.fill * count
        self.left -= count
        return count


@functools.cache
def _streamed_archive_bytes(
    pack_bytes: tuple[tuple[str, bytes], ...], member: str, size: int, fill: bytes
) -> bytes:
    """A .tar.gz of the pack files plus one `member` of `size` bytes `fill`, compressed as it
    is streamed (never held or written whole); cached, so each is compressed once a session."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz", compresslevel=1) as tar:
        for name, data in pack_bytes:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo(member)
        info.size = size
        tar.addfile(info, _Filler(size, fill))
    return out.getvalue()


def streamed_archive(
    root: Path, pack_dir: Path, name: str, member: str, size: int, fill: bytes = b"\0"
) -> Path:
    """`root/name.tar.gz`: the pack at `pack_dir` with `member` (added or replaced) made of
    `size` bytes `fill`."""
    files = tuple(
        (f"{pack_dir.name}/{p.name}", p.read_bytes())
        for p in sorted(pack_dir.iterdir())
        if p.name != member
    )
    path = root / f"{name}.tar.gz"
    path.write_bytes(_streamed_archive_bytes(files, f"{pack_dir.name}/{member}", size, fill))
    return path


def _sources(root: Path) -> Path:
    """A folder beside the packs folder, for the packs an archive is made from."""
    folder = root.parent / f"{root.name}-sources"
    folder.mkdir(exist_ok=True)
    write_base(folder)
    return folder


def _patch_manifest(pack_dir: Path, **changes: Any) -> None:
    """Edit pack.json as a careless author would, without the writer's checks."""
    import json

    manifest = json.loads((pack_dir / "pack.json").read_text())
    for key, value in changes.items():
        manifest[key] = value(manifest[key]) if callable(value) else value
    (pack_dir / "pack.json").write_text(json.dumps(manifest, indent=2))


def _rewrite(pack_dir: Path, name: str, data: bytes) -> None:
    (pack_dir / name).write_bytes(data)
    _refresh_checksums(pack_dir)


def _recipe_text(pack_dir: Path, old: str, new: str) -> None:
    path = pack_dir / "recipes.jsonl"
    _rewrite(pack_dir, "recipes.jsonl", path.read_bytes().replace(old.encode(), new.encode(), 1))


def _media_escape(root: Path) -> tuple[Path, str]:
    (root.parent / "secret.txt").write_text("outside the pack\n")
    write_recipes(root, "media-escape")
    (root / "media-escape" / "media").mkdir()
    (root / "media-escape" / "media" / "a.png").write_bytes(b"png")
    _patch_manifest(
        root / "media-escape", files=lambda files: {**files, "media/../../secret.txt": "0" * 64}
    )
    return root / "media-escape", "pack.json:files: Value error, media file name"


def _linked_file(root: Path) -> tuple[Path, str]:
    (root.parent / "secret.txt").write_text("outside the pack\n")
    write_recipes(root, "linked")
    (root / "linked" / "recipes.jsonl").unlink()
    (root / "linked" / "recipes.jsonl").symlink_to(root.parent / "secret.txt")
    return root / "linked", "recipes.jsonl: is a link; packs hold regular files only"


def _huge_media_archive(root: Path) -> tuple[Path, str]:
    write_recipes(_sources(root), "big-media")
    path = streamed_archive(
        root, _sources(root) / "big-media", "big-media-1.0.0", "media/x.bin", 10**9
    )
    return (
        path,
        "big-media-1.0.0.tar.gz!big-media/media/x.bin: archive member is 1,000,000,000 bytes",
    )


def _huge_recipes_archive(root: Path) -> tuple[Path, str]:
    write_recipes(_sources(root), "big-recipes")
    source = _sources(root) / "big-recipes"
    path = streamed_archive(root, source, "big-recipes", "recipes.jsonl", 10**9, b"\n")
    return path, "big-recipes/recipes.jsonl: archive member is 1,000,000,000 bytes"


def _blank_lines_archive(root: Path) -> tuple[Path, str]:
    write_recipes(_sources(root), "blank-archive")
    source = _sources(root) / "blank-archive"
    path = streamed_archive(root, source, "blank-archive", "recipes.jsonl", 64 << 20, b"\n")
    return path, "archive unpacks to more than 100 times its size"


def _blank_lines(root: Path) -> tuple[Path, str]:
    write_recipes(root, "blank")
    _rewrite(root / "blank", "recipes.jsonl", b"\n" * (64 << 20))
    return root / "blank", "recipes.jsonl:1: empty lines (through line 67,108,864)"


def _many_members(root: Path) -> tuple[Path, str]:
    write_recipes(root, "whole")
    extra: list[tuple[str, bytes | None, str | None]] = [
        (f"whole/media/{i}.png", b"", None) for i in range(10_001)
    ]
    path = _archive_of(root, root / "whole", "many", extra)
    return path, "archive has more than 10,000 members"


def _infinity(root: Path) -> tuple[Path, str]:
    write_recipes(root, "infinite")
    _recipe_text(root / "infinite", '"quantity":2,', '"quantity":Infinity,')
    return (
        root / "infinite",
        "recipes.jsonl:1:ingredients[0].quantity: not a finite number: Infinity is not JSON",
    )


def _overflow(root: Path) -> tuple[Path, str]:
    portions = [{**BASE_PORTIONS[0], "grams": 1.5}, *BASE_PORTIONS[1:]]
    write_base(root, "overflow", portions=portions)
    text = (root / "overflow" / "portions.jsonl").read_bytes().replace(b"1.5", b"1e309", 1)
    _rewrite(root / "overflow", "portions.jsonl", text)
    return root / "overflow", "portions.jsonl:1:grams: not a finite number"


def _absurd(root: Path) -> tuple[Path, str]:
    line = {**RECIPES[1]["ingredients"][0], "quantity": 1e308}
    write_recipes(root, "absurd", recipes=[{**RECIPES[1], "ingredients": [line]}])
    return (
        root / "absurd",
        "recipes.jsonl:1:ingredients[0].quantity: Input should be less than or equal to 1000000",
    )


def _nan(root: Path) -> tuple[Path, str]:
    ingredients = [{**BASE_INGREDIENTS[0], "density_g_per_ml": 0.5}]
    write_base(root, "nan", ingredients=ingredients, portions=[], vendor_products=[])
    text = (root / "nan" / "ingredients.jsonl").read_bytes().replace(b"0.5", b"NaN", 1)
    _rewrite(root / "nan", "ingredients.jsonl", text)
    return root / "nan", "ingredients.jsonl:1:density_g_per_ml: NaN is not a JSON number"


def _line_no_overflow(root: Path) -> tuple[Path, str]:
    recipes = [{**RECIPES[1], "slug": f"crepes-{i}"} for i in range(300)]
    line = {**RECIPES[1]["ingredients"][0], "line_no": 2**31}
    recipes[200] = {**recipes[200], "ingredients": [line]}
    write_recipes(root, "line-no", recipes=recipes)
    return (
        root / "line-no",
        "recipes.jsonl:201:ingredients[0].line_no: Input should be less than or equal to 10000",
    )


def _duplicate_key(root: Path) -> tuple[Path, str]:
    write_recipes(root, "repeated-key")
    _recipe_text(root / "repeated-key", '"title":"Crêpes"', '"title":"Crêpes","title":"Galettes"')
    return root / "repeated-key", "recipes.jsonl:2: invalid JSON: key 'title' appears twice"


def _two_records_one_line(root: Path) -> tuple[Path, str]:
    write_recipes(root, "two-on-a-line")
    text = (root / "two-on-a-line" / "recipes.jsonl").read_bytes().replace(b"}\n{", b"},{", 1)
    _rewrite(root / "two-on-a-line", "recipes.jsonl", text)
    return root / "two-on-a-line", "recipes.jsonl:1: invalid JSON: more than one JSON value"


def _semver_not_pep440(root: Path) -> tuple[Path, str]:
    write_base(root, "semver-base")
    _patch_manifest(root / "semver-base", version="1.0.0-foo")
    return root / "semver-base", "pack.json:version: Value error, version '1.0.0-foo' is SemVer"


def _empty_file(root: Path) -> tuple[Path, str]:
    write_recipes(root, "emptied")
    _rewrite(root / "emptied", "recipes.jsonl", b"")
    return root / "emptied", "recipes.jsonl: is empty"


def _depending(root: Path, name: str, on: str, tags: list[dict[str, str]]) -> Path:
    """A pack defining nothing but `tags`, depending on `on`."""
    empty: list[dict[str, Any]] = []
    write_base(
        root,
        name,
        ingredients=empty,
        portions=empty,
        vendor_products=empty,
        tags=tags,
        depends=[{"name": on}],
    )
    return root / name


def _cycle(root: Path) -> tuple[Path, str]:
    _depending(root, "cyc-b", "cyc-a", [])
    path = _depending(root, "cyc-a", "cyc-b", [])
    return path, "pack.json:depends: dependency cycle: cyc-a → cyc-b → cyc-a"


def _self_cycle(root: Path) -> tuple[Path, str]:
    path = _depending(root, "cyc-self", "cyc-self", TAGS)
    return path, "pack.json:depends: dependency cycle: cyc-self → cyc-self"


def _redefines_installed(root: Path) -> tuple[Path, str]:
    write_recipes(root)
    write_recipes(root, "copycat")
    return (
        root / "copycat",
        "recipes.jsonl:2:slug: recipe 'crepes' is defined by both 'copycat' and 'mini-recipes'; "
        "rename it, or depend on 'mini-recipes'",
    )


def _bom(root: Path) -> tuple[Path, str]:
    write_recipes(root, "bom")
    _rewrite(
        root / "bom",
        "recipes.jsonl",
        b"\xef\xbb\xbf" + (root / "bom" / "recipes.jsonl").read_bytes(),
    )
    return root / "bom", "recipes.jsonl:1: starts with a UTF-8 byte order mark (BOM)"


def _column(root: Path) -> tuple[Path, str]:
    write_recipes(root, "column")
    _corrupt_line(root / "column" / "recipes.jsonl", 2, '{"slug": "crepes", "title": }')
    _refresh_checksums(root / "column")
    return root / "column", "recipes.jsonl:2: invalid JSON: expected value at column 29"


HOSTILE_BUILDERS = {
    "media_escape": _media_escape,
    "linked_file": _linked_file,
    "huge_media_archive": _huge_media_archive,
    "huge_recipes_archive": _huge_recipes_archive,
    "blank_lines_archive": _blank_lines_archive,
    "blank_lines": _blank_lines,
    "many_members": _many_members,
    "infinity": _infinity,
    "overflow": _overflow,
    "absurd": _absurd,
    "nan": _nan,
    "line_no_overflow": _line_no_overflow,
    "duplicate_key": _duplicate_key,
    "two_records_one_line": _two_records_one_line,
    "semver_not_pep440": _semver_not_pep440,
    "empty_file": _empty_file,
    "cycle": _cycle,
    "self_cycle": _self_cycle,
    "redefines_installed": _redefines_installed,
    "bom": _bom,
    "column": _column,
}
# Checked by validation (tests/packs); the ones that once reached the catalog or the warehouse,
# or failed with a traceback, are also checked through `make plan` (BROKEN_CASES).
HOSTILE_CASES = tuple(HOSTILE_BUILDERS)


def recipes_by_slug(pack_dir: Path) -> dict[str, Recipe]:
    """The recipes a built pack holds, by slug."""
    lines = (pack_dir / "recipes.jsonl").read_text(encoding="utf-8").splitlines()
    return {r.slug: r for r in (Recipe.model_validate_json(line) for line in lines)}
