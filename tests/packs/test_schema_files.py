"""The committed JSON Schema files are the ones the pydantic models generate."""

from __future__ import annotations

from simmer.packs.jsonschema import SCHEMA_DIR, schemas


def test_json_schema_files_are_current() -> None:
    expected = schemas()
    committed = {path.name: path.read_text(encoding="utf-8") for path in SCHEMA_DIR.glob("*.json")}
    assert committed == expected, "run `uv run simmer pack schema` and commit packs/schema/"
