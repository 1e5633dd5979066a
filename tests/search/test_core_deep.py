"""Deep search: expansion, fusion, near-duplicate collapse and explanations, on a real collection.

The concept space is built so cosines are known: concepts are orthonormal
axes, a "dog" photo lies near the dog axis, a "puppy" photo near the puppy
axis (cosine ~0 with "dog"), and cat photos have a small cosine with "dog".
As in a real text encoder, the words "puppy" and "canine" lie near "dog"
(cosine 0.6), while "car" is as far from it as a word can be (cosine 0).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np
import pytest

from mediasearch.runtime.deadlines import call_deadline, remaining
from mediasearch.runtime.errors import InvalidArgument, Unavailable
import search_svc.core.deep as deep
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.deep import (
    PART,
    SETTING_SHARE,
    UNREAD_PROBE,
    DeepOptions,
    ExpansionTerm,
    collapse_near_duplicates,
    deep_search,
)
from search_svc.core.expansion_check import kind_led_weights, names_a_kind, outlying_kinds, readable, unknown_words
from search_svc.core.filters import ItemFilter
from search_svc.core.ordering import ResultOrder
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


# Unit text vectors: related words share part of the word they relate to.
TEXTS = {name: axis for name, axis in AXES.items()}
TEXTS["puppy"] = 0.8 * AXES["puppy"] + 0.6 * AXES["dog"]
TEXTS["canine"] = 0.8 * AXES["canine"] + 0.6 * AXES["dog"]
# A word outside a model's vocabulary embeds as noise, far from everything.
TEXTS["zorb"] = TEXTS["zorb dog"] = NOISE_AXES[-1]
# How the model embeds a string it cannot read at all.
TEXTS[UNREAD_PROBE] = NOISE_AXES[-2]


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    return np.stack([TEXTS[text.lower()] for text in texts])


def expand(query: str, limit: int) -> list[ExpansionTerm]:
    return EXPANSIONS.get(query, [])[:limit]


EMBEDDERS = Embedders(texts=embed_texts)


@pytest.fixture
def new_collection(any_collection):  # type: ignore[no-untyped-def]
    return any_collection  # every test of this module on every backend


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
    assert puppy.score == pytest.approx(DeepOptions().expansion_ceiling * 0.8 * puppy.matches[0].score)
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


def test_expansions_ask_the_index_for_half_the_original_pool(animals, monkeypatch) -> None:
    asked: list[tuple[int, int]] = []
    real = animals.candidates

    def recording(queries: np.ndarray, pool: int, item_filter: ItemFilter = ItemFilter()) -> list[np.ndarray]:
        asked.append((len(queries), pool))
        return real(queries, pool, item_filter)

    monkeypatch.setattr(animals, "candidates", recording)
    deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6, offset=2)
    assert sorted(asked) == [(1, 80), (2, 40)], "the query: 10 x 8 results; puppy and canine: half of it"

    asked.clear()
    deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6, options=DeepOptions(candidate_multiplier=11))
    assert sorted(asked) == [(1, 66), (2, 33)]

    asked.clear()
    deep_search(animals, parse_query("dog"), EMBEDDERS, expand, top_k=6, order=ResultOrder.CAPTURE_TIME_DESC)
    assert {pool for _, pool in asked} == {1000}, "a time order's fixed pool, for every term"
    assert sum(rows for rows, _ in asked) == 3, "each row looked up once"


def test_collapse_keeps_the_higher_ranked_of_two_copies() -> None:
    vectors = unit_rows(np.array([[1.0, 0.0], [0.999, 0.04], [0.0, 1.0]]))
    kept, duplicates = collapse_near_duplicates(vectors, np.array([1, 0, 2]), threshold=0.94)
    assert kept == [1, 2] and duplicates[1] == [0]


def test_collapse_compares_only_with_kept_rows() -> None:
    # b copies a; c is close to b but not to a: b folded, so c has no kept row to join and stays.
    vectors = unit_rows(np.array([[1.0, 0.0, 0.0], [0.97, 0.25, 0.0], [0.88, 0.48, 0.0]]))
    assert vectors[2] @ vectors[1] >= 0.95 > vectors[2] @ vectors[0]
    kept, duplicates = collapse_near_duplicates(vectors, np.array([0, 1, 2]), threshold=0.95)
    assert kept == [0, 2] and duplicates == {0: [1], 2: []}


def test_collapse_follows_the_greedy_rule_on_clustered_rows(monkeypatch) -> None:
    def greedy(vectors: np.ndarray, ranked: np.ndarray, threshold: float) -> tuple[list[int], dict[int, list[int]]]:
        kept: list[int] = []
        duplicates: dict[int, list[int]] = {}
        for row in map(int, ranked):
            similarities = np.array([vectors[k] @ vectors[row] for k in kept])
            if kept and similarities.max() >= threshold:
                duplicates[kept[int(np.argmax(similarities))]].append(row)
            else:
                kept.append(row)
                duplicates[row] = []
        return kept, duplicates

    rng = np.random.default_rng(7)
    centres = unit_rows(rng.normal(size=(12, 16)))
    vectors = unit_rows(centres[rng.integers(0, 12, size=150)] + rng.normal(scale=0.08, size=(150, 16)))
    ranked = rng.permutation(150)
    expected_kept, expected_duplicates = greedy(vectors.astype(np.float32), ranked, 0.97)
    assert 12 < len(expected_kept) < 150  # some rows fold and some copies of one cluster stay apart
    # At once, and in blocks of a few rows (as a pool too large to compare all pairs at once is folded).
    for cells in (deep.FOLD_BLOCK_CELLS, 7 * 150):
        monkeypatch.setattr(deep, "FOLD_BLOCK_CELLS", cells)
        kept, duplicates = collapse_near_duplicates(vectors.astype(np.float32), ranked, threshold=0.97)
        assert kept == expected_kept and duplicates == expected_duplicates


def test_expansion_is_asked_while_the_query_is_embedded_and_its_terms_fetched_ahead(animals, monkeypatch) -> None:
    asked, looked_up = threading.Event(), threading.Event()
    calls: list[tuple[list[str], bool]] = []
    lookups: list[int] = []
    real = animals.candidates

    def recording(queries: np.ndarray, pool: int, item_filter: ItemFilter = ItemFilter()) -> list[np.ndarray]:
        lookups.append(len(queries))
        if len(queries) == 2:  # puppy and canine
            looked_up.set()
        return real(queries, pool, item_filter)

    def slow_embedder(texts: Sequence[str]) -> np.ndarray:
        # The query's embedding waits (at most 5 s each) for the Expand call and the expansions' index lookups:
        # only concurrent ones can arrive.
        calls.append((list(texts), "dog" in texts and asked.wait(5.0) and looked_up.wait(5.0)))
        return embed_texts(texts)

    def expander(query: str, limit: int) -> list[ExpansionTerm]:
        asked.set()
        assert remaining() is not None, "the call's deadline travels with the Expand call"
        return expand(query, limit)

    monkeypatch.setattr(animals, "candidates", recording)
    with call_deadline(time.monotonic() + 30):
        outcome = deep_search(animals, parse_query("dog"), Embedders(texts=slow_embedder), expander, top_k=6)
    query_call = next(overlapped for texts, overlapped in calls if texts == ["dog"])
    assert query_call, "Expand and the expansions' lookups ran while the query was embedded"
    assert sorted(lookups) == [1, 2], "fusion found the expansions' candidates and looked up only the query"
    assert [t.term for t in outcome.expanded_terms] == ["dog", "puppy", "canine"]
    assert any(texts[:2] == ["puppy", "canine"] for texts, _ in calls), "the expansions' texts were fetched"
    assert sum("puppy" in texts for texts, _ in calls) == 1, "and embedded once, not again when they are checked"


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


def test_an_expansion_never_lowers_a_result_the_original_ranks(new_collection) -> None:
    # Dogs the original finds with middling confidence, and twenty cats an expansion matches perfectly.
    rng = np.random.default_rng(5)
    dogs = unit_rows(np.stack([c * AXES["dog"] + np.sqrt(1 - c * c) * AXES["car"] for c in (0.9, 0.8, 0.7, 0.6, 0.55)]))
    cats = np.stack([photo(rng, cat=1.0) for _ in range(20)])
    collection = new_collection(dimension=DIM, calibration=CalibrationProfile.model_native(20.0, -10.0))
    collection.ingest(make_items(dogs, prefix="dog") + make_items(cats, prefix="cat"))
    cat_for_dog = {"dog": [ExpansionTerm("cat", TermRelation.RELATED, 0.95)]}
    # The model check is switched off: this is about fusion alone.
    options = DeepOptions(min_relatedness=-1.0, duplicate_threshold=1.0)
    deep = deep_search(collection, parse_query("dog"), EMBEDDERS, lambda q, n: cat_for_dog.get(q, [])[:n],
                       top_k=25, options=options)
    normal = normal_search(collection, parse_query("dog"), EMBEDDERS, top_k=25).hits
    assert "cat" in [t.term for t in deep.expanded_terms]
    original = {hit.record.id: hit.score for hit in normal}
    assert all(hit.score >= original[hit.record.id] - 1e-6 for hit in deep.hits), "fusion only adds evidence"
    confident = [hit.record.id for hit in normal if hit.score >= options.expansion_ceiling]
    assert len(confident) == 5, "every dog is a confident original match here"
    assert ids_of(deep.hits)[: len(confident)] == confident, "the original's ranking of its matches is kept"
    assert [h.score for h in deep.hits[:5]] == pytest.approx([original[i] for i in confident])
    assert {h.record.id for h in deep.hits[5:]} == {f"cat-{i}" for i in range(20)}, "the expansion still adds"


def test_an_expansion_the_model_places_far_from_the_query_is_dropped(animals) -> None:
    expansions = {"dog": [ExpansionTerm("car", TermRelation.RELATED, 0.9, "dog"), ExpansionTerm("puppy", TermRelation.HYPONYM, 0.8, "dog")]}
    outcome = deep_search(animals, parse_query("dog"), EMBEDDERS, lambda q, n: expansions.get(q, [])[:n], top_k=10)
    assert [t.term for t in outcome.expanded_terms] == ["dog", "puppy"]
    assert not any(hit.record.id.startswith("car") for hit in outcome.hits)
    assert "puppy-0" in ids_of(outcome.hits)


def test_the_query_part_judges_when_the_model_cannot_read_the_query(animals) -> None:
    vocabulary = frozenset({"dog", "puppy", "car", "cat", "canine"})
    embedders = Embedders(texts=embed_texts, vocabulary=vocabulary)
    expansions = {"zorb dog": [ExpansionTerm("car", TermRelation.RELATED, 0.9, "dog"),
                               ExpansionTerm("puppy", TermRelation.HYPONYM, 0.8, "dog"),
                               ExpansionTerm("canine", TermRelation.RELATED, 0.7, "zorb")]}
    outcome = deep_search(animals, parse_query("zorb dog"), embedders, lambda q, n: expansions.get(q, [])[:n],
                          top_k=10)
    # "car" is far from the part "dog"; "puppy" is near it; nothing readable can judge "canine" (from "zorb").
    # The part "dog", which the model reads, is searched in place of the query it cannot read.
    assert [(t.term, t.relation) for t in outcome.expanded_terms] == [
        ("zorb dog", TermRelation.ORIGINAL), ("puppy", TermRelation.HYPONYM), ("canine", TermRelation.RELATED),
        ("dog", TermRelation.QUERY_PART)]
    assert {"dog-0", "dog-1", "dog-2"} <= set(ids_of(outcome.hits[:4]))
    assert outcome.hits[0].matches[0].term == "dog"
    # The model cannot read the query, so its matches are not protected: expansions count in full.
    puppy = next(hit for hit in outcome.hits if hit.record.id == "puppy-0")
    assert puppy.matches[0].term == "puppy" and puppy.score == pytest.approx(0.8 * puppy.matches[0].score)


def test_an_expansion_that_is_also_a_part_is_searched_once_as_the_part(pets_and_cars) -> None:
    TEXTS["dog and car"] = NOISE_AXES[-2]

    def parts(query: str, limit: int) -> list[ExpansionTerm]:
        # The expander sends a modifier alone as well as naming it a part ("cherry" of "cherry blossom").
        return [ExpansionTerm("dog", TermRelation.RELATED, 0.5, "dog"),
                ExpansionTerm("dog", PART, 0.0, "dog"), ExpansionTerm("car", PART, 0.0, "car")]

    outcome = deep_search(pets_and_cars, parse_query("dog and car"), EMBEDDERS, parts, top_k=10)
    listed = [(t.term, t.relation) for t in outcome.expanded_terms]
    assert listed.count(("dog", PART)) == 1 and ("dog", TermRelation.RELATED) not in listed, listed
    assert set(ids_of(outcome.hits[:2])) == {"both-0", "both-1"}
    assert all(len({m.term for m in hit.matches}) == len(hit.matches) for hit in outcome.hits), "no term twice"


def test_readable_means_every_word_is_in_the_vocabulary() -> None:
    vocabulary = frozenset({"ice", "cream", "dog", "jack", "lantern"})
    assert readable("Ice cream", vocabulary) and readable("dog!", vocabulary)
    assert readable("jack-o-lantern", vocabulary), "vocabularies list no single letters"
    assert not readable("ice cream cone", vocabulary) and not readable("", vocabulary)
    assert readable("anything at all", frozenset()), "a model without a word list reads every word"


def test_unknown_words_name_emoji_and_words_of_any_script_whole() -> None:
    vocabulary = frozenset({"dog", "on", "the", "beach"})
    assert unknown_words("🐶 on the 🏖️ beach", vocabulary) == ["🐶", "🏖️"]
    assert unknown_words("niño en la playa", vocabulary) == ["niño", "en", "la", "playa"], "not 'ni'"
    assert unknown_words("собака dog", vocabulary) == ["собака"]
    assert unknown_words("👩🏽‍🍳 dog 🇫🇷", vocabulary) == ["👩🏽\u200d🍳", "🇫🇷"], "a sequence is one emoji"
    assert not readable("🐶", vocabulary) and readable("dog!", vocabulary)


def test_a_part_the_expander_names_is_searched_even_without_an_expansion_for_it(animals, monkeypatch) -> None:
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "puppy", "car", "cat", "canine"}))
    named = {"zorb dog": [ExpansionTerm("dog", PART, 0.0, "dog")], "dog car": [ExpansionTerm("dog", PART, 0.0, "dog")]}
    outcome = deep_search(animals, parse_query("zorb dog"), embedders, lambda q, n: named.get(q, [])[:n], top_k=5)
    assert [(t.term, t.relation) for t in outcome.expanded_terms] == [("zorb dog", TermRelation.ORIGINAL), ("dog", PART)]
    assert set(ids_of(outcome.hits[:3])) == {"dog-0", "dog-1", "dog-2"}
    # A query the model reads whole is searched as typed: its parts add nothing the model does not see.
    monkeypatch.setitem(TEXTS, "dog car", AXES["dog"])
    readable_query = deep_search(animals, parse_query("dog car"), embedders, lambda q, n: named.get(q, [])[:n])
    assert [t.term for t in readable_query.expanded_terms] == ["dog car"]
    # Parts the model cannot read either, and no expansion: the query alone, as normal search would.
    unread = deep_search(animals, parse_query("zorb"), embedders,
                         lambda q, n: [ExpansionTerm("zorb", PART, 0.0, "zorb")])
    assert [t.term for t in unread.expanded_terms] == ["zorb"] and unread.mode == SearchMode.DEEP


@pytest.mark.parametrize(("arguments", "field"), [
    ({"top_k": 0}, "page_size"), ({"offset": -1}, "page_token"), ({"min_score": 1.5}, "min_score"),
    ({"terms": []}, "terms"),
])
@pytest.mark.parametrize("expander_up", [True, False])
def test_bad_requests_are_refused_at_deep_searchs_edge_with_or_without_expansion(
    animals, arguments: dict, field: str, expander_up: bool
) -> None:
    def unreachable(query: str, limit: int) -> list[ExpansionTerm]:
        raise Unavailable("expansion down")

    calls = {**{"terms": parse_query("dog"), "top_k": 5}, **arguments}
    terms = calls.pop("terms")
    with pytest.raises(InvalidArgument) as error:
        deep_search(animals, terms, EMBEDDERS, expand if expander_up else unreachable, **calls)
    assert error.value.violations[0].field == field


@pytest.fixture
def pets_and_cars(new_collection):
    """Photos of a dog with a car, dogs alone, cars alone and cats; "dog car" embeds far from all of them,
    as a phrase the model reads poorly would."""
    rng = np.random.default_rng(5)
    both = [photo(rng, dog=0.7, car=0.7) for _ in range(2)]
    dogs = [photo(rng, dog=1.0) for _ in range(4)]
    cars = [photo(rng, car=1.0) for _ in range(4)]
    cats = [photo(rng, cat=1.0) for _ in range(20)]
    collection = new_collection(dimension=DIM, calibration=CalibrationProfile.model_native(20.0, -10.0))
    collection.ingest(make_items(np.stack(both), prefix="both") + make_items(np.stack(dogs), prefix="dog")
                      + make_items(np.stack(cars), prefix="car") + make_items(np.stack(cats), prefix="cat"))
    return collection


def test_several_parts_count_together_items_with_every_part_first(pets_and_cars) -> None:
    TEXTS["dog and car"] = NOISE_AXES[-2]

    def parts(query: str, limit: int) -> list[ExpansionTerm]:
        return [ExpansionTerm("dog", PART, 0.0, "dog"), ExpansionTerm("car", PART, 0.0, "car")]

    outcome = deep_search(pets_and_cars, parse_query("dog and car"), EMBEDDERS, parts, top_k=10)
    ranked = ids_of(outcome.hits)
    assert set(ranked[:2]) == {"both-0", "both-1"}  # every part shown
    assert set(ranked[2:10]) == {f"dog-{i}" for i in range(4)} | {f"car-{i}" for i in range(4)}  # one part
    best = outcome.hits[0]
    assert {m.term for m in best.matches} >= {"dog", "car"} and best.matches[0].relation == PART
    # One part of two is weaker evidence than both, but still what the user typed: it counts 3/4 (deep.py).
    one_part = outcome.hits[2]
    assert best.score > one_part.score > best.score / 2
    assert one_part.score == pytest.approx(0.9 * 0.75 * one_part.matches[0].score, rel=1e-3)
    normal = normal_search(pets_and_cars, parse_query("dog and car"), EMBEDDERS, top_k=10).hits
    assert max(hit.score for hit in normal) < 0.01 < 0.5 < best.score  # the phrase alone gives no evidence


def test_a_part_that_says_where_the_rest_is_counts_less_than_what_is_there(pets_and_cars) -> None:
    # "dog on car": a dog alone is a fair answer, a car alone a poor one; both together still come first.
    TEXTS["dog on car"] = NOISE_AXES[-2]

    def parts(query: str, limit: int) -> list[ExpansionTerm]:
        return [ExpansionTerm("dog", PART, 0.0, "dog"), ExpansionTerm("car", PART, 0.0, "car", setting=True)]

    outcome = deep_search(pets_and_cars, parse_query("dog on car"), EMBEDDERS, parts, top_k=10)
    ranked = ids_of(outcome.hits)
    assert set(ranked[:2]) == {"both-0", "both-1"}
    assert set(ranked[2:6]) == {f"dog-{i}" for i in range(4)}
    assert set(ranked[6:10]) == {f"car-{i}" for i in range(4)}
    dog = outcome.hits[2]
    share = SETTING_SHARE
    assert dog.score == pytest.approx(0.9 * (1 + 1 / (1 + share)) / 2 * dog.matches[0].score, rel=1e-3)
    car = outcome.hits[6]
    assert car.matches[0].term == "car"
    assert car.score == pytest.approx(0.9 * (share + share / (1 + share)) / 2 * car.matches[0].score, rel=1e-3)


def test_a_lone_setting_counts_less_than_the_kind_that_stands_for_what_is_there(pets_and_cars) -> None:
    # "zorb on car": the model cannot read "zorb", for which its hypernym "dog" stands, so the setting "car" is the
    # only part it reads. Dogs still come before cars alone, as they would were "zorb" a part of its own.
    TEXTS["zorb on car"] = NOISE_AXES[-3]
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "car", "cat", "puppy", "canine"}))
    setting = ExpansionTerm("car", PART, 0.0, "car", setting=True)
    kind = ExpansionTerm("dog", TermRelation.HYPERNYM, 0.6, "zorb")

    outcome = deep_search(pets_and_cars, parse_query("zorb on car"), embedders, lambda q, n: [kind, setting], top_k=10)
    ranked = ids_of(outcome.hits)
    assert set(ranked[:6]) == {"both-0", "both-1"} | {f"dog-{i}" for i in range(4)}
    assert set(ranked[6:10]) == {f"car-{i}" for i in range(4)}
    car = outcome.hits[6]
    assert car.matches[0].term == "car"
    assert car.score == pytest.approx(0.9 * SETTING_SHARE * car.matches[0].score, rel=1e-3)
    # With nothing but the setting to search, it is all there is to go on and counts in full.
    alone = deep_search(pets_and_cars, parse_query("zorb on car"), embedders, lambda q, n: [setting], top_k=6)
    assert set(ids_of(alone.hits)) == {"both-0", "both-1"} | {f"car-{i}" for i in range(4)}
    assert alone.hits[0].score == pytest.approx(0.9 * alone.hits[0].matches[0].score, rel=1e-3)


def test_a_kind_named_by_a_setting_counts_no_more_than_the_setting(pets_and_cars) -> None:
    # "pine tree" for the "tree" of "a giraffe eating leaves from a tall tree" stays a term of its own beside the
    # joint evidence of the parts; at its own weight it had put every pine tree before any giraffe.
    TEXTS["dog on car"] = NOISE_AXES[-2]
    TEXTS["sports car"] = AXES["car"]  # the model reads the kind as the part

    def parts(query: str, limit: int) -> list[ExpansionTerm]:
        return [ExpansionTerm("sports car", TermRelation.HYPONYM, 0.85, "car"),
                ExpansionTerm("dog", PART, 0.0, "dog"), ExpansionTerm("car", PART, 0.0, "car", setting=True)]

    # "on" is outside the vocabulary: the phrase is no informed reading, and expansions count in full.
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "car", "cat", "sports"}))
    outcome = deep_search(pets_and_cars, parse_query("dog on car"), embedders, parts, top_k=10)
    ranked = ids_of(outcome.hits)
    assert set(ranked[:2]) == {"both-0", "both-1"}
    assert set(ranked[2:6]) == {f"dog-{i}" for i in range(4)}
    assert set(ranked[6:10]) == {f"car-{i}" for i in range(4)}
    kind = next(t for t in outcome.expanded_terms if t.term == "sports car")
    assert kind.weight == pytest.approx(0.85 * SETTING_SHARE)


def test_an_expansion_of_one_part_counts_as_that_part_never_above_an_item_showing_another(pets_and_cars) -> None:
    # "wine" for the "champagne" of "champagne and strawberries": counted on its own at 0.85 it had outranked
    # items showing either part (3/4 of part_weight); as evidence for its part it counts at most as the part does.
    TEXTS["dog and car"] = NOISE_AXES[-2]
    rng = np.random.default_rng(11)
    pets_and_cars.ingest(make_items(np.stack([photo(rng, canine=1.0) for _ in range(4)]), prefix="wolf"))
    # "and" is outside the vocabulary, so the phrase is not the model's informed reading and expansions count in full.
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "car", "cat", "puppy", "canine"}))

    def parts(query: str, limit: int) -> list[ExpansionTerm]:
        return [ExpansionTerm("canine", TermRelation.RELATED, 0.85, "dog"),
                ExpansionTerm("dog", PART, 0.0, "dog"), ExpansionTerm("car", PART, 0.0, "car")]

    outcome = deep_search(pets_and_cars, parse_query("dog and car"), embedders, parts, top_k=14)
    ranked = ids_of(outcome.hits)
    assert set(ranked[:2]) == {"both-0", "both-1"}
    assert set(ranked[2:10]) == {f"dog-{i}" for i in range(4)} | {f"car-{i}" for i in range(4)}
    assert set(ranked[10:14]) == {f"wolf-{i}" for i in range(4)}  # found through the expansion, after the parts
    wolf = outcome.hits[10]
    assert (wolf.matches[0].term, wolf.matches[0].query_part) == ("canine", "dog")  # the explanation names it
    assert wolf.score == pytest.approx(0.9 * 0.75 * (0.85 / 0.9) * wolf.matches[0].score, rel=1e-3)


def test_an_unreadable_query_counts_at_half_weight_once_a_readable_expansion_stands_for_it(new_collection) -> None:
    rng = np.random.default_rng(7)
    # An accident: a photo that happens to lie where the noise of an unreadable query embeds.
    accident = unit_rows((NOISE_AXES[-1] + 0.1 * AXES["cat"])[None, :])
    dogs = np.stack([photo(rng, dog=1.0) for _ in range(3)])
    collection = new_collection(dimension=DIM, calibration=CalibrationProfile.model_native(20.0, -10.0))
    collection.ingest(make_items(accident, prefix="accident") + make_items(dogs, prefix="dog"))
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "puppy", "car", "cat", "canine"}))
    expansions = {"zorb": [ExpansionTerm("dog", TermRelation.SYNONYM, 0.9, "zorb")]}
    outcome = deep_search(collection, parse_query("zorb"), embedders, lambda q, n: expansions.get(q, [])[:n], top_k=4)
    assert set(ids_of(outcome.hits[:3])) == {"dog-0", "dog-1", "dog-2"}
    accidental = next(hit for hit in outcome.hits if hit.record.id == "accident-0")
    assert accidental.matches[0].term == "zorb"
    assert accidental.score == pytest.approx(DeepOptions().unreadable_original_weight * accidental.matches[0].score)
    # Without a term the model reads, the query keeps its full weight: there is nothing better to go on.
    alone = deep_search(collection, parse_query("zorb"), embedders, lambda q, n: [], top_k=4)
    assert ids_of(alone.hits)[0] == "accident-0"


def test_an_unreadable_querys_own_reading_counts_in_full_where_a_part_corroborates_it(pets_and_cars) -> None:
    # "dog zorb": the model cannot read "zorb" but reads the phrase as a dog with a car, as the demo model reads
    # "a tent <unk> the <unk>" as tents under stars. Items showing the part "dog" clearly corroborate that reading.
    TEXTS["dog zorb"] = unit_rows((AXES["dog"] + AXES["car"])[None, :])[0]
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "car", "cat", "puppy", "canine"}))

    def parts(query: str, limit: int) -> list[ExpansionTerm]:
        return [ExpansionTerm("dog", PART, 0.0, "dog")]

    outcome = deep_search(pets_and_cars, parse_query("dog zorb"), embedders, parts, top_k=10)
    ranked = ids_of(outcome.hits)
    assert set(ranked[:2]) == {"both-0", "both-1"}  # the phrase's own reading, corroborated by the dog in them
    assert outcome.hits[0].matches[0].term == "dog zorb"
    assert set(ranked[2:6]) == {f"dog-{i}" for i in range(4)}
    # Cars alone match the phrase's reading too, but show no part: there it may be noise and counts at half weight.
    car = next(hit for hit in outcome.hits if hit.record.id.startswith("car-"))
    assert car.matches[0].term == "dog zorb"
    assert car.score == pytest.approx(DeepOptions().unreadable_original_weight * car.matches[0].score, rel=1e-3)


def test_a_kind_named_by_its_parts_head_word_is_kept_however_far_the_model_places_it(animals) -> None:
    # A small model that learned "moon" only inside "full moon" places the bare word far from it: judging
    # "full moon" by "moon" would drop the term that finds moons. "zorb dog" is noise to the model here.
    expansions = {"dog": [ExpansionTerm("zorb dog", TermRelation.HYPONYM, 0.8, "dog"),
                          ExpansionTerm("car", TermRelation.RELATED, 0.9, "dog")]}
    outcome = deep_search(animals, parse_query("dog"), EMBEDDERS, lambda q, n: expansions.get(q, [])[:n], top_k=10)
    assert [t.term for t in outcome.expanded_terms] == ["dog", "zorb dog"]
    assert names_a_kind("full moon", "moon") and names_a_kind("grizzly bear", "bear")
    assert not names_a_kind("moon", "moon") and not names_a_kind("moon pie", "moon")


@pytest.mark.parametrize(("kind", "vector", "part_weight"), [
    ("hot dog", "car", 0.95 * 0.8),  # the model places "dog" far from its one named kind: the kind leads
    ("puppy dog", "puppy", 0.9),  # near it (cosine 0.6): the part keeps its weight
])
def test_a_part_the_model_reads_only_inside_its_kinds_names_counts_below_them(animals, monkeypatch, kind: str,
                                                                            vector: str, part_weight: float) -> None:
    monkeypatch.setitem(TEXTS, kind, TEXTS[vector])
    monkeypatch.setitem(TEXTS, "zorbs", NOISE_AXES[-1])
    vocabulary = frozenset({"dog", "puppy", "car", "cat", "canine", "hot"})
    embedders = Embedders(texts=embed_texts, vocabulary=vocabulary)
    expansions = {"zorbs": [ExpansionTerm(kind, TermRelation.HYPONYM, 0.8, "dog")]}
    outcome = deep_search(animals, parse_query("zorbs"), embedders, lambda q, n: expansions.get(q, [])[:n], top_k=10)
    parts = [t for t in outcome.expanded_terms if t.relation == TermRelation.QUERY_PART]
    assert [t.term for t in parts] == ["dog"] and parts[0].weight == pytest.approx(part_weight)


@pytest.mark.parametrize(("from_part", "relation", "weight"), [
    ("zorb", PART, 0.9),  # "cookie" among the bakes of "baking cookies": what was typed stands in, in full
    ("dog", TermRelation.RELATED, 0.5),  # the "hot" of "hot food", sent alone as a modifier: its weight holds
])
def test_a_readable_part_stands_in_unless_the_expander_weighed_it_as_itself(animals, from_part: str,
                                                                          relation: TermRelation,
                                                                          weight: float) -> None:
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "puppy", "car", "cat", "canine"}))
    expansions = [ExpansionTerm("dog", TermRelation.RELATED, 0.5, from_part),
                  ExpansionTerm("zorb", PART, 0.0, "zorb"), ExpansionTerm("dog", PART, 0.0, "dog")]
    outcome = deep_search(animals, parse_query("zorb dog"), embedders, lambda q, n: expansions[:n], top_k=5)
    dogs = [(t.relation, t.weight) for t in outcome.expanded_terms if t.term == "dog"]
    assert dogs == [(relation, pytest.approx(weight))]


def test_a_bare_word_the_model_places_far_from_its_named_kinds_counts_just_below_them() -> None:
    # The demo model learned "leaf" only inside "maple leaf"; "autumn" it never saw, so "autumn leaf" reads as
    # "leaf". Both find nothing in particular: the kind leads. A kind the model places near the word does not.
    leaf, maple, tree = np.eye(3)
    vectors = {"leaf": leaf, "autumn leaf": leaf, "maple leaf": maple, "tree": tree}
    labels, weights = ["autumn leaf", "leaf", "maple leaf", "tree"], [0.77, 0.65, 0.58, 0.6]
    vocabulary = frozenset({"leaf", "maple", "tree"})
    lowered = kind_led_weights(labels, weights, vectors, vocabulary, 0.3, 0.95)
    assert lowered == pytest.approx([0.95 * 0.58, 0.95 * 0.58, 0.58, 0.6])
    near = {**vectors, "maple leaf": unit_rows((leaf + maple)[None, :])[0]}  # cosine 0.71 with "leaf"
    assert kind_led_weights(labels, weights, near, vocabulary, 0.3, 0.95) == weights
    # A word-piece model reads "autumn leaf" whole: it names no kind of itself, and keeps its weight.
    assert kind_led_weights(labels, weights, vectors, frozenset(), 0.3, 0.95)[0] == 0.77


def test_a_word_read_partly_as_nothing_is_led_by_a_kind_it_does_not_read_as() -> None:
    # The demo model learned "blossom" only inside "cherry blossom": alone it embeds 0.63 from a string it cannot
    # read and 0.75 from the kind, and at the weight of a synonym of "flower" it put unicorns and sandwiches first.
    noise, kind, other = np.eye(3)
    blossom = unit_rows((0.8 * noise + 0.6 * kind)[None, :])[0]  # 0.8 to the unread probe, 0.6 to the kind
    vectors = {"blossom": blossom, "cherry blossom": kind, "rose": other}
    labels, weights = ["blossom", "cherry blossom", "rose"], [0.9, 0.58, 0.8]
    vocabulary = frozenset({"blossom", "cherry", "rose"})
    lowered = kind_led_weights(labels, weights, vectors, vocabulary, 0.5, 0.95, unread=noise)
    assert lowered == pytest.approx([0.95 * 0.58, 0.58, 0.8])
    # Read clearly (far from the probe), a word this close to its kind keeps its weight, as before.
    clear = {**vectors, "blossom": unit_rows((0.8 * other + 0.6 * kind)[None, :])[0]}
    assert kind_led_weights(labels, weights, clear, vocabulary, 0.5, 0.95, unread=noise) == weights
    # And one that reads as its kind (0.8 or closer) is that kind to the model: it keeps its weight too.
    same = {**vectors, "blossom": unit_rows((0.55 * noise + 0.9 * kind)[None, :])[0]}  # 0.52 and 0.85
    assert kind_led_weights(labels, weights, same, vocabulary, 0.5, 0.95, unread=noise) == weights


def test_a_phrase_led_by_another_noun_names_no_kind_of_the_word_it_ends_in() -> None:
    # "slice of cake" reads as the bare "cake" to the demo model (cosine 0.97): were it a kind, it would keep
    # "cake" at full weight beside "birthday cake", which carries the word's meaning.
    assert not names_a_kind("slice of cake", "cake") and not names_a_kind("bowl of rice", "rice")
    cake, birthday = np.eye(2)
    vectors = {"cake": cake, "slice of cake": cake, "birthday cake": birthday}
    labels, weights = ["cake", "birthday cake", "slice of cake"], [0.9, 0.68, 0.62]
    lowered = kind_led_weights(labels, weights, vectors, frozenset({"slice", "of", "cake", "birthday"}), 0.5, 0.95)
    assert lowered[0] == pytest.approx(0.95 * 0.68)


def test_a_word_the_model_reads_as_nothing_is_neither_searched_nor_a_part(animals, monkeypatch) -> None:
    # The demo model has "knife" in its vocabulary, but learned it only inside longer names: alone it embeds as a
    # string it cannot read, and matched every image alike (calibrated 0.9 at cosine 0.11).
    monkeypatch.setitem(TEXTS, "nib", TEXTS[UNREAD_PROBE])
    monkeypatch.setitem(TEXTS, "zorb nib dog", NOISE_AXES[-3])
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset({"dog", "puppy", "car", "cat", "nib"}))
    expansions = [ExpansionTerm("nib", TermRelation.HYPONYM, 0.9, "zorb"), ExpansionTerm("puppy", TermRelation.HYPONYM,
                  0.8, "zorb"), ExpansionTerm("nib", PART, 0.0, "nib"), ExpansionTerm("dog", PART, 0.0, "dog")]
    outcome = deep_search(animals, parse_query("zorb nib dog"), embedders, lambda q, n: expansions[:n], top_k=5)
    searched = [t.term for t in outcome.expanded_terms]
    assert "nib" not in searched and "puppy" in searched and "dog" in searched


def test_a_model_that_embeds_every_text_alike_loses_no_term_to_the_unreadable_probe(animals, monkeypatch) -> None:
    # An untrained model places every text near every other, the probe included: closeness to it says nothing.
    alike = unit_rows(np.ones((1, DIM)))[0]
    for axis, text in enumerate(("zorb", "puppy", "zorb puppy", UNREAD_PROBE)):
        monkeypatch.setitem(TEXTS, text, unit_rows((alike + 0.01 * NOISE_AXES[axis])[None, :])[0])
    expansions = [ExpansionTerm("puppy", TermRelation.HYPONYM, 0.8, "zorb")]
    outcome = deep_search(animals, parse_query("zorb"), EMBEDDERS, lambda q, n: expansions[:n], top_k=5)
    assert "puppy" in [t.term for t in outcome.expanded_terms]


def test_a_kind_the_model_reads_as_unlike_every_other_kind_of_its_part_is_an_outlier() -> None:
    # The demo model reads the tool "jack" as the jack-o'-lantern it learned the word in: cosine 0.08 at most to
    # the hammer, saw and axe, which lie 0.5 to 0.9 from one another.
    shared = NOISE_AXES[0]
    tools = [unit_rows((shared + 0.8 * NOISE_AXES[i])[None, :])[0] for i in (1, 2, 3, 4)]
    jack = NOISE_AXES[5]
    vectors = np.stack([*tools, jack, NOISE_AXES[6]])
    parts = ["tool"] * 5 + ["bench"]
    assert outlying_kinds(parts, [True] * 6, vectors) == [False] * 4 + [True, False]
    # Too few kinds to tell an outlier from a spread category; related terms are never kinds.
    assert not any(outlying_kinds(parts[2:], [True] * 4, vectors[2:]))
    assert not any(outlying_kinds(parts, [True] * 4 + [False, True], vectors))
    # Kinds the model reads alike count once: three "<unknown> tool" readings and the jack make no group.
    alike = np.stack([tools[0], tools[0], tools[0], tools[1], jack])
    assert not any(outlying_kinds(["tool"] * 5, [True] * 5, alike))


def test_deep_search_drops_a_kind_read_as_another_thing_but_never_one_the_user_typed(animals) -> None:
    names = ["hammer", "saw", "axe", "scissors"]
    for index, name in enumerate(names, start=1):
        TEXTS[name] = unit_rows((NOISE_AXES[0] + 0.8 * NOISE_AXES[index])[None, :])[0]
    TEXTS["jack"] = TEXTS["tool"] = TEXTS["tool jack"] = TEXTS["tool jackets"] = NOISE_AXES[5]
    kinds = [ExpansionTerm(name, TermRelation.HYPONYM, 0.7, "tool") for name in [*names, "jack"]]
    # A model that cannot read "tool" (as the demo model cannot): nothing typed can judge its kinds.
    embedders = Embedders(texts=embed_texts, vocabulary=frozenset([*names, "jack"]))
    searched = {
        query: [t.term for t in deep_search(animals, parse_query(query), embedders, lambda q, n: kinds[:n],
                                            top_k=5).expanded_terms]
        for query in ("tool", "tool jack", "tool jackets")
    }
    assert "jack" not in searched["tool"] and set(names) <= set(searched["tool"])
    assert "jack" in searched["tool jack"]
    assert "jack" not in searched["tool jackets"]  # typed means typed as a word, not inside one
