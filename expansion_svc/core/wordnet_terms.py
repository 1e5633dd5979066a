"""Expansion candidates for one concept from WordNet: senses chosen by frequency, terms ranked by familiarity.

Only senses that people actually use are expanded: the most frequent sense,
plus others that SemCor tagged nearly as often. Every term is ranked by how
familiar it is in that sense (the lexicon's sense-adjusted Zipf frequency:
"racer" is common, but rarely as the snake), so a term's weight is its
relation's base weight scaled by a confidence that grows with familiarity.
Terms below a relation's familiarity floor are dropped (Latin names, obscure
breeds). Rules that hold for every query:

- Unfamiliar intermediate synsets are see-through: snake -> elapid -> cobra
  makes cobra a direct kind of snake, bee -> hymenopteron -> insect makes
  insect the nearest category.
- Hypernyms must be categories a photo shows: nouns of WordNet's animal,
  plant, food, artifact, natural-object, person or body classes, with at
  most MAX_HYPERNYM_DESCENDANTS kinds below them, plus the few top
  categories people do name (animal, plant, food, person). Living things
  share a body plan, so their groups stay visual when large ("mammal",
  "tree"); artifact and food groups that large gather things only by use
  ("device", "covering"; food groups sooner: "nutriment", "foodstuff") and
  say nothing about a photo.
  Phenomena ("atmospheric electricity"), processes and substances are never
  hypernyms.
- A phrase's frequency is unknown (wordfreq estimates it from its rarest
  word, so "mining bee" would look as common as "bee"): every phrase made of
  known words counts as PHRASE_FAMILIARITY, below any single word that
  passes, plus a bonus when it has kinds of its own, which shows it is an
  established group (sea turtle, domestic animal).
- Adjectives expand to their synonyms, their similar-to and also-see
  neighbours, and the nouns they come from (wooden -> wood, rusty -> rust).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from expansion_svc.core.lexicon import Lexicon, Synset
from expansion_svc.core.types import Relation
from mediasearch.lru import LruCache

BASE_WEIGHT = {Relation.SYNONYM: 0.9, Relation.HYPONYM: 0.8, Relation.HYPERNYM: 0.75, Relation.RELATED: 0.65}
# Each further term of the same relation weighs a little less, keeping the written or ranked order.
RANK_DECAY = 0.96
# Each displayed level further from the concept (grandchildren, grandparents) weighs this much less.
LEVEL_FACTOR = 0.85
SECONDARY_SENSE_FACTOR = 0.85
# A secondary sense is expanded when tagged at least this share of the main sense's count (and 3 times).
SECONDARY_SENSE_SHARE = 0.3
MIN_SECONDARY_TAGS = 3
SENSE_COUNT_MARGIN = 2
# Sense-adjusted Zipf frequency a single word needs: a synonym shares the sense by definition, so it may
# be rarer; category words must be commoner than kinds.
MIN_FAMILIARITY = {Relation.SYNONYM: 2.0, Relation.HYPONYM: 2.5, Relation.HYPERNYM: 3.0, Relation.RELATED: 2.7}
MIN_DEEPER_HYPONYM_FAMILIARITY = 3.0
# Confidence = CONFIDENCE_AT_ZERO + CONFIDENCE_PER_ZIPF * familiarity, clipped to [CONFIDENCE_FLOOR, 1].
CONFIDENCE_AT_ZERO = 0.55
CONFIDENCE_PER_ZIPF = 0.1
CONFIDENCE_FLOOR = 0.6

# Phrases. One made of known words (lexicon familiarity, already penalised per extra word, at least
# MIN_PHRASE_FAMILIARITY) counts as PHRASE_FAMILIARITY, plus KINDS_BONUS_PER_DOUBLING per doubling of
# its kinds (at most MAX_KINDS_BONUS). What it then needs, per relation: a category phrase needs kinds of
# its own ("domestic animal"); an adjective's phrase neighbours ("tall-growing", "empty-handed") never
# pass; a phrase two levels down needs DEEPER_PHRASE_EXTRA more.
MIN_PHRASE_FAMILIARITY = 2.0
PHRASE_FAMILIARITY = 2.3
KINDS_BONUS_PER_DOUBLING = 0.2
MAX_KINDS_BONUS = 0.6
MIN_PHRASE_SCORE = {Relation.SYNONYM: 2.3, Relation.HYPONYM: 2.3, Relation.HYPERNYM: 2.8, Relation.RELATED: 9.0}
DEEPER_PHRASE_EXTRA = 0.4

MAX_HYPERNYM_DESCENDANTS = {"animal": 1000, "plant": 1000, "food": 300}
MAX_OTHER_HYPERNYM_DESCENDANTS = 500
PICTURABLE_CLASSES = frozenset({"animal", "plant", "food", "artifact", "object", "person", "body"})
NAMED_TOP_CATEGORIES = frozenset({"animal.n.01", "plant.n.02", "food.n.01", "person.n.01"})
LIMITS = {"hyponyms": 10, "deeper_hyponyms": 6, "hypernyms": 3, "related": 8}
# How far see-through synsets are followed, and how many synsets one concept may visit (keeps it fast).
MAX_LEVELS_UP = 10
MAX_LEVELS_DOWN = 3
MAX_VISITED_BELOW = 150
VOCABULARY_INDEXES = 8
# How deep `kinds_in_vocabulary` looks below a sense (flamingo is five levels under bird).
VOCABULARY_KINDS_DEPTH = 8
# A kind found that deep is named only by a lemma whose sense there is within this much (Zipf) of its commonest.
MAIN_SENSE_MARGIN = 0.3
# A one-word synonym is sent only if it means this sense at least a tenth as often as its commonest sense
# (one Zipf unit): "wheel" for bicycle (2.0 below the wheel), "machine" for car (2.3), "cell" for mobile
# phone (2.6), "lid" for hat (1.2) go; "bag" for suitcase (0.9), "dock" for pier (1.0), "pool" for pond stay.
SYNONYM_MAIN_SENSE_MARGIN = 1.0
# SemCor counts how text uses a word. Fruit, vegetables and herbs are mostly written about as plants
# ("grow peaches") but photographed and searched as food, so when the counts are too few to tell
# (the most tagged sense has fewer than WEAK_SENSE_EVIDENCE tags), a plant sense gives way to a food
# sense named after the same word.
WEAK_SENSE_EVIDENCE = 5
# A word the caller's model cannot read stands in for by its nearest relatives the model reads: a category at most
# RELATIVE_LEVELS above it, and that category's kinds, only while the category is small (at most
# MAX_RELATIVE_DESCENDANTS kinds): a mitten's glove, a noodle's spaghetti, a rat's mouse (rodent, 94 kinds), a
# hawk's eagle (bird of prey, 56), yes; a skyscraper's house or a pumpkin's potato (building, 238 kinds;
# vegetable, 155) is another thing, not a near one.
RELATIVE_LEVELS = 2
MAX_RELATIVE_DESCENDANTS = 100
MAX_RELATIVES = 3
# The head lemma is WordNet's canonical name; another lemma must be this much more familiar to replace it.
HEAD_LEMMA_PREFERENCE = 0.5


@dataclass(frozen=True, slots=True)
class Candidate:
    """An expansion of one concept before the query context is applied."""

    text: str
    weight: float
    relation: Relation
    source: str


@dataclass(frozen=True, slots=True)
class _Named:
    """A synset as a term: its name, how familiar that name is, and how many levels from the concept."""

    text: str
    familiarity: float
    level: int


def _is_phrase(text: str) -> bool:
    return " " in text or "-" in text


def _passes(relation: Relation, text: str, familiarity: float, level: int = 1) -> bool:
    """Whether a term is familiar enough for its relation (kinds two levels down need more)."""
    if _is_phrase(text):  # a phrase two levels down must be an established group itself
        return familiarity >= MIN_PHRASE_SCORE[relation] + (DEEPER_PHRASE_EXTRA if level > 1 else 0.0)
    if relation is Relation.HYPONYM and level > 1:
        return familiarity >= MIN_DEEPER_HYPONYM_FAMILIARITY
    return familiarity >= MIN_FAMILIARITY[relation]


def ranked_weights(relation: Relation, count: int, factor: float = 1.0) -> list[float]:
    """Weights for `count` terms of one relation, in rank order; always below the original's 1.0."""
    return [round(BASE_WEIGHT[relation] * factor * RANK_DECAY**rank, 4) for rank in range(count)]


def confidence(familiarity: float) -> float:
    """How sure a term of this familiarity is to help: 0.8 at Zipf 2.5, 0.9 at 3.5, 1.0 from 4.5."""
    return min(1.0, max(CONFIDENCE_FLOOR, CONFIDENCE_AT_ZERO + CONFIDENCE_PER_ZIPF * familiarity))


class WordNetTerms:
    """Turns a concept into WordNet candidates."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        # Per vocabulary (callers send one per model): which of its words are kinds of which synsets.
        self._indexes: LruCache[dict[int, list[tuple[str, int, float, str]]]] = LruCache(VOCABULARY_INDEXES)
        self._names = [self._name(s) for s in lexicon.synsets]
        self._all_sense_ancestries: dict[str, tuple[tuple[int, int, float, str], ...]] = {}
        self._commonest: dict[str, tuple[float, Synset] | None] = {}  # bounded by the lexicon's nouns
        # Synset id -> children, most familiar first; ranked once here so no request pays for it.
        self._children: dict[int, tuple[Synset, ...]] = {
            parent: tuple(sorted((lexicon.synsets[i] for i in ids), key=lambda s: -self._names[s.id][1]))
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
        main = max(
            near_top,
            key=lambda s: (
                s.synset.lemmas[0] == concept,
                s.tag_count,
                len(self._lexicon.hyponyms.get(s.synset.id, ())),
            ),
        )
        if top < WEAK_SENSE_EVIDENCE and main.synset.lexfile == "plant":  # the peach, not the peach tree
            main = next((s for s in chosen if s.synset.lemmas[0] == concept and s.synset.lexfile == "food"), main)
        picked = [(main.synset, 1.0)]
        for sense in chosen:
            if sense is not main and sense.tag_count >= max(MIN_SECONDARY_TAGS, SECONDARY_SENSE_SHARE * top):
                picked.append((sense.synset, SECONDARY_SENSE_FACTOR))
        return picked

    def candidates(self, concept: str, synsets: list[tuple[Synset, float]]) -> list[Candidate]:
        """Synonyms, hyponyms, hypernyms and related terms of the given senses, weighted."""
        found: list[Candidate] = []
        for synset, factor in synsets:
            source = f"wordnet:{synset.name}"
            named = [
                (Relation.SYNONYM, self._synonyms(concept, synset)),
                (Relation.HYPONYM, self._hyponyms(synset)),
                (Relation.HYPERNYM, self._hypernyms(synset, concept.rsplit(" ", 1)[-1])),
                (Relation.RELATED, self._related(synset)),
            ]
            for relation, terms in named:
                for term in terms:
                    if term.text == concept:
                        continue
                    weight = BASE_WEIGHT[relation] * factor * confidence(term.familiarity)
                    weight *= LEVEL_FACTOR ** (term.level - 1)
                    found.append(Candidate(term.text, round(weight, 4), relation, source))
        found.sort(key=lambda c: -c.weight)  # stable: ties keep relation order
        return found

    def kinds_in_vocabulary(
        self, senses: Sequence[tuple[int, float]], vocabulary: frozenset[str], limit: int
    ) -> list[Candidate]:
        """Kinds of the senses, down to VOCABULARY_KINDS_DEPTH levels, named by a single word of `vocabulary`:
        what a small model knows of a category, however deep WordNet files it ("flamingo" is five levels under
        bird). Familiarity ranks them and depth lowers them, as for `candidates`."""
        index = self._vocabulary_index(vocabulary)
        found: dict[str, Candidate] = {}
        for synset_id, factor in senses:
            for word, level, familiarity, name in index.get(synset_id, ()):
                if not _passes(Relation.HYPONYM, word, familiarity, level):
                    continue
                weight = round(
                    BASE_WEIGHT[Relation.HYPONYM] * factor * confidence(familiarity) * LEVEL_FACTOR ** (level - 1), 4
                )
                if word not in found or weight > found[word].weight:
                    found[word] = Candidate(word, weight, Relation.HYPONYM, f"wordnet:{name}")
        return sorted(found.values(), key=lambda c: -c.weight)[:limit]

    def readable_relatives(self, synset_ids: Sequence[int], vocabulary: frozenset[str]) -> list[Candidate]:
        """The nearest small category above the senses that the model reads, as a hypernym, and its kinds the
        model reads, as related terms, from the lowest level that has any (see RELATIVE_LEVELS)."""
        index = self._vocabulary_index(vocabulary)
        synsets = self._lexicon.synsets
        own = {lemma for i in synset_ids for lemma in synsets[i].lemmas}
        found: dict[str, Candidate] = {}
        frontier = [h for i in synset_ids for h in synsets[i].hypernyms]
        for level in range(1, RELATIVE_LEVELS + 1):
            small = [
                a for a in dict.fromkeys(frontier) if self._lexicon.descendant_counts[a] <= MAX_RELATIVE_DESCENDANTS
            ]
            for ancestor in small:
                # Named by WordNet's own name for it, or by another of its words that means this sense: peak.n.04's
                # "crown" is, to anyone reading it, the royal one (1.1 below its commonest sense), no summit.
                named = next(
                    (
                        lemma
                        for lemma, familiarity in self._lemmas(synsets[ancestor])
                        if lemma in vocabulary
                        and (
                            lemma == synsets[ancestor].lemmas[0]
                            or self._is_main_sense(lemma, familiarity, margin=SYNONYM_MAIN_SENSE_MARGIN)
                        )
                    ),
                    None,
                )
                if named is not None and named not in own and named not in found:
                    weight = BASE_WEIGHT[Relation.HYPERNYM] * confidence(self._names[ancestor][1])
                    weight *= LEVEL_FACTOR ** (level - 1)
                    source = f"wordnet:{synsets[ancestor].name}"
                    found[named] = Candidate(named, round(weight, 4), Relation.HYPERNYM, source)
                for word, depth, familiarity, name in index.get(ancestor, ()):
                    if word in own or word in found:
                        continue
                    weight = BASE_WEIGHT[Relation.RELATED] * confidence(familiarity)
                    weight *= LEVEL_FACTOR ** (level + depth - 2)
                    found[word] = Candidate(word, round(weight, 4), Relation.RELATED, f"wordnet:{name}")
            if found:
                break
            frontier = [h for a in small for h in synsets[a].hypernyms]
        return sorted(found.values(), key=lambda c: -c.weight)[:MAX_RELATIVES]

    def _vocabulary_index(self, vocabulary: frozenset[str]) -> dict[int, list[tuple[str, int, float, str]]]:
        """Synset id -> (word, levels below it, familiarity, synset name) for each single word of the vocabulary
        in its main noun senses, found by walking up from the words once per vocabulary: a query then costs a
        lookup, where walking down from "object" would visit thousands of kinds."""
        index = self._indexes.get(vocabulary)
        if index is not None:
            return index
        index = {}
        for word in vocabulary:
            if " " in word:
                continue  # one known word: "coffee tree" is two things to the model
            for ancestor, depth, familiarity, name in self._ancestry(word):
                index.setdefault(ancestor, []).append((word, depth, familiarity, name))
        self._indexes.put(vocabulary, index)
        return index

    def _ancestry(self, word: str, *, main_senses: bool = True) -> Iterator[tuple[int, int, float, str]]:
        """(ancestor synset id, levels up, the word's familiarity, its synset name) over the word's noun
        senses (its main ones only, by default), up to VOCABULARY_KINDS_DEPTH levels."""
        for sense in self._lexicon.senses(word, "n"):
            familiarity = next((f for name, f in self._lemmas(sense.synset) if name == word), None)
            if sense.synset.is_instance or familiarity is None:
                continue
            if main_senses and not self._is_main_sense(word, familiarity):
                continue
            level_of: dict[int, int] = {}
            frontier, level = list(sense.synset.hypernyms), 1
            while frontier and level <= VOCABULARY_KINDS_DEPTH:
                for ancestor in frontier:
                    level_of.setdefault(ancestor, level)
                frontier = [h for a in frontier for h in self._lexicon.synsets[a].hypernyms if h not in level_of]
                level += 1
            for ancestor, depth in level_of.items():
                yield ancestor, depth, familiarity, sense.synset.name

    def remember_ancestries(self, words: Iterable[str]) -> None:
        """Walks the ancestry of each word now (a fixed set: the attribute words), so no request pays for it."""
        for word in words:
            self._all_sense_ancestry(word)

    def _all_sense_ancestry(self, word: str) -> tuple[tuple[int, int, float, str], ...]:
        ancestry = self._all_sense_ancestries.get(word)
        if ancestry is None:  # a fixed, small set of words: remembered for good
            ancestry = self._all_sense_ancestries[word] = tuple(self._ancestry(word, main_senses=False))
        return ancestry

    def kinds_among(self, senses: Sequence[tuple[int, float]], words: Iterable[str]) -> list[Candidate]:
        """Those of `words` (phrases too) that are kinds of the senses in any of their noun senses ("cherry" the
        fruit, not only the tree), as ranked hyponym candidates. No familiarity floor: the caller chose the
        words (curated/attributes.py). A sense of another kind of thing than the word's commonest, which the word
        rarely means, is not one: the red things listed hold "rose" the flower, and WordNet's blush wine, also
        named "rose", is no red wine (a rarer animal sense of "cow" still makes the cow a large animal)."""
        factors = dict(senses)
        found: dict[str, Candidate] = {}
        for word in words:
            for ancestor, level, familiarity, name in self._all_sense_ancestry(word):
                factor = factors.get(ancestor)
                if factor is None or not self._read_in_sense(word, familiarity, name):
                    continue
                weight = round(
                    BASE_WEIGHT[Relation.HYPONYM] * factor * confidence(familiarity) * LEVEL_FACTOR ** (level - 1), 4
                )
                if word not in found or weight > found[word].weight:
                    found[word] = Candidate(word, weight, Relation.HYPONYM, f"wordnet:{name}")
        return sorted(found.values(), key=lambda c: (-c.weight, c.text))

    def _is_main_sense(self, lemma: str, familiarity: float, pos: str = "n", margin: float = MAIN_SENSE_MARGIN) -> bool:
        """Whether a lemma's sense (of this familiarity) is within `margin` of its most common sense of `pos`:
        deep in WordNet, "kiwi" the bird and "spider" the frying pan are kinds no one means by the word."""
        best = max(
            (
                f
                for sense in self._lexicon.senses(lemma, pos)
                for name, f in self._lemmas(sense.synset)
                if name == lemma
            ),
            default=familiarity,
        )
        return familiarity >= best - margin

    def name(self, synset: Synset) -> str:
        """The term a synset is best known by ("dog" for dog.n.01)."""
        return self._names[synset.id][0]

    def _name(self, synset: Synset) -> tuple[str, float]:
        """The synset's name as a term: the head lemma unless another is clearly more familiar."""
        named = self._lemmas(synset)
        best = max(named, key=lambda pair: pair[1])
        return named[0] if best[1] < named[0][1] + HEAD_LEMMA_PREFERENCE else best

    def _lemmas(self, synset: Synset) -> list[tuple[str, float]]:
        pairs = zip(synset.lemmas, synset.familiarities, strict=True)
        return [(lemma, self._term_familiarity(synset, lemma, f)) for lemma, f in pairs]

    def _term_familiarity(self, synset: Synset, lemma: str, familiarity: float) -> float:
        """A single word's familiarity as the lexicon has it; a phrase's as PHRASE_FAMILIARITY (see above)."""
        if not _is_phrase(lemma):
            return familiarity
        if familiarity < MIN_PHRASE_FAMILIARITY:  # Latin names, rare words: as unfamiliar as they look
            return familiarity
        kinds = len(self._lexicon.hyponyms.get(synset.id, ()))
        bonus = min(MAX_KINDS_BONUS, KINDS_BONUS_PER_DOUBLING * math.log2(1 + kinds))
        return min(familiarity, PHRASE_FAMILIARITY) + bonus

    def _synonyms(self, concept: str, synset: Synset) -> list[_Named]:
        """The synset's other lemmas, leaving out single words that rarely mean this sense: a model (and a
        person) reads "wheel" as the wheel, not the bicycle, and "machine" not as the car."""
        pos = "n" if synset.name.split(".")[-2] == "n" else "a"
        # A word of the name itself is how people shorten it ("the alarm" for the alarm clock, "glove").
        own_words = set(concept.split()) | set(synset.lemmas[0].replace("_", " ").split())
        pairs = [
            (lemma, f)
            for lemma, f in self._lemmas(synset)
            if lemma != concept
            and _passes(Relation.SYNONYM, lemma, f)
            and (
                _is_phrase(lemma) or lemma in own_words or self._is_main_sense(lemma, f, pos, SYNONYM_MAIN_SENSE_MARGIN)
            )
        ]
        return [_Named(lemma, f, 1) for lemma, f in sorted(pairs, key=lambda p: -p[1])]

    def _hyponyms(self, synset: Synset) -> list[_Named]:
        """Kinds of the synset, level by level; unfamiliar kinds are see-through (their kinds count as direct)."""
        direct: list[_Named] = []
        deeper: list[_Named] = []
        frontier = [(child, 1) for child in self._children.get(synset.id, ())]
        visited = 0
        for depth in range(MAX_LEVELS_DOWN):
            next_frontier: list[tuple[Synset, int]] = []
            for child, level in frontier:
                visited += 1
                if visited > MAX_VISITED_BELOW:
                    break
                text, familiarity = self._names[child.id]
                if (
                    _passes(Relation.HYPONYM, text, familiarity, level)
                    and self._means_kind(text, familiarity)
                    and self._named_in_its_class(text, familiarity, child)
                ):
                    (direct if level == 1 else deeper).append(_Named(text, familiarity, level))
                    if level == 1 and depth + 1 < MAX_LEVELS_DOWN:
                        next_frontier.extend((grandchild, 2) for grandchild in self._children.get(child.id, ()))
                elif depth + 1 < MAX_LEVELS_DOWN:
                    next_frontier.extend((grandchild, level) for grandchild in self._children.get(child.id, ()))
            frontier = next_frontier
        direct.sort(key=lambda n: -n.familiarity)
        deeper.sort(key=lambda n: -n.familiarity)
        return _unique(direct)[: LIMITS["hyponyms"]] + _unique(deeper)[: LIMITS["deeper_hyponyms"]]

    def _read_in_sense(self, word: str, familiarity: float, synset_name: str) -> bool:
        """Whether `word` is read in this sense: it means it often enough (`_means_kind`), or the sense is the same
        kind of thing (lexicographer file) as the word's commonest noun sense."""
        if self._means_kind(word, familiarity):
            return True
        commonest = self._commonest_noun_sense(word)
        synset = self._lexicon.synset(synset_name)
        return commonest is not None and synset is not None and synset.lexfile == commonest[1].lexfile

    def _named_in_its_class(self, word: str, familiarity: float, synset: Synset) -> bool:
        """Whether a one-word kind's name is read in this class of thing: one whose commonest sense is another
        class (a person's "wolf", 0.6 below the animal, under man.n.01) must be nearly as common here as there."""
        commonest = None if _is_phrase(word) else self._commonest_noun_sense(word)
        if commonest is None or commonest[1].lexfile == synset.lexfile:
            return True
        return familiarity >= commonest[0] - MAIN_SENSE_MARGIN

    def _commonest_noun_sense(self, word: str) -> tuple[float, Synset] | None:
        """The word's most familiar noun sense and its familiarity there; None when it is no noun. Remembered:
        every kind visited below a query asks it of its name."""
        if word not in self._commonest:
            self._commonest[word] = max(
                (
                    (f, sense.synset)
                    for sense in self._lexicon.senses(word, "n")
                    for name, f in self._lemmas(sense.synset)
                    if name == word
                ),
                key=lambda pair: pair[0],
                default=None,
            )
        return self._commonest[word]

    def _means_kind(self, text: str, familiarity: float) -> bool:
        """Whether a kind's name means that kind often enough to be read so, as for synonyms: "key" (a coral
        islet under coral reef) means the metal key a hundred times as often, and a model reads the key."""
        return _is_phrase(text) or self._is_main_sense(text, familiarity, "n", SYNONYM_MAIN_SENSE_MARGIN)

    def _picturable_category(self, synset: Synset) -> bool:
        if synset.name in NAMED_TOP_CATEGORIES:
            return True
        limit = MAX_HYPERNYM_DESCENDANTS.get(synset.lexfile, MAX_OTHER_HYPERNYM_DESCENDANTS)
        return synset.lexfile in PICTURABLE_CLASSES and self._lexicon.descendant_counts[synset.id] <= limit

    def _hypernyms(self, synset: Synset, head_word: str = "") -> list[_Named]:
        """Categories above the synset, nearest first; a category that is unfamiliar or says nothing
        about a photo is see-through. The walk stops at WordNet's top classes (lexicographer file Tops).
        A category named by the last word of the concept itself ("ring" above "engagement ring") is no
        stranger to the user, who typed it, however rare WordNet finds that sense of the word: it passes."""
        found: list[_Named] = []
        frontier = list(synset.hypernyms)
        seen: set[int] = set()
        level = 1
        for _ in range(MAX_LEVELS_UP):
            next_frontier: list[int] = []
            shown = False
            for parent_id in frontier:
                if parent_id in seen:
                    continue
                seen.add(parent_id)
                parent = self._lexicon.synsets[parent_id]
                text, familiarity = self._names[parent_id]
                typed = text == head_word and text != synset.lemmas[0]
                if self._picturable_category(parent) and (typed or _passes(Relation.HYPERNYM, text, familiarity)):
                    found.append(_Named(text, familiarity, level))
                    shown = True
                if parent.lexfile != "Tops":
                    next_frontier.extend(parent.hypernyms)
            level += shown
            frontier = next_frontier
            if not frontier or len(found) >= LIMITS["hypernyms"]:
                break
        return _unique(found)[: LIMITS["hypernyms"]]

    def _related(self, synset: Synset) -> list[_Named]:
        """Adjective neighbours (similar-to, also-see) and the nouns the adjective comes from."""
        synsets = self._lexicon.synsets
        derived = list(synset.derived)
        if not derived and ".s." in synset.name:  # a satellite shares its head's nouns: wooden -> woody -> wood
            derived = [d for head in synset.related for d in synsets[head].derived]
        named = [
            _Named(*self._names[i], 1)
            for i in dict.fromkeys([*synset.related, *derived])
            if _passes(Relation.RELATED, *self._names[i])
        ]
        named.sort(key=lambda n: -n.familiarity)
        return _unique(named)[: LIMITS["related"]]


def _unique(named: list[_Named]) -> list[_Named]:
    seen: set[str] = set()
    kept = []
    for item in named:
        if item.text not in seen:
            seen.add(item.text)
            kept.append(item)
    return kept
