"""Clustered unit vectors (as image embeddings cluster around concepts) and exact search over them.

Exact search is the floor an ANN index must beat: brute-force scoring of
every vector, memory-bandwidth-bound. It is measured per single query, as
a service answers queries, with numpy f32, numpy f16 and torch f16 (numpy
has no fast f16 kernel; torch streams f16 at close to memory speed).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bench.stats import Latencies

CHUNK = 50_000


def clustered_vectors(count: int, dim: int, *, seed: int, points_per_cluster: int = 100,
                      spread: float = 0.7) -> tuple[np.ndarray, np.ndarray]:
    """(data, centres): unit rows scattered around random unit centres; generated in chunks to bound memory."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(20, count // points_per_cluster), dim), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    data = np.empty((count, dim), dtype=np.float32)
    for start in range(0, count, CHUNK):
        stop = min(count, start + CHUNK)
        data[start:stop] = near(centres, stop - start, rng, spread)
    return data, centres


def near(centres: np.ndarray, count: int, rng: np.random.Generator, spread: float = 0.7) -> np.ndarray:
    """`count` unit float32 rows, each scattered around a random centre."""
    labels = rng.integers(0, len(centres), count)
    # A float32 scale: numpy 2 keeps a float64 scalar's precision, which made these rows float64, and
    # exact numpy search then upcast the whole float32 matrix on every query (3.8 s instead of 128 ms at 1M).
    scale = np.float32(spread / np.sqrt(centres.shape[1]))
    rows = centres[labels] + rng.standard_normal((count, centres.shape[1]), dtype=np.float32) * scale
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def exact_top_k(data: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """The true k nearest rows (by cosine = dot product of unit rows) per query, best first."""
    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(data), CHUNK):
        scores = queries @ data[start:start + CHUNK].T
        ids = np.broadcast_to(np.arange(start, start + scores.shape[1]), scores.shape)
        scores = np.concatenate([best_scores, scores], axis=1)
        ids = np.concatenate([best_ids, ids], axis=1)
        keep = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        best_scores = np.take_along_axis(scores, keep, axis=1)
        best_ids = np.take_along_axis(ids, keep, axis=1)
    order = np.argsort(-best_scores, axis=1)
    return np.take_along_axis(best_ids, order, axis=1)


def recall_at_k(found: list[np.ndarray], truth: np.ndarray, k: int = 10) -> float:
    return float(np.mean([len(set(f[:k].tolist()) & set(t[:k].tolist())) / k for f, t in zip(found, truth)]))


def exact_floor(data: np.ndarray, queries: np.ndarray, reps: int, k: int = 10) -> dict[str, Latencies]:
    """Per-query brute-force latency: numpy f32, numpy f16 (few reps: slow), torch f16 when torch is present."""
    queries = np.asarray(queries, dtype=data.dtype)  # a query of another dtype would upcast the whole matrix
    methods: dict[str, tuple[Callable[[np.ndarray], object], int]] = {
        "numpy f32": (lambda q: np.argpartition(data @ q, -k)[-k:], reps),
    }
    half = data.astype(np.float16)
    methods["numpy f16"] = (lambda q: np.argpartition(half @ q.astype(np.float16), -k)[-k:], min(reps, 3))
    try:
        import torch

        half_t = torch.from_numpy(half)
        methods["torch f16"] = (lambda q: torch.topk(half_t @ torch.from_numpy(q.astype(np.float16)), k), reps)
    except ImportError:
        pass
    timings = {name: Latencies() for name in methods}
    for name, (search, count) in methods.items():
        search(queries[0])  # first call pays page faults and thread start-up
    for i in range(reps):  # interleaved, so drift on a shared machine hits every method alike
        for name, (search, count) in methods.items():
            if i < count:
                query = queries[i % len(queries)]
                timings[name].time(lambda: search(query))
    return timings
