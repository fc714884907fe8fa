"""`make bench`: every benchmark, each printing its table."""

from __future__ import annotations

from bench import (
    bench_api,
    bench_hostile,
    bench_ingest,
    bench_match,
    bench_overlap,
    bench_plan_e2e,
    bench_planner,
    bench_publish,
    bench_replan,
    bench_shopping,
)


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
    print()
    print("## API: GET /api/v1/plans/{id} under load\n")
    bench_api.main([])
    print("## Planning end to end (PostgreSQL, Dagster in process)\n")
    bench_plan_e2e.main([])
    print()
    print("## Shopping lists and carts\n")
    bench_shopping.main([])
    print()
    print("## Publishing plans to PostgreSQL\n")
    bench_publish.main([])
    print()
    print("## Re-planning one household on demand (after `make plan`)\n")
    bench_replan.main([])


if __name__ == "__main__":
    main()
