"""Values the expansion core returns: relations, weighted terms and whole expansions."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Relation(enum.StrEnum):
    """How a term relates to the query concept it came from."""

    ORIGINAL = "original"
    SYNONYM = "synonym"
    HYPONYM = "hyponym"  # more specific: dog -> puppy
    HYPERNYM = "hypernym"  # more general: dog -> canine
    RELATED = "related"  # associated, neither broader nor narrower: beach -> sand


@dataclass(frozen=True, slots=True)
class Term:
    """One weighted term; `text` is what to embed, `source` is "curated" or "wordnet:<synset>"."""

    text: str
    weight: float
    relation: Relation
    concept: str
    source: str
    in_vocabulary: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "weight": self.weight,
            "relation": self.relation.value,
            "concept": self.concept,
            "source": self.source,
            "in_vocabulary": self.in_vocabulary,
        }


@dataclass(frozen=True, slots=True)
class Expansion:
    """The answer for one query: the original term (weight 1.0) first, then expansions ranked."""

    query: str
    normalized_query: str
    concepts: tuple[str, ...]
    terms: tuple[Term, ...]
    notes: tuple[str, ...]
    cache_hit: bool
    language: str = "en"  # ISO 639-1 code of the language the query was read in
    # The concepts typed after a preposition of place ("beach" in "a dog on the beach"): where the rest is.
    settings: tuple[str, ...] = ()

    @property
    def expansions(self) -> tuple[Term, ...]:
        """The terms after the original query."""
        return self.terms[1:]

    def to_dict(self) -> dict[str, Any]:
        """The seed's `get_query_context` shape: "expansions" plus query, concepts, notes, original term."""
        return {
            "query": self.query,
            "normalized_query": self.normalized_query,
            "concepts": list(self.concepts),
            "original": self.terms[0].to_dict(),
            "expansions": [term.to_dict() for term in self.expansions],
            "notes": list(self.notes),
            "cache_hit": self.cache_hit,
            "language": self.language,
            "settings": list(self.settings),
        }
