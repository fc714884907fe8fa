"""JSON Schema files for the pack format, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from simmer.packs.schema import RECORD_MODELS, PackManifest, Record

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "packs" / "schema"


def schemas() -> dict[str, str]:
    """File name -> JSON Schema text, for pack.json and every JSON Lines file."""
    models: dict[str, type[Record]] = {"pack.json": PackManifest, **RECORD_MODELS}
    return {
        f"{name.split('.')[0]}.schema.json": json.dumps(
            model.model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n"
        for name, model in models.items()
    }


def write_schemas(out_dir: Path = SCHEMA_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
