"""SIGKILL during a long ingest loses no acknowledged item and resurrects no deleted one.

The search service runs as a real subprocess with snapshots every 0.2 s, so
kills land during ingests, commits and snapshot writes alike; on the Milvus
backend (Milvus Lite, in the killed process) they land during upserts.
"""

from __future__ import annotations

import signal
import subprocess
import threading
from pathlib import Path

import grpc
import pytest

from mediasearch.names import collection_name, item_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from tests.search.conftest import BACKENDS
from tests.servers import start_service, stop_with_sigterm

ROUNDS = 4
ITEMS_PER_ROUND = 300


def start_search(data: Path, embedder_port: int, backend: str) -> tuple[subprocess.Popen, int]:
    return start_service(
        "search_svc", "mediasearch.search.v1.SearchService", "--data-dir", str(data), "--backend", backend,
        "--embedder-address", f"127.0.0.1:{embedder_port}", "--expansion-address", "127.0.0.1:1",
        "--snapshot-interval-s", "0.2", "--log-format", "text", timeout_s=60,
    )


def stored_ids(stub: search_pb2_grpc.SearchServiceStub) -> set[str]:
    ids: set[str] = set()
    token = ""
    while True:
        page = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name("crash"), page_size=1000, page_token=token))
        ids.update(i.id for i in page.items)
        token = page.next_page_token
        if not token:
            return ids


@pytest.mark.parametrize("backend", BACKENDS)
def test_sigkill_mid_ingest_loses_nothing_acknowledged(tmp_path: Path, embedder_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    data = tmp_path / "data"
    images = [pattern_image(n, size=(24, 24)) for n in range(ITEMS_PER_ROUND)]
    acknowledged: set[str] = set()
    deleted: set[str] = set()
    for round_number in range(ROUNDS):
        process, port = start_search(data, embedder_port, backend)
        try:
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = search_pb2_grpc.SearchServiceStub(channel)
                if acknowledged:
                    # What survived the last kill is all there, and deletions stayed deleted.
                    ids = stored_ids(stub)
                    assert acknowledged - deleted <= ids, f"round {round_number}: lost {sorted(acknowledged - deleted - ids)[:5]}"
                    assert not (deleted & ids), f"round {round_number}: resurrected {sorted(deleted & ids)[:5]}"
                    victims = sorted(acknowledged - deleted)[:5]
                    stub.BatchDeleteItems(search_pb2.BatchDeleteItemsRequest(
                        parent=collection_name("crash"), names=[item_name("crash", v) for v in victims]))
                    deleted.update(victims)
                kill_after = 40 + 25 * round_number
                enough = threading.Event()
                requests = (
                    search_pb2.IngestRequest(parent=collection_name("crash"), item_id=f"r{round_number}-{n}", data=images[n])
                    for n in range(ITEMS_PER_ROUND)
                )

                def consume() -> None:
                    try:
                        for response in stub.Ingest(requests):
                            if response.status == search_pb2.INGEST_STATUS_INDEXED:
                                acknowledged.add(response.item_id)
                            if len([a for a in acknowledged if a.startswith(f"r{round_number}-")]) >= kill_after:
                                enough.set()
                    except grpc.RpcError:
                        pass  # the kill ends the stream
                    enough.set()

                reader = threading.Thread(target=consume)
                reader.start()
                assert enough.wait(120)
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)
                reader.join(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    process, port = start_search(data, embedder_port, backend)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            ids = stored_ids(stub)
            assert acknowledged - deleted <= ids
            assert not (deleted & ids)
            # The index agrees with the store: every stored item is searchable.
            stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("crash"))).collection
            assert stats.index_size == stats.item_count == len(ids)
            probe = sorted(ids)[0]
            hit = stub.Search(search_pb2.SearchRequest(parent=collection_name("crash"), terms=[search_pb2.QueryTerm(item_id=probe)], page_size=1))
            assert hit.results[0].raw_cosine > 0.999
    finally:
        stop_with_sigterm(process)
