"""How much work each benchmark size does: smoke (CI, seconds), standard (minutes), full (1M vectors).

Smoke uses a tiny model and small counts so the whole pipeline runs in CI;
its numbers only prove the scripts work. Standard and full use a randomly
initialised model with the SigLIP-base-patch16-224 shape (weights do not
change speed).
"""

from __future__ import annotations

from dataclasses import dataclass

PRECISIONS = ("float32", "bfloat16", "int8")


@dataclass(frozen=True)
class SizeProfile:
    name: str
    # "tiny" (a few-layer test model) or "base" (SigLIP-base-patch16-224 shape).
    model: str
    # Embedder: images per forward pass / per request, rounds of raw vs service.
    image_batch: int
    image_rounds: int
    text_reps: int
    concurrent_text_requests: int
    concurrent_image_requests: int
    photo_size: tuple[int, int]
    # Search index: collection sizes, queries for recall and latency, exact-search repetitions.
    index_sizes: tuple[int, ...]
    queries: int
    exact_reps: int
    ef_grid: tuple[int, ...]
    # End to end: items in the searched collection, query rounds, ingest rounds.
    e2e_items: int
    e2e_rounds: int
    ingest_rounds: int
    # Expansion: passes over each query list when timing Expand.
    expansion_rounds: int = 20
    concurrency: tuple[int, ...] = (1, 4, 16)
    e2e_precisions: tuple[str, ...] = ("int8", "bfloat16")


SIZES = {
    "smoke": SizeProfile(
        name="smoke", model="tiny", image_batch=4, image_rounds=2, text_reps=5,
        concurrent_text_requests=16, concurrent_image_requests=16, photo_size=(320, 240),
        index_sizes=(2_000,), queries=50, exact_reps=3, ef_grid=(16, 64),
        e2e_items=2_000, e2e_rounds=4, ingest_rounds=2, expansion_rounds=2,
    ),
    "standard": SizeProfile(
        name="standard", model="base", image_batch=16, image_rounds=3, text_reps=20,
        concurrent_text_requests=48, concurrent_image_requests=32, photo_size=(1600, 1200),
        index_sizes=(100_000,), queries=300, exact_reps=20, ef_grid=(16, 32, 48, 64, 96, 128, 192, 256),
        e2e_items=20_000, e2e_rounds=30, ingest_rounds=3,
    ),
    "full": SizeProfile(
        name="full", model="base", image_batch=16, image_rounds=3, text_reps=20,
        concurrent_text_requests=48, concurrent_image_requests=32, photo_size=(1600, 1200),
        index_sizes=(1_000_000,), queries=300, exact_reps=10, ef_grid=(16, 32, 48, 64, 96, 128, 192, 256, 384, 512),
        e2e_items=100_000, e2e_rounds=30, ingest_rounds=3,
    ),
}
