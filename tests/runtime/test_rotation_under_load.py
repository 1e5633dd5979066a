"""Certificates replaced on disk while a search service is under load: an open Ingest stream keeps going,
new connections get the renewed certificate, no call fails and no item is lost (issue 16's rotation test)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc

from mediasearch.channels import ChannelSecurity
from mediasearch.client import make_channel
from mediasearch.devcerts import authority, issue
from mediasearch.names import collection_name
from mediasearch.runtime.auth import Role, token_line
from mediasearch.runtime.tls import ClientTLS
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from search_svc.server import create_server
from tests.servers import search_settings

ITEMS = 40
TOKEN = "rotation-writer-token"


def test_rotation_under_load_loses_nothing(tmp_path: Path, embedder_server) -> None:  # type: ignore[no-untyped-def]
    ca = authority(tmp_path, "ca")
    first = issue(ca, tmp_path, "first")
    renewed = issue(ca, tmp_path, "renewed")
    live_cert, live_key = tmp_path / "tls.crt", tmp_path / "tls.key"
    shutil.copy(first[0], live_cert)
    shutil.copy(first[1], live_key)
    (tmp_path / "tokens").write_text(token_line("loader", Role.WRITER, TOKEN) + "\n")
    _, embedder_port = embedder_server
    server, port = create_server(search_settings(tmp_path / "data", embedder_port, tls_cert_file=str(live_cert),
                                                 tls_key_file=str(live_key), auth_tokens_file=str(tmp_path / "tokens"),
                                                 require_tls=True), port=0)
    server.wait_ready(60)
    security = ChannelSecurity(ClientTLS(str(ca.cert_file)), token=TOKEN)
    rotated = threading.Event()
    failures: list[str] = []

    def slow_items() -> Iterator[search_pb2.IngestRequest]:
        for n in range(ITEMS):
            if n == ITEMS // 3:
                shutil.copy(renewed[1], live_key)  # as a Secret update lands: key first, then certificate
                shutil.copy(renewed[0], live_cert)
                rotated.set()
            time.sleep(0.05)
            yield search_pb2.IngestRequest(parent=collection_name("rot"), item_id=f"i{n}", data=pattern_image(n))

    def searches() -> None:
        rotated.wait(60)
        for _ in range(15):  # a new connection each time: each one handshakes with the files as they are now
            with make_channel(f"127.0.0.1:{port}", retries=False, security=security) as channel:
                try:
                    search_pb2_grpc.SearchServiceStub(channel).Search(search_pb2.SearchRequest(
                        parent=collection_name("rot"), terms=[search_pb2.QueryTerm(text="dog")]), timeout=30)
                except grpc.RpcError as error:
                    if error.code() != grpc.StatusCode.NOT_FOUND:  # the collection may not exist yet
                        failures.append(f"{error.code().name}: {error.details()}")

    searcher = threading.Thread(target=searches)
    searcher.start()
    try:
        with make_channel(f"127.0.0.1:{port}", retries=False, security=security) as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            statuses = [r.status for r in stub.Ingest(slow_items(), timeout=120)]  # one stream across the rotation
            searcher.join(120)
            listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name("rot"), page_size=100),
                                    timeout=30)
    finally:
        server.stop(0)
    assert rotated.is_set()
    assert statuses == [search_pb2.INGEST_STATUS_INDEXED] * ITEMS  # the open stream never noticed
    assert not failures, failures  # new connections after the rotation all succeeded
    assert sorted(item.id for item in listed.items) == sorted(f"i{n}" for n in range(ITEMS))  # nothing lost
