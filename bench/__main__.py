"""`make bench`: every benchmark, each printing its table."""

from __future__ import annotations

from bench import bench_hostile, bench_ingest, bench_match, bench_overlap, bench_planner


def main() -> None:
    bench_ingest.main([])
    print()
    print("## Overlap (top-20 neighbours)\n")
    print("\n".join(bench_overlap.bench(bench_overlap.SIZES, seed=0)))
    print()
    bench_hostile.main()
    print()
    print("## Planner\n")
    bench_planner.main([])
    print()
    bench_match.main()


if __name__ == "__main__":
    main()
