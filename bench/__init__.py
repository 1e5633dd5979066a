"""Benchmarks of mediasearch: embedder, search index and end to end, as ratios measured side by side.

Run `python -m bench.run --help`; results go to docs/benchmarks.md and bench/results.json.
"""
