"""A project-local PostgreSQL cluster for development, the demo and the tests.

The machine's server binaries (`/usr/lib/postgresql/<v>/bin`, or `SIMMER_PG_BIN`) run a cluster
in a directory of ours, listening on 127.0.0.1 only. PostgreSQL refuses to run as root, so
as root the cluster belongs to an unprivileged system user (`simmer-pg`, created on first use).
Every operation is safe to repeat: `up` on a running cluster only prints its URL.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SERVICE_USER = "simmer-pg"
SUPERUSER = "simmer"
PG_VERSIONS = ("17", "16", "15")


class LocalPgError(RuntimeError):
    """The local cluster could not be started or reached; the message says what to do."""


def server_bin_dir() -> Path:
    configured = os.environ.get("SIMMER_PG_BIN")
    candidates = [Path(configured)] if configured else []
    candidates += [Path(f"/usr/lib/postgresql/{v}/bin") for v in PG_VERSIONS]
    for candidate in candidates:
        if (candidate / "pg_ctl").exists():
            return candidate
    raise LocalPgError(
        "PostgreSQL server binaries not found: install postgresql (Debian: apt-get install "
        "postgresql) or set SIMMER_PG_BIN, or set DATABASE_URL to use an existing server"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass(frozen=True)
class LocalCluster:
    """A cluster in `root` (data in root/data, its port in root/port)."""

    root: Path
    durable: bool = True

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def port_file(self) -> Path:
        return self.root / "port"

    @property
    def port(self) -> int:
        if not self.port_file.exists():
            raise LocalPgError(f"no local PostgreSQL in {self.root}: run `make db-up` first")
        return int(self.port_file.read_text().strip())

    def url(self, database: str = "simmer", driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def up(self, databases: tuple[str, ...] = ("simmer",), port: int | None = None) -> str:
        """Initialise (first time), start (when stopped) and create `databases`; the URL."""
        if not (self.data_dir / "PG_VERSION").exists():
            self._init(port)
        if not self.running():
            self._start()
        for database in databases:
            self.create_database(database)
        return self.url(databases[0])

    def down(self) -> None:
        if self.running():
            self._run_pg("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "fast", "-w")

    def destroy(self) -> None:
        self.down()
        shutil.rmtree(self.root, ignore_errors=True)

    def running(self) -> bool:
        pid_file = self.data_dir / "postmaster.pid"
        return pid_file.exists() and self.port_file.exists() and _port_answers(self.port)

    def create_database(self, name: str) -> None:
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists.strip() != "1":
            self._psql(f'CREATE DATABASE "{name}"')

    def _init(self, port: int | None) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)
        self._hand_over(self.root)
        self._run_pg(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        chosen = port or free_port()
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {chosen}",
            "unix_socket_directories = ''",
            "max_connections = 100",
            "shared_buffers = 128MB",
        ]
        if not self.durable:
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# simmer\n" + "\n".join(settings) + "\n")
        self.port_file.write_text(f"{chosen}\n")

    def _start(self) -> None:
        log = self.root / "server.log"
        self._run_pg("pg_ctl", "start", "-D", str(self.data_dir), "-l", str(log), "-w", "-t", "60")
        deadline = time.monotonic() + 30
        while not _port_answers(self.port):
            if time.monotonic() > deadline:
                raise LocalPgError(f"PostgreSQL did not start; see {log}")
            time.sleep(0.1)

    def _psql(self, sql: str) -> str:
        psql = server_bin_dir() / "psql"
        command = [str(psql) if psql.exists() else "psql"]
        command += ["-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-d", "postgres"]
        command += ["-tAc", sql]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise LocalPgError(f"psql failed: {result.stderr.strip()}")
        return result.stdout

    def _run_pg(self, tool: str, *args: str) -> None:
        command = [str(server_bin_dir() / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVICE_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise LocalPgError(f"{tool} failed: {result.stderr.strip() or result.stdout.strip()}")

    def _hand_over(self, path: Path) -> None:
        """As root, give the cluster directory to the unprivileged service user."""
        if os.geteuid() != 0:
            return
        _ensure_service_user()
        user = pwd.getpwnam(SERVICE_USER)
        os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(0o700)
        for parent in path.resolve().parents:
            if parent.stat().st_mode & 0o001 == 0:
                raise LocalPgError(
                    f"{SERVICE_USER} cannot reach {path}: {parent} is not searchable by others; "
                    "set SIMMER_HOME to a path under a world-searchable directory"
                )


def _ensure_service_user() -> None:
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_USER,
            ],
            check=True,
            capture_output=True,
        )
