"""The search service's use cases over its collections, with the embedder and expander as injected ports.

No gRPC here: `server.py` plugs in ports that call the other services, tests
can plug in local ones. The engine binds collections to the embedder's
current model, caches text embeddings (queries and expansion terms repeat:
an LRU in memory in front of the persistent term store, term_store.py), and
turns labelled pairs into calibration fits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from mediasearch.lru import LruCache
from mediasearch.runtime.errors import InvalidArgument
from search_svc.core.calibration import CalibrationMethod, CalibrationProfile, build_profile, default_profile
from search_svc.core.calibration_fit import FitReport, fit_profile
from search_svc.core.collection import Collection
from search_svc.core.deep import DeepOptions, Expander, deep_search
from search_svc.core.embedding import DeadlinePlanner, ImageSender, PhotoShrinker
from search_svc.core.expansion_check import unknown_words
from search_svc.core.filters import NO_FILTER, ItemFilter
from search_svc.core.image_profile import ImageProfile, default_concepts, profile_image
from search_svc.core.ingest import ImageEmbedding, IngestItem, IngestPipeline
from search_svc.core.manager import CollectionManager
from search_svc.core.ordering import ResultOrder
from search_svc.core.query import QueryTerm, TermKind
from search_svc.core.records import IngestResult
from search_svc.core.results import SearchMode, SearchOutcome
from search_svc.core.search import Embedders, find_similar, normal_search
from search_svc.core.term_store import TermSpace, TermStore
from search_svc.core.thumbnails import DEFAULT_SPEC, ThumbnailSpec
from search_svc.core.videos import DEFAULT_MOMENTS, grouped_search

# A word-level vocabulary this small is all the model reads; a word-piece vocabulary (30k+) reads nearly any word.
WHOLE_WORD_VOCABULARY_LIMIT = 5000

log = logging.getLogger("search_svc.engine")


@dataclass(frozen=True)
class ModelFacts:
    """What the engine needs to know about the embedder's model."""

    model_id: str
    dimension: int
    logit_scale_exp: float
    logit_bias: float
    vocabulary: tuple[str, ...] = ()
    # The model's square input side in pixels; 0 when unknown (photos then travel unshrunk).
    image_size: int = 0
    # The templates the embedder applies to a text when a call names none; () when it did not say.
    default_prompt_templates: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextVectors:
    """Text embeddings and the model that made them, as the embedder reported it ("" when unknown or mixed)."""

    vectors: np.ndarray
    model_id: str


class EmbedderPort(Protocol):
    def model_facts(self) -> ModelFacts: ...
    def embed_texts(
        self, texts: Sequence[str], prompt_templates: Sequence[str], *, background: bool = False
    ) -> TextVectors: ...
    def embed_images(self, images: Sequence[bytes], timeout_s: float | None = None) -> list[ImageEmbedding]: ...


def _log_retry(count: int, why: str) -> None:
    log.warning("embedder call of %d image(s) ended with %s; retrying it in smaller parts", count, why)


@dataclass(frozen=True)
class ImageTransport:
    """How images reach the embedder; mirrors the SEARCH_* settings of the same names."""

    shrink_photos: bool = True
    decode_workers: int = 2
    max_image_pixels: int = 50_000_000
    max_images_per_call: int = 16
    max_message_bytes: int = 64 << 20
    timeout_s: float = 30.0


@dataclass(frozen=True)
class LabeledPair:
    query: str
    item_id: str
    relevant: bool


class SearchEngine:
    """Ingest, search, similar, delete, list, stats and calibration over a `CollectionManager`."""

    def __init__(
        self,
        manager: CollectionManager,
        embedder: EmbedderPort,
        expander: Expander | None,
        *,
        ingest_roots: Sequence[str] = (),
        max_image_bytes: int = 32 << 20,
        model_info_ttl_s: float = 30.0,
        query_cache_size: int = 4096,
        transport: ImageTransport = ImageTransport(),
        thumbnails: ThumbnailSpec = DEFAULT_SPEC,
        region_views: str = "auto",
        term_store: TermStore | None = None,
    ) -> None:
        self.manager = manager
        self.term_store = term_store
        self._embedder = embedder
        self._expander = expander
        self._ttl = model_info_ttl_s
        self._facts: tuple[float, ModelFacts] | None = None
        self._facts_lock = threading.Lock()
        # In front of the term store: the hottest terms without a disk read.
        self.query_cache: LruCache[np.ndarray] = LruCache(query_cache_size)
        self._vocabulary_key: tuple[str, ...] = ()
        self._vocabulary: frozenset[str] = frozenset()
        self._shrinker = (
            PhotoShrinker(
                max_bytes=max_image_bytes, max_pixels=transport.max_image_pixels, workers=transport.decode_workers
            )
            if transport.shrink_photos
            else None
        )
        self.images = ImageSender(
            lambda images, timeout_s: embedder.embed_images(images, timeout_s),
            target_size=lambda: self.model_facts().image_size,
            shrinker=self._shrinker,
            max_images=transport.max_images_per_call,
            max_message_bytes=transport.max_message_bytes,
            deadlines=DeadlinePlanner(transport.timeout_s),
            on_split=_log_retry,
        )
        self._ingest = IngestPipeline(
            roots=[Path(r) for r in ingest_roots],
            max_image_bytes=max_image_bytes,
            embed_images=self.images,
            collection_for=self._collection_for_ingest,
            thumbnails=thumbnails,
            region_views=region_views,
            max_image_pixels=transport.max_image_pixels,
        )

    def close(self) -> None:
        if self._shrinker is not None:
            self._shrinker.close()

    # -- model binding -----------------------------------------------------------
    def model_facts(self) -> ModelFacts:
        """The embedder's model, re-asked at most every `model_info_ttl_s` so a model swap is noticed."""
        with self._facts_lock:
            now = time.monotonic()
            if self._facts is None or now - self._facts[0] > self._ttl:
                self._facts = (now, self._embedder.model_facts())
            return self._facts[1]

    def _collection_for_ingest(self, name: str) -> Collection:
        facts = self.model_facts()
        return self.manager.get_or_create(
            name,
            model_id=facts.model_id,
            dimension=facts.dimension,
            calibration=default_profile(facts.logit_scale_exp, facts.logit_bias),
        )

    def bound_collection(self, name: str, *, needs_model: bool = True) -> Collection:
        """An existing collection; when the query needs the embedder, checked against its current model."""
        if not needs_model:
            return self.manager.get(name)
        facts = self.model_facts()
        return self.manager.get_bound(name, model_id=facts.model_id, dimension=facts.dimension)

    # -- writes ------------------------------------------------------------------
    def ingest(self, items: Sequence[IngestItem]) -> list[IngestResult]:
        return self._ingest.run(items)

    def set_calibration(
        self,
        name: str,
        method: CalibrationMethod,
        *,
        temperature: float,
        slope: float,
        intercept: float,
        image: bool = False,
    ) -> CalibrationProfile:
        """Puts a hand-chosen profile in force: the text one, or with `image` the image one (PLATT only)."""
        collection = self.manager.get(name)
        if image:
            _require_platt(method, "calibration.method", unset_means_platt=False)
            profile = CalibrationProfile.platt(slope, intercept, updated_at_ns=time.time_ns())
            collection.set_image_calibration(profile)
            return profile
        current = collection.calibration
        scale, bias = current.logit_scale_exp, current.logit_bias
        if not scale:
            facts = self.model_facts()
            scale, bias = facts.logit_scale_exp, facts.logit_bias
        profile = build_profile(
            method,
            logit_scale_exp=scale,
            logit_bias=bias,
            temperature=temperature,
            slope=slope,
            intercept=intercept,
            updated_at_ns=time.time_ns(),
        )
        collection.set_calibration(profile)
        return profile

    # -- queries -----------------------------------------------------------------
    def embedders(self, prompt_templates: Sequence[str] = ()) -> Embedders:
        templates = tuple(prompt_templates)

        def texts(values: Sequence[str]) -> np.ndarray:
            return self._cached_texts(list(values), templates)

        return Embedders(texts=texts, images=self._image_vectors, vocabulary=self._readable_words())

    def _readable_words(self) -> frozenset[str]:
        """The model's whole-word vocabulary when it is small enough to be all it reads; else empty."""
        words = self.model_facts().vocabulary
        if len(words) > WHOLE_WORD_VOCABULARY_LIMIT:
            return frozenset()
        if self._vocabulary_key is not words:
            self._vocabulary_key, self._vocabulary = words, frozenset(words)
        return self._vocabulary

    def term_space(self, templates: Sequence[str] = ()) -> TermSpace:
        """Where the current model's embeddings of texts phrased with `templates` (none: the embedder's own) are
        kept."""
        facts = self.model_facts()
        return TermSpace(facts.model_id, tuple(templates) or facts.default_prompt_templates)

    def embed_and_keep(self, space: TermSpace, texts: Sequence[str], *, background: bool = False) -> np.ndarray:
        """Embeds `texts` as `space` phrases them and keeps the vectors in the term store, and in memory unless
        `background` (warming must not push queries out of the memory cache), when the embedder says they came
        from the space's model (a model swapped meanwhile must not be stored)."""
        templates = () if space.templates == self.model_facts().default_prompt_templates else space.templates
        embedded = self._embedder.embed_texts(list(texts), templates, background=background)
        if embedded.model_id == space.model_id:
            if not background:
                for text, vector in zip(texts, embedded.vectors, strict=True):
                    self.query_cache.put((space, text), vector)
            if self.term_store is not None:
                self.term_store.put(space, dict(zip(texts, embedded.vectors, strict=True)))
        return embedded.vectors

    def _cached_texts(self, texts: list[str], templates: tuple[str, ...]) -> np.ndarray:
        """Vectors from memory, then from the term store; only texts found in neither go to the embedder."""
        space = self.term_space(templates)
        found = {text: vector for text in texts if (vector := self.query_cache.get((space, text))) is not None}
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing and self.term_store is not None:
            stored = self.term_store.lookup(space, missing, dimension=self.model_facts().dimension)
            for text, vector in stored.items():
                self.query_cache.put((space, text), vector)
            found.update(stored)
            missing = [text for text in missing if text not in stored]
        if missing:
            found.update(zip(missing, self.embed_and_keep(space, missing), strict=True))
        return np.stack([found[text] for text in texts])

    def _image_vectors(self, images: Sequence[bytes]) -> np.ndarray:
        rows = []
        for position, embedding in enumerate(self.images(list(images))):
            if embedding.vector is None:
                failure = embedding.failure
                raise InvalidArgument.for_field(
                    f"image[{position}]",
                    failure.message if failure else "not embeddable",
                    reason=failure.reason if failure else "IMAGE_INVALID",
                )
            rows.append(embedding.vector)
        return np.stack(rows)

    def search(
        self,
        name: str,
        terms: Sequence[QueryTerm],
        *,
        mode: SearchMode,
        top_k: int,
        offset: int,
        min_score: float | None,
        item_filter: ItemFilter = NO_FILTER,
        deep: DeepOptions = DeepOptions(),
        prompt_templates: Sequence[str] = (),
        order: ResultOrder = ResultOrder.RELEVANCE,
        max_video_moments: int = DEFAULT_MOMENTS,
    ) -> SearchOutcome:
        needs_model = any(t.kind in (TermKind.TEXT, TermKind.IMAGE) for t in terms)
        collection = self.bound_collection(name, needs_model=needs_model)
        embedders = self.embedders(prompt_templates)

        def rank(k: int, start: int) -> SearchOutcome:
            if mode == SearchMode.DEEP:
                return deep_search(
                    collection,
                    terms,
                    embedders,
                    self._expander,
                    top_k=k,
                    offset=start,
                    min_score=min_score,
                    item_filter=item_filter,
                    options=deep,
                    order=order,
                )
            return normal_search(
                collection,
                terms,
                embedders,
                top_k=k,
                offset=start,
                min_score=min_score,
                item_filter=item_filter,
                order=order,
            )

        outcome = grouped_search(collection, rank, top_k=top_k, offset=offset, max_moments=max_video_moments)
        texts = " ".join(str(t.value) for t in terms if t.kind == TermKind.TEXT)
        unknown = unknown_words(texts, embedders.vocabulary) if texts else []
        return replace(outcome, unknown_words=unknown) if unknown else outcome

    def similar(
        self,
        name: str,
        *,
        item_id: str,
        image: bytes,
        top_k: int,
        offset: int = 0,
        min_cosine: float | None,
        item_filter: ItemFilter,
        include_self: bool,
    ) -> SearchOutcome:
        collection = self.bound_collection(name, needs_model=bool(image))
        embedders = self.embedders()

        def rank(k: int, start: int) -> SearchOutcome:
            return find_similar(
                collection,
                embedders=embedders,
                item_id=item_id,
                image=image,
                top_k=k,
                offset=start,
                min_cosine=min_cosine,
                item_filter=item_filter,
                include_self=include_self,
            )

        return grouped_search(collection, rank, top_k=top_k, offset=offset)

    def profile_image(self, name: str, *, image: bytes, item_id: str, concepts: Sequence[str]) -> ImageProfile:
        collection = self.bound_collection(name)
        vocabulary = list(concepts) or default_concepts(self.model_facts().vocabulary)
        return profile_image(collection, self.embedders(), image=image, item_id=item_id, concepts=vocabulary)

    def fit_calibration(
        self, name: str, pairs: Sequence[LabeledPair], method: CalibrationMethod, apply: bool, *, image: bool = False
    ) -> FitReport:
        """Fits the text profile from (text, item) pairs, or with `image` the image profile from (item, item)
        pairs, whose `query` is the id of the query item."""
        collection = self.bound_collection(name, needs_model=not image)
        if not pairs:
            raise InvalidArgument.for_field("pairs", "needs labelled pairs")
        if image:
            _require_platt(method, "method", unset_means_platt=True)
        queries = sorted({p.query for p in pairs})
        embedded = collection.vectors_for_ids(queries) if image else self.embedders().texts(queries)
        query_vectors = dict(zip(queries, embedded, strict=True))
        item_ids = sorted({p.item_id for p in pairs})
        by_item = dict(zip(item_ids, collection.vectors_for_ids(item_ids), strict=True))
        cosines = np.array([float(query_vectors[p.query] @ by_item[p.item_id]) for p in pairs])
        labels = np.array([1.0 if p.relevant else 0.0 for p in pairs])
        current = collection.image_calibration if image else collection.calibration
        report = fit_profile(
            method,
            cosines,
            labels,
            current,
            logit_scale_exp=current.logit_scale_exp,
            logit_bias=current.logit_bias,
            now_ns=time.time_ns(),
        )
        if apply:
            (collection.set_image_calibration if image else collection.set_calibration)(report.profile)
        return report


def _require_platt(method: CalibrationMethod, field_path: str, *, unset_means_platt: bool) -> None:
    """The image profile is a plain logistic: the model's own scale and bias are for text-image cosines."""
    if method != CalibrationMethod.PLATT and not (unset_means_platt and method == CalibrationMethod.UNSPECIFIED):
        raise InvalidArgument.for_field(
            field_path, "the image calibration takes PLATT only", reason="METHOD_NOT_FOR_IMAGES"
        )
