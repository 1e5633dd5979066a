"""Which USearch configuration the search service should default to: metric, storage type, M, ef_construction.

`python -m bench.index_config --size 100000 [--record]`. Clustered 768-d unit vectors (as in the search
suite), held-out queries from the same clusters, ground truth by exact f32 search. Every configuration is
built on the same data, then queried one at a time on one thread, interleaved query by query (the order
rotates each query, so drift on a shared machine hits all alike), over a grid of ef_search values.
Each query is what the service does: 2*k candidates from the index (4*k from an i8 index, whose coarse
distances need the wider pool: search_svc/core/index.py), re-scored exactly from the f32
vectors (the store's), so a lossy storage type costs recall only where it loses a true neighbour from the
candidate pool. FAISS `IndexHNSWFlat` (f32, inner product) takes the same path. The pick is the
configuration with the lowest p50 at recall@10 >= the target, compared with FAISS at equal recall.
Builds are kept in --work-dir, so a build phase longer than one run's time bound spreads over several runs;
the queries always run in one process, all indexes loaded.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from bench import report
from bench.search_data import clustered_vectors, exact_top_k, near, recall_at_k
from bench.search_peers import Built, K, build_faiss_index, build_service_index
from bench.stats import Latencies, Progress, fmt
from search_svc.core.index import IndexConfig, VectorIndex

DIM = 768
TARGET_RECALL = 0.99
EF_GRID = (16, 24, 32, 48, 64, 96, 128)
# Larger collections need a larger ef for the same recall (the service's own ef_search at 1M is 96, at 4M 192).
LARGE_EF_GRID = (16, 24, 32, 48, 64, 80, 96, 112, 128, 192, 256)
LARGE = 500_000
WARM_UP_QUERIES = 100


def ef_grid(size: int) -> tuple[int, ...]:
    return LARGE_EF_GRID if size >= LARGE else EF_GRID
# The configuration the service shipped with before this comparison.
OLD_DEFAULT = IndexConfig(metric="cos", dtype="f16", connectivity=16, expansion_add=128)


@dataclass(frozen=True)
class Candidate:
    name: str
    config: IndexConfig
    faiss: bool = False


CANDIDATES = (
    Candidate("usearch cos f16 M16 efC128 (old default)", OLD_DEFAULT),
    Candidate("usearch ip f16 M16 efC128", replace(OLD_DEFAULT, metric="ip")),
    Candidate("usearch ip f32 M16 efC128", replace(OLD_DEFAULT, metric="ip", dtype="f32")),
    Candidate("usearch ip bf16 M16 efC128", replace(OLD_DEFAULT, metric="ip", dtype="bf16")),
    Candidate("usearch ip i8 M16 efC128", replace(OLD_DEFAULT, metric="ip", dtype="i8")),
    Candidate("usearch ip bf16 M32 efC128", replace(OLD_DEFAULT, metric="ip", dtype="bf16", connectivity=32)),
    Candidate("usearch ip i8 M32 efC128", replace(OLD_DEFAULT, metric="ip", dtype="i8", connectivity=32)),
    Candidate("usearch ip bf16 M16 efC64", replace(OLD_DEFAULT, metric="ip", dtype="bf16", expansion_add=64)),
    Candidate("usearch ip bf16 M16 efC256", replace(OLD_DEFAULT, metric="ip", dtype="bf16", expansion_add=256)),
    Candidate("FAISS HNSWFlat f32 M16 efC128", OLD_DEFAULT, faiss=True),
)


def _build(candidate: Candidate, data: np.ndarray, threads: int, work: Path, progress: Progress) -> Built:
    """The candidate's index, from `work` when an earlier run built it on the same data (builds outlast one run)."""
    config = replace(candidate.config, threads=threads)
    stem = work / f"{re.sub(r'[^a-z0-9]+', '-', candidate.name.lower())}-{len(data)}"
    facts_path, index_path = stem.with_suffix(".json"), stem.with_suffix(".index")
    if facts_path.exists():
        facts = json.loads(facts_path.read_text())
        if candidate.faiss:
            import faiss

            index: Any = faiss.read_index(os.fspath(index_path))
            faiss.omp_set_num_threads(1)
        else:
            index = VectorIndex.load(index_path, data.shape[1], config, expected_count=len(data), applied_seq=0)
        progress(f"loaded {candidate.name} (built earlier in {facts['build_s']:.0f} s)")
        return Built(candidate.name, index, facts["build_s"], facts["memory_mib"])
    if candidate.faiss:
        built = build_faiss_index(data, config, threads, lambda line: None)
        if built is None:
            raise SystemExit("faiss-cpu is not installed: pip install 'mediasearch[bench]'")
        import faiss

        faiss.write_index(built.index, os.fspath(index_path))
    else:
        built = build_service_index(data, config, lambda line: None)
        built.index.save(index_path)
    facts_path.write_text(json.dumps({"build_s": built.build_s, "memory_mib": built.memory_mib}))
    progress(f"built {candidate.name} in {built.build_s:.0f} s (+{built.memory_mib:.0f} MiB)")
    return replace(built, name=candidate.name)


def _rescored(built: Built, data: np.ndarray, query: np.ndarray) -> np.ndarray:
    """The service's query: 2*k ANN candidates (VectorIndex widens an i8 pool), ordered by exact f32 cosine."""
    keys = np.asarray(built.search(query[None, :], 2 * K), dtype=np.int64)
    keys = keys[keys >= 0]  # FAISS pads a short answer with -1
    return keys[np.argsort(-(data[keys] @ query))]


def sweep(indexes: list[Built], data: np.ndarray, queries: np.ndarray, truth: np.ndarray,
          progress: Progress) -> dict[str, dict[int, dict[str, float]]]:
    results: dict[str, dict[int, dict[str, float]]] = {b.name: {} for b in indexes}
    # A loaded index is paged in by its first queries, which made the first ef step of a 1M sweep the slowest
    # (0.90 ms at ef 16 against 0.53 at ef 24): touch each index with a round of queries before timing.
    for built in indexes:
        built.set_ef(max(ef_grid(len(data))))
        for query in queries[:WARM_UP_QUERIES]:
            _rescored(built, data, query)
    for ef in ef_grid(len(data)):
        timings = {b.name: Latencies() for b in indexes}
        found: dict[str, list[np.ndarray]] = {b.name: [] for b in indexes}
        for built in indexes:
            built.set_ef(ef)
            _rescored(built, data, queries[0])  # first call pays page faults
        for i, query in enumerate(queries):
            shift = i % len(indexes)
            for built in indexes[shift:] + indexes[:shift]:
                found[built.name].append(timings[built.name].time(lambda b=built, q=query: _rescored(b, data, q)))
        for built in indexes:
            results[built.name][ef] = {"recall": recall_at_k(found[built.name], truth), **timings[built.name].summary()}
        progress(f"ef {ef}: " + ", ".join(f"{n.split(' (')[0]} {r[ef]['recall']:.3f}/{r[ef]['p50_ms']:.2f} ms"
                                        for n, r in results.items()))
    return results


def at_target(curve: dict[int, dict[str, float]], target: float) -> tuple[int, dict[str, float]] | None:
    """The lowest ef (and its figures) whose re-scored recall@10 reaches `target`."""
    for ef in sorted(curve):
        if curve[ef]["recall"] >= target:
            return ef, curve[ef]
    return None


def p50_at_recall(curve: dict[int, dict[str, float]], recall: float) -> float:
    """The p50 a curve would have at exactly `recall`, linear between its two ef steps either side (nan above
    its best): "at equal recall" when the two compared curves reach the target at different recalls."""
    points = [(curve[ef]["recall"], curve[ef]["p50_ms"]) for ef in sorted(curve)]
    previous: tuple[float, float] | None = None
    for point_recall, p50 in points:
        if point_recall >= recall:
            if previous is None or point_recall == previous[0]:
                return p50
            share = (recall - previous[0]) / (point_recall - previous[0])
            return previous[1] + share * (p50 - previous[1])
        if previous is None or point_recall > previous[0]:
            previous = (point_recall, p50)
    return float("nan")


def tables(measured: dict[str, Any]) -> str:
    size, results = measured["size"], measured["sweep"]
    grid = measured.get("ef_grid", EF_GRID)
    faiss_name = next(c.name for c in CANDIDATES if c.faiss)
    faiss_point = at_target(results[faiss_name], TARGET_RECALL)
    rows = []
    for name, curve in results.items():
        point = at_target(curve, TARGET_RECALL)
        plateau = max(v["recall"] for v in curve.values())
        if point is None:
            rows.append(f"| {name} | not reached (best {plateau:.3f}) | - | - | - | - | "
                        f"{fmt(measured['build_s'][name], 1)} | {fmt(measured['memory_mib'][name], 0)} |")
            continue
        ef, figures = point
        ratio = figures["p50_ms"] / faiss_point[1]["p50_ms"] if faiss_point else float("nan")
        equal = figures["p50_ms"] / p50_at_recall(results[faiss_name], figures["recall"])
        rows.append(f"| {name} | {ef} ({figures['recall']:.3f}) | {figures['p50_ms']:.3f} | {figures['p99_ms']:.3f} | "
                    f"{fmt(ratio, 2)} | {fmt(equal, 2)} | {fmt(measured['build_s'][name], 1)} | "
                    f"{fmt(measured['memory_mib'][name], 0)} |")
    summary = "\n".join([
        f"#### At recall@10 >= {TARGET_RECALL} ({size:,} clustered {DIM}-d vectors, {measured['queries']} queries, "
        "one query thread, 2*k candidates, 4*k for i8, re-scored exactly)",
        "",
        "| configuration | lowest ef reaching it (recall) | p50 ms | p99 ms | p50 / FAISS | "
        "p50 / FAISS at this recall (interpolated) | build s | memory MiB |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
    ])
    curve_rows = []
    for name, curve in results.items():
        cells = [f"{curve[ef]['recall']:.3f} / {curve[ef]['p50_ms']:.3f}" for ef in grid]
        curve_rows.append(f"| {name} | " + " | ".join(cells) + " |")
    full = "\n".join([
        "#### Recall@10 / p50 ms by ef_search",
        "",
        "| configuration | " + " | ".join(f"ef {ef}" for ef in grid) + " |",
        "|---|" + "|".join("---" for _ in grid) + "|",
        *curve_rows,
    ])
    kernels = measured.get("usearch_kernels", {})
    if kernels:
        full += "\n\nUSearch distance kernels on this CPU: " + "; ".join(f"{n}: {k}" for n, k in kernels.items())
    return summary + "\n\n" + full


def measure(size: int, queries_count: int, threads: int, work: Path, progress: Progress,
            candidates: tuple[Candidate, ...] = CANDIDATES) -> dict[str, Any]:
    progress(f"{size:,} clustered {DIM}-d vectors, {queries_count} queries, exact ground truth")
    data, centres = clustered_vectors(size, DIM, seed=size)
    queries = near(centres, queries_count, np.random.default_rng(size + 1))
    truth = exact_top_k(data, queries, K)
    work.mkdir(parents=True, exist_ok=True)
    indexes = [_build(c, data, threads, work, progress) for c in candidates]
    results = sweep(indexes, data, queries, truth, progress)
    kernels = {b.name: b.index.distance_kernel for b in indexes if isinstance(b.index, VectorIndex)}
    measured = {"size": size, "queries": queries_count, "threads": threads, "ef_grid": list(ef_grid(size)),
                "usearch_kernels": kernels,
                "target_recall": TARGET_RECALL, "sweep": results,
                "build_s": {b.name: b.build_s for b in indexes}, "memory_mib": {b.name: b.memory_mib for b in indexes}}
    del indexes
    gc.collect()
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs="+", default=[100_000], help="collection sizes (default 100000)")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--threads", type=int, default=0, help="build threads (0 = every core); queries use one")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "mediasearch-index-config",
                        help="built indexes are kept here and reused by later runs on the same size")
    parser.add_argument("--only", default="", help="comma-separated parts of candidate names to keep (default: all)")
    parser.add_argument("--record", action="store_true", help="write the figures into bench/results.json and docs")
    parser.add_argument("--record-as", default="index_config", help="results key (report.py lists the sections)")
    args = parser.parse_args()
    wanted = [part.strip() for part in args.only.split(",") if part.strip()]
    candidates = tuple(c for c in CANDIDATES if not wanted or any(part in c.name for part in wanted))
    if not any(c.faiss for c in candidates):
        parser.error("--only must keep the FAISS candidate: every table compares with it")
    run = report.StandaloneRun.start(args.threads)
    threads, progress = run.threads, run.progress
    measured = [measure(size, args.queries, threads, args.work_dir, progress, candidates) for size in args.size]
    printed = "\n\n".join(tables(m) for m in measured)
    print(printed, flush=True)
    if args.record:
        command = f"python -m bench.index_config --size {' '.join(map(str, args.size))} --queries {args.queries}" + (
            f" --only '{args.only}'" if wanted else "")
        run.record(args.record_as, command=command, printed=printed, data={"sizes": measured})


if __name__ == "__main__":
    main()
