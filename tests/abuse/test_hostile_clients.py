"""Hostile clients against a real search service and embedder: idle streams, stopped and vanished clients.

Each test asserts that other callers keep being served and that the slots
the hostile client held come back. The hostile clients are real processes
(mediasearch.testing.stream_client.py) on the IPv4 loopback; the well-behaved
caller uses the IPv6 loopback, so the two are different peers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from mediasearch.embedder.v1 import embedder_pb2, embedder_pb2_grpc
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing import stream_client
from mediasearch.testing.images import pattern_image
from tests.servers import embedder_settings, search_settings
from search_svc.server import create_server
from tests.runtime.helpers import IPV4_CALLER, IPV6_CALLER, address, health_of, require_ipv6_loopback, wait_until

INGEST = "/mediasearch.search.v1.SearchService/Ingest"
SEARCH_SERVICE = "mediasearch.search.v1.SearchService"


def _start_search(tmp_path: Path, embedder_port: int, **overrides: object):  # type: ignore[no-untyped-def]
    server, port = create_server(search_settings(tmp_path / "data", embedder_port, host="localhost", **overrides), port=0)
    server.wait_ready(60)
    return server, port


def _hostile(port: int, count: int, first: bytes | None = None) -> subprocess.Popen[str]:
    return stream_client.spawn(address(IPV4_CALLER, port), INGEST, count, first)


def _item(item_id: str, seed: int) -> search_pb2.IngestRequest:
    return search_pb2.IngestRequest(parent=collection_name("photos"), item_id=item_id, data=pattern_image(seed),
                                    metadata=search_pb2.ItemMetadata(uri=f"/photos/{item_id}.png"))


def _searches(port: int, callers: int, each: int) -> Counter[str]:
    """`callers` threads on the IPv6 loopback, `each` searches apiece; the status codes they got."""
    codes: Counter[str] = Counter()
    lock = threading.Lock()

    def run() -> None:
        with grpc.insecure_channel(address(IPV6_CALLER, port)) as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            for i in range(each):
                request = search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text=f"a dog {i}")])
                try:
                    stub.Search(request, timeout=30)
                    code = "OK"
                except grpc.RpcError as error:
                    code = error.code().name
                with lock:
                    codes[code] += 1

    threads = [threading.Thread(target=run) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def _shed(server) -> float:  # type: ignore[no-untyped-def]
    return server.metrics.value("grpc_server_shed_total", {"grpc_method": INGEST})


def _stop(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.wait()


@pytest.fixture()
def seeded(tmp_path: Path, embedder_server):  # type: ignore[no-untyped-def]
    """A search service (32 slots, a quarter each) holding a few items, reached by the well-behaved caller."""
    require_ipv6_loopback()
    _, embedder_port = embedder_server
    server, port = _start_search(tmp_path, embedder_port, stream_idle_timeout_s=120)
    with grpc.insecure_channel(address(IPV6_CALLER, port)) as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        assert all(r.status == search_pb2.INGEST_STATUS_INDEXED
                   for r in stub.Ingest(iter([_item(f"seed{i}", i) for i in range(4)])))
        yield server, port, channel
    server.stop(0)


def test_64_idle_streams_and_a_stopped_client_do_not_starve_other_callers(seeded) -> None:  # type: ignore[no-untyped-def]
    server, port, channel = seeded
    share = server.limiter.per_caller
    assert share == 8
    stopped = _hostile(port, 4, _item("from-stopped", 99).SerializeToString())
    idle = None
    try:
        wait_until(lambda: server.limiter.held_by(IPV4_CALLER) == 4, "the stopped client's streams open")
        os.kill(stopped.pid, signal.SIGSTOP)
        idle = _hostile(port, 64)
        wait_until(lambda: server.limiter.held_by(IPV4_CALLER) == share, "the idle streams fill their share")
        # The abuser's streams beyond its share are refused (RESOURCE_EXHAUSTED), not queued.
        wait_until(lambda: _shed(server) >= 64 - (share - 4), "the idle streams beyond the share refused")

        codes = _searches(port, callers=4, each=25)
        assert codes == Counter({"OK": 100})
        assert server.limiter.held_by(IPV4_CALLER) == share  # the abuser still holds only its share
        assert health_of(channel, SEARCH_SERVICE) == "SERVING"
    finally:
        os.kill(stopped.pid, signal.SIGCONT)
        _stop(stopped)
        if idle is not None:
            _stop(idle)
    wait_until(lambda: server.limiter.in_use == 0, "the hostile clients' slots come back")


def test_a_thousand_streams_opened_and_abandoned_leave_the_service_serving(seeded) -> None:  # type: ignore[no-untyped-def]
    server, port, channel = seeded
    for _ in range(2):
        shed_before = _shed(server)
        vanished = _hostile(port, 1000)
        try:
            wait_until(lambda: server.limiter.held_by(IPV4_CALLER) == server.limiter.per_caller, "streams open")
            refused = 1000 - server.limiter.per_caller
            wait_until(lambda: _shed(server) - shed_before == refused, "every stream beyond the share refused")
            assert _searches(port, callers=2, each=5) == Counter({"OK": 10})
        finally:
            _stop(vanished)  # abandoned: the process dies with every stream open
        wait_until(lambda: server.limiter.in_use == 0, "the abandoned streams' slots come back")
    assert _searches(port, callers=2, each=5) == Counter({"OK": 10})
    assert health_of(channel, SEARCH_SERVICE) == "SERVING"


def test_keepalive_frees_the_slots_of_a_stopped_client_that_never_times_out(tmp_path: Path, embedder_server) -> None:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    # No idle timeout: only the server's pings can notice the client is gone.
    server, port = _start_search(tmp_path, embedder_port, stream_idle_timeout_s=0,
                                 keepalive_time_s=1, keepalive_timeout_s=1)
    stopped = _hostile(port, 4, _item("x", 1).SerializeToString())
    try:
        wait_until(lambda: server.limiter.held_by(IPV4_CALLER) == 4, "the client's streams open")
        os.kill(stopped.pid, signal.SIGSTOP)
        wait_until(lambda: server.limiter.in_use == 0, "the stopped client's slots come back", timeout_s=60)
    finally:
        os.kill(stopped.pid, signal.SIGCONT)
        _stop(stopped)
        server.stop(0)


def test_an_idle_ingest_stream_ends_with_deadline_exceeded_and_keeps_what_it_sent(tmp_path: Path, embedder_server) -> None:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    server, port = _start_search(tmp_path, embedder_port, stream_idle_timeout_s=1)
    quiet = threading.Event()

    def requests() -> Iterator[search_pb2.IngestRequest]:
        yield _item("sent-then-idle", 3)
        quiet.wait(60)

    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            responses = stub.Ingest(requests())
            assert next(responses).status == search_pb2.INGEST_STATUS_INDEXED
            with pytest.raises(grpc.RpcError) as ended:
                next(responses)
            assert ended.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
            assert "no request message for 1 s" in ended.value.details()
            wait_until(lambda: server.limiter.in_use == 0, "the idle stream's slot comes back")
            stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("photos")))
            assert stats.collection.item_count == 1
    finally:
        quiet.set()
        server.stop(0)


def test_an_idle_embedder_image_stream_ends_with_deadline_exceeded(tiny_model_dir: Path) -> None:
    from embedder_svc.server import create_server as create_embedder

    server, port = create_embedder(embedder_settings(tiny_model_dir, stream_idle_timeout_s=1), port=0)
    server.wait_ready(60)
    quiet = threading.Event()

    def requests() -> Iterator[embedder_pb2.StreamEmbedImagesRequest]:
        yield embedder_pb2.StreamEmbedImagesRequest(image=embedder_pb2.ImageInput(id="one", data=pattern_image(1)))
        quiet.wait(60)

    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            results = embedder_pb2_grpc.EmbedderServiceStub(channel).StreamEmbedImages(requests())
            assert next(results).result.id == "one"
            with pytest.raises(grpc.RpcError) as ended:
                next(results)
            assert ended.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
            assert "no request message for 1 s" in ended.value.details()
            wait_until(lambda: server.limiter.in_use == 0, "the idle stream's slot comes back")
    finally:
        quiet.set()
        server.stop(0)
