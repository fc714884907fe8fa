"""The serving PostgreSQL schema (SQLAlchemy 2 models) and its engine.

It lives in the core because three edges share it: the API reads and writes it, the pipeline
snapshots households from it and publishes plans into it, and the CLI seeds demo households.
Alembic migrations for it are in `api/migrations`.
"""
