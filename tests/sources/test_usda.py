"""The usda-sr26 pack builder, on 22 real SR26 foods in their original format."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from simmer.packs.schema import SLUG_PATTERN, Ingredient, PackManifest, Portion
from simmer.sources.usda import (
    SR26FormatError,
    build_usda_pack,
    measure_of,
    read_friendly_names,
)
from simmer.sources.usda_kitchen import NEGLIGIBLE_IN_NUTRITION, PANTRY_STAPLES
from simmer.text import slugify

MINI = Path(__file__).parent.parent / "data" / "usda-sr26-mini"
MINI_NDBS = {line[1:6] for line in (MINI / "FOOD_DES.txt").read_text("ascii").splitlines()}


def _shipped_curated_text() -> str:
    return resources.files("simmer.sources").joinpath("data", "usda_friendly.csv").read_text()


def _curated_subset(path: Path) -> Path:
    """The shipped friendly-name table, cut down to the mini fixture's foods."""
    header, *rows = _shipped_curated_text().splitlines()
    path.write_text("\n".join([header, *(r for r in rows if r[:5] in MINI_NDBS)]) + "\n")
    return path


def _build(out_dir: Path, tmp_path: Path, src_dir: Path = MINI) -> PackManifest:
    return build_usda_pack(src_dir, out_dir, curated=_curated_subset(tmp_path / "curated.csv"))


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("usda")
    _build(tmp / "pack", tmp)
    return tmp / "pack"


@pytest.fixture(scope="module")
def ingredients(pack_dir: Path) -> dict[str, Ingredient]:
    lines = (pack_dir / "ingredients.jsonl").read_text("utf-8").splitlines()
    records = [Ingredient.model_validate_json(line) for line in lines]
    return {record.source_id or "": record for record in records}


@pytest.fixture(scope="module")
def portions(pack_dir: Path) -> list[Portion]:
    lines = (pack_dir / "portions.jsonl").read_text("utf-8").splitlines()
    return [Portion.model_validate_json(line) for line in lines]


def _portions_of(portions: list[Portion], slug: str) -> dict[str, tuple[str, float, float]]:
    return {
        p.description or "": (p.unit, p.amount, p.grams) for p in portions if p.ingredient == slug
    }


def test_manifest_names_the_pack_and_checksums_its_files(pack_dir: Path) -> None:
    manifest = PackManifest.model_validate_json((pack_dir / "pack.json").read_text("utf-8"))
    assert (manifest.name, manifest.version) == ("usda-sr26", "1.0.0")
    assert manifest.license == "Public domain (US government work)"
    assert "Standard Reference, Release 26" in manifest.attribution
    assert set(manifest.files) == {"ingredients.jsonl", "portions.jsonl"}


def test_every_food_and_every_measure_becomes_a_valid_record(
    ingredients: dict[str, Ingredient], portions: list[Portion]
) -> None:
    assert len(ingredients) == 22
    assert len(portions) == 87
    slugs = {record.slug for record in ingredients.values()}
    assert {portion.ingredient for portion in portions} <= slugs


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_records_are_sorted(pack_dir: Path) -> None:
    slugs = [str(record["slug"]) for record in _jsonl(pack_dir / "ingredients.jsonl")]
    assert slugs == sorted(slugs)
    keys = [
        (str(record["ingredient"]), str(record["description"]))
        for record in _jsonl(pack_dir / "portions.jsonl")
    ]
    assert keys == sorted(keys)


def test_curated_foods_get_friendly_slugs_names_and_synonyms(
    ingredients: dict[str, Ingredient],
) -> None:
    flour = ingredients["sr26:20081"]
    assert (flour.slug, flour.name) == ("all-purpose-flour", "All-purpose flour")
    assert {"flour", "plain flour", "ap flour"} <= set(flour.synonyms)
    assert flour.food_group == "Cereal Grains and Pasta"
    curated = {ndb: ingredients[f"sr26:{ndb}"].slug for ndb in ("01001", "01123", "11215")}
    assert curated == {"01001": "butter", "01123": "egg", "11215": "garlic"}


def test_other_foods_get_slugs_from_their_description(
    ingredients: dict[str, Ingredient],
) -> None:
    wine = ingredients["sr26:14101"]
    assert wine.slug == "alcoholic-beverage-wine-table-red-barbera"
    assert wine.name == "Alcoholic Beverage, wine, table, red, Barbera"
    assert wine.synonyms == []


def test_descriptions_colliding_when_cut_short_both_get_their_ndb(
    ingredients: dict[str, Ingredient],
) -> None:
    lean_only, lean_and_fat = ingredients["sr26:23294"].slug, ingredients["sr26:23302"].slug
    assert lean_only.endswith("-23294")
    assert lean_and_fat.endswith("-23302")
    assert lean_only.removesuffix("-23294") == lean_and_fat.removesuffix("-23302")


def test_slugs_are_unique_and_valid(ingredients: dict[str, Ingredient]) -> None:
    slugs = [record.slug for record in ingredients.values()]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(SLUG_PATTERN, slug) and len(slug) <= 86 for slug in slugs)


def test_source_ids_keep_leading_zeros(ingredients: dict[str, Ingredient]) -> None:
    assert ingredients["sr26:01001"].slug == "butter"


def test_nutrients_are_per_100g_and_an_empty_value_stays_unknown(
    ingredients: dict[str, Ingredient],
) -> None:
    butter = ingredients["sr26:01001"].nutrients
    assert (butter.energy_kcal, butter.protein_g, butter.fat_g) == (717.0, 0.85, 81.11)
    assert (butter.sodium_mg, butter.saturated_fat_g) == (643.0, 51.368)
    wine = ingredients["sr26:14101"].nutrients
    assert (wine.energy_kcal, wine.carbohydrate_g, wine.fat_g) == (85.0, 2.79, 0.0)
    assert wine.fiber_g is None
    assert wine.sugars_g is None
    assert wine.sodium_mg is None
    assert wine.saturated_fat_g is None


def test_measures_get_the_units_recipes_write(portions: list[Portion]) -> None:
    butter = _portions_of(portions, "butter")
    assert butter["tbsp"] == ("tablespoon", 1.0, 14.2)
    assert butter["stick"] == ("stick", 1.0, 113.0)
    assert butter['pat (1" sq, 1/3" high)'] == ("piece", 1.0, 5.0)
    egg = _portions_of(portions, "egg")
    assert {d: unit for d, (unit, _, _) in egg.items()} == {
        "large": "large",
        "extra large": "large",
        "jumbo": "large",
        "medium": "medium",
        "small": "small",
        "cup (4.86 large eggs)": "cup",
    }
    garlic = _portions_of(portions, "garlic")
    assert garlic["clove"] == ("clove", 1.0, 3.0)
    assert garlic["cloves"] == ("clove", 3.0, 9.0)
    assert _portions_of(portions, "onion")["cup, chopped"][0] == "cup"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("cup, chopped", "cup"),
        ("cup slices", "cup"),
        ("tbsp chopped", "tablespoon"),
        ("fl oz", "fluid_ounce"),
        ("oz", "ounce"),
        ('slice, medium (1/8" thick)', "slice"),
        ('medium whole (2-3/5" dia)', "medium"),
        ('extra small (2-1/2" dia)', "small"),
        ("NLEA serving", "serving"),
        ("serving 5 fl oz", "serving"),
        ("6 oz container (6 oz)", "package"),
        ("individual packet", "packet"),
        ("cubic inch", "cube"),
        ("Italian tomato", "piece"),
        ("fruit without skin and seeds", "piece"),
    ],
)
def test_measure_units(text: str, unit: str) -> None:
    assert measure_of(text).unit == unit


def test_density_comes_from_the_plainest_cup(ingredients: dict[str, Ingredient]) -> None:
    assert ingredients["sr26:01001"].density_g_per_ml == pytest.approx(227 / 236.588, abs=1e-4)
    onion = ingredients["sr26:11282"].density_g_per_ml  # 'cup, chopped' before 'cup, sliced'
    assert onion == pytest.approx(160 / 236.588, abs=1e-4)
    wine = ingredients["sr26:14101"].density_g_per_ml  # only fluid ounces
    assert wine == pytest.approx(29.4 / 29.5735, abs=1e-4)
    assert ingredients["sr26:05062"].density_g_per_ml is None  # no volume measure


def test_flags_come_from_the_rules(ingredients: dict[str, Ingredient]) -> None:
    butter = ingredients["sr26:01001"]
    assert butter.allergens["milk"] is True
    assert butter.allergens["egg"] is False
    assert butter.diets == {
        "omnivore": True,
        "pescatarian": True,
        "vegetarian": True,
        "vegan": False,
    }
    assert "shellfish" not in ingredients["sr26:15164"].allergens  # mussels: mollusc, unknown


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = _build(tmp_path / "first", tmp_path)
    second = _build(tmp_path / "second", tmp_path)
    assert first == second
    for name in ("pack.json", "ingredients.jsonl", "portions.jsonl"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_a_malformed_line_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "sr26"
    shutil.copytree(MINI, source)
    weights = source / "WEIGHT.txt"
    lines = weights.read_bytes().split(b"\r\n")
    lines[2] = b"~01001~^3^1^~cup~"
    weights.write_bytes(b"\r\n".join(lines))
    with pytest.raises(SR26FormatError, match=r"WEIGHT\.txt:3: expected 7 fields, got 4"):
        _build(tmp_path / "pack", tmp_path, src_dir=source)
    assert not (tmp_path / "pack").exists()


def test_a_curated_ndb_missing_from_the_source_is_an_error(tmp_path: Path) -> None:
    curated = tmp_path / "curated.csv"
    curated.write_text("ndb,slug,name,synonyms\n99999,ghost,Ghost,\n")
    with pytest.raises(SR26FormatError, match="99999"):
        build_usda_pack(MINI, tmp_path / "pack", curated=curated)


def test_the_shipped_curated_table_is_well_formed() -> None:
    friendly = read_friendly_names(_shipped_curated_text())
    assert 300 <= len(friendly) <= 600  # "a few hundred"
    assert all(re.fullmatch(r"\d{5}", ndb) for ndb in friendly)
    assert friendly["20081"].slug == "all-purpose-flour"
    assert "flour" in friendly["20081"].synonyms


def test_slugify_folds_cuts_on_a_word_and_hyphenates() -> None:
    assert slugify("Jalapeño peppers, raw") == "jalapeno-peppers-raw"
    assert (
        slugify("Beef, ground, 80% lean meat / 20% fat, raw")
        == "beef-ground-80-lean-meat-20-fat-raw"
    )
    long = slugify("word " * 40)
    assert len(long) <= 80
    assert long.endswith("word")


def test_the_shipped_pack_carries_the_kitchen_properties_for_every_listed_slug() -> None:
    shipped = Path(__file__).resolve().parents[2] / "packs" / "usda-sr26" / "ingredients.jsonl"
    records = [Ingredient.model_validate_json(line) for line in shipped.open(encoding="utf-8")]
    negligible = {r.slug for r in records if r.negligible_in_nutrition}
    staples = {r.slug for r in records if r.pantry_staple}
    assert negligible == NEGLIGIBLE_IN_NUTRITION
    assert staples == PANTRY_STAPLES
