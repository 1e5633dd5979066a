"""Expansion candidates for one concept from WordNet: senses chosen by frequency, relations weighted.

Only senses that people actually use are expanded: the most frequent sense,
plus others that SemCor tagged nearly as often. Terms must be familiar
words (wordfreq Zipf scale, stored in the lexicon), which drops Latin names
and obscure breeds; hypernyms covering thousands of kinds ("organism",
"device") say nothing about a photo and are skipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from expansion_svc.core.lexicon import Lexicon, Synset
from expansion_svc.core.types import Relation

BASE_WEIGHT = {Relation.SYNONYM: 0.9, Relation.HYPONYM: 0.8, Relation.HYPERNYM: 0.75, Relation.RELATED: 0.65}
# Each further term of the same relation weighs a little less, keeping the written or ranked order.
RANK_DECAY = 0.96
# Grandchildren and grandparents are further from the query than direct neighbours.
SECOND_LEVEL_FACTOR = 0.85
SECONDARY_SENSE_FACTOR = 0.85
# A secondary sense is expanded when tagged at least this share of the main sense's count (and 3 times).
SECONDARY_SENSE_SHARE = 0.3
MIN_SECONDARY_TAGS = 3
SENSE_COUNT_MARGIN = 2
MIN_FAMILIARITY = {Relation.SYNONYM: 2.5, Relation.HYPONYM: 3.0, Relation.HYPERNYM: 2.5, Relation.RELATED: 3.0}
MIN_SECOND_LEVEL_FAMILIARITY = 3.3
# Single words are likelier to be what people call a thing than the phrases WordNet lists.
SINGLE_WORD_BONUS = 0.3
# Hypernyms above this many kinds ("organism", "device", "animal") say nothing about a photo.
MAX_HYPERNYM_DESCENDANTS = 500
LIMITS = {"hyponyms": 10, "grandchildren": 6, "hypernyms": 3, "related": 6}
# Grandchildren are taken below this many of the most popular children only.
GRANDCHILD_PARENTS = 12


@dataclass(frozen=True, slots=True)
class Candidate:
    """An expansion of one concept before the query context is applied."""

    text: str
    weight: float
    relation: Relation
    source: str


def ranked_weights(relation: Relation, count: int, factor: float = 1.0) -> list[float]:
    """Weights for `count` terms of one relation, in rank order; always below the original's 1.0."""
    return [round(BASE_WEIGHT[relation] * factor * RANK_DECAY**rank, 4) for rank in range(count)]


class WordNetTerms:
    """Turns a concept into WordNet candidates."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        # Synset id -> (child, best lemma, familiarity), most popular first; ranked once here so that
        # no request pays for it ("person" has 400 children).
        self._children: dict[int, tuple[tuple[Synset, str, float], ...]] = {
            parent: tuple(
                (child, *self._best_lemma(child))
                for child in sorted((lexicon.synsets[i] for i in ids), key=self._popularity, reverse=True)
            )
            for parent, ids in lexicon.hyponyms.items()
        }

    def senses(self, concept: str, prefer_adjective: bool = False) -> list[tuple[Synset, float]]:
        """The senses worth expanding, with a weight factor.

        The adjective reading wins when the word directly precedes another concept ("orange car") or
        is tagged more often as an adjective ("empty"), the noun reading otherwise ("orange").
        """
        nouns = self._lexicon.senses(concept, "n")
        adjectives = self._lexicon.senses(concept, "a")
        adjective_tags = sum(s.tag_count for s in adjectives)
        prefer_adjective = prefer_adjective or adjective_tags > sum(s.tag_count for s in nouns)
        chosen = adjectives if (prefer_adjective and adjectives) or not nouns else nouns
        if not chosen:
            return []
        top = max(s.tag_count for s in chosen)
        # SemCor counts are small, so a lead of a tag or two means little. Among the senses near the
        # top, prefer one named after the word itself (whale the animal, not giant.n.04 "a whale of a
        # man"), then the most tagged, then the one with more kinds below it (hammer the tool, not
        # the part of a gunlock).
        near_top = [s for s in chosen if s.tag_count >= top - SENSE_COUNT_MARGIN]
        main = max(near_top, key=lambda s: (s.synset.lemmas[0] == concept, s.tag_count,
                                            len(self._lexicon.hyponyms.get(s.synset.id, ()))))
        picked = [(main.synset, 1.0)]
        for sense in chosen:
            if sense is not main and sense.tag_count >= max(MIN_SECONDARY_TAGS, SECONDARY_SENSE_SHARE * top):
                picked.append((sense.synset, SECONDARY_SENSE_FACTOR))
        return picked

    def candidates(self, concept: str, synsets: list[tuple[Synset, float]]) -> list[Candidate]:
        """Synonyms, hyponyms (two levels), hypernyms (two levels) and related terms of the given senses."""
        found: list[Candidate] = []
        for synset, factor in synsets:
            source = f"wordnet:{synset.name}"
            groups = [
                (Relation.SYNONYM, self._synonyms(concept, synset), factor),
                (Relation.HYPONYM, self._hyponyms(synset, LIMITS["hyponyms"], MIN_FAMILIARITY[Relation.HYPONYM]),
                 factor),
                (Relation.HYPONYM, self._grandchildren(synset), factor * SECOND_LEVEL_FACTOR),
                (Relation.HYPERNYM, self._hypernyms(synset.hypernyms), factor),
                (Relation.HYPERNYM, self._hypernyms(self._parents_of(synset.hypernyms)),
                 factor * SECOND_LEVEL_FACTOR),
                (Relation.RELATED, self._related(synset), factor),
            ]
            for relation, texts, group_factor in groups:
                texts = [t for t in texts if t != concept]
                found.extend(
                    Candidate(text, weight, relation, source)
                    for text, weight in zip(texts, ranked_weights(relation, len(texts), group_factor))
                )
        return found

    def _best_lemma(self, synset: Synset) -> tuple[str, float]:
        familiarity = self._lexicon.familiarity
        best = max(synset.lemmas, key=familiarity)
        return best, familiarity(best)

    def _popularity(self, synset: Synset) -> float:
        """Familiarity of the best lemma, nudged by how often SemCor tagged the synset."""
        lemma, familiarity = self._best_lemma(synset)
        return familiarity + 0.5 * math.log1p(synset.tag_count) + (SINGLE_WORD_BONUS if " " not in lemma else 0.0)

    def _synonyms(self, concept: str, synset: Synset) -> list[str]:
        familiarity = self._lexicon.familiarity
        lemmas = [
            lemma for lemma in synset.lemmas
            if lemma != concept and familiarity(lemma) >= MIN_FAMILIARITY[Relation.SYNONYM]
        ]
        return sorted(lemmas, key=familiarity, reverse=True)

    def _ranked_children(self, synset: Synset) -> tuple[tuple[Synset, str, float], ...]:
        return self._children.get(synset.id, ())

    def _hyponyms(self, synset: Synset, limit: int, min_familiarity: float) -> list[str]:
        return [lemma for _, lemma, familiarity in self._ranked_children(synset) if familiarity >= min_familiarity][
            :limit
        ]

    def _grandchildren(self, synset: Synset) -> list[str]:
        found: list[str] = []
        for child, _, _ in self._ranked_children(synset)[:GRANDCHILD_PARENTS]:
            found.extend(self._hyponyms(child, LIMITS["grandchildren"], MIN_SECOND_LEVEL_FAMILIARITY))
        familiarity = self._lexicon.familiarity
        return sorted(dict.fromkeys(found), key=familiarity, reverse=True)[: LIMITS["grandchildren"]]

    def _parents_of(self, ids: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(p for i in ids for p in self._lexicon.synsets[i].hypernyms))

    def _hypernyms(self, ids: tuple[int, ...]) -> list[str]:
        found = []
        for synset in (self._lexicon.synsets[i] for i in ids):
            lemma, familiarity = self._best_lemma(synset)
            general = self._lexicon.descendant_counts[synset.id] > MAX_HYPERNYM_DESCENDANTS
            if not general and familiarity >= MIN_FAMILIARITY[Relation.HYPERNYM]:
                found.append(lemma)
        return found[: LIMITS["hypernyms"]]

    def _related(self, synset: Synset) -> list[str]:
        neighbours = [self._lexicon.synsets[i] for i in synset.related]
        familiar = [s for s in neighbours if self._best_lemma(s)[1] >= MIN_FAMILIARITY[Relation.RELATED]]
        familiar.sort(key=self._popularity, reverse=True)
        return [self._best_lemma(s)[0] for s in familiar[: LIMITS["related"]]]
