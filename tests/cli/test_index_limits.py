"""`mediasearch index` splits its work into calls the service accepts and one deadline fits.

A real search service (with the tiny embedder). For --remove-missing it holds
DELETE_IDS_PER_CALL + 1 items whose files are gone, ingested cheaply
(identical bytes: one embedding, reused); the CLI runs as a subprocess, as a
user runs it, and must remove them all and keep the file that is still there.
Against a service set tighter than the contract (SEARCH_MAX_DELETE_IDS=100)
the CLI learns the limit from the first refusal and deletes in calls of 100.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import grpc
import pytest

from mediasearch.cli.indexing import INGEST_FILES_PER_CALL, index_paths
from mediasearch.limits import DELETE_IDS_PER_CALL, send_in_chunks
from mediasearch.names import collection_name
from mediasearch.runtime.status import exceeded_limit
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from tests.servers import search_settings

COLLECTION = "gone"
MISSING = DELETE_IDS_PER_CALL + 1


@pytest.fixture()
def search_server(request: pytest.FixtureRequest, tmp_path: Path, embedder_server) -> Iterator[tuple[object, int]]:  # type: ignore[no-untyped-def]
    """A search service; parametrized indirectly with a dict, with those SEARCH_* settings."""
    from search_svc.server import create_server

    overrides = getattr(request, "param", {})
    # The largest ingest batch: one store commit per 64 items keeps 10,001 ingests quick.
    settings = search_settings(tmp_path / "data", embedder_server[1], ingest_batch_size=64, **overrides)
    server, port = create_server(settings, port=0)
    server.wait_ready(60)
    yield server, port
    server.stop(0)


def delete_calls(server: object, code: str) -> float:
    return server.metrics.value(  # type: ignore[attr-defined]
        "grpc_server_handled_total",
        {"grpc_method": "/mediasearch.search.v1.SearchService/BatchDeleteItems", "grpc_code": code})


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


def remove_missing(tmp_path: Path, search_port: int, missing: int) -> None:
    """`index --remove-missing` as a user runs it, over `missing` stored items whose files are gone."""
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
            for n in range(missing)
        )
        statuses = [r.status for r in stub.Ingest(requests, timeout=120)]
        assert statuses.count(search_pb2.INGEST_STATUS_INDEXED) == missing

        result = subprocess.run(
            [sys.executable, "-m", "mediasearch.cli", "--search", f"127.0.0.1:{search_port}", "--collection",
             COLLECTION, "index", "--remove-missing", str(photos)],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"indexed 1, unchanged 0 (0 not re-read), removed {missing}, errors 0" in result.stdout

        stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name(COLLECTION))).collection
        assert stats.item_count == stats.index_size == 1
        listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name(COLLECTION))).items
        assert [item.id for item in listed] == [str(kept)]


def test_remove_missing_deletes_more_than_one_call_may_name(tmp_path: Path, search_server) -> None:  # type: ignore[no-untyped-def]
    server, search_port = search_server
    remove_missing(tmp_path, search_port, MISSING)
    assert (delete_calls(server, "OK"), delete_calls(server, "INVALID_ARGUMENT")) == (2, 0)  # 10,000 + 1


@pytest.mark.parametrize("search_server", [{"max_delete_ids": 100}], indirect=True)
def test_remove_missing_learns_a_tighter_delete_limit_from_the_refusal(tmp_path: Path, search_server) -> None:  # type: ignore[no-untyped-def]
    server, search_port = search_server
    remove_missing(tmp_path, search_port, 250)
    # One refused call of 250 (nothing deleted by it), then calls of the limit the refusal named: 100 + 100 + 50.
    assert (delete_calls(server, "OK"), delete_calls(server, "INVALID_ARGUMENT")) == (3, 1)


@pytest.mark.parametrize("search_server", [{"max_delete_ids": 100}], indirect=True)
def test_a_refused_delete_names_its_limit_for_the_field(search_server) -> None:  # type: ignore[no-untyped-def]
    _, search_port = search_server
    names = [f"{collection_name(COLLECTION)}/items/x{n}" for n in range(101)]
    with grpc.insecure_channel(f"127.0.0.1:{search_port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.BatchDeleteItems(search_pb2.BatchDeleteItemsRequest(parent=collection_name(COLLECTION), names=names))
    assert exceeded_limit(caught.value, "names") == 100
    assert exceeded_limit(caught.value, "parent") is None  # no violation there


class TooMany(Exception):
    """What a service that refuses a call over its limit raises here; `limit` 0 when it names none."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"too many; the limit is {limit or 'unsaid'}")
        self.limit = limit


@pytest.mark.parametrize(("says_limit", "expected_calls"), [
    (True, [250] + [7] * 35 + [5]),
    (False, [250, 125, 62] + [31] * 8 + [2]),
])
def test_chunks_shrink_to_a_named_limit_or_by_halves_until_they_fit(
    says_limit: bool, expected_calls: list[int]
) -> None:
    # A chunk refused by a service that names no limit (an older one) is halved until one fits, then that size
    # is kept; a named limit is used at once. Every value is sent exactly once, in order.
    values = list(range(250))
    calls: list[int] = []
    received: list[int] = []

    def send(chunk: Sequence[int]) -> int:
        calls.append(len(chunk))
        if len(chunk) > 40 or (says_limit and len(chunk) > 7):
            raise TooMany(7 if says_limit else 0)
        received.extend(chunk)
        return len(chunk)

    def limit_of(error: Exception) -> int | None:
        return error.limit if isinstance(error, TooMany) else None

    answers = send_in_chunks(values, 250, send, limit_of)
    assert received == values and sum(answers) == 250
    assert calls == expected_calls


def test_a_refused_chunk_of_one_and_other_errors_are_raised() -> None:
    with pytest.raises(TooMany):
        send_in_chunks([1, 2], 2, lambda chunk: (_ for _ in ()).throw(TooMany(0)), lambda e: 0)
    with pytest.raises(ValueError):
        send_in_chunks([1, 2], 2, lambda chunk: (_ for _ in ()).throw(ValueError("bad")), lambda e: None)
