"""The term store across real services: warming from a real expansion service, then deep search sends the
real embedder only the texts it never saw, and the store outlives a restart.

Texts are counted where they are computed: the embedder's own batch-size
metric (texts per forward pass, summed), on an embedder of this module alone.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from embedder_svc.server import create_server as create_embedder
from expansion_svc.server import create_server as create_expansion
from expansion_svc.settings import ExpansionSettings
from mediasearch.names import collection_name
from mediasearch.runtime.server import ManagedServer
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from search_svc.server import create_server as create_search
from tests.servers import embedder_settings, search_settings, wait_until


@pytest.fixture(scope="module")
def embedder(tiny_model_dir: Path) -> Iterator[ManagedServer]:
    server, _ = create_embedder(embedder_settings(tiny_model_dir, background_idle_ms=0), port=0)
    server.wait_ready(120)
    yield server
    server.stop(0)


@pytest.fixture(scope="module")
def expansion() -> Iterator[ManagedServer]:
    settings = ExpansionSettings(host="127.0.0.1", metrics_port=0, log_format="text", grace_period_s=1.0)
    server, _ = create_expansion(settings, port=0)
    server.wait_ready(60)
    yield server
    server.stop(0)


def texts_embedded(embedder: ManagedServer) -> float:
    return embedder.metrics.value("embedder_batch_size_sum", {"kind": "text"})


def store_gauge(search: ManagedServer, measure: str) -> float:
    return search.metrics.value("search_term_store", {"measure": measure})


def start_search(data: Path, embedder: ManagedServer, expansion: ManagedServer, **overrides: Any) -> ManagedServer:
    server, _ = create_search(search_settings(data, embedder.port, expansion.port, expansion_timeout_s=10.0,
                                              **overrides), port=0)
    server.wait_ready(60)
    return server


def scraped(server: ManagedServer) -> dict[str, float]:
    """The search service's gauges as Prometheus scrapes them over HTTP: `name{labels}` -> value."""
    assert server.metrics_endpoint is not None
    url = f"http://127.0.0.1:{server.metrics_endpoint.port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as page:
        lines = page.read().decode().splitlines()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in lines
            if line.startswith(("search_term_store{", "search_query_cache{"))}


def deep(stub: search_pb2_grpc.SearchServiceStub, text: str) -> search_pb2.SearchResponse:
    response = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text=text)],
                                                    mode=search_pb2.SEARCH_MODE_DEEP, page_size=5))
    assert not response.expansion_unavailable and len(response.results) == 5
    return response


def test_after_warming_deep_search_embeds_only_texts_never_seen(
    tmp_path: Path, embedder: ManagedServer, expansion: ManagedServer
) -> None:
    search = start_search(tmp_path / "data", embedder, expansion, term_warming="on", term_warming_max_terms=5000)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{search.port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            items = [search_pb2.IngestRequest(parent=collection_name("photos"), item_id=f"i{n}", data=pattern_image(n))
                     for n in range(8)]
            assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(items)))
            wait_until(lambda: store_gauge(search, "warming_done") == 1, "warming", timeout_s=120)
            warmed = store_gauge(search, "terms")
            assert warmed == store_gauge(search, "warming_embedded") > 10

            before = texts_embedded(embedder)
            response = deep(stub, "dog")
            assert len(response.expanded_terms) > 1, "the query was expanded, and every term was warmed"
            assert texts_embedded(embedder) == before

            # A new phrase: the phrase itself (and whatever the warming did not list) is embedded, and kept.
            deep(stub, "dog on the beach")
            new = texts_embedded(embedder) - before
            assert new >= 1 and store_gauge(search, "terms") == warmed + new
            deep(stub, "dog on the beach")
            assert texts_embedded(embedder) - before == new
    finally:
        search.stop(0)

    # Another process on the same folder, warming off: the store on disk answers.
    again = start_search(tmp_path / "data", embedder, expansion)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{again.port}") as channel:
            before = texts_embedded(embedder)
            deep(search_pb2_grpc.SearchServiceStub(channel), "dog on the beach")
            assert texts_embedded(embedder) == before
    finally:
        again.stop(0)


def test_every_scrape_reports_the_gauges_as_of_that_scrape(
    tmp_path: Path, embedder: ManagedServer, expansion: ManagedServer
) -> None:
    """Gauges are refreshed when scraped: a fresh service's first scrape has them all, and a search shows in the
    very next scrape, not one scrape later (Prometheus scrapes every 15-60 s; a lag of one interval hides a
    warm-up's end or a stuck cache)."""
    search = start_search(tmp_path / "data", embedder, expansion)
    try:
        first = scraped(search)
        assert {f'search_term_store{{measure="{m}"}}' for m in ("terms", "disk_bytes", "errors", "warming_embedded",
                                                                  "warming_done")} <= first.keys()
        assert first['search_query_cache{event="misses"}'] == 0
        with grpc.insecure_channel(f"127.0.0.1:{search.port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            photo = search_pb2.IngestRequest(parent=collection_name("photos"), item_id="i0", data=pattern_image(0))
            assert [r.status for r in stub.Ingest(iter([photo]))] == [search_pb2.INGEST_STATUS_INDEXED]
            stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"),
                                                 terms=[search_pb2.QueryTerm(text="a red kite")], page_size=5))
        after = scraped(search)
        assert after['search_query_cache{event="misses"}'] == 1
        assert after['search_term_store{measure="terms"}'] == 1  # the query's embedding, kept for good
    finally:
        search.stop(0)
