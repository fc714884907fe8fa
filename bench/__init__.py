"""Benchmarks and the synthetic scale generators (`make bench` runs them all)."""
