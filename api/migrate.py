"""Apply the serving database's migrations: `python -m api.migrate [URL]`."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from simmer.settings import Settings

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def alembic_config(url: str) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.attributes["url"] = url
    return config


def upgrade(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else Settings().serving_url()
    upgrade(url)
    print("migrations: at head")


if __name__ == "__main__":
    main()
