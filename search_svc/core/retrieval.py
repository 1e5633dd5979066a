"""Choosing candidates (ANN, over-fetched ANN, or exact) and scoring them with full-precision vectors.

Strategy for one query and a pool of `pool` wanted candidates:
- No filter: one ANN lookup. If it returns fewer than min(pool, index size)
  (HNSW can, e.g. around removed nodes), every live item is scored exactly.
- A filter allowing few items (at most `exact_min`, or at most
  `exact_fraction` of the index): every allowed item is scored exactly, so a
  selective filter never yields a short page.
- Otherwise: ANN over-fetch by the inverse of the filter's selectivity (times
  a safety factor), keeping allowed keys; the fetch doubles until the pool is
  full, and past `max_fetch_fraction` of the index exact scoring takes over.

Candidates are always re-scored from the store's float32 vectors, so reported
cosines are exact, not f16 approximations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from search_svc.core.filters import ItemFilter
from search_svc.core.index import VectorIndex
from search_svc.core.store import ItemStore


@dataclass(frozen=True)
class RetrievalTuning:
    exact_min: int = 1024
    exact_fraction: float = 0.05
    overfetch_safety: float = 2.0
    max_fetch_fraction: float = 0.5


def candidate_keys(
    store: ItemStore,
    index: VectorIndex,
    queries: np.ndarray,
    pool: int,
    item_filter: ItemFilter,
    tuning: RetrievalTuning,
) -> list[np.ndarray]:
    """Candidate keys per query row (unordered). Exact fallbacks may return more than `pool`."""
    queries = np.asarray(queries, dtype=np.float32).reshape(-1, store.dimension)
    index_size = len(index)
    if item_filter.is_empty:
        if index_size <= tuning.exact_min:
            return [store.filter_keys(item_filter)] * len(queries)
        found = index.search(queries, pool)
        everything: np.ndarray | None = None
        result = []
        for keys, _ in found:
            if len(keys) < min(pool, index_size):
                everything = store.filter_keys(item_filter) if everything is None else everything
                keys = everything
            result.append(keys)
        return result

    allowed = store.filter_keys(item_filter)
    if len(allowed) <= max(tuning.exact_min, tuning.exact_fraction * index_size):
        return [allowed] * len(queries)
    return [_overfetch(index, query, pool, allowed, tuning) for query in queries]


def _overfetch(
    index: VectorIndex, query: np.ndarray, pool: int, allowed: np.ndarray, tuning: RetrievalTuning
) -> np.ndarray:
    index_size = len(index)
    fetch = math.ceil(pool * index_size / len(allowed) * tuning.overfetch_safety)
    while fetch <= tuning.max_fetch_fraction * index_size:
        keys, _ = index.search(query[None, :], fetch)[0]
        kept = keys[_is_member(keys, allowed)]
        if len(kept) >= pool:
            return kept
        fetch *= 2
    return allowed


def best_first(keys: np.ndarray, cosines: np.ndarray) -> np.ndarray:
    """Order positions by cosine, highest first; equal cosines by key so pages are stable."""
    return np.lexsort((keys, -cosines))


def _is_member(keys: np.ndarray, sorted_allowed: np.ndarray) -> np.ndarray:
    positions = np.searchsorted(sorted_allowed, keys)
    positions = np.minimum(positions, len(sorted_allowed) - 1)
    return sorted_allowed[positions] == keys
