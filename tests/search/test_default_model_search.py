"""With the embedded default model: words the model never saw are found by deep search, and explained.

The model was trained on emoji scenes whose captions never contain held-out
words such as "puppy" or "fruit" (mediasearch/demo/heldout.py). Through the
three real services, deep search expands those words into ones the model
knows and finds the right scenes; normal search cannot.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import grpc
import numpy as np
import pytest

from embedder_svc.core.model import DEFAULT_MODEL_DIR
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc

pytestmark = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="the embedded default model is not trained yet"
)

SCENES_PER_CONCEPT = 4
CONCEPTS = ("dog", "cat", "pizza", "car", "banana", "apple", "tree", "bicycle")


def scene_png(concept: str, seed: int) -> bytes:
    from mediasearch.demo.scenes import render_scene, sample_scene
    from mediasearch.demo.sprites import load_atlas

    atlas = load_atlas()
    spec = sample_scene(np.random.default_rng([4242, seed]), 1, 96, [atlas.names.index(concept)])
    buffer = io.BytesIO()
    render_scene(spec, atlas).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[search_pb2_grpc.SearchServiceStub]:
    from embedder_svc.server import create_server as create_embedder
    from embedder_svc.settings import EmbedderSettings
    from expansion_svc.server import create_server as create_expansion
    from expansion_svc.settings import ExpansionSettings
    from tests.servers import search_settings
    from search_svc.server import create_server as create_search

    common = {"host": "127.0.0.1", "metrics_port": 0, "log_format": "text", "grace_period_s": 1.0}
    embedder, embedder_port = create_embedder(EmbedderSettings(cpu_threads=1, **common), port=0)
    expansion, expansion_port = create_expansion(ExpansionSettings(**common), port=0)
    embedder.wait_ready(60)
    expansion.wait_ready(60)
    search, search_port = create_search(
        search_settings(tmp_path_factory.mktemp("default-model"), embedder_port, expansion_port, expansion_timeout_s=5.0),
        port=0,
    )
    search.wait_ready(60)
    with grpc.insecure_channel(f"127.0.0.1:{search_port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        requests = [
            search_pb2.IngestRequest(parent=collection_name("emoji"), item_id=f"{concept}-{n}", data=scene_png(concept, CONCEPTS.index(concept) * 100 + n),
                                     metadata=search_pb2.ItemMetadata(uri=f"/scenes/{concept}-{n}.png"))
            for concept in CONCEPTS for n in range(SCENES_PER_CONCEPT)
        ]
        assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(requests)))
        yield stub
    for server in (search, expansion, embedder):
        server.stop(0)


def top_ids(stub: search_pb2_grpc.SearchServiceStub, text: str, mode: int, k: int = SCENES_PER_CONCEPT) -> list[str]:
    response = stub.Search(search_pb2.SearchRequest(parent=collection_name("emoji"), terms=[search_pb2.QueryTerm(text=text)],
                                                    mode=mode, page_size=k))
    return [r.item.id for r in response.results]


def test_trained_words_are_found_by_normal_search(stub: search_pb2_grpc.SearchServiceStub) -> None:
    for concept in ("dog", "pizza", "car"):
        hits = top_ids(stub, concept, search_pb2.SEARCH_MODE_NORMAL)
        assert sum(h.startswith(f"{concept}-") for h in hits) >= SCENES_PER_CONCEPT - 1, (concept, hits)


@pytest.mark.parametrize(("held_out", "concepts"), [("puppy", {"dog"}), ("fruit", {"banana", "apple"})])
def test_held_out_words_need_deep_search(stub: search_pb2_grpc.SearchServiceStub, held_out: str, concepts: set[str]) -> None:
    def relevant(hits: list[str]) -> int:
        return sum(h.split("-")[0] in concepts for h in hits)

    deep = stub.Search(search_pb2.SearchRequest(parent=collection_name("emoji"), terms=[search_pb2.QueryTerm(text=held_out)],
                                                mode=search_pb2.SEARCH_MODE_DEEP, page_size=SCENES_PER_CONCEPT))
    assert not deep.expansion_unavailable
    deep_hits = [r.item.id for r in deep.results]
    normal_hits = top_ids(stub, held_out, search_pb2.SEARCH_MODE_NORMAL)
    assert relevant(deep_hits) > relevant(normal_hits), (deep_hits, normal_hits)
    assert relevant(deep_hits) >= SCENES_PER_CONCEPT - 1, deep_hits
    # The explanation says which expansion term found each relevant result.
    for result in deep.results:
        if result.item.id.split("-")[0] in concepts:
            best = result.matches[0]
            assert best.relation != search_pb2.TERM_RELATION_ORIGINAL and best.term != held_out, result
            assert best.query_part, "an expansion names the part of the query it was derived from"
            assert any(c in best.term for c in concepts), result.matches


@pytest.mark.parametrize(("typed", "concept"), [("🐶", "dog"), ("🍕🍕", "pizza"), ("my 🚗", "car")])
def test_emoji_are_searched_as_the_words_they_stand_for(
    stub: search_pb2_grpc.SearchServiceStub, typed: str, concept: str
) -> None:
    """Phone keyboards put emoji in queries; the model reads none of them, deep search reads them as words."""
    def search(mode: int) -> search_pb2.SearchResponse:
        return stub.Search(search_pb2.SearchRequest(parent=collection_name("emoji"), terms=[search_pb2.QueryTerm(text=typed)],
                                                    mode=mode, page_size=SCENES_PER_CONCEPT))

    normal = search(search_pb2.SEARCH_MODE_NORMAL)
    emoji = [word for word in normal.unknown_words if not word.isalpha()]
    assert emoji, f"the response says the model cannot read the emoji: {list(normal.unknown_words)}"
    deep = search(search_pb2.SEARCH_MODE_DEEP)
    hits = [r.item.id for r in deep.results]
    assert sum(h.startswith(f"{concept}-") for h in hits) >= SCENES_PER_CONCEPT - 1, (hits, list(deep.expanded_terms))


def test_what_a_query_excludes_is_not_searched_for(stub: search_pb2_grpc.SearchServiceStub) -> None:
    """'pizza without dogs' once searched the dog as one of two parts, so dog scenes ranked with pizza ones."""
    deep = stub.Search(search_pb2.SearchRequest(parent=collection_name("emoji"),
                                                terms=[search_pb2.QueryTerm(text="pizza without dogs")],
                                                mode=search_pb2.SEARCH_MODE_DEEP, page_size=SCENES_PER_CONCEPT))
    assert not any("dog" in t.term for t in deep.expanded_terms[1:]), list(deep.expanded_terms)
    hits = [r.item.id for r in deep.results]
    assert sum(h.startswith("pizza-") for h in hits) >= SCENES_PER_CONCEPT - 1 and not any(
        h.startswith("dog-") for h in hits), hits
