"""Normal search and find-similar over a collection, with embedding done by injected callables.

The callables keep this module free of gRPC: the servicer passes functions
that call the embedder service, tests pass local functions. A text embedder
returns one unit vector per text (prompt templates are its business); an
image embedder does the same for encoded images. Either may raise
`Unavailable`, which propagates so a query fails fast with that status.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from search_svc.core.collection import Collection
from search_svc.core.filters import NO_FILTER, ItemFilter
from search_svc.core.image_calibration import CalibrationTarget, QueryCalibration, for_query
from search_svc.core.ordering import ResultOrder
from search_svc.core.query import QueryTerm, TermKind, combine_term_vectors, validate_terms
from search_svc.core.records import as_unit_vector
from search_svc.core.results import SearchMode, SearchOutcome

TextEmbedder = Callable[[Sequence[str]], np.ndarray]
ImageEmbedder = Callable[[Sequence[bytes]], np.ndarray]


@dataclass(frozen=True)
class Embedders:
    """How query terms become vectors; `images=None` when image terms are not supported.

    `vocabulary`: the whole words the text model reads, when it reads only those
    (a small word-level model); empty when it reads any word (word pieces).
    """

    texts: TextEmbedder
    images: ImageEmbedder | None = None
    vocabulary: frozenset[str] = frozenset()


def embed_terms(collection: Collection, terms: Sequence[QueryTerm], embedders: Embedders) -> np.ndarray:
    """One unit vector per term (terms checked by `validate_terms`), rows in term order: texts and images
    in one batch each."""
    rows: list[np.ndarray | None] = [None] * len(terms)
    by_kind: dict[TermKind, list[int]] = {}
    for position, term in enumerate(terms):
        by_kind.setdefault(term.kind, []).append(position)
    if TermKind.IMAGE in by_kind and embedders.images is None:
        raise FailedPrecondition("image query terms are not supported here", reason="IMAGE_TERMS_UNSUPPORTED")
    batches: list[tuple[TermKind, Callable[[list], np.ndarray]]] = [
        (TermKind.TEXT, embedders.texts),
        (TermKind.IMAGE, embedders.images or _unsupported),
        (TermKind.ITEM, collection.vectors_for_ids),
    ]
    for kind, embed in batches:
        positions = by_kind.get(kind, [])
        if not positions:
            continue
        vectors = np.asarray(embed([terms[p].value for p in positions]), dtype=np.float32)
        if vectors.shape[0] != len(positions):
            raise ValueError(f"{kind.value} embedder returned {vectors.shape[0]} vectors for {len(positions)} inputs")
        for position, vector in zip(positions, vectors, strict=True):
            rows[position] = as_unit_vector(vector, collection.dimension, f"terms[{position}]")
    return np.stack([row for row in rows if row is not None])


def query_vector(collection: Collection, terms: Sequence[QueryTerm], embedders: Embedders) -> np.ndarray:
    """The weighted, renormalised combination of the terms' vectors."""
    validate_terms(terms)
    return combine_term_vectors([t.weight for t in terms], embed_terms(collection, terms, embedders))


def normal_search(
    collection: Collection,
    terms: Sequence[QueryTerm],
    embedders: Embedders,
    *,
    top_k: int = 10,
    offset: int = 0,
    min_score: float | None = None,
    item_filter: ItemFilter = NO_FILTER,
    order: ResultOrder = ResultOrder.RELEVANCE,
) -> SearchOutcome:
    """One nearest-neighbour lookup of the combined query vector, exact re-scoring, threshold and paging,
    scored through the calibration that fits the query's terms (text, image or a blend)."""
    vector = query_vector(collection, terms, embedders)
    return search_one_vector(
        collection,
        vector,
        query_calibration(collection, terms),
        top_k=top_k,
        offset=offset,
        min_score=min_score,
        item_filter=item_filter,
        order=order,
        known_keys=item_term_keys(collection, terms),
    )


def search_one_vector(
    collection: Collection,
    vector: np.ndarray,
    calibration: QueryCalibration,
    *,
    top_k: int,
    offset: int,
    min_score: float | None,
    item_filter: ItemFilter,
    order: ResultOrder,
    known_keys: Sequence[int] = (),
) -> SearchOutcome:
    """A normal search's outcome for a combined query vector, scored and labelled with `calibration`;
    `known_keys` are scored whether or not the approximate index finds them."""
    outcome = collection.search_vector(
        vector,
        top_k=top_k,
        offset=offset,
        min_score=min_score,
        item_filter=item_filter,
        calibration=calibration.profile,
        order=order,
        known_keys=known_keys,
    )
    return with_calibration(replace(outcome, mode=SearchMode.NORMAL), calibration)


def item_term_keys(collection: Collection, terms: Sequence[QueryTerm]) -> list[int]:
    """The keys of the items a query's positive `item:` terms name: "item:X" must find X itself, but HNSW
    leaves a few stored vectors unreachable (about 1 in 600 of 3,000 clustered ones at the default ef), so
    those items are scored exactly instead of trusting the index to return them."""
    ids = [str(t.value) for t in terms if t.kind == TermKind.ITEM and t.weight > 0]
    if not ids:
        return []
    return [record.key for record in collection.records_by_id(ids).values()]


def query_calibration(collection: Collection, terms: Sequence[QueryTerm]) -> QueryCalibration:
    """The calibration for this query's mix of text and image terms (image_calibration.py)."""
    return for_query(terms, collection.calibration, lambda: collection.image_calibration)


def with_calibration(outcome: SearchOutcome, calibration: QueryCalibration) -> SearchOutcome:
    return replace(
        outcome,
        calibration=calibration.profile,
        calibration_target=calibration.target,
        image_share=calibration.image_share,
    )


def find_similar(
    collection: Collection,
    *,
    embedders: Embedders | None = None,
    item_id: str = "",
    image: bytes = b"",
    top_k: int = 10,
    offset: int = 0,
    min_cosine: float | None = None,
    item_filter: ItemFilter = NO_FILTER,
    include_self: bool = False,
) -> SearchOutcome:
    """Neighbours of a stored item or an image, scored through the collection's image calibration. The item
    itself is left out unless `include_self`, and so is a stored copy of the query image (the same bytes:
    `similar ./photo.jpg` on an indexed photo must not answer with that photo first)."""
    if bool(item_id) == bool(image):
        raise InvalidArgument.for_field("target", "give exactly one of item_id or image")
    exclude: list[int] = []
    known: list[int] = []
    if item_id:
        vector = collection.vectors_for_ids([item_id])[0]
        record = collection.records_by_id([item_id]).get(item_id)
        if record is None:
            raise NotFound(f"collection '{collection.name}' has no item {item_id!r}", reason="ITEM_NOT_FOUND")
        if not include_self:
            exclude = [record.key]
        else:
            known = [record.key]
    else:
        if embedders is None or embedders.images is None:
            raise FailedPrecondition("image queries are not supported here", reason="IMAGE_TERMS_UNSUPPORTED")
        vector = as_unit_vector(np.asarray(embedders.images([image]))[0], collection.dimension, "image")
        if not include_self:
            exclude = collection.keys_for_sha256(hashlib.sha256(image).hexdigest())
    outcome = collection.search_vector(
        vector,
        top_k=top_k,
        offset=offset,
        min_cosine=min_cosine,
        item_filter=item_filter,
        exclude_keys=exclude,
        known_keys=known,
        calibration=collection.image_calibration,
    )
    return replace(outcome, mode=SearchMode.NORMAL, calibration_target=CalibrationTarget.IMAGE_IMAGE)


def _unsupported(_: list) -> np.ndarray:
    raise FailedPrecondition("image query terms are not supported here", reason="IMAGE_TERMS_UNSUPPORTED")
