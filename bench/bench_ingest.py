"""Ingest benchmark: validate + ingest a synthetic pack vs DuckDB's plain read_json of its files.

`python -m bench.bench_ingest [RECIPES ...]` (default 100,000). Both sides read the same files
in the same run; the baseline only parses them into DuckDB tables, with no checks at all.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import duckdb

from bench.common import machine, table, timed
from bench.synthetic_pack import write_synthetic_packs
from simmer.catalog import stage_pack
from simmer.packs.source import pack_checksum
from simmer.packs.validate import load_pack

REPEAT = 5


def plain_duckdb_read(packs: Path) -> None:
    with duckdb.connect() as connection:
        for index, path in enumerate(sorted(packs.glob("*/*.jsonl"))):
            connection.execute(f"CREATE TABLE t{index} AS SELECT * FROM read_json(?)", [str(path)])


def validate_and_ingest(packs: Path, lake: Path) -> None:
    shutil.rmtree(lake, ignore_errors=True)
    for name in ("synthetic-base", "synthetic-recipes"):
        path = packs / name
        stage_pack(load_pack(path, packs), pack_checksum(path), lake)


def run(recipes: int) -> list[object]:
    with tempfile.TemporaryDirectory(prefix="simmer-bench-") as tmp:
        packs = write_synthetic_packs(Path(tmp) / "packs", recipes)
        size_mib = sum(p.stat().st_size for p in packs.glob("*/*.jsonl")) / (1 << 20)
        baseline, _ = timed(lambda: plain_duckdb_read(packs), REPEAT)
        ours, _ = timed(lambda: validate_and_ingest(packs, Path(tmp) / "lake"), REPEAT)
    return [
        f"{recipes:,}",
        f"{size_mib:.0f}",
        f"{baseline:.2f}",
        f"{ours:.2f}",
        f"{ours / baseline:.2f}x",
    ]


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [100_000]
    print(f"## Ingest ({machine()}; best of {REPEAT})\n")
    headers = ["recipes", "MiB", "duckdb read_json s", "validate+ingest s", "ratio (goal <= 3x)"]
    print(table(headers, [run(size) for size in sizes]))


if __name__ == "__main__":
    main(sys.argv[1:])
