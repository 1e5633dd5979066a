"""Embedded USearch vs Milvus Lite, side by side, through the same Collection API the service uses.

    python -m bench.milvus_bench --size 100000            # both backends, one subprocess each
    python -m bench.milvus_bench --size 2000 --queries 20 # a smoke run

Per backend: ingest rate (batches of 1,000 through `Collection.ingest`, for
Milvus Lite plus the flush that builds its index), recall@10 against exact
search, p50/p99 single-query latency of `search_vector` (exact re-scoring
included, as the service does), the same with a tag filter that allows 1% and
10% of the items (and the recall there), and the process's resident memory
growth. Clustered 768-d unit vectors as in bench/index_config.py. Each
backend runs in its own process, so its memory is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.search_data import clustered_vectors, exact_top_k, near, recall_at_k
from bench.stats import Latencies, rss_mib
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection
from search_svc.core.filters import ItemFilter
from search_svc.core.records import ItemMetadata, NewItem

DIM = 768
BATCH = 1000
K = 10
# Tags that allow 1% and 10% of the items.
SELECTIVITY = {"1%": ("one-in-100", 100), "10%": ("one-in-10", 10)}


def items(data: np.ndarray, start: int) -> list[NewItem]:
    made = []
    for offset, vector in enumerate(data):
        i = start + offset
        tags = tuple(tag for tag, every in SELECTIVITY.values() if i % every == 0)
        sha = f"{i:064x}"
        made.append(NewItem(f"item-{i}", sha, ItemMetadata(uri=f"/p/{i}.jpg", tags=tags), vector))
    return made


def open_collection(backend: str, folder: Path) -> tuple[Collection, Any]:
    calibration = CalibrationProfile.fixed_temperature()
    if backend == "milvus-lite":
        from search_svc.core.backends import MilvusBackend

        milvus = MilvusBackend(str(folder / "lite.db"))
        return milvus.create("bench", model_id="m", dimension=DIM, calibration=calibration), milvus
    return Collection.create(folder / "bench", name="bench", model_id="m", dimension=DIM, calibration=calibration), None


def searched_rows(
    collection: Collection, queries: np.ndarray, item_filter: ItemFilter
) -> tuple[list[np.ndarray], Latencies]:
    latencies = Latencies()
    found = []
    for query in queries:
        outcome = latencies.time(lambda q=query: collection.search_vector(q, top_k=K, item_filter=item_filter))
        found.append(np.array([int(hit.record.id.split("-")[1]) for hit in outcome.hits]))
    return found, latencies


def say(backend: str, what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {backend}: {what}", file=sys.stderr, flush=True)


def measure_one(backend: str, size: int, query_count: int, filtered_count: int) -> dict[str, Any]:
    data, centres = clustered_vectors(size, DIM, seed=7)
    queries = near(centres, query_count, np.random.default_rng(8))
    before = rss_mib()
    result: dict[str, Any] = {"backend": backend, "size": size, "queries": query_count}
    with tempfile.TemporaryDirectory() as folder:
        collection, milvus = open_collection(backend, Path(folder))
        started = time.perf_counter()
        for start in range(0, size, BATCH):
            collection.ingest(items(data[start : start + BATCH], start))
        result["ingest_per_s"] = round(size / (time.perf_counter() - started), 1)
        say(backend, f"ingested {size} at {result['ingest_per_s']}/s")
        if milvus is not None:
            # Lite searches unflushed rows by brute force; the flush seals them and builds the HNSW index.
            started = time.perf_counter()
            milvus.store.client.flush(collection._items)  # type: ignore[attr-defined]
            result["flush_index_s"] = round(time.perf_counter() - started, 1)
        result["rss_growth_mib"] = round(rss_mib() - before, 1)
        say(backend, "index ready; querying")
        truth = exact_top_k(data, queries, K)
        found, latencies = searched_rows(collection, queries, ItemFilter())
        result["recall_at_10"] = round(recall_at_k(found, truth, K), 4)
        result["query"] = latencies.summary()
        say(backend, f"unfiltered p50 {result['query']['p50_ms']} ms")
        for label, (tag, every) in SELECTIVITY.items():
            allowed = np.arange(0, size, every)
            some = queries[:filtered_count]
            filtered_truth = allowed[exact_top_k(data[allowed], some, K)]
            found, latencies = searched_rows(collection, some, ItemFilter.build(tags_all=[tag]))
            result[f"filtered_{label}"] = {
                **latencies.summary(),
                "recall_at_10": round(recall_at_k(found, filtered_truth, K), 4),
            }
        collection.close()
        if milvus is not None:
            milvus.close()
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| backend | items | ingest/s | recall@10 | p50 ms | p99 ms | 1% filter p50/p99 ms (recall) | "
        "10% filter p50/p99 ms (recall) | RSS growth MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        one, ten = r["filtered_1%"], r["filtered_10%"]
        ingest = f"{r['ingest_per_s']}" + (f" (+{r['flush_index_s']} s index)" if "flush_index_s" in r else "")
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {ingest} | {r['recall_at_10']} | {r['query']['p50_ms']} | "
            f"{r['query']['p99_ms']} | {one['p50_ms']}/{one['p99_ms']} ({one['recall_at_10']}) | "
            f"{ten['p50_ms']}/{ten['p99_ms']} ({ten['recall_at_10']}) | {r['rss_growth_mib']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--filtered-queries", type=int, default=40, help="per selectivity (Lite filters slowly)")
    parser.add_argument("--backends", default="embedded,milvus-lite")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one backend, JSON on stdout
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.size, args.queries, args.filtered_queries)))
        return
    results = []
    for backend in args.backends.split(","):
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.milvus_bench",
                "--one",
                backend,
                "--size",
                str(args.size),
                "--queries",
                str(args.queries),
                "--filtered-queries",
                str(args.filtered_queries),
            ],
            check=True,
            stdout=subprocess.PIPE,  # stderr passes through: the child's progress lines
            text=True,
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    print(table(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
