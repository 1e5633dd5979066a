"""Hand-written natural-language query sets for the demo corpus, and how their judgements are read.

Each set is a dict of class -> {query: comma-separated relevant concepts}. A
concept is a caption name from mediasearch/demo/data/concepts.tsv, `category:X`
for every concept of that atlas category, or `@word` for the concepts a
held-out word stands for (mediasearch/demo/heldout.py), so "pictures of birds"
and the held-out word "bird" are judged alike. An item is relevant to a query
when it holds any of the query's concepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mediasearch.demo.heldout import HELD_OUT_RELEVANCE
from mediasearch.demo.sprites import SpriteAtlas


@dataclass(frozen=True)
class NaturalQuery:
    """A query as a person types it, its class, and the concept names that make an item relevant."""

    text: str
    kind: str
    concepts: frozenset[str]


@dataclass(frozen=True)
class TranslatedQuery:
    """A query in another language, the same query in English, and its relevant concept names."""

    language: str
    text: str
    english: str
    concepts: frozenset[str]


def _expand(entry: str, atlas: SpriteAtlas) -> set[str]:
    if entry.startswith("@"):
        return set().union(*(_expand(e, atlas) for e in HELD_OUT_RELEVANCE[entry[1:]]))
    if entry.startswith("category:"):
        members = atlas.in_category(entry.removeprefix("category:"))
        if not members:
            raise KeyError(f"no concepts in {entry!r}")
        return {c.name for c in members}
    return {atlas.by_name(entry).name}


def resolve(concepts: str, atlas: SpriteAtlas) -> frozenset[str]:
    """Concept names of a comma-separated judgement; raises KeyError on a name the atlas lacks."""
    names: set[str] = set()
    for entry in (e.strip() for e in concepts.split(",")):
        if entry:
            names |= _expand(entry, atlas)
    if not names:
        raise ValueError(f"empty judgement {concepts!r}")
    return frozenset(names)


def natural_queries(groups: Mapping[str, Mapping[str, str]], atlas: SpriteAtlas) -> list[NaturalQuery]:
    """Every query of a class -> {query: concepts} set; a query judged twice is an error."""
    seen: set[str] = set()
    queries = []
    for kind, group in groups.items():
        for text, concepts in group.items():
            if text in seen:
                raise ValueError(f"query {text!r} is judged twice")
            seen.add(text)
            queries.append(NaturalQuery(text, kind, resolve(concepts, atlas)))
    return queries


def translated_queries(rows: Mapping[str, Mapping[str, tuple[str, str]]],
                       atlas: SpriteAtlas) -> list[TranslatedQuery]:
    """language -> {query: (English query, concepts)} as TranslatedQuery rows."""
    return [TranslatedQuery(language, text, english, resolve(concepts, atlas))
            for language, group in rows.items() for text, (english, concepts) in group.items()]
