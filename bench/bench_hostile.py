"""Hostile packs: how long `simmer pack validate` takes to refuse the slowest kinds of them.

`python -m bench.bench_hostile`. Each case is a copy of the real `public-domain-recipes` pack
with one defect, built in a temporary folder (the 1 GB members are compressed as they are
streamed, never written whole); the baseline is validating the unchanged pack, in the same
run. Goal: every hostile pack refused in under 10 s.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import machine, table
from simmer.cli import main as simmer

PACKS = Path(__file__).resolve().parents[1] / "packs"
PACK = "public-domain-recipes"


class _Repeated(io.RawIOBase):
    """`size` bytes of `fill`, produced as they are read."""

    def __init__(self, size: int, fill: bytes) -> None:
        self.left, self.fill = size, fill

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = min(len(buffer), self.left)
        buffer[:count] = self.fill * count
        self.left -= count
        return count


def _archive(out: Path, pack: Path, extra: list[tuple[str, int, bytes]]) -> Path:
    """`pack` as an archive, members in `extra` (name, size, fill byte) added or replacing."""
    replaced = {name for name, _, _ in extra}
    with tarfile.open(out, "w:gz", compresslevel=1) as tar:
        for path in sorted(pack.iterdir()):
            if path.name not in replaced:
                tar.add(path, arcname=f"{PACK}/{path.name}")
        for name, size, fill in extra:
            info = tarfile.TarInfo(f"{PACK}/{name}")
            info.size = size
            tar.addfile(info, _Repeated(size, fill))
    return out


def _blank_folder(out: Path, pack: Path) -> Path:
    """The pack with a recipes.jsonl of 64 MiB of blank lines (checksums updated)."""
    import json

    from simmer.packs.digest import sha256_file

    shutil.copytree(pack, out)
    (out / "recipes.jsonl").write_bytes(b"\n" * (64 << 20))
    manifest = json.loads((out / "pack.json").read_text())
    manifest["files"]["recipes.jsonl"] = sha256_file(out / "recipes.jsonl")
    (out / "pack.json").write_text(json.dumps(manifest))
    return out


def cases(tmp: Path, pack: Path) -> dict[str, Callable[[], Path]]:
    return {
        "unchanged pack (baseline)": lambda: pack,
        "1 GB media member": lambda: _archive(
            tmp / "a.tar.gz", pack, [("media/x.bin", 10**9, b"\0")]
        ),
        "1 GB recipes.jsonl": lambda: _archive(
            tmp / "b.tar.gz", pack, [("recipes.jsonl", 10**9, b"\n")]
        ),
        "64 MiB of blank lines, archive": lambda: _archive(
            tmp / "c.tar.gz", pack, [("recipes.jsonl", 64 << 20, b"\n")]
        ),
        "64 MiB of blank lines, folder": lambda: _blank_folder(tmp / "blank", pack),
        "10,001 members": lambda: _archive(
            tmp / "d.tar.gz", pack, [(f"media/{i}.png", 0, b"") for i in range(10_001)]
        ),
    }


def run() -> list[list[object]]:
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="simmer-bench-") as folder:
        tmp = Path(folder)
        packs = tmp / "packs"
        shutil.copytree(PACKS / "usda-sr26", packs / "usda-sr26")
        shutil.copytree(PACKS / PACK, tmp / PACK)
        for name, build in cases(tmp, tmp / PACK).items():
            path = build()
            errors = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
                code = simmer(["pack", "validate", "--packs-dir", str(packs), str(path)])
            took = time.perf_counter() - started
            said = errors.getvalue().splitlines()[1].strip() if code else "valid"
            rows.append([name, f"{took:.2f}", "refused" if code else "accepted", said[:90]])
    return rows


def main() -> None:
    print(f"## Hostile packs refused ({machine()})\n")
    print(table(["case", "validate s", "outcome", "first problem"], run()))


if __name__ == "__main__":
    main()
