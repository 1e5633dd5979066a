"""The two HNSW indexes the search benchmark compares: the service's own `VectorIndex` and FAISS.

Both expose the same three calls (set ef_search, search one query, memory),
so the benchmark can time them query by query, interleaved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.stats import rss_mib
from search_svc.core.index import IndexConfig, VectorIndex

K = 10


@dataclass
class Built:
    """An index, how long it took to build and how much this process grew while building it."""

    name: str
    index: Any
    build_s: float
    memory_mib: float

    def set_ef(self, ef: int) -> None:
        if isinstance(self.index, VectorIndex):
            # VectorIndex picks ef_search from its config and size; the sweep pins it in place on the same
            # graph (the service would be restarted with SEARCH_INDEX_EXPANSION_SEARCH instead).
            self.index.set_expansion_search(ef)
        else:
            self.index.hnsw.efSearch = ef

    def search(self, row: np.ndarray, count: int = K) -> np.ndarray:
        """Keys of the nearest rows for one query row (shape (1, dim)), best first."""
        if isinstance(self.index, VectorIndex):
            return self.index.search(row, count)[0][0]
        return self.index.search(row, count)[1][0]


# Vectors added between two progress lines while building (a 1M build takes tens of minutes).
PROGRESS_EVERY = 100_000


def _reported(data: np.ndarray, chunk: int, name: str, report: Callable[[str], None]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each chunk, with a progress line (rate, ETA) every PROGRESS_EVERY vectors."""
    began, last = time.perf_counter(), 0
    for start in range(0, len(data), chunk):
        stop = min(len(data), start + chunk)
        yield start, stop
        if stop - last >= PROGRESS_EVERY or stop == len(data):
            rate = stop / max(time.perf_counter() - began, 1e-9)
            report(f"building {name}: {stop:,}/{len(data):,} vectors, {rate:,.0f}/s, "
                   f"ETA {(len(data) - stop) / rate:.0f} s")
            last = stop


def build_service_index(data: np.ndarray, config: IndexConfig, report: Callable[[str], None]) -> Built:
    before = rss_mib()
    began = time.perf_counter()
    chunks = ((np.arange(a, b), data[a:b]) for a, b in _reported(data, 10_000, "service index", report))
    index = VectorIndex.build(data.shape[1], config, chunks, applied_seq=0)
    return Built("service", index, time.perf_counter() - began, rss_mib() - before)


def build_faiss_index(data: np.ndarray, config: IndexConfig, threads: int,
                      report: Callable[[str], None]) -> Built | None:
    """FAISS IndexHNSWFlat with the service's M and ef_construction; None when faiss-cpu is not installed."""
    try:
        import faiss
    except ImportError:
        return None
    faiss.omp_set_num_threads(threads)
    before = rss_mib()
    began = time.perf_counter()
    index = faiss.IndexHNSWFlat(data.shape[1], config.connectivity, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = config.expansion_add
    for start, stop in _reported(data, 50_000, "FAISS index", report):
        index.add(data[start:stop])
    built = Built("faiss", index, time.perf_counter() - began, rss_mib() - before)
    faiss.omp_set_num_threads(1)  # one query at a time, as the service runs them; avoids OpenMP start-up cost
    return built
