"""Deep search: expansion, fusion, near-duplicate collapse and explanations, on a real collection.

The concept space is built so cosines are known: concepts are orthonormal
axes, a "dog" photo lies near the dog axis, a "puppy" photo near the puppy
axis (cosine ~0 with "dog"), and cat photos have a small cosine with "dog".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from mediasearch.runtime.errors import Unavailable
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.deep import DeepOptions, ExpansionTerm, collapse_near_duplicates, deep_search
from search_svc.core.filters import ItemFilter
from search_svc.core.query import parse_query
from search_svc.core.results import SearchMode, TermRelation
from search_svc.core.search import Embedders, normal_search
from tests.search.conftest import ids_of, make_items, unit_rows

DIM = 32
AXES = {name: axis for name, axis in zip(["dog", "puppy", "cat", "canine", "car"],
                                          np.linalg.qr(np.random.default_rng(1).normal(size=(DIM, DIM)))[0].T)}
NOISE_AXES = np.linalg.qr(np.random.default_rng(1).normal(size=(DIM, DIM)))[0].T[5:]
EXPANSIONS = {"dog": [ExpansionTerm("puppy", TermRelation.HYPONYM, 0.8, "dog"),
                      ExpansionTerm("canine", TermRelation.HYPERNYM, 0.6, "dog"),
                      ExpansionTerm("Dog", TermRelation.SYNONYM, 0.9, "dog")]}


def photo(rng: np.random.Generator, **weights: float) -> np.ndarray:
    noise = 0.5 * rng.normal(size=len(NOISE_AXES)) / np.sqrt(len(NOISE_AXES)) @ NOISE_AXES
    vector = sum(w * AXES[name] for name, w in weights.items()) + noise
    return vector / np.linalg.norm(vector)


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    return np.stack([AXES[text.lower()] for text in texts])


def expand(query: str, limit: int) -> list[ExpansionTerm]:
    return EXPANSIONS.get(query, [])[:limit]


EMBEDDERS = Embedders(texts=embed_texts)


@pytest.fixture
def animals(new_collection):
    rng = np.random.default_rng(2)
    dogs = [photo(rng, dog=1.0) for _ in range(3)]
    # A re-encoded copy of dog 0: cosine ~0.999 to it, a little further from "dog".
    duplicate = unit_rows((dogs[0] + 0.05 * AXES["car"])[None, :])[0]
    puppy = photo(rng, puppy=1.0)
    cats = [photo(rng, cat=1.0, dog=0.25) for _ in range(20)]
    cars = [photo(rng, car=1.0) for _ in range(20)]
    # Model-native style calibration: p = 0.5 at cosine 0.5, steep around it.
    collection = new_collection(dimension=DIM, calibration=CalibrationProfile.model_native(20.0, -10.0))
    collection.ingest(make_items(np.stack(dogs), prefix="dog") + make_items(duplicate[None, :], prefix="dogcopy")
                      + make_items(puppy[None, :], prefix="puppy") + make_items(np.stack(cats), prefix="cat")
                      + make_items(np.stack(cars), prefix="car"))
    return collection


def test_normal_search_misses_the_puppy(animals) -> None:
    hits = normal_search(animals, parse_query("dog"), EMBEDDERS, top_k=6).hits
    assert "puppy-0" not in ids_of(hits)


def test_deep_search_surfaces_an_item_only_an_expansion_matches_and_explains_it(animals) -> None:
    outcome = deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6)
    assert outcome.mode == SearchMode.DEEP and not outcome.expansion_unavailable
    ids = ids_of(outcome.hits)
    assert set(ids[:3]) == {"dog-0", "dog-1", "dog-2"}, "the original query dominates"
    assert ids[3] == "puppy-0"

    puppy = outcome.hits[3]
    assert puppy.matches[0].term == "puppy" and puppy.matches[0].relation == TermRelation.HYPONYM
    assert puppy.matches[0].query_part == "dog", "an expansion says which part of the query it came from"
    assert puppy.matches[0].weight == pytest.approx(0.8) and puppy.matches[0].score > 0.9
    assert TermRelation.ORIGINAL not in {m.relation for m in puppy.matches}
    assert puppy.score == pytest.approx(0.8 * puppy.matches[0].score)
    assert animals.calibration.score(puppy.raw_cosine) == pytest.approx(puppy.score)

    dog = outcome.hits[0]
    assert dog.matches[0].relation == TermRelation.ORIGINAL and dog.matches[0].term == "dog"
    assert dog.matches[0].query_part == ""
    assert dog.raw_cosine == pytest.approx(dog.matches[0].raw_cosine)
    assert [t.term for t in outcome.expanded_terms] == ["dog", "puppy", "canine"], \
        "the case-variant repeat of the query is not searched again"


def test_near_duplicates_are_collapsed_into_the_better_result(animals) -> None:
    outcome = deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6)
    ids = ids_of(outcome.hits)
    assert "dogcopy-0" not in ids
    dog0 = next(hit for hit in outcome.hits if hit.record.id == "dog-0")
    assert dog0.duplicate_ids == ["dogcopy-0"]

    kept_apart = deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6,
                             options=DeepOptions(duplicate_threshold=1.0))
    assert {"dog-0", "dogcopy-0"} <= set(ids_of(kept_apart.hits))


def test_collapse_keeps_the_higher_ranked_of_two_copies() -> None:
    vectors = unit_rows(np.array([[1.0, 0.0], [0.999, 0.04], [0.0, 1.0]]))
    kept, duplicates = collapse_near_duplicates(vectors, np.array([1, 0, 2]), threshold=0.94)
    assert kept == [1, 2] and duplicates[1] == [0]


def test_deep_search_falls_back_to_normal_when_expansion_is_down(animals) -> None:
    def unreachable(query: str, limit: int) -> list[ExpansionTerm]:
        raise Unavailable("expansion service unreachable")

    outcome = deep_search(animals, parse_query("dog"), EMBEDDERS, unreachable, top_k=5)
    assert outcome.expansion_unavailable and outcome.mode == SearchMode.NORMAL
    assert ids_of(outcome.hits) == ids_of(normal_search(animals, parse_query("dog"), EMBEDDERS, top_k=5).hits)


def test_deep_search_fails_fast_when_the_embedder_is_down(animals) -> None:
    def embedder_down(texts: Sequence[str]) -> np.ndarray:
        raise Unavailable("embedder unreachable")

    with pytest.raises(Unavailable):
        deep_search(animals, parse_query("dog"), Embedders(texts=embedder_down), expand, top_k=5)


def test_disabled_expansion_searches_the_query_alone(animals) -> None:
    outcome = deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6,
                          options=DeepOptions(disable_expansion=True))
    assert [t.relation for t in outcome.expanded_terms] == [TermRelation.ORIGINAL]
    assert "puppy-0" not in ids_of(outcome.hits)


def test_expansions_keep_the_other_terms_of_a_weighted_query(animals) -> None:
    # "dog - car": the puppy expansion is searched as "puppy - car", so cars stay pushed away.
    outcome = deep_search(animals, parse_query("dog - 0.5:car"), EMBEDDERS, expand, top_k=10)
    assert not any(hit.record.id.startswith("car") for hit in outcome.hits)
    assert "puppy-0" in ids_of(outcome.hits)
    assert outcome.expanded_terms[0].term == "dog - 0.5:car"


def test_deep_search_honours_filters_and_pages_without_overlap(animals) -> None:
    only_cats = ItemFilter.build(uri_prefix="/photos/cat-")
    outcome = deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6, item_filter=only_cats,
                          options=DeepOptions(duplicate_threshold=1.0))
    assert len(outcome.hits) == 6 and all(h.record.id.startswith("cat-") for h in outcome.hits)
    second = deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6, offset=6, item_filter=only_cats,
                         options=DeepOptions(duplicate_threshold=1.0))
    assert [h.rank for h in second.hits] == list(range(7, 13))
    assert not set(ids_of(outcome.hits)) & set(ids_of(second.hits))
    assert all(a.score >= b.score for a, b in zip(outcome.hits + second.hits, (outcome.hits + second.hits)[1:]))
