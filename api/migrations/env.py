"""Alembic environment: online migrations against the serving database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from simmer.settings import Settings
from simmer.store.models import Base

url = context.config.attributes.get("url") or Settings().serving_url()
with create_engine(url).connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
