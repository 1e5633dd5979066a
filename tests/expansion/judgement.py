"""Scores an expander's top 5 against hand-written judgements, for the labelled and held-out checks and the benchmark.

A query passes when its top 5 holds five terms and every one is acceptable
(the issue's rule, read strictly: a query with fewer than five expansions
fails even when all it shows is acceptable). Term precision counts every
shown term; a known-bad hit is a query whose top 5 holds a listed bad sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from expansion_svc.core.expander import Expander

TOP = 5


def top_terms(expander: Expander, query: str) -> list[str]:
    """The query's top expansions, original query excluded, as a photo search would use them."""
    return [term.text for term in expander.expand(query).expansions[:TOP]]


@dataclass(frozen=True)
class Judged:
    """Top 5 per query, with the judgements they were scored against."""

    tops: dict[str, list[str]]
    acceptable: Mapping[str, frozenset[str]]
    known_bad: Mapping[str, frozenset[str]]

    @property
    def failures(self) -> dict[str, list[str]]:
        return {q: top for q, top in self.tops.items()
                if len(top) < TOP or any(term not in self.acceptable[q] for term in top)}

    @property
    def all_five_share(self) -> float:
        return 1 - len(self.failures) / len(self.tops)

    @property
    def term_precision(self) -> float:
        shown = sum(len(top) for top in self.tops.values())
        return sum(term in self.acceptable[q] for q, top in self.tops.items() for term in top) / shown

    @property
    def known_bad_hits(self) -> dict[str, set[str]]:
        hits = {q: set(top) & self.known_bad.get(q, frozenset()) for q, top in self.tops.items()}
        return {q: bad for q, bad in hits.items() if bad}

    def only(self, queries: Mapping[str, object]) -> Judged:
        """The same judgement restricted to some of the queries (one path of the expander)."""
        return Judged({q: top for q, top in self.tops.items() if q in queries}, self.acceptable, self.known_bad)


def judge(expander: Expander, acceptable: Mapping[str, frozenset[str]],
          known_bad: Mapping[str, frozenset[str]]) -> Judged:
    return Judged({query: top_terms(expander, query) for query in acceptable}, acceptable, known_bad)
