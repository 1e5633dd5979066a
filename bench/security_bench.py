"""Security on vs off, side by side: normal-search p50 and throughput through `mediasearch up` and `up --secure`.

Two stacks run at once as users start them (separate processes, the embedded
default model), each holding the same generated photos. Rounds alternate
between them so drift on a shared machine hits both alike: a latency round
sends uncached queries (a new text each time) one at a time; a throughput
round sends them from 8 client threads for a fixed time. The secure stack
adds TLS on every hop (client -> search -> embedder/expansion) and a bearer
token checked on every call.

    python -m bench.security_bench [--rounds 6] [--queries 150] [--seconds 8] [--record]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import grpc

from bench import machine, report

from mediasearch.channels import ChannelSecurity
from mediasearch.client import make_channel
from mediasearch.runtime.tls import ClientTLS
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from tests.servers import free_port

REPO = Path(__file__).resolve().parent.parent
RESULTS, MARKDOWN = REPO / "bench" / "results.json", REPO / "docs" / "benchmarks.md"
WORDS = ("dog", "cat", "car", "beach", "tree", "pizza", "boat", "flower", "house", "bird", "horse", "apple")


@contextmanager
def stack(folder: Path, secure: bool) -> Iterator[tuple[str, ChannelSecurity | None]]:
    ports = [free_port() for _ in range(3)]
    command = [sys.executable, "-m", "mediasearch.cli", "up", "--data-dir", str(folder), "--metrics-base-port", "-1",
               "--embedder-port", str(ports[0]), "--expansion-port", str(ports[1]), "--search-port", str(ports[2])]
    process = subprocess.Popen(command + (["--secure"] if secure else []), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("stack ready"):
            break
    else:
        raise RuntimeError(f"stack did not start (secure={secure})")
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    security = None
    if secure:
        dev = folder / "dev-security"
        security = ChannelSecurity(ClientTLS(str(dev / "ca.pem")), token_file=str(dev / "admin.token"))
    try:
        yield f"127.0.0.1:{ports[2]}", security
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def query(n: int) -> search_pb2.SearchRequest:
    text = f"a photo of a {WORDS[n % len(WORDS)]} number {n}"  # new text: the query-embedding cache misses
    return search_pb2.SearchRequest(parent="collections/bench", terms=[search_pb2.QueryTerm(text=text)], page_size=10)


def latencies(stub: search_pb2_grpc.SearchServiceStub, start: int, count: int) -> list[float]:
    times = []
    for n in range(start, start + count):
        began = time.perf_counter()
        stub.Search(query(n), timeout=30)
        times.append(time.perf_counter() - began)
    return times


def throughput(stub: search_pb2_grpc.SearchServiceStub, start: int, seconds: float, threads: int = 8) -> float:
    done = [0] * threads
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        n = start + index * 1_000_000
        while time.monotonic() < stop:
            stub.Search(query(n), timeout=30)
            n += 1
            done[index] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--record", action="store_true", help="write the figures into bench/results.json and docs")
    args = parser.parse_args()
    described = machine.describe(os.cpu_count() or 1)
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with tempfile.TemporaryDirectory() as scratch, \
            stack(Path(scratch) / "plain", secure=False) as plain, stack(Path(scratch) / "secure", secure=True) as secure:
        stubs = {}
        for name, (address, security) in (("off", plain), ("on", secure)):
            channel = make_channel(address, security=security)
            stub = search_pb2_grpc.SearchServiceStub(channel)
            requests = (search_pb2.IngestRequest(parent="collections/bench", item_id=f"p{i}", data=pattern_image(i))
                        for i in range(args.items))
            indexed = sum(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(requests, timeout=600))
            print(f"security {name}: {indexed} items indexed", file=sys.stderr, flush=True)
            latencies(stub, 10_000_000, 20)  # warm up connections and the model
            stubs[name] = stub
        p50 = {"off": [], "on": []}
        qps = {"off": [], "on": []}
        for round_number in range(args.rounds):
            order = ("off", "on") if round_number % 2 == 0 else ("on", "off")
            for name in order:
                times = latencies(stubs[name], round_number * 100_000, args.queries)
                p50[name].append(statistics.median(times) * 1000)
                qps[name].append(throughput(stubs[name], 50_000_000 + round_number * 100_000, args.seconds))
            print(f"round {round_number + 1}/{args.rounds}: p50 off {p50['off'][-1]:.2f} ms, on {p50['on'][-1]:.2f} ms; "
                  f"qps off {qps['off'][-1]:.1f}, on {qps['on'][-1]:.1f}", file=sys.stderr, flush=True)
    off_p50, on_p50 = statistics.median(p50["off"]), statistics.median(p50["on"])
    off_qps, on_qps = statistics.median(qps["off"]), statistics.median(qps["on"])
    command = (f"python -m bench.security_bench --rounds {args.rounds} --queries {args.queries} "
               f"--seconds {args.seconds} --items {args.items}")
    table = "\n".join([
        "| normal search, uncached text | security off | security on (TLS every hop + token) | on / off | goal |",
        "|---|---|---|---|---|",
        f"| p50 latency, 1 client | {off_p50:.2f} ms | {on_p50:.2f} ms | {on_p50 / off_p50:.3f} | <= 1.10 |",
        f"| throughput, 8 clients | {off_qps:.1f} q/s | {on_qps:.1f} q/s | {on_qps / off_qps:.3f} | >= 0.90 |",
        "",
        "Per round (p50 ms off/on; q/s off/on): " + "; ".join(
            f"{a:.2f}/{b:.2f}, {c:.0f}/{d:.0f}" for a, b, c, d in zip(p50["off"], p50["on"], qps["off"], qps["on"],
                                                                     strict=True)),
    ])
    print(f"\nCommand: `{command}` ({os.cpu_count()} cores; medians over rounds, interleaved)\n\n{table}")
    if args.record:
        results = report.load_results(RESULTS)
        results["security"] = {"started": started, "command": command,
                               "machine": {**described, "load_average_at_end": machine.load_average()},
                               "printed": table}
        RESULTS.write_text(json.dumps(results, indent=1, default=float) + "\n")
        MARKDOWN.write_text(report.render(results))


if __name__ == "__main__":
    main()
