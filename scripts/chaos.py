"""Chaos run: SIGKILL a real search service at random moments of ingests and deletes, and check what survived.

Starts a real embedder process (the embedded default model) once, then for
each round starts the search service on the same data folder, checks every
acknowledged fact so far, runs an ingest stream and a delete loop against it,
and kills it with SIGKILL after a random delay (snapshots run every 0.3 s, so
kills also land inside snapshot writes). Facts:

- every item whose Ingest response said INDEXED is listed, with its sha256;
- every item whose BatchDeleteItems call returned is absent (never resurrected);
- every restart reaches SERVING.

Items and deletions in flight when the kill landed may or may not have
happened; they are left out of the checks until a later call settles them.
Not part of CI (minutes, not seconds). Usage:

    python scripts/chaos.py --rounds 50 [--seed 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediasearch.search.v1 import search_pb2, search_pb2_grpc  # noqa: E402
from tests.servers import free_port, wait_serving  # noqa: E402
from mediasearch.names import calibration_name, collection_name, item_name

COLLECTION = "chaos"


@dataclass
class Ledger:
    """What the service acknowledged, and what is still unsettled because a kill cut it off."""

    present: dict[str, str] = field(default_factory=dict)  # id -> sha256 of acknowledged ingests
    deleted: set[str] = field(default_factory=set)
    unsettled: set[str] = field(default_factory=set)
    acked_ingests: int = 0
    acked_deletes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _image(rng: random.Random) -> bytes:
    pixels = np.random.default_rng(rng.getrandbits(32)).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=open(log, "a"), text=True)  # noqa: SIM115


def _listed(stub: search_pb2_grpc.SearchServiceStub) -> dict[str, str]:
    found, token = {}, ""
    while True:
        try:
            page = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name(COLLECTION), page_token=token,
                                                              page_size=1000), timeout=30)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:  # nothing acknowledged yet
                return found
            raise
        found.update({item.id: item.sha256 for item in page.items})
        token = page.next_page_token
        if not token:
            return found


def _check(ledger: Ledger, listed: dict[str, str]) -> tuple[list[str], list[str]]:
    with ledger.lock:
        lost = [i for i, sha in ledger.present.items() if i not in ledger.unsettled and listed.get(i) != sha]
        resurrected = [i for i in ledger.deleted if i not in ledger.unsettled and i in listed]
        # What the listing shows settles what a kill left open.
        for item_id in list(ledger.unsettled):
            ledger.unsettled.discard(item_id)
            if item_id in listed:
                ledger.present[item_id] = listed[item_id]
                ledger.deleted.discard(item_id)
            else:
                ledger.present.pop(item_id, None)
                ledger.deleted.add(item_id)
    return lost, resurrected


def _ingest(stub: search_pb2_grpc.SearchServiceStub, ledger: Ledger, round_no: int, rng: random.Random,
            stop: threading.Event) -> None:
    sent: dict[str, str] = {}

    def requests():  # type: ignore[no-untyped-def]
        n = 0
        while not stop.is_set():
            item_id = f"r{round_no}-{n}"
            data = _image(rng)
            with ledger.lock:
                ledger.unsettled.add(item_id)
            sent[item_id] = hashlib.sha256(data).hexdigest()
            yield search_pb2.IngestRequest(parent=collection_name(COLLECTION), item_id=item_id, data=data)
            n += 1
            time.sleep(rng.uniform(0, 0.02))

    try:
        for response in stub.Ingest(requests()):
            if response.status == search_pb2.INGEST_STATUS_INDEXED:
                with ledger.lock:
                    ledger.present[response.item_id] = sent[response.item_id]
                    ledger.unsettled.discard(response.item_id)
                    ledger.acked_ingests += 1
    except grpc.RpcError:
        pass  # the kill


def _delete(stub: search_pb2_grpc.SearchServiceStub, ledger: Ledger, rng: random.Random,
            stop: threading.Event) -> None:
    while not stop.is_set():
        with ledger.lock:
            candidates = sorted(i for i in ledger.present if i not in ledger.unsettled)
            chosen = rng.sample(candidates, min(len(candidates), rng.randint(1, 4)))
            ledger.unsettled.update(chosen)
        if chosen:
            try:
                stub.BatchDeleteItems(search_pb2.BatchDeleteItemsRequest(parent=collection_name(COLLECTION), names=[item_name(COLLECTION, i) for i in chosen]), timeout=10)
            except grpc.RpcError:
                return  # the kill: these stay unsettled
            with ledger.lock:
                for item_id in chosen:
                    ledger.present.pop(item_id, None)
                    ledger.deleted.add(item_id)
                    ledger.unsettled.discard(item_id)
                ledger.acked_deletes += len(chosen)
        time.sleep(rng.uniform(0.02, 0.1))


def run(rounds: int, seed: int, workdir: Path) -> dict[str, object]:
    rng = random.Random(seed)
    embedder_port = free_port()
    embedder = _start([sys.executable, "-m", "embedder_svc", "--host", "127.0.0.1", "--port", str(embedder_port),
                       "--metrics-port", "-1", "--cpu-threads", "1", "--log-format", "text"], {},
                      workdir / "embedder.log")
    ledger = Ledger()
    figures: dict[str, object] = {"rounds": rounds, "seed": seed, "lost": [], "resurrected": [],
                                  "failed_restarts": 0, "restart_s": [], "kill_after_s": []}
    try:
        wait_serving(embedder_port, "mediasearch.embedder.v1.EmbedderService", embedder, timeout_s=180)
        for round_no in range(rounds + 1):
            port = free_port()
            started = time.monotonic()
            search = _start([sys.executable, "-m", "search_svc", "--host", "127.0.0.1", "--port", str(port),
                             "--metrics-port", "-1", "--data-dir", str(workdir / "data"),
                             "--embedder-address", f"127.0.0.1:{embedder_port}", "--snapshot-interval-s", "0.3",
                             "--log-format", "text"], {}, workdir / "search.log")
            try:
                wait_serving(port, "mediasearch.search.v1.SearchService", search, timeout_s=120)
            except AssertionError as error:
                figures["failed_restarts"] += 1  # type: ignore[operator]
                print(f"round {round_no}: restart failed: {error}", flush=True)
                search.kill()
                search.wait()
                continue
            figures["restart_s"].append(round(time.monotonic() - started, 2))  # type: ignore[union-attr]
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = search_pb2_grpc.SearchServiceStub(channel)
                lost, resurrected = _check(ledger, _listed(stub))
                figures["lost"] += lost  # type: ignore[operator]
                figures["resurrected"] += resurrected  # type: ignore[operator]
                print(f"round {round_no}: {len(ledger.present)} items expected present, {len(ledger.deleted)} "
                      f"expected absent; lost {len(lost)}, resurrected {len(resurrected)}", flush=True)
                if round_no == rounds:
                    search.send_signal(signal.SIGTERM)
                    search.wait(60)
                    break
                stop = threading.Event()
                workers = [threading.Thread(target=_ingest, args=(stub, ledger, round_no, rng, stop)),
                           threading.Thread(target=_delete, args=(stub, ledger, rng, stop))]
                for worker in workers:
                    worker.start()
                delay = rng.uniform(0.3, 3.0)
                figures["kill_after_s"].append(round(delay, 2))  # type: ignore[union-attr]
                time.sleep(delay)
                search.send_signal(signal.SIGKILL)
                search.wait()
                stop.set()
                for worker in workers:
                    worker.join(30)
    finally:
        embedder.send_signal(signal.SIGTERM)
        embedder.wait(60)
    restarts = figures["restart_s"]
    figures.update(acked_ingests=ledger.acked_ingests, acked_deletes=ledger.acked_deletes,
                   lost_count=len(figures["lost"]), resurrected_count=len(figures["resurrected"]),  # type: ignore[arg-type]
                   restart_s_median=float(np.median(restarts)) if restarts else None,
                   restart_s_max=max(restarts) if restarts else None)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--workdir", type=Path, help="data and logs folder (default: a fresh temporary one)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="chaos-"))
    workdir.mkdir(parents=True, exist_ok=True)
    figures = run(args.rounds, args.seed, workdir)
    summary = {k: v for k, v in figures.items() if k not in ("restart_s", "kill_after_s")}
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    failed = figures["lost_count"] or figures["resurrected_count"] or figures["failed_restarts"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
