"""The expander: query -> concepts -> weighted, typed terms, with an LRU cache and vocabulary awareness.

Ranking rule: the original query (normalised) always comes first with weight
1.0. Every expansion weighs less: synonyms 0.9, hyponyms 0.8, hypernyms
0.75, related 0.65. Curated terms keep their written order (each further
term of a relation 4% less); WordNet terms are scaled by how familiar they
are (see wordnet_terms), and WordNet additions to curated terms weigh 30%
less. A term that is not a synonym and repeats the concept's own word
("cloudy sky" for sky, "mining bee" for bee) adds little to a search that
already holds the word, while "cumulus" or "honeybee" find photos the word
alone misses: in a curated entry such terms move behind the other terms of
their relation (never behind another relation: "tiger cub" stays above
"jungle"); a WordNet term weighs 20% less.
Expansions of all concepts are merged by weight. In a query of several
concepts an expansion replaces its concept inside the normalised query
("dog beach" -> "puppy beach"), so each term still describes the whole
scene. With a vocabulary, terms whose expansion words the model knows come
before the rest, and terms with no known word are dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from expansion_svc.core.curated import CURATED, CuratedEntry
from expansion_svc.core.lexicon import Lexicon
from expansion_svc.core.morphy import Lemmatizer
from expansion_svc.core.query import Concept, QueryParser, tokenize, validate_query
from expansion_svc.core.types import Expansion, Relation, Term
from expansion_svc.core.wordnet_terms import Candidate, WordNetTerms, ranked_weights
from mediasearch.lru import LruCache
from mediasearch.runtime.errors import InvalidArgument

DEFAULT_MAX_TERMS = 10
MAX_TERMS_LIMIT = 50
# WordNet terms under a curated entry rank below the hand-written ones.
CURATED_WORDNET_FACTOR = 0.7
REPEATS_CONCEPT_FACTOR = 0.8
# Smallest gap kept between consecutive curated terms when novelty reorders them.
WEIGHT_STEP = 0.002
# Candidates kept per cached query: enough for max_terms after relation and vocabulary filters.
POOL_SIZE = 80
# Distinct vocabularies remembered normalised: callers resend the same one (one per model) every call.
VOCABULARY_CACHE_SIZE = 8


@dataclass(frozen=True, slots=True)
class _Ranked:
    term: Term
    replacement: str  # the expansion itself, without the rest of the query


@dataclass(frozen=True, slots=True)
class _Analysis:
    """Everything about a query that does not depend on the request's filters; what the cache holds."""

    normalized_query: str
    concepts: tuple[str, ...]
    pool: tuple[_Ranked, ...]
    notes: tuple[str, ...]


def _known(text: str, vocabulary: frozenset[str]) -> tuple[bool, bool]:
    """(every word known, some word known); a phrase listed whole counts as known."""
    if text in vocabulary:
        return True, True
    flags = [word in vocabulary for word in text.split()]
    return all(flags), any(flags)


class Expander:
    """Expands queries; thread-safe, so one instance serves every gRPC worker."""

    def __init__(self, lexicon: Lexicon | None = None, *, cache_size: int = 4096,
                 curated: dict[str, CuratedEntry] | None = None, lexicon_path: Path | None = None) -> None:
        self.lexicon = lexicon or Lexicon.load(lexicon_path)
        self._curated = dict(CURATED if curated is None else curated)
        self._check_curated_senses()
        self._wordnet = WordNetTerms(self.lexicon)
        lemmatizer = Lemmatizer(self.lexicon, frozenset(self._curated))
        self._lemma = lemmatizer.lemma
        self._parser = QueryParser(is_compound=self._is_compound, lemma=lemmatizer.lemma)
        self.cache: LruCache[_Analysis] = LruCache(cache_size)
        self._vocabularies: LruCache[frozenset[str]] = LruCache(VOCABULARY_CACHE_SIZE)
        _ = self.lexicon.descendant_counts  # built now (with the hyponym index), not on the first request
        # The lexicon's few hundred thousand objects live as long as the process; freezing them keeps
        # full garbage collections from scanning them (measured: 20 ms pauses in the middle of requests).
        gc.collect()
        gc.freeze()

    def _check_curated_senses(self) -> None:
        missing = {name for e in self._curated.values() for name in e.senses if self.lexicon.synset(name) is None}
        if missing:
            raise ValueError(f"curated entries name synsets missing from the lexicon: {sorted(missing)}")

    def _is_compound(self, text: str) -> bool:
        return text in self._curated or self.lexicon.is_concrete_noun(text) or self.lexicon.has_adjective(text)

    def expand(self, query: str, *, max_terms: int = 0, relations: Iterable[Relation] = (),
               vocabulary: Iterable[str] = ()) -> Expansion:
        """Expand `query`; max_terms 0 means DEFAULT_MAX_TERMS, empty relations means all of them."""
        text = validate_query(query)
        if not 0 <= max_terms <= MAX_TERMS_LIMIT:
            raise InvalidArgument.for_field(
                "max_terms", f"must be between 0 and {MAX_TERMS_LIMIT}, got {max_terms}",
                reason="MAX_TERMS_OUT_OF_RANGE",
            )
        key = " ".join(text.lower().split())
        analysis = self.cache.get(key)
        cache_hit = analysis is not None
        if analysis is None:
            analysis = self._analyse(text)
            self.cache.put(key, analysis)
        terms, notes = self._select(analysis, max_terms or DEFAULT_MAX_TERMS, set(relations),
                                    self._normalised_vocabulary(vocabulary))
        return Expansion(text, analysis.normalized_query, analysis.concepts, terms, notes, cache_hit)

    def _normalised_vocabulary(self, vocabulary: Iterable[str]) -> frozenset[str]:
        """Lower-cased, stripped, empty entries dropped; remembered, as a 5,000-word list costs ~1 ms to redo."""
        key = tuple(vocabulary)
        if not key:
            return frozenset()
        known = self._vocabularies.get(key)
        if known is None:
            known = frozenset(w.strip().lower() for w in key if w.strip())
            self._vocabularies.put(key, known)
        return known

    def _analyse(self, text: str) -> _Analysis:
        concepts = self._parser.parse(text)
        if not concepts:
            typed = " ".join(tokenize(text)) or text.lower()
            return _Analysis(typed, (), (), (f"no content words in {text!r} once filler is removed; kept as typed",))
        names = [c.text for c in concepts]
        normalized = " ".join(names)
        ranked: list[_Ranked] = []
        notes: list[str] = []
        for index, concept in enumerate(concepts):
            candidates, note = self._concept_candidates(concept)
            if note:
                notes.append(note)
            for candidate in candidates:
                if candidate.text in names or candidate.text == concept.typed:
                    continue
                full = " ".join([*names[:index], candidate.text, *names[index + 1:]])
                term = Term(full, candidate.weight, candidate.relation, concept.text, candidate.source)
                ranked.append(_Ranked(term, candidate.text))
        ranked.sort(key=lambda r: -r.term.weight)  # stable: ties keep concept order
        unique = {r.term.text: r for r in reversed(ranked)}  # the first (heaviest) of each text wins
        pool = tuple(r for r in ranked if unique[r.term.text] is r)[:POOL_SIZE]
        return _Analysis(normalized, tuple(names), pool, tuple(notes))

    def _repeats_concept(self, text: str, concept: str) -> bool:
        """Whether `text` holds a word of the concept, inflected or not ("ocean waves" for wave)."""
        concept_words = set(concept.split())
        return any(word in concept_words or self._lemma(word) in concept_words
                   for word in text.replace("-", " ").split())

    def _concept_candidates(self, concept: Concept) -> tuple[list[Candidate], str | None]:
        entry = self._curated.get(concept.text)
        if entry is not None:
            return self._curated_candidates(concept.text, entry), None
        senses = self._wordnet.senses(concept.text, prefer_adjective=concept.modifies_next)
        if not senses:
            if any(self.lexicon.is_known_word(concept.text, pos) for pos in ("n", "a", "v")):
                return [], f"no related terms known for {concept.text!r}"
            return [], f"no lexicon entry for {concept.text!r} (unknown or not English); kept as typed"
        candidates = self._novelty_weighted(self._wordnet.candidates(concept.text, senses), concept.text)
        return candidates, None if candidates else f"no related terms known for {concept.text!r}"

    def _novelty_weighted(self, candidates: list[Candidate], concept: str) -> list[Candidate]:
        """WordNet candidates, a non-synonym that repeats the concept's word weighing less."""
        return [
            Candidate(c.text, round(c.weight * REPEATS_CONCEPT_FACTOR, 4), c.relation, c.source)
            if c.relation is not Relation.SYNONYM and self._repeats_concept(c.text, concept) else c
            for c in candidates
        ]

    def _curated_candidates(self, concept: str, entry: CuratedEntry) -> list[Candidate]:
        found = self._curated_written(concept, entry)
        pinned = [(s, CURATED_WORDNET_FACTOR) for s in map(self.lexicon.synset, entry.senses) if s is not None]
        written = {c.text for c in found}
        found.extend(
            c for c in self._novelty_weighted(self._wordnet.candidates(concept, pinned), concept)
            if c.text not in entry.blocked and c.text not in written
        )
        return found

    def _curated_written(self, concept: str, entry: CuratedEntry) -> list[Candidate]:
        """The entry's own terms, weighted by relation and written order, then reordered by novelty.

        Order: synonyms; kinds and categories that do not repeat the concept's word; those that do
        ("blue sky", "downhill skiing"); related terms (novel ones first). Each weight is the
        relation's ranked weight, lowered where needed so that weights fall in that order.
        """
        tiers: list[list[tuple[str, Relation, float]]] = [[], [], [], []]
        for relation, texts in entry.terms:
            for text, weight in zip(texts, ranked_weights(relation, len(texts))):
                repeats = relation is not Relation.SYNONYM and self._repeats_concept(text, concept)
                if relation is Relation.SYNONYM:
                    tier = 0
                elif relation is Relation.RELATED:
                    tier = 3
                else:
                    tier = 2 if repeats else 1
                tiers[tier].append((text, relation, weight))
        tiers[1].sort(key=lambda item: -item[2])
        tiers[3].sort(key=lambda item: self._repeats_concept(item[0], concept))
        found: list[Candidate] = []
        ceiling = 1.0
        for text, relation, weight in (item for tier in tiers for item in tier):
            weight = min(weight, round(ceiling - WEIGHT_STEP, 4))
            ceiling = weight
            found.append(Candidate(text, weight, relation, "curated"))
        return found

    def _select(self, analysis: _Analysis, limit: int, relations: set[Relation],
                vocabulary: frozenset[str]) -> tuple[tuple[Term, ...], tuple[str, ...]]:
        wanted = (relations - {Relation.ORIGINAL}) or set(Relation)
        pool = [r for r in analysis.pool if r.term.relation in wanted]
        notes = list(analysis.notes)
        original_known = _known(analysis.normalized_query, vocabulary)[0] if vocabulary else True
        original = Term(analysis.normalized_query, 1.0, Relation.ORIGINAL, analysis.normalized_query, "query",
                        original_known)
        if not vocabulary:
            return (original, *(r.term for r in pool[:limit])), tuple(notes)
        fully, partly = [], []
        for ranked in pool:
            every, some = _known(ranked.replacement, vocabulary)
            if not some:
                continue
            term = ranked.term
            in_vocabulary = _known(term.text, vocabulary)[0]
            kept = Term(term.text, term.weight, term.relation, term.concept, term.source, in_vocabulary)
            (fully if every else partly).append(kept)
        dropped = len(pool) - len(fully) - len(partly)
        if dropped:
            notes.append(f"{dropped} candidate terms dropped: no word of them is in the vocabulary")
        return (original, *(fully + partly)[:limit]), tuple(notes)
