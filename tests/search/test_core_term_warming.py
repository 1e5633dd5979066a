"""The engine's text path over the term store, and warming, with the tiny model's real forward passes.

The embedder port here is the embedder's own core behind a counter, so every
assertion about "what was embedded" counts texts that truly went to a model.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embedder_svc.core.embedder import EmbedderCore
from mediasearch.runtime.errors import Unavailable
from search_svc.core.deep import UNREAD_PROBE
from search_svc.core.engine import ModelFacts, SearchEngine, TextVectors
from search_svc.core.manager import CollectionManager
from search_svc.core.term_store import TermSpace, TermStore
from search_svc.core.term_warming import TermWarmer
from tests.servers import wait_until

TEMPLATES = ("This is a photo of {}.",)


class CountingEmbedder:
    """The EmbedderPort over a real EmbedderCore, recording each call's texts and priority."""

    def __init__(self, core: EmbedderCore, model_id: str = "") -> None:
        self.core = core
        self.model_id = model_id or core.info.model_id
        self.reported_model_id = self.model_id  # what the embedder says made the vectors
        self.calls: list[tuple[list[str], bool]] = []

    @property
    def texts(self) -> list[str]:
        return [text for texts, _ in self.calls for text in texts]

    def model_facts(self) -> ModelFacts:
        info = self.core.info
        return ModelFacts(self.model_id, info.embedding_dimension, info.logit_scale_exp, info.logit_bias,
                          default_prompt_templates=TEMPLATES)

    def embed_texts(self, texts: Sequence[str], prompt_templates: Sequence[str], *, background: bool = False
                    ) -> TextVectors:
        self.calls.append((list(texts), background))
        vectors = self.core.embed_texts(texts, prompt_templates=prompt_templates, background=background)
        return TextVectors(vectors, self.reported_model_id)

    def embed_images(self, images, timeout_s=None):  # type: ignore[no-untyped-def]
        raise AssertionError("no images here")


def _engine(tmp_path: Path, embedder: CountingEmbedder, store: TermStore | None) -> SearchEngine:
    return SearchEngine(CollectionManager(tmp_path / "data"), embedder, None, model_info_ttl_s=0, term_store=store)


def test_texts_are_embedded_once_and_come_back_from_disk_after_a_restart(
    tmp_path: Path, embedder_core: EmbedderCore, store: TermStore
) -> None:
    embedder = CountingEmbedder(embedder_core)
    first = _engine(tmp_path, embedder, store).embedders().texts(["dog", "cat", "dog"])
    assert embedder.texts == ["dog", "cat"]
    restarted = _engine(tmp_path, embedder, store)  # a new engine: an empty memory cache, the same store
    again = restarted.embedders().texts(["cat", "bird", "dog"])
    assert embedder.texts == ["dog", "cat", "bird"], "only the new text went to the model"
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    fresh = embedder_core.embed_texts(["bird"])
    assert np.allclose(again[1], fresh[0], atol=1e-6)


def test_other_templates_or_another_model_never_read_stored_vectors(
    tmp_path: Path, embedder_core: EmbedderCore, store: TermStore
) -> None:
    embedder = CountingEmbedder(embedder_core)
    _engine(tmp_path, embedder, store).embedders().texts(["dog"])
    phrased = _engine(tmp_path, embedder, store).embedders(["a drawing of {}"]).texts(["dog"])
    assert embedder.texts == ["dog", "dog"]
    assert float(phrased[0] @ embedder_core.embed_texts(["dog"], prompt_templates=["a drawing of {}"])[0]) > 0.9999
    swapped = CountingEmbedder(embedder_core, model_id="another-model@bbbbbbbbbbbb")
    _engine(tmp_path, swapped, store).embedders().texts(["dog"])
    assert swapped.texts == ["dog"]
    # Naming the default templates explicitly is the same phrasing: the stored vector serves.
    _engine(tmp_path, embedder, store).embedders(TEMPLATES).texts(["dog"])
    assert embedder.texts == ["dog", "dog"]


def test_vectors_from_a_model_other_than_the_bound_one_are_not_kept(
    tmp_path: Path, embedder_core: EmbedderCore, store: TermStore
) -> None:
    embedder = CountingEmbedder(embedder_core)
    embedder.reported_model_id = "swapped-meanwhile@cccccccccccc"
    _engine(tmp_path, embedder, store).embedders().texts(["dog"])
    assert store.stats().terms == 0
    _engine(tmp_path, embedder, store).embedders().texts(["dog"])
    assert embedder.texts == ["dog", "dog"]


def test_a_broken_store_only_costs_embeddings(tmp_path: Path, embedder_core: EmbedderCore) -> None:
    path = tmp_path / "terms.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    store = TermStore(path, max_terms=100)
    store.open()
    embedder = CountingEmbedder(embedder_core)
    vectors = _engine(tmp_path, embedder, store).embedders().texts(["dog", "cat"])
    assert vectors.shape[0] == 2 and embedder.texts == ["dog", "cat"]
    store.close()


def _warmer(engine: SearchEngine, store: TermStore, terms: list[str], **options) -> TermWarmer:  # type: ignore[no-untyped-def]
    return TermWarmer(
        store,
        current_space=engine.term_space,
        list_terms=lambda count: terms[:count],
        embed=lambda space, texts: engine.embed_and_keep(space, texts, background=True),
        **({"max_terms": 100, "batch_size": 3} | options),
    )


def test_warming_embeds_what_is_missing_at_background_priority_and_queries_then_embed_nothing(
    tmp_path: Path, embedder_core: EmbedderCore, store: TermStore
) -> None:
    embedder = CountingEmbedder(embedder_core)
    engine = _engine(tmp_path, embedder, store)
    engine.embedders().texts(["dog"])  # a query got here first
    terms = ["dog", "puppy", "canine", "pet", "hound", "beach", "sand"]
    progress = _warmer(engine, store, terms).warm(engine.term_space())
    # Deep search's probe of what the model cannot read is warmed first, with the listed terms.
    assert progress.done and (progress.listed, progress.already_stored, progress.embedded) == (8, 1, 7)
    assert embedder.calls[1:] == [
        ([UNREAD_PROBE, "puppy", "canine"], True),
        (["pet", "hound", "beach"], True),
        (["sand"], True),
    ]
    restarted = _engine(tmp_path, embedder, store)
    restarted.embedders().texts(["beach", "puppy", "sand"])
    assert len(embedder.calls) == 4, "every term was warmed"
    assert _warmer(engine, store, terms).warm(engine.term_space()).embedded == 0


def test_warming_stops_when_the_model_changes(tmp_path: Path, embedder_core: EmbedderCore, store: TermStore) -> None:
    embedder = CountingEmbedder(embedder_core)
    engine = _engine(tmp_path, embedder, store)
    space = engine.term_space()

    def embed(space: TermSpace, texts: Sequence[str]) -> np.ndarray:
        vectors = engine.embed_and_keep(space, texts, background=True)
        embedder.model_id = "next-model@dddddddddddd"  # swapped after the first batch
        return vectors

    warmer = TermWarmer(store, current_space=engine.term_space, list_terms=lambda n: [f"t{i}" for i in range(9)],
                        embed=embed, max_terms=100, batch_size=3)
    progress = warmer.warm(space)
    assert not progress.done and progress.embedded == 3


def test_the_warming_thread_retries_an_unreachable_dependency_and_stops_on_request(
    tmp_path: Path, embedder_core: EmbedderCore, store: TermStore
) -> None:
    embedder = CountingEmbedder(embedder_core)
    engine = _engine(tmp_path, embedder, store)
    attempts: list[int] = []
    listed = threading.Event()

    def list_terms(count: int) -> list[str]:
        attempts.append(count)
        if len(attempts) == 1:
            raise Unavailable("expansion at 127.0.0.1:1 failed with UNAVAILABLE")
        listed.set()
        return ["dog", "cat"]

    warmer = TermWarmer(store, current_space=engine.term_space, list_terms=list_terms,
                        embed=lambda space, texts: engine.embed_and_keep(space, texts, background=True),
                        max_terms=50, retry_s=0.05, recheck_s=600)
    warmer.start()
    assert listed.wait(30)
    wait_until(lambda: warmer.progress is not None and warmer.progress.done, "warming")
    warmer.stop(timeout_s=30)
    assert not warmer.running
    assert warmer.failures == 1 and attempts == [50, 50]
    assert store.missing(engine.term_space(), ["dog", "cat"]) == []


def test_warming_leaves_the_memory_cache_to_queries(tmp_path: Path, embedder_core: EmbedderCore,
                                                     store: TermStore) -> None:
    embedder = CountingEmbedder(embedder_core)
    engine = _engine(tmp_path, embedder, store)
    engine.embedders().texts(["dog"])
    _warmer(engine, store, ["puppy", "canine"]).warm(engine.term_space())
    assert len(engine.query_cache) == 1
    engine.embedders().texts(["puppy"])  # from the store, then remembered
    assert len(engine.query_cache) == 2 and embedder.texts == ["dog", UNREAD_PROBE, "puppy", "canine"]
