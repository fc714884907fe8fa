"""API load benchmark: wrk (64 connections, 30 s) against `GET /api/v1/plans/{id}` with a
household token, and `/bench/bare` on the same server as the ceiling (the same bytes from
memory), for several server configurations (uvicorn, granian). Needs `wrk` (Debian: `apt-get install
wrk`).

`uv run python -m bench.bench_api [--duration 30] [--connections 64] [--servers KEY,...]`
prints a Markdown table.
A throw-away PostgreSQL cluster (fsync off) holds one household created through the API and
its week's plan (21 meals, 7 days, list and cart: `bench.synthetic_plans`), published by the
pipeline's publisher (`simmer.store.plans_publish.publish_plans`).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from api.migrate import upgrade
from bench.common import machine, table
from bench.synthetic_plans import synthetic_partition
from simmer.localpg import LocalCluster, free_port
from simmer.planner.schema import plan_id
from simmer.settings import Settings
from simmer.store.engine import engine_for
from simmer.store.plans_publish import Partition, publish_plans

ADMIN_TOKEN = "sim_bench-admin-token"
WEEK, ZONE = date(2026, 11, 29), "Europe/Berlin"


@dataclass(frozen=True)
class ServerConfig:
    server: str  # uvicorn or granian
    workers: int
    loop: str
    http: str = ""  # uvicorn's HTTP parser

    @property
    def key(self) -> str:
        return "-".join(
            str(part) for part in (self.server, self.workers, self.loop, self.http) if part
        )

    @property
    def label(self) -> str:
        http = f" + {self.http}" if self.http else ""
        return f"{self.server} {self.workers} worker(s), {self.loop}{http}"

    def command(self, port: int) -> list[str]:
        app, common = "bench.api_app:create", ["--host", "127.0.0.1", "--port", str(port)]
        common += ["--workers", str(self.workers), "--loop", self.loop, "--factory"]
        if self.server == "granian":
            return [sys.executable, "-m", "granian", "--interface", "asgi", *common, app]
        return [
            *(sys.executable, "-m", "uvicorn", app, *common, "--http", self.http),
            *("--no-access-log", "--log-level", "warning"),
        ]


CONFIGS = {
    config.key: config
    for config in (
        ServerConfig("uvicorn", 1, "asyncio", "h11"),
        ServerConfig("uvicorn", 1, "uvloop", "httptools"),
        ServerConfig("uvicorn", 2, "uvloop", "httptools"),
        ServerConfig("granian", 1, "uvloop"),
        ServerConfig("granian", 2, "uvloop"),
    )
}


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(out: str, percentile: str) -> float:
    found = re.search(rf"{percentile}%\s+([\d.]+)(us|ms|s)\b", out)
    if found is None:
        return math.nan
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, token: str, duration: int, connections: int) -> Load:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    out = subprocess.run(
        [*command, "-H", f"Authorization: Bearer {token}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50, p99 = _ms(out, "50"), _ms(out, "99")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Load(rate, p50, p99, errors)


def seed(url: str, home: Path) -> tuple[str, str, bytes]:
    """One household through the API and its published plan: (the plan's path, the
    household's token, the plan's GET body)."""
    settings = Settings(DATABASE_URL=url, SIMMER_ADMIN_TOKEN=ADMIN_TOKEN, SIMMER_HOME=home)
    with TestClient(create_app(settings)) as client:
        created = client.post(
            "/api/v1/households",
            json={"name": "Bench", "size": 4, "timezone": ZONE},
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        ).json()
        household, token = created["household"]["id"], created["token"]["token"]
        tables = synthetic_partition([household], WEEK, ZONE)
        publish_plans(engine_for(url), tables, source="schedule", replace=Partition(WEEK, ZONE))
        path = f"/api/v1/plans/{plan_id(household, WEEK)}"
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
    return path, token, response.content


@contextmanager
def server(config: ServerConfig, env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen(
        config.command(port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/health")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def bench(configs: Sequence[ServerConfig], duration: int, connections: int) -> list[str]:
    if shutil.which("wrk") is None:
        return ["(wrk is not installed: `apt-get install wrk`; API benchmark skipped)"]
    root = Path(tempfile.gettempdir()) / f"simmer-bench-pg-{os.getpid()}"
    cluster = LocalCluster(root, durable=False)
    try:
        url = cluster.up(("simmer",))
        upgrade(url)
        home = Path(tempfile.mkdtemp(prefix="simmer-bench-home-"))
        path, token, body = seed(url, home)
        (home / "body.json").write_bytes(body)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SIMMER_ADMIN_TOKEN": ADMIN_TOKEN,
            "SIMMER_HOME": str(home),
            "SIMMER_BENCH_BODY": str(home / "body.json"),
        }
        rows = []
        for config in configs:
            load_before = os.getloadavg()[0]
            with server(config, env, free_port()) as base:
                real = wrk(f"{base}{path}", token, duration, connections)
                bare = wrk(f"{base}/bench/bare", token, duration, connections)
            rows.append(
                [
                    config.label,
                    f"{real.requests_per_s:,.0f}",
                    f"{real.p50_ms:.1f}",
                    f"{real.p99_ms:.1f}",
                    f"{bare.requests_per_s:,.0f}",
                    f"{bare.p99_ms:.1f}",
                    f"{real.requests_per_s / max(bare.requests_per_s, 1e-9):.0%}",
                    real.errors + bare.errors,
                    f"{load_before:.1f} / {os.getloadavg()[0]:.1f}",
                ]
            )
        headers = [
            "server",
            "GET /plans/{id} req/s",
            "p50 ms",
            "p99 ms",
            "bare req/s (ceiling)",
            "bare p99 ms",
            "share of ceiling",
            "errors",
            "load avg before / after",
        ]
        return [
            f"{machine()}; wrk -t2 -c{connections} -d{duration}s, {len(body)}-byte body",
            "",
            table(headers, rows),
        ]
    finally:
        cluster.destroy()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--servers", default=",".join(CONFIGS), help=f"comma-separated, of {', '.join(CONFIGS)}"
    )
    args = parser.parse_args(argv)
    configs = [CONFIGS[key] for key in args.servers.split(",")]
    print("\n".join(bench(configs, args.duration, args.connections)))


if __name__ == "__main__":
    main()
