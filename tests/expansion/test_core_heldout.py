"""The held-out checks: expansions of photo-search words nobody tuned the expander on.

`heldout_expansions.py` was written before the ranking rules were revised
and never consulted while revising them. The floors below are what was
measured on the final rules (not targets): all five of the top 5
acceptable for 38 of 73 queries (52.1%: 6 of 36 WordNet-only words, 32 of
37 curated words), and 84.9% of all top-5 terms shown acceptable. Before
the revision the same labels measured 47.9% and 82.2%. One known-bad sense
still reaches a top 5 (bench -> terrace, the raised level of earth).

`fresh_expansions.py` (56 uncurated words, committed before the expander
saw them) measures the WordNet path alone, and it is weak: all five
acceptable for 1 of 56, 54% of top-5 terms acceptable, two words expanded
in the sense text uses most rather than the one photos show (seal ->
signet, sealing wax; honey -> dear, beloved). Most of the rest have fewer
than five good WordNet neighbours (hedgehog: mammal, animal) or WordNet's
rarer kinds and categories (suitcase -> grip, windmill -> machinery).

After reading it, one sense rule was added: fruit, vegetables and herbs
expand as food, not as the plant (wordnet_terms.WEAK_SENSE_EVIDENCE). It was
judged on `third_expansions.py` (45 words, committed before the expander saw
them): top-5 terms acceptable 52.6% -> 62.7%, no known-bad sense before or
after, all five acceptable for none of the 45 either way (so only term
precision is guarded there); the gain comes from its food words. Fresh set
54.0% -> 57.7%, held-out 84.9% -> 85.1%, labelled unchanged. A broader photo
prior (animals before artifacts, plants before body parts) was tried and
dropped: it fixed seal and palm but changed the main sense of 319 of 3,708
common nouns, many for the worse (copper -> the butterfly, trash ->
methamphetamine). Common words belong in the curated map.
"""

from __future__ import annotations

from expansion_svc.core.curated import CURATED
from expansion_svc.core.expander import Expander
from tests.expansion.fresh_expansions import FRESH_ACCEPTABLE, FRESH_KNOWN_BAD
from tests.expansion.heldout_expansions import CURATED_PATH, HELDOUT_ACCEPTABLE, HELDOUT_KNOWN_BAD, WORDNET_PATH
from tests.expansion.judgement import judge
from tests.expansion.labelled_expansions import ACCEPTABLE
from tests.expansion.third_expansions import THIRD_ACCEPTABLE, THIRD_KNOWN_BAD

MEASURED_ALL_FIVE_SHARE = 0.52
MEASURED_TERM_PRECISION = 0.84
MEASURED_QUERIES_WITH_KNOWN_BAD = 1
FRESH_MEASURED_ALL_FIVE_SHARE = 0.017
FRESH_MEASURED_TERM_PRECISION = 0.57
THIRD_MEASURED_TERM_PRECISION = 0.62
THIRD_MEASURED_QUERIES_WITH_KNOWN_BAD = 0
FRESH_MEASURED_QUERIES_WITH_KNOWN_BAD = 2


def test_heldout_labels_are_new_and_cover_both_paths() -> None:
    assert len(HELDOUT_ACCEPTABLE) >= 60
    assert not set(HELDOUT_ACCEPTABLE) & set(ACCEPTABLE)
    assert len(WORDNET_PATH) >= 30 and not set(WORDNET_PATH) & set(CURATED)
    assert len(CURATED_PATH) >= 30 and set(CURATED_PATH) <= set(CURATED)
    assert set(HELDOUT_KNOWN_BAD) <= set(HELDOUT_ACCEPTABLE)
    assert all(not (HELDOUT_KNOWN_BAD[q] & HELDOUT_ACCEPTABLE[q]) for q in HELDOUT_KNOWN_BAD)


def test_fresh_and_third_labels_are_new_uncurated_words() -> None:
    earlier = set(ACCEPTABLE) | set(HELDOUT_ACCEPTABLE) | set(CURATED)
    for acceptable, known_bad in ((FRESH_ACCEPTABLE, FRESH_KNOWN_BAD), (THIRD_ACCEPTABLE, THIRD_KNOWN_BAD)):
        assert len(acceptable) >= 45 and not set(acceptable) & earlier
        assert set(known_bad) <= set(acceptable)
        assert all(not (known_bad[q] & acceptable[q]) for q in known_bad)
        earlier |= set(acceptable)


def test_heldout_quality_stays_at_the_measured_floor(expander: Expander) -> None:
    judged = judge(expander, HELDOUT_ACCEPTABLE, HELDOUT_KNOWN_BAD)
    assert judged.all_five_share >= MEASURED_ALL_FIVE_SHARE, f"failures: {judged.failures}"
    assert judged.term_precision >= MEASURED_TERM_PRECISION, f"failures: {judged.failures}"


def test_heldout_known_bad_senses_stay_rare(expander: Expander) -> None:
    hits = judge(expander, HELDOUT_ACCEPTABLE, HELDOUT_KNOWN_BAD).known_bad_hits
    assert len(hits) <= MEASURED_QUERIES_WITH_KNOWN_BAD, hits


def test_fresh_wordnet_path_quality_stays_at_the_measured_floor(expander: Expander) -> None:
    judged = judge(expander, FRESH_ACCEPTABLE, FRESH_KNOWN_BAD)
    assert judged.all_five_share >= FRESH_MEASURED_ALL_FIVE_SHARE, f"failures: {judged.failures}"
    assert judged.term_precision >= FRESH_MEASURED_TERM_PRECISION, f"failures: {judged.failures}"
    assert len(judged.known_bad_hits) <= FRESH_MEASURED_QUERIES_WITH_KNOWN_BAD, judged.known_bad_hits


def test_third_wordnet_path_quality_stays_at_the_measured_floor(expander: Expander) -> None:
    judged = judge(expander, THIRD_ACCEPTABLE, THIRD_KNOWN_BAD)
    assert judged.term_precision >= THIRD_MEASURED_TERM_PRECISION, f"failures: {judged.failures}"
    assert len(judged.known_bad_hits) <= THIRD_MEASURED_QUERIES_WITH_KNOWN_BAD, judged.known_bad_hits
