"""Search index: the search service's own `VectorIndex` against exact search and FAISS HNSW.

For each size: clustered 768-d unit vectors, held-out queries from the same
clusters, ground truth by exact f32 search. Then the service's index as the
service configures it (`IndexConfig()` defaults: f16, M=16, ef_add=128,
ef_search=64) and FAISS `IndexHNSWFlat` with the same M and ef_construction,
both built with the same threads; queries one at a time on one thread, the
two libraries interleaved query by query over a grid of ef_search values.
"""

from __future__ import annotations

import gc
from typing import Any

import numpy as np

from bench.profiling import top_functions
from bench.report import SuiteResult
from bench.search_data import clustered_vectors, exact_floor, exact_top_k, near, recall_at_k
from bench.search_peers import K, Built, build_faiss_index, build_service_index
from bench.search_report import report_size
from bench.sizes import SizeProfile
from bench.stats import Latencies
from bench.workspace import Workspace
from search_svc.core.index import IndexConfig

DIM = 768


def run(profile: SizeProfile, ws: Workspace) -> SuiteResult:
    result = SuiteResult("search")
    for size in profile.index_sizes:
        _measure_size(size, profile, ws, result)
        gc.collect()
    return result


def _sweep(indexes: list[Built], grid: list[int], queries: np.ndarray, truth: np.ndarray,
           ws: Workspace, label: str) -> dict[str, dict[int, dict[str, float]]]:
    sweep: dict[str, dict[int, dict[str, float]]] = {built.name: {} for built in indexes}
    for ef in grid:
        ws.progress(f"search {label}: ef_search {ef}, {len(queries)} queries on each index")
        timings = {built.name: Latencies() for built in indexes}
        found: dict[str, list[np.ndarray]] = {built.name: [] for built in indexes}
        for built in indexes:
            built.set_ef(ef)
            built.search(queries[:1])
        for query in queries:
            row = query[None, :]
            for built in indexes:  # interleaved query by query
                found[built.name].append(timings[built.name].time(lambda: built.search(row)))
        for built in indexes:
            sweep[built.name][ef] = {"recall": recall_at_k(found[built.name], truth), **timings[built.name].summary()}
    return sweep


def _measure_size(size: int, profile: SizeProfile, ws: Workspace, result: SuiteResult) -> None:
    label = f"{size:,}"
    ws.progress(f"search {label}: generating clustered {DIM}-d vectors and exact ground truth")
    data, centres = clustered_vectors(size, DIM, seed=size)
    queries = near(centres, profile.queries, np.random.default_rng(size + 1))
    truth = exact_top_k(data, queries, K)
    ws.progress(f"search {label}: exact search floor ({profile.exact_reps} queries per method)")
    floor = exact_floor(data, queries, profile.exact_reps)
    gc.collect()

    config = IndexConfig(threads=ws.threads)  # the service's defaults; threads as for every other library here
    ws.progress(f"search {label}: building the service's VectorIndex ({config.dtype}, M={config.connectivity}, "
                f"ef_add={config.expansion_add})")
    service = build_service_index(data, config, ws.progress)
    ws.progress(f"search {label}: built in {service.build_s:.0f} s; building FAISS IndexHNSWFlat")
    peer = build_faiss_index(data, config, ws.threads, ws.progress)
    indexes = [service] + ([peer] if peer else [])
    default_ef = service.index.expansion_search  # what the service picks for this size (config: by size)
    grid = sorted(set(profile.ef_grid) | {default_ef})
    sweep = _sweep(indexes, grid, queries, truth, ws, label)
    service.set_ef(default_ef)

    # How the service really queries: 2*k candidates from the index, re-scored exactly with f32 vectors.
    rescored = []
    for query in queries:
        keys = service.search(query[None, :], 2 * K)
        rescored.append(keys[np.argsort(-(data[keys] @ query))])
    wrapper, bare = Latencies(), Latencies()
    for query in queries:
        row = query[None, :]
        wrapper.time(lambda: service.index.search(row, K))
        bare.time(lambda: service.index.search_unlocked_raw(row, K))
    rows = iter(queries[:, None, :])
    python_profile = top_functions(lambda: service.index.search(next(rows), K), len(queries), top=8)

    measured: dict[str, Any] = {
        "size": size, "dim": DIM, "queries": len(queries), "threads": ws.threads, "config": config,
        "default_ef": default_ef,
        "floor": floor, "exact_reps": profile.exact_reps, "grid": grid, "sweep": sweep,
        "build_s": {b.name: b.build_s for b in indexes}, "memory_mib": {b.name: b.memory_mib for b in indexes},
        "usearch_own_mib": service.index.memory_bytes / 2**20,  # USearch's own accounting, for reference
        "rescored_recall": recall_at_k(rescored, truth), "wrapper_p50_ms": wrapper.p50_ms,
        "bare_usearch_p50_ms": bare.p50_ms, "python_profile": python_profile, "faiss": peer is not None,
    }
    report_size(result, label, measured)
    del indexes, service, peer, data
