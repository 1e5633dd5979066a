"""Load and fairness run against real service processes: `python -m bench.load [--seconds 30]`.

Not part of CI (it is heavy: run it alone). Two parts, printed as Markdown:

1. Mixed load: 64 clients (one channel each) run searches, small ingest
   streams and deletes for a bounded time against an embedder and a search
   service; throughput, p50/p99 and errors by status per operation. All
   clients share one machine and so one peer address, which the service
   would treat as one caller; this part starts the search service with
   `--max-caller-share 1` so the 64 clients stand for 64 machines and only
   the global bound applies.
2. Fairness: a search service with the default limits. A well-behaved
   caller (4 threads, IPv6 loopback) searches unloaded and with 64 idle
   Ingest streams and a SIGSTOPped client attached from the IPv4 loopback,
   in interleaved phases; its p99 and status codes are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import grpc

from bench import machine, report
from bench.report import Table
from bench.stats import percentile_ms
from bench.workspace import photo_bytes
from mediasearch.names import collection_name, item_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing import stream_client
from tests.servers import free_port, wait_serving, wait_until

REPO = Path(__file__).resolve().parent.parent
SEARCH = "mediasearch.search.v1.SearchService"
INGEST = f"/{SEARCH}/Ingest"
COLLECTION = "load"
WORDS = ("dog", "cat", "beach", "car", "tree", "red flower", "city at night", "a bowl of fruit", "snow", "boat")


@contextmanager
def service(module: str, port: int, *args: str) -> Iterator[subprocess.Popen[str]]:
    """A service as its own process (so clients and servers do not share a GIL), SERVING before it yields."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), "--log-format", "text", "--log-level", "WARNING", *args],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_serving(port, f"mediasearch.{module.removesuffix('_svc')}.v1.{module.removesuffix('_svc').title()}Service",
                     process, timeout_s=300)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


class Record:
    """Latencies and status codes per operation, shared by client threads."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.codes: dict[str, Counter[str]] = defaultdict(Counter)
        # When each OK call ended (time.monotonic()), to count throughput inside the window only.
        self.ended: dict[str, list[float]] = defaultdict(list)
        # The first message of each failure kind: where the errors came from.
        self.first_details: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def timed(self, op: str, call: Callable[[], object]) -> None:
        started = time.perf_counter()
        details = ""
        try:
            call()
            code = "OK"
        except grpc.RpcError as error:
            code, details = error.code().name, error.details() or ""
        elapsed = time.perf_counter() - started
        with self._lock:
            self.codes[op][code] += 1
            if code == "OK":
                self.seconds[op].append(elapsed)
                self.ended[op].append(time.monotonic())
            else:
                self.first_details.setdefault((op, code), f"{details[:160]} (after {elapsed:.1f} s)")


def _ingest_requests(items: list[tuple[str, bytes]]) -> Iterator[search_pb2.IngestRequest]:
    for item_id, data in items:
        yield search_pb2.IngestRequest(parent=collection_name(COLLECTION), item_id=item_id, data=data,
                                       metadata=search_pb2.ItemMetadata(uri=f"/load/{item_id}.jpg"))


def seed(port: int, count: int) -> None:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        photos = [(f"seed-{i}", photo_bytes(i, (320, 240))) for i in range(count)]
        statuses = Counter(r.status for r in stub.Ingest(_ingest_requests(photos), timeout=600))
        if statuses != Counter({search_pb2.INGEST_STATUS_INDEXED: count}):
            raise RuntimeError(f"seeding failed: {statuses}")


def _search(stub: search_pb2_grpc.SearchServiceStub, rng: random.Random) -> None:
    stub.Search(search_pb2.SearchRequest(parent=collection_name(COLLECTION), terms=[search_pb2.QueryTerm(text=rng.choice(WORDS))],
                                         page_size=10), timeout=30)


def mixed_client(address: str, index: int, until: float, record: Record, photos: list[bytes]) -> None:
    """70% search, 20% ingest of a 2-photo stream, 10% delete of this client's own items."""
    rng = random.Random(index)
    mine: list[str] = []
    with grpc.insecure_channel(address) as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        serial = 0
        while time.monotonic() < until:
            roll = rng.random()
            if roll < 0.7:
                record.timed("search", lambda: _search(stub, rng))
            elif roll < 0.9 or not mine:
                items = [(f"c{index}-{serial + k}", photos[(index + serial + k) % len(photos)]) for k in range(2)]
                serial += 2
                record.timed("ingest (2 photos)", lambda items=items: list(stub.Ingest(_ingest_requests(items), timeout=60)))
                mine += [item_id for item_id, _ in items]
            else:
                gone, mine = mine[:2], mine[2:]
                record.timed("delete", lambda gone=gone: stub.BatchDeleteItems(
                    search_pb2.BatchDeleteItemsRequest(parent=collection_name(COLLECTION),
                                                       names=[item_name(COLLECTION, i) for i in gone]), timeout=30))


def run_threads(count: int, target: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def mixed_load(port: int, clients: int, seconds: float) -> Table:
    record = Record()
    photos = [photo_bytes(1000 + i, (320, 240)) for i in range(32)]
    until = time.monotonic() + seconds
    started = time.monotonic()
    run_threads(clients, lambda i: mixed_client(f"127.0.0.1:{port}", i, until, record, photos))
    elapsed = time.monotonic() - started
    rows = []
    for op in ("search", "ingest (2 photos)", "delete"):
        codes = record.codes[op]
        ok = record.seconds[op]
        in_window = sum(1 for end in record.ended[op] if end <= until)
        errors = ", ".join(f"{code} {n}" for code, n in sorted(codes.items()) if code != "OK") or "none"
        rows.append([op, str(sum(codes.values())), f"{in_window / seconds:.1f}", f"{percentile_ms(ok, 50):.1f}",
                     f"{percentile_ms(ok, 99):.1f}", errors])
    notes = [f"OK calls/s counts calls that ended within the {seconds:g} s window; the last calls in flight "
             f"ended {elapsed:.0f} s after the start.",
             "Latencies are of OK calls; the search service ran with --max-caller-share 1 (all clients share one "
             "address here) and its default 32 slots, so calls beyond 32 at once get RESOURCE_EXHAUSTED."]
    notes += [f"first {code} of {op}: {text}" for (op, code), text in sorted(record.first_details.items())]
    return Table(f"Mixed load: {clients} clients for {seconds:g} s, one channel each",
                 ["operation", "calls", "OK calls/s", "p50 ms", "p99 ms", "errors by status"], rows, notes)


def search_round(port: int, callers: int, seconds: float) -> tuple[list[float], Counter[str]]:
    """`callers` well-behaved threads on the IPv6 loopback, searching back to back for `seconds`."""
    record = Record()
    until = time.monotonic() + seconds

    def caller(index: int) -> None:
        rng = random.Random(index)
        with grpc.insecure_channel(f"[::1]:{port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            while time.monotonic() < until:
                record.timed("search", lambda: _search(stub, rng))

    run_threads(callers, caller)
    return record.seconds["search"], record.codes["search"]


def hostile(port: int, count: int, first: bytes | None = None) -> subprocess.Popen[str]:
    return stream_client.spawn(f"127.0.0.1:{port}", INGEST, count, first)


def metric(metrics_port: int, name: str) -> float:
    text = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def attached_round(port: int, metrics_port: int, callers: int, seconds: float) -> tuple[list[float], Counter[str], float]:
    """One loaded phase: attach the hostile clients, search, detach; also the slots they held."""
    stopped = hostile(port, 4, next(_ingest_requests([("stopped", photo_bytes(7, (320, 240)))])).SerializeToString())
    idle = None
    shed_before = metric(metrics_port, "grpc_server_shed_total")
    try:
        wait_until(lambda: metric(metrics_port, "grpc_server_in_flight") >= 4, "the stopped client's streams")
        os.kill(stopped.pid, signal.SIGSTOP)
        idle = hostile(port, 64)
        wait_until(lambda: metric(metrics_port, "grpc_server_shed_total") - shed_before >= 60, "the idle streams' refusals")
        ok, codes = search_round(port, callers, seconds)
        held = metric(metrics_port, "grpc_server_in_flight")
    finally:
        os.kill(stopped.pid, signal.SIGCONT)
        stopped.kill()
        if idle is not None:
            idle.kill()
    wait_until(lambda: metric(metrics_port, "grpc_server_in_flight") == 0, "the hostile clients' slots coming back")
    return ok, codes, held


def fairness(port: int, metrics_port: int, callers: int, seconds: float, rounds: int) -> Table:
    """Unloaded and loaded phases interleaved (U L U L ... U), so machine noise hits both alike."""
    unloaded: tuple[list[float], Counter[str]] = ([], Counter())
    loaded: tuple[list[float], Counter[str]] = ([], Counter())
    held: list[float] = []
    for round_index in range(rounds + 1):
        ok, codes = search_round(port, callers, seconds)
        unloaded[0].extend(ok)
        unloaded[1].update(codes)
        if round_index == rounds:
            break
        ok, codes, slots = attached_round(port, metrics_port, callers, seconds)
        loaded[0].extend(ok)
        loaded[1].update(codes)
        held.append(slots)
    p99_unloaded, p99_loaded = percentile_ms(unloaded[0], 99), percentile_ms(loaded[0], 99)

    def row(name: str, result: tuple[list[float], Counter[str]]) -> list[str]:
        ok, codes = result
        return [name, str(sum(codes.values())), f"{percentile_ms(ok, 50):.1f}", f"{percentile_ms(ok, 99):.1f}",
                ", ".join(f"{c} {n}" for c, n in sorted(codes.items()))]

    return Table(
        f"Fairness: {callers} well-behaved callers' searches, unloaded vs with 64 idle streams and a stopped client",
        ["phase", "searches", "p50 ms", "p99 ms", "status codes"],
        [row(f"unloaded ({rounds + 1} phases of {seconds:g} s)", unloaded),
         row(f"64 idle Ingest streams + SIGSTOPped client attached ({rounds} phases, interleaved)", loaded)],
        [f"p99 loaded / unloaded = {p99_loaded / p99_unloaded:.2f} (goal: at most 2.00)",
         f"Slots the hostile clients (IPv4 loopback: one caller) held at the end of each loaded phase: "
         f"{', '.join(f'{h:.0f}' for h in held)}, their share of 32 being 8; every other stream they opened got "
         "RESOURCE_EXHAUSTED, and their slots came back after each phase.",
         "Search service with default limits except --stream-idle-timeout-s 600, so the idle streams stay "
         "attached for the whole phase (by default they are ended after 30 s)."],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64, help="mixed-load clients (default 64)")
    parser.add_argument("--seconds", type=float, default=30, help="mixed-load duration (default 30)")
    parser.add_argument("--fair-seconds", type=float, default=8, help="duration of each fairness phase (default 8)")
    parser.add_argument("--fair-rounds", type=int, default=3, help="loaded phases, each between unloaded ones (default 3)")
    parser.add_argument("--seed-items", type=int, default=200, help="photos ingested before measuring (default 200)")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json", help="results data")
    parser.add_argument("--markdown", type=Path, default=REPO / "docs" / "benchmarks.md", help="results document")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="mediasearch-load-"))
    embedder_port = free_port()
    common = ["--embedder-address", f"127.0.0.1:{embedder_port}", "--expansion-address", "127.0.0.1:1"]
    described = machine.describe(os.cpu_count() or 1)
    started_utc = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    started = time.monotonic()
    printed: list[str] = []

    def emit(table: Table) -> None:
        printed.append(table.markdown())
        print(printed[-1] + "\n", flush=True)

    with service("embedder_svc", embedder_port, "--host", "127.0.0.1", "--metrics-port", "-1"):
        mixed_port = free_port()
        with service("search_svc", mixed_port, "--host", "127.0.0.1", "--metrics-port", "-1", "--data-dir",
                     str(work / "mixed"), "--max-caller-share", "1", *common):
            seed(mixed_port, args.seed_items)
            emit(mixed_load(mixed_port, args.clients, args.seconds))
        fair_port, fair_metrics = free_port(), free_port()
        with service("search_svc", fair_port, "--host", "localhost", "--metrics-port", str(fair_metrics),
                     "--data-dir", str(work / "fair"), "--stream-idle-timeout-s", "600", *common):
            seed(fair_port, args.seed_items)
            emit(fairness(fair_port, fair_metrics, 4, args.fair_seconds, args.fair_rounds))
    command = "python -m bench.load " + " ".join(sys.argv[1:] if argv is None else argv)
    results = report.load_results(args.json)
    results["load"] = {
        "started": started_utc, "seconds": round(time.monotonic() - started, 1), "command": command.strip(),
        "machine": {**described, "load_average_at_end": machine.load_average()}, "printed": "\n\n".join(printed),
    }
    args.json.write_text(json.dumps(results, indent=1, default=float) + "\n")
    args.markdown.write_text(report.render(results))
    print(f"wrote {args.json} and {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
