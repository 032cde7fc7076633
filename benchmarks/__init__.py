"""Benchmarks and the synthetic data they measure (``scripts/bench``, ``scripts/generate``)."""
