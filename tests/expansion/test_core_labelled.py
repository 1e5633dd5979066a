"""The labelled check: top-5 expansions of common photo-search words against hand-written judgements.

The issue's rule, taken literally: a query passes when all five of its top 5
expansions are in its hand-written acceptable list, and none is a known-bad
sense; at least 90% of the labelled queries must pass.

Measured: 196 of 222 (88.3%) pass, so the issue's 90% bar is NOT met yet.
What fails: 10 WordNet-only words, where WordNet has fewer than five good
neighbours (sushi, lightning, kite, wooden, golden, tall, shiny) or ranks an
unlisted one in the top 5 (bee -> animal, turtle -> ridley, empty ->
stripped); and 16 curated words whose terms the labels do not list ("cloudy
sky", "downhill skiing", "teenage boy", "dairy farmer", "lemon yellow"). The
bar is kept as a strict expected failure, so that it fails (and must be
turned into a plain test) the day it passes, and the measured share is
guarded against regressions. These labels guided the tuning; the unbiased
figure is the held-out check (test_core_heldout.py).
"""

from __future__ import annotations

import pytest

from expansion_svc.core.expander import Expander
from tests.expansion.labelled_expansions import ACCEPTABLE, KNOWN_BAD

TOP = 5
ISSUE_SHARE = 0.9
# All five acceptable, as measured when the ranking rules were last changed (196 of 222).
MEASURED_SHARE = 0.88


def _top(expander: Expander, query: str) -> list[str]:
    return [term.text for term in expander.expand(query).expansions[:TOP]]


def _all_five_share(expander: Expander) -> tuple[float, dict[str, list[str]]]:
    failures = {}
    for query, acceptable in ACCEPTABLE.items():
        top = _top(expander, query)
        if len(top) < TOP or any(term not in acceptable for term in top):
            failures[query] = top
    return 1 - len(failures) / len(ACCEPTABLE), failures


def test_labels_are_many_and_consistent() -> None:
    assert len(ACCEPTABLE) >= 200
    assert set(KNOWN_BAD) <= set(ACCEPTABLE)
    assert all(not (KNOWN_BAD[q] & ACCEPTABLE[q]) for q in KNOWN_BAD)


def test_all_five_acceptable_share_does_not_regress(expander: Expander) -> None:
    share, failures = _all_five_share(expander)
    assert share >= MEASURED_SHARE, f"all five acceptable for {share:.1%}; failures: {failures}"


@pytest.mark.xfail(strict=True, reason="issue bar not reached: 88.3% of labelled queries have all five acceptable")
def test_all_five_acceptable_for_nine_in_ten_queries(expander: Expander) -> None:
    share, failures = _all_five_share(expander)
    assert share >= ISSUE_SHARE, f"all five acceptable for {share:.1%}; failures: {failures}"


@pytest.mark.parametrize("query", sorted(KNOWN_BAD))
def test_no_known_bad_sense_in_top_five(expander: Expander, query: str) -> None:
    assert not set(_top(expander, query)) & KNOWN_BAD[query]
