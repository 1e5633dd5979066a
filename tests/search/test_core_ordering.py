"""Results ordered by capture time among those above the calibrated cutoff: normal and deep search, paging,
photos without a capture time last, and the 0.5 default cutoff."""

from __future__ import annotations

import numpy as np
import pytest

from search_svc.core.collection import Collection, CollectionSettings
from search_svc.core.deep import DeepOptions, FusionTerm, fuse
from search_svc.core.ordering import ResultOrder
from search_svc.core.photo_facts import PhotoFacts
from search_svc.core.records import ItemMetadata, NewItem
from search_svc.core.results import TermRelation
from search_svc.core.retrieval import RetrievalTuning
from tests.search.conftest import sha_of, unit_rows

DIM = 16
COUNT = 400
# ANN always (no exact fallback), so the growing candidate pool is what finds every passing item.
ANN_ONLY = CollectionSettings(retrieval=RetrievalTuning(exact_min=0, exact_fraction=0.0))


@pytest.fixture
def new_collection(any_collection):  # type: ignore[no-untyped-def]
    return any_collection  # every test of this module on every backend


@pytest.fixture
def dated(new_collection) -> tuple[Collection, np.ndarray, dict[str, int | None]]:  # type: ignore[no-untyped-def]
    """400 items; two in three have a capture time (a few share one), the rest none."""
    rng = np.random.default_rng(11)
    vectors = unit_rows(rng.normal(size=(COUNT, DIM)))
    times: dict[str, int | None] = {}
    items = []
    for i, vector in enumerate(vectors):
        taken = None if i % 3 == 0 else int(rng.integers(0, 50)) * 86_400 * 10**9 + 1_600_000_000 * 10**9
        times[f"p{i}"] = taken
        items.append(NewItem(f"p{i}", sha_of(f"p{i}"), ItemMetadata(uri=f"/p/{i}.jpg"), vector,
                             photo=PhotoFacts(capture_time_ns=taken)))
    collection = new_collection(dimension=DIM, settings=ANN_ONLY)  # calibration: sigmoid(25 * cos), 0.5 at cos 0
    collection.ingest(items)
    return collection, vectors, times


def expected_order(collection: Collection, query: np.ndarray, times: dict[str, int | None], cutoff: float,
                   descending: bool) -> list[str]:
    """Every item at or above the cutoff score: dated ones by time, then undated ones; ties by relevance."""
    scored = [(float(vector @ query), item_id) for item_id, vector in
              zip(times, collection.vectors_for_ids(list(times)), strict=True)]
    relevant = sorted(((cos, i) for cos, i in scored if collection.calibration.score(cos) >= cutoff), reverse=True)
    rank = {item_id: position for position, (_, item_id) in enumerate(relevant)}
    dated = [i for _, i in relevant if times[i] is not None]
    dated.sort(key=lambda i: ((-1 if descending else 1) * times[i], rank[i]))  # type: ignore[operator]
    return dated + [i for _, i in relevant if times[i] is None]


@pytest.mark.parametrize("order", [ResultOrder.CAPTURE_TIME_DESC, ResultOrder.CAPTURE_TIME_ASC])
def test_normal_search_orders_every_passing_item_by_time_across_pages(dated, order: ResultOrder) -> None:
    collection, vectors, times = dated
    query = unit_rows(vectors[:3].sum(axis=0, keepdims=True))[0]
    want = expected_order(collection, query, times, 0.5, descending=order == ResultOrder.CAPTURE_TIME_DESC)
    assert 100 < len(want) < COUNT, "the cutoff must leave out some items and keep more than a few pages"
    pages, offset = [], 0
    while True:
        outcome = collection.search_vector(query, top_k=7, offset=offset, order=order)  # no min_score: 0.5
        pages += [hit.record.id for hit in outcome.hits]
        assert [hit.rank for hit in outcome.hits] == list(range(offset + 1, offset + 1 + len(outcome.hits)))
        if not outcome.remaining:
            break
        offset += 7
    assert pages == want
    assert all(h.score >= 0.5 for h in collection.search_vector(query, top_k=50, order=order).hits)


def test_an_explicit_threshold_applies_and_relevance_order_is_unchanged(dated) -> None:
    collection, vectors, times = dated
    query = vectors[5]
    want = expected_order(collection, query, times, 0.9, descending=True)
    got = collection.search_vector(query, top_k=1000, min_score=0.9, order=ResultOrder.CAPTURE_TIME_DESC)
    assert [h.record.id for h in got.hits] == want and got.remaining == 0
    relevance = collection.search_vector(query, top_k=20)
    cosines = [h.raw_cosine for h in relevance.hits]
    assert cosines == sorted(cosines, reverse=True) and relevance.hits[0].record.id == "p5"


def test_deep_search_orders_its_fixed_pool_by_time_and_pages_do_not_overlap(dated) -> None:
    collection, vectors, times = dated
    query = vectors[7]
    terms = [FusionTerm("q", TermRelation.ORIGINAL, 1.0, query)]
    options = DeepOptions(duplicate_threshold=1.0)  # these random vectors have no duplicates to fold

    def page(top_k: int, offset: int) -> list[str]:
        outcome = fuse(collection, terms, top_k=top_k, offset=offset, options=options,
                       order=ResultOrder.CAPTURE_TIME_DESC)
        return [h.record.id for h in outcome.hits]

    # Pages of different sizes (the API allows it) join into one sequence: the pool does not follow the page.
    joined = page(5, 0) + page(9, 5) + page(40, 14) + page(1000, 54)
    assert joined == page(1000, 0)
    assert len(joined) == len(set(joined))
    want = expected_order(collection, query, times, 0.5, descending=True)  # the pool (10 x 100) holds them all
    assert joined == want

