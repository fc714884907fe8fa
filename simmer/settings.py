"""Settings from the environment, in one place: where state lives and which database to use.

`SIMMER_HOME` (default `.simmer/` in the working directory) holds the local PostgreSQL cluster,
`DAGSTER_HOME`, the Parquet lake, the analysts' `warehouse.duckdb` and the reports.
`DATABASE_URL` names the serving PostgreSQL; when unset, the project-local cluster under
`SIMMER_HOME/pg` is used. The API's admin token is `SIMMER_ADMIN_TOKEN`, else
`$SIMMER_HOME/admin-token` (written by `simmer admin-token`); CORS origins, the request body
limits (a pack upload's own), the write rate and the re-planning rate are the API's.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from simmer.localpg import LocalCluster


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    simmer_home: Path = Field(default=Path(".simmer"), alias="SIMMER_HOME")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    dagster_database_url: str | None = Field(default=None, alias="DAGSTER_PG_URL")
    packs_dir: Path = Field(default=Path("packs"), alias="SIMMER_PACKS")
    admin_token: str | None = Field(default=None, alias="SIMMER_ADMIN_TOKEN")
    pg_port: int | None = Field(default=None, alias="SIMMER_PG_PORT")
    cors_origins: str = Field(default="", alias="SIMMER_CORS_ORIGINS")
    max_body_bytes: int = Field(default=65536, gt=0, alias="SIMMER_MAX_BODY_BYTES")
    max_pack_bytes: int = Field(default=64 << 20, gt=0, alias="SIMMER_MAX_PACK_BYTES")
    writes_per_minute: int = Field(default=60, gt=0, alias="SIMMER_WRITES_PER_MINUTE")
    replans_per_minute: int = Field(default=6, gt=0, alias="SIMMER_REPLANS_PER_MINUTE")
    api_threads: int = Field(default=8, gt=0, le=200, alias="SIMMER_API_THREADS")
    reader_connections: int = Field(default=2, gt=0, le=200, alias="SIMMER_API_CONNECTIONS")
    plan_cache_entries: int = Field(default=4096, gt=0, alias="SIMMER_PLAN_CACHE_ENTRIES")

    @cached_property
    def home(self) -> Path:
        return self.simmer_home.resolve()

    @property
    def lake_dir(self) -> Path:
        return self.home / "lake"

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def report_path(self) -> Path:
        """The nutrition report, written by `make plan` and `simmer report nutrition`."""
        return self.home / "reports" / "nutrition.html"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"

    @property
    def local_cluster(self) -> LocalCluster:
        return LocalCluster(self.home / "pg")

    @property
    def admin_token_file(self) -> Path:
        return self.home / "admin-token"

    @property
    def cors_origin_list(self) -> list[str]:
        """SIMMER_CORS_ORIGINS, comma-separated (`https://app.example,http://localhost:5173`)."""
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    def resolved_admin_token(self) -> str | None:
        """SIMMER_ADMIN_TOKEN, else the one the demo wrote to `$SIMMER_HOME/admin-token`."""
        if self.admin_token:
            return self.admin_token
        if self.admin_token_file.exists():
            return self.admin_token_file.read_text(encoding="utf-8").strip() or None
        return None

    def serving_url(self) -> str:
        """The serving database URL: DATABASE_URL, else the local cluster's (not started here)."""
        return self.database_url or self.local_cluster.url("simmer")

    def dagster_url(self) -> str:
        """Dagster's own storage: DAGSTER_PG_URL, else a `simmer_dagster` database beside ours."""
        if self.dagster_database_url:
            return self.dagster_database_url
        if self.database_url:
            base, _, _ = self.database_url.rpartition("/")
            return _psycopg2(f"{base}/simmer_dagster")
        return self.local_cluster.url("simmer_dagster", driver="psycopg2")


def _psycopg2(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return f"postgresql+psycopg2{sep}{rest}" if scheme.startswith("postgres") else url
