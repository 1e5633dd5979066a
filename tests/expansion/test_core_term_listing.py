"""The expander's vocabulary listing: what Expand would return for each concept, most useful first, once each."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest

from expansion_svc.core.expander import Expander
from expansion_svc.core.term_listing import TERMS_PER_MESSAGE, concepts_by_usefulness, list_terms


def _flat(runs) -> list[str]:  # type: ignore[no-untyped-def]
    return [term for run in runs for term in run]


def test_curated_concepts_come_first_commonest_word_first(expander: Expander) -> None:
    concepts = concepts_by_usefulness(expander)
    curated = len(expander.curated)
    assert set(concepts[:curated]) == set(expander.curated)
    familiarity = expander.lexicon.familiarity
    assert all(familiarity(a) >= familiarity(b) for a, b in pairwise(concepts[:curated]))
    rest = concepts[curated:]
    assert rest and all(familiarity(a) >= familiarity(b) for a, b in pairwise(rest))
    assert len(set(concepts)) == len(concepts)


def test_each_concept_lists_exactly_what_expand_returns_for_it(expander: Expander) -> None:
    listed = _flat(list_terms(expander, terms_per_concept=5, concepts=["dog", "beach"]))
    expected: list[str] = []
    for concept in ("dog", "beach"):
        expected += [t.text for t in expander.expand(concept, max_terms=5).terms if t.text not in expected]
    assert listed == expected
    assert listed[0] == "dog" and "puppy" in listed


def test_filler_adds_nothing_and_no_term_is_listed_twice(expander: Expander) -> None:
    listed = _flat(list_terms(expander, concepts=["the", "dog", "puppy", "dog"]))
    assert "the" not in listed
    assert len(listed) == len(set(listed))


def test_the_vocabulary_drops_what_the_model_cannot_read(expander: Expander) -> None:
    vocabulary = ["dog", "puppy", "pet"]
    listed = _flat(list_terms(expander, concepts=["dog"], vocabulary=vocabulary))
    assert listed == [t.text for t in expander.expand("dog", vocabulary=vocabulary).terms]
    assert "puppy" in listed and "canine" not in listed
    assert all(set(term.split()) & set(vocabulary) for term in listed)


def test_max_terms_stops_the_listing_and_runs_are_bounded(expander: Expander) -> None:
    runs = list(list_terms(expander, max_terms=TERMS_PER_MESSAGE + 10))
    assert [len(run) for run in runs] == [TERMS_PER_MESSAGE, 10]
    whole = _flat(list_terms(expander, max_terms=2000))
    assert _flat(runs) == whole[: TERMS_PER_MESSAGE + 10], "a shorter listing is a prefix of a longer one"


def test_a_listing_out_of_time_ends_with_what_it_has(expander: Expander) -> None:
    import time

    assert _flat(list_terms(expander, stop_at=time.monotonic() - 1)) == []
    whole = _flat(list_terms(expander, max_terms=1000))
    partial = _flat(list_terms(expander, max_terms=1000, stop_at=time.monotonic() + 0.05))
    assert partial == whole[: len(partial)], "what is listed in time is a prefix of the whole"


def test_a_paced_listing_uses_at_most_its_share_of_a_core(expander: Expander) -> None:
    """Listings feed background warming: at cpu_share 0.25 the listing thread rests three times as long as it
    works, so its CPU time is at most a quarter of the listing's wall time, on any machine."""
    concepts = concepts_by_usefulness(expander)[:60]
    started_wall, started_cpu = time.monotonic(), time.thread_time()
    paced = _flat(list_terms(expander, concepts=concepts, cpu_share=0.25))
    wall, cpu = time.monotonic() - started_wall, time.thread_time() - started_cpu
    assert cpu <= 0.25 * wall
    assert paced == _flat(list_terms(expander, concepts=concepts)), "pacing changes when, never what"


def test_a_listing_refuses_a_share_outside_0_to_1(expander: Expander) -> None:
    for share in (0.0, -0.5, 1.5):
        with pytest.raises(ValueError, match="cpu_share"):
            next(list_terms(expander, concepts=["dog"], cpu_share=share))
