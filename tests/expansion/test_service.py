"""The expansion service over real gRPC: Expand, filters, vocabulary, bad input, notes, cache metrics, health."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from expansion_svc.server import create_server
from expansion_svc.settings import ExpansionSettings
from mediasearch.expansion.v1 import expansion_pb2 as pb
from mediasearch.expansion.v1 import expansion_pb2_grpc
from mediasearch.runtime.server import ManagedServer
from mediasearch.runtime.status import field_violations

SERVICE = "mediasearch.expansion.v1.ExpansionService"


def _settings(**overrides: Any) -> ExpansionSettings:
    values: dict[str, Any] = {"host": "127.0.0.1", "metrics_port": 0, "log_format": "text", "grace_period_s": 1.0}
    return ExpansionSettings(**(values | overrides))


@pytest.fixture(scope="module")
def server() -> Iterator[ManagedServer]:
    managed, _ = create_server(_settings(), port=0)
    managed.wait_ready(60)
    yield managed
    managed.stop(0)


@pytest.fixture(scope="module")
def stub(server: ManagedServer) -> Iterator[expansion_pb2_grpc.ExpansionServiceStub]:
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        yield expansion_pb2_grpc.ExpansionServiceStub(channel)


def test_expand_returns_original_then_weighted_typed_terms(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    response = stub.Expand(pb.ExpandRequest(query="Dogs running on the beach"))
    assert response.normalized_query == "dog run beach"
    assert list(response.concepts) == ["dog", "run", "beach"]
    assert list(response.settings) == ["beach"]  # where the dog runs, not what the photo is of
    original, *rest = response.terms
    assert (original.text, original.weight, original.relation) == ("dog run beach", 1.0, pb.RELATION_ORIGINAL)
    assert len(rest) == 10 and all(0 < t.weight < 1 for t in rest)
    assert {t.concept for t in rest} <= {"dog", "run", "beach"}
    assert all(t.source == "curated" or t.source.startswith("wordnet:") for t in rest)
    assert all(t.in_vocabulary for t in rest)  # no vocabulary given


def test_relation_filter_and_max_terms(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    response = stub.Expand(pb.ExpandRequest(query="dog", max_terms=3, relations=[pb.RELATION_HYPERNYM]))
    assert [t.relation for t in response.terms] == [pb.RELATION_ORIGINAL] + [pb.RELATION_HYPERNYM] * 3
    assert "canine" in {t.text for t in response.terms}


def test_vocabulary_keeps_terms_the_model_knows(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    vocabulary = ["puppy", "pet", "animal", "canine"]
    response = stub.Expand(pb.ExpandRequest(query="dog", vocabulary=vocabulary))
    texts = [t.text for t in response.terms[1:]]
    assert set(texts[:4]) == set(vocabulary)
    assert all(t.in_vocabulary == (t.text in vocabulary) for t in response.terms[1:])
    assert "domestic animal" in texts[4:]  # partly known, after the known ones
    assert not response.terms[0].in_vocabulary  # "dog" itself is not in this vocabulary
    assert response.notes  # says how many candidates were dropped


@pytest.mark.parametrize(
    ("request_", "field", "words"),
    [(pb.ExpandRequest(query=""), "query", "empty"),
     (pb.ExpandRequest(query=" \u3000 "), "query", "white space"),
     (pb.ExpandRequest(query="d" * 257), "query", "256"),
     (pb.ExpandRequest(query="dog\x07"), "query", "control"),
     (pb.ExpandRequest(query="dog", max_terms=51), "max_terms", "50"),
     (pb.ExpandRequest(query="dog", max_terms=-1), "max_terms", "50"),
     (pb.ExpandRequest(query="dog", relations=[pb.RELATION_SYNONYM, 42]), "relations[1]", "42"),
     (pb.ExpandRequest(query="dog", vocabulary=["dog", "cat", "x" * 65]), "vocabulary[2]", "64"),
     (pb.ExpandRequest(query="dog", vocabulary=["w"] * 50_001), "vocabulary", "50000")],
)
def test_bad_input_is_invalid_argument_with_field(
    stub: expansion_pb2_grpc.ExpansionServiceStub, request_: pb.ExpandRequest, field: str, words: str
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.Expand(request_)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert words in field_violations(caught.value)[field]


def test_unknown_word_is_answered_with_a_note(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    response = stub.Expand(pb.ExpandRequest(query="Qwzxv"))
    assert [(t.text, t.relation) for t in response.terms] == [("qwzxv", pb.RELATION_ORIGINAL)]
    assert "qwzxv" in response.notes[0]


def test_cache_hits_and_misses_are_prometheus_metrics(server: ManagedServer,
                                                      stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    before_hits = server.metrics.value("expansion_cache_hits_total")
    before_misses = server.metrics.value("expansion_cache_misses_total")
    first = stub.Expand(pb.ExpandRequest(query="golden retriever in the snow"))
    second = stub.Expand(pb.ExpandRequest(query="Golden retriever in the snow"))
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert server.metrics.value("expansion_cache_hits_total") == before_hits + 1
    assert server.metrics.value("expansion_cache_misses_total") == before_misses + 1
    assert server.metrics_endpoint is not None
    url = f"http://127.0.0.1:{server.metrics_endpoint.port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as page:
        text = page.read().decode()
    assert "expansion_cache_hits_total" in text and "expansion_cache_entries" in text


def test_health_is_serving(server: ManagedServer) -> None:
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        status = health.Check(health_pb2.HealthCheckRequest(service=SERVICE)).status
    assert status == health_pb2.HealthCheckResponse.SERVING


def test_main_serves_until_sigterm() -> None:
    from tests.servers import start_service, stop_with_sigterm

    process, port = start_service("expansion_svc", "mediasearch.expansion.v1.ExpansionService", "--cache-size", "16")
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            response = expansion_pb2_grpc.ExpansionServiceStub(channel).Expand(pb.ExpandRequest(query="cat"), timeout=30)
        assert "kitten" in {t.text for t in response.terms}
    finally:
        stderr = stop_with_sigterm(process)
    assert '"msg": "stopped"' in stderr


def test_missing_lexicon_fails_loading_clearly(tmp_path: Any) -> None:
    managed, _ = create_server(_settings(lexicon=tmp_path / "missing.json.gz"), port=0)
    try:
        with pytest.raises(Exception, match="cannot load lexicon"):
            managed.wait_ready(30)
    finally:
        managed.stop(0)


def test_a_foreign_query_is_answered_in_english_with_its_language_in_a_note(
        stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    response = stub.Expand(pb.ExpandRequest(query="perro en la playa"))
    assert response.normalized_query == "dog beach" and response.terms[0].text == "dog beach"
    assert response.notes[0].startswith("language: es (Spanish)")
    assert {t.concept for t in response.terms[1:]} <= {"dog", "beach"}


def test_an_emoji_query_is_read_as_words_over_grpc(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    response = stub.Expand(pb.ExpandRequest(query="🐶 on the 🏖️"))
    assert response.normalized_query.startswith("dog beach"), response.normalized_query
    assert "'🐶' read as 'dog' (emoji)" in response.notes
    assert {"dog", "beach"} <= {t.concept for t in response.terms[1:]}


def test_each_term_names_the_part_of_the_phrase_it_came_from(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    response = stub.Expand(pb.ExpandRequest(query="a wild bird by the lake", max_terms=50))
    parts = {t.concept for t in response.terms[1:]}
    assert {"wild bird", "wild", "lake"} <= parts


def test_stream_terms_lists_expansion_terms_in_bounded_messages(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    responses = list(stub.StreamTerms(pb.StreamTermsRequest(max_terms=600, terms_per_concept=5), timeout=60))
    terms = [t for r in responses for t in r.terms]
    assert len(terms) == 600 and len(set(terms)) == 600
    assert all(1 <= len(r.terms) <= 256 for r in responses)
    # The commonest curated concepts and what Expand gives for them come first.
    dog = [t.text for t in stub.Expand(pb.ExpandRequest(query="dog", max_terms=5)).terms]
    assert set(dog) <= set(terms)


def test_stream_terms_refuses_out_of_range_fields(stub: expansion_pb2_grpc.ExpansionServiceStub) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        list(stub.StreamTerms(pb.StreamTermsRequest(max_terms=-1, terms_per_concept=51), timeout=30))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert {"max_terms", "terms_per_concept"} <= set(field_violations(caught.value))
