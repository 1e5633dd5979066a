"""Dynamic batching under 1, 4 and 16 concurrent clients: the same server with batching on and off.

Two servers with the same model and precision run side by side: one with the
default batcher (up to 32 items per forward pass, 5 ms wait), one with
max_batch_size=1. Each client sends one item per request, back to back, as
search queries and single-photo uploads arrive.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.embedder_parts import RunningEmbedder, running_embedder
from bench.report import Table
from bench.sizes import SizeProfile
from bench.stats import Latencies, fmt
from bench.workspace import Workspace, text_query

CONCURRENCY_PRECISION = "int8"


def _load(clients: int, total: int, request: Callable[[int], object]) -> tuple[Latencies, float]:
    """`total` requests spread over `clients` threads; (per-request latencies, wall seconds)."""
    latencies = Latencies()
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def worker(worker_index: int) -> None:
        start.wait()
        for i in range(worker_index, total, clients):
            began = time.perf_counter()
            request(i)
            with lock:
                latencies.seconds.append(time.perf_counter() - began)

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    return latencies, time.perf_counter() - began


def _measure(service: RunningEmbedder, kind: str, clients: int, total: int,
             request: Callable[[int], object]) -> dict[str, float]:
    before = service.batch_totals(kind)
    latencies, wall = _load(clients, total, request)
    after = service.batch_totals(kind)
    passes, items = after[0] - before[0], after[1] - before[1]
    return {"per_s": total / wall, "p50_ms": latencies.p50_ms, "p99_ms": latencies.p99_ms,
            "mean_batch": items / passes if passes else float("nan")}


def concurrency_table(label: str, folder: Path, kind: str, photos: list[bytes], profile: SizeProfile,
                      ws: Workspace) -> tuple[Table, dict[str, Any]]:
    words = ws.query_words(kind)
    texts = [text_query(words, 10_000 + i, 8) for i in range(profile.concurrent_text_requests)]
    rows, data = [], {}
    with running_embedder(folder, CONCURRENCY_PRECISION, ws.threads) as batched, \
            running_embedder(folder, CONCURRENCY_PRECISION, ws.threads, max_batch_size=1) as unbatched:
        for service in (batched, unbatched):  # warm-up: first calls pay one-off costs
            service.client.embed_texts([texts[0]])
            service.embed_images(photos[:1])
        workloads = (
            ("text query", "text", profile.concurrent_text_requests,
             lambda service: lambda i: service.client.embed_texts([texts[i]])),
            ("image", "image", profile.concurrent_image_requests,
             lambda service: lambda i: service.embed_images([photos[i % len(photos)]])),
        )
        for name, metric_kind, total, make_request in workloads:
            for clients in profile.concurrency:
                ws.progress(f"  {name}: {clients} clients, batching on and off")
                on = _measure(batched, metric_kind, clients, total, make_request(batched))
                off = _measure(unbatched, metric_kind, clients, total, make_request(unbatched))
                data[f"{name} x{clients}"] = {"batching_on": on, "batching_off": off}
                rows.append([name, str(clients), fmt(on["per_s"]), fmt(off["per_s"]),
                             f"{on['per_s'] / off['per_s']:.2f}x",
                             fmt(on["p50_ms"]), fmt(off["p50_ms"]), fmt(on["p99_ms"]), fmt(off["p99_ms"]),
                             fmt(on["mean_batch"], 1)])
    table = Table(
        f"Dynamic batching: {label}, {CONCURRENCY_PRECISION}, one item per request",
        ["item", "clients", "items/s batching on", "items/s off (max batch 1)", "on / off", "p50 ms on",
         "p50 ms off", "p99 ms on", "p99 ms off", "mean batch on"],
        rows, [f"{profile.concurrent_text_requests} text and {profile.concurrent_image_requests} image requests per "
               "cell; the two servers are measured one after the other for each cell."])
    return table, data
