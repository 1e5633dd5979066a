"""The curated map: hand-written expansions for the most common photo-search terms.

WordNet knows every sense of a word, most of them literary ("dog": frump,
cad, andiron). For the terms people type most often, these entries decide
the expansion: their terms come first, in the order written (most useful
first), and WordNet may add terms only from the senses an entry names
(`senses`), never from the others, and never a term the entry blocks.
Keys are lemmas as the query parser produces them ("run" for "running").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
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


# Another spelling or name of a curated term: the same entry, led by the term it stands for.
ALIASES = {
    "bbq": "barbecue",
    "midnight": "night",
    "guy fawkes": "bonfire night",
    "xmas": "christmas",
    "fall": "autumn",
    "new year's eve": "new year",
    "camping": "camp",
    "springtime": "spring",
    "jewellery": "jewelry",
    "amusement park": "theme park",
    "independence day": "fourth of july",
    "4th of july": "fourth of july",
    "july 4th": "fourth of july",
    "yard sale": "garage sale",
    "fun fair": "funfair",
    "fairground": "funfair",
    "state fair": "funfair",
    "waking up": "wake up",
    "working from home": "work from home",
    "wfh": "work from home",
    "fair": "funfair",  # a photo search for "the fair" means the funfair, not fair hair or a fair price
    "kicks": "sneaker",
    "trainers": "sneaker",
    "bird watching": "birdwatching",
    "snorkelling": "snorkeling",
    "golfing": "golf",
    "washing dish": "dishwashing",
    "opening gift": "opening present",
    "wrapping present": "gift wrapping",
    "decorating the christmas tree": "decorating the tree",
    "carving pumpkin": "pumpkin carving",
    "carving a pumpkin": "pumpkin carving",
}


def aliased(alias: str, target: str, entry: CuratedEntry) -> CuratedEntry:
    """`entry` (of `target`) for `alias`: `target` first among the synonyms, the alias itself not among them."""
    synonyms = next((texts for relation, texts in entry.terms if relation is Relation.SYNONYM), ())
    others = tuple((relation, texts) for relation, texts in entry.terms if relation is not Relation.SYNONYM)
    led = tuple(dict.fromkeys(t for t in (target, *synonyms) if t != alias))
    return replace(entry, terms=((Relation.SYNONYM, led), *others))


def implied_heads(
    curated: Mapping[str, CuratedEntry], is_quality: Callable[[str], bool]
) -> dict[str, tuple[tuple[str, Relation], ...]]:
    """For each term an entry lists as a synonym or a kind but that has no entry of its own, the entries that list
    it and how each relates to it: SYNONYM ("cash" under "money" means money) or HYPERNYM ("lamb" under "sheep"
    is a sheep). The map's links read both ways: WordNet files the lamb only as a young mammal and knows cash
    only as Johnny Cash, where the map already says what a photo search means by them.

    Entries for a quality (`is_quality`, or an adjective sense named: their kinds are shades, "salmon" under
    "pink", and their synonyms degrees, "large" under "big") and aliases are left out."""
    found: dict[str, list[tuple[str, Relation]]] = {}
    for head, entry in curated.items():
        if head in ALIASES or is_quality(head) or any(".a." in name or ".s." in name for name in entry.senses):
            continue
        for relation, texts in entry.terms:
            implied = {Relation.SYNONYM: Relation.SYNONYM, Relation.HYPONYM: Relation.HYPERNYM}.get(relation)
            for text in texts:
                if implied is not None and text != head and text not in curated:
                    found.setdefault(text, []).append((head, implied))
    return {text: tuple(heads) for text, heads in found.items()}


def _merge() -> MappingProxyType[str, CuratedEntry]:
    from expansion_svc.core.curated import (
        actions,
        activities,
        animals,
        everyday,
        food,
        informal,
        moments,
        nature,
        objects,
        occasions,
        pastimes,
        people,
        places,
        qualities,
        situations,
    )

    merged: dict[str, CuratedEntry] = {}
    for module in (
        animals,
        people,
        places,
        nature,
        activities,
        actions,
        occasions,
        everyday,
        situations,
        moments,
        pastimes,
        objects,
        food,
        qualities,
    ):
        for key, value in module.ENTRIES.items():
            if key in merged:
                raise ValueError(f"curated term {key!r} defined twice")
            merged[key] = value
    for alias, target in ALIASES.items():
        if alias in merged:
            raise ValueError(f"curated term {alias!r} defined twice")
        merged[alias] = aliased(alias, target, merged[target])
    for word, standard in informal.INFORMAL.items():
        if word in merged:
            raise ValueError(f"curated term {word!r} defined twice")
        merged[word] = aliased(word, standard, merged[standard]) if standard in merged else entry(syn=standard)
    return MappingProxyType(merged)


CURATED: MappingProxyType[str, CuratedEntry] = _merge()
