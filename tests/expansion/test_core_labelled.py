"""The labelled check: top-5 expansions of common photo-search words against hand-written judgements.

A query's top 5 passes when at least 4 of the 5 terms are in its hand-written
acceptable list and none is a known-bad sense: no hand-written list can name
every acceptable phrase ("smiling face" for "face"), so one unlisted term is
tolerated. The stricter all-5 share is also guarded, so that regressions show.
"""

from __future__ import annotations

import pytest

from expansion_svc.core.expander import Expander
from tests.expansion.labelled_expansions import ACCEPTABLE, KNOWN_BAD

TOP = 5
MIN_ACCEPTABLE_IN_TOP = 4
REQUIRED_SHARE = 0.9
# Measured 0.85 when the check was written; all five listed is the harder bar.
STRICT_FLOOR = 0.8


def _top(expander: Expander, query: str) -> list[str]:
    return [term.text for term in expander.expand(query).expansions[:TOP]]


def test_labels_are_many_and_consistent() -> None:
    assert len(ACCEPTABLE) >= 200
    assert set(KNOWN_BAD) <= set(ACCEPTABLE)
    assert all(not (KNOWN_BAD[q] & ACCEPTABLE[q]) for q in KNOWN_BAD)


def test_top_five_is_acceptable_for_nine_in_ten_queries(expander: Expander) -> None:
    passed, strict, failures = 0, 0, {}
    for query, acceptable in ACCEPTABLE.items():
        top = _top(expander, query)
        listed = sum(term in acceptable for term in top)
        if len(top) == TOP and listed >= MIN_ACCEPTABLE_IN_TOP:
            passed += 1
            strict += listed == TOP
        else:
            failures[query] = top
    share = passed / len(ACCEPTABLE)
    assert share >= REQUIRED_SHARE, f"{share:.1%} acceptable; failures: {failures}"
    assert strict / len(ACCEPTABLE) >= STRICT_FLOOR, f"all five acceptable for only {strict / len(ACCEPTABLE):.1%}"


@pytest.mark.parametrize("query", sorted(KNOWN_BAD))
def test_no_known_bad_sense_in_top_five(expander: Expander, query: str) -> None:
    assert not set(_top(expander, query)) & KNOWN_BAD[query]
