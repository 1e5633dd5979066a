"""`mediasearch index` splits its work into calls the service accepts and one deadline fits.

A real search service (with the tiny embedder). For --remove-missing it holds
DELETE_IDS_PER_CALL + 1 items whose files are gone, ingested cheaply
(identical bytes: one embedding, reused); the CLI runs as a subprocess, as a
user runs it, and must remove them all and keep the file that is still there.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from mediasearch.cli.indexing import INGEST_FILES_PER_CALL, index_paths
from mediasearch.limits import DELETE_IDS_PER_CALL
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from tests.servers import search_settings

COLLECTION = "gone"
MISSING = DELETE_IDS_PER_CALL + 1


@pytest.fixture()
def search_server(tmp_path: Path, embedder_server) -> Iterator[tuple[object, int]]:  # type: ignore[no-untyped-def]
    from search_svc.server import create_server

    # The largest ingest batch: one store commit per 64 items keeps 10,001 ingests quick.
    server, port = create_server(search_settings(tmp_path / "data", embedder_server[1], ingest_batch_size=64), port=0)
    server.wait_ready(60)
    yield server, port
    server.stop(0)


def test_files_are_sent_in_streams_of_bounded_size(tmp_path: Path, search_server) -> None:  # type: ignore[no-untyped-def]
    server, port = search_server
    photos = tmp_path / "photos"
    photos.mkdir()
    count = INGEST_FILES_PER_CALL * 2 + 1
    for n in range(count):
        (photos / f"p{n:03}.png").write_bytes(pattern_image(n, size=(16, 16)))
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        report = index_paths(search_pb2_grpc.SearchServiceStub(channel), COLLECTION, [photos])
    assert (report.indexed, report.errors) == (count, [])
    ingest_calls = server.metrics.value(  # type: ignore[attr-defined]
        "grpc_server_handled_total", {"grpc_method": "/mediasearch.search.v1.SearchService/Ingest", "grpc_code": "OK"})
    assert ingest_calls == 3  # 64 + 64 + 1


def test_remove_missing_deletes_more_than_one_call_may_name(tmp_path: Path, search_server) -> None:  # type: ignore[no-untyped-def]
    _, search_port = search_server
    photos = tmp_path / "photos"
    photos.mkdir()
    kept = photos / "kept.png"
    kept.write_bytes(pattern_image(1, size=(16, 16)))
    image = pattern_image(2, size=(16, 16))
    with grpc.insecure_channel(f"127.0.0.1:{search_port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        requests = (
            search_pb2.IngestRequest(parent=collection_name(COLLECTION), item_id=str(photos / f"gone{n}.png"), data=image,
                                     metadata=search_pb2.ItemMetadata(uri=str(photos / f"gone{n}.png")))
            for n in range(MISSING)
        )
        statuses = [r.status for r in stub.Ingest(requests, timeout=120)]
        assert statuses.count(search_pb2.INGEST_STATUS_INDEXED) == MISSING

        result = subprocess.run(
            [sys.executable, "-m", "mediasearch.cli", "--search", f"127.0.0.1:{search_port}", "--collection",
             COLLECTION, "index", "--remove-missing", str(photos)],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"indexed 1, unchanged 0 (0 not re-read), removed {MISSING}, errors 0" in result.stdout

        stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name(COLLECTION))).collection
        assert stats.item_count == stats.index_size == 1
        listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name(COLLECTION))).items
        assert [item.id for item in listed] == [str(kept)]
