"""The committed OpenAPI document: `python -m api.openapi` rewrites `api/openapi.json` from the
app; a test fails when the two differ."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI

OPENAPI_FILE = Path(__file__).with_name("openapi.json")


def openapi_text(app: FastAPI) -> str:
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    from api.main import create_app

    OPENAPI_FILE.write_text(openapi_text(create_app()), encoding="utf-8")
    print(f"wrote {OPENAPI_FILE}")


if __name__ == "__main__":
    main()
