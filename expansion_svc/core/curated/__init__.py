"""The curated map: hand-written expansions for the most common photo-search terms.

WordNet knows every sense of a word, most of them literary ("dog": frump,
cad, andiron). For the terms people type most often, these entries decide
the expansion: their terms come first, in the order written (most useful
first), and WordNet may add terms only from the senses an entry names
(`senses`), never from the others, and never a term the entry blocks.
Keys are lemmas as the query parser produces them ("run" for "running").
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from expansion_svc.core.types import Relation


@dataclass(frozen=True)
class CuratedEntry:
    """Expansions of one curated term, per relation, most useful first."""

    terms: tuple[tuple[Relation, tuple[str, ...]], ...]
    senses: tuple[str, ...] = ()
    blocked: frozenset[str] = frozenset()


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


def entry(
    *, syn: str = "", hypo: str = "", hyper: str = "", rel: str = "", senses: str = "", block: str = ""
) -> CuratedEntry:
    """Build an entry from comma-separated lists; `senses` names WordNet synsets ("dog.n.01").

    `block` prunes terms WordNet would add from those senses, so it needs `senses`.
    """
    if block and not senses:
        raise ValueError("a curated entry blocks WordNet terms only from senses it names")
    terms = tuple(
        (relation, _split(text))
        for relation, text in (
            (Relation.SYNONYM, syn),
            (Relation.HYPONYM, hypo),
            (Relation.HYPERNYM, hyper),
            (Relation.RELATED, rel),
        )
        if _split(text)
    )
    return CuratedEntry(terms, _split(senses), frozenset(_split(block)))


def _merge() -> MappingProxyType[str, CuratedEntry]:
    from expansion_svc.core.curated import (
        activities,
        animals,
        everyday,
        food,
        nature,
        objects,
        occasions,
        people,
        places,
        qualities,
    )

    merged: dict[str, CuratedEntry] = {}
    for module in (animals, people, places, nature, activities, occasions, everyday, objects, food, qualities):
        for key, value in module.ENTRIES.items():
            if key in merged:
                raise ValueError(f"curated term {key!r} defined twice")
            merged[key] = value
    return MappingProxyType(merged)


CURATED: MappingProxyType[str, CuratedEntry] = _merge()
