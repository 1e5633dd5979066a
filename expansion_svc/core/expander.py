"""The expander: query -> language -> phrase parts -> weighted, typed terms; LRU cache, vocabulary aware.

Emoji are first read as the words they stand for (emoji_names.py), a query
in another language as English (foreign.py); the parser then drops filler
and what the query excludes, keeps compounds whole and finds each phrase's
head and modifiers (query.py, phrases.py); `_chunk_terms` expands heads and
decides which modifiers stay on the head's kinds (docs/expansion.md).

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
Expansions of all parts are merged by weight. A term stays inside its own
noun phrase: "dog on the beach" gives "puppy" and "seaside", each a phrase
a person could type, and deep search fuses them per part of the query. With a
vocabulary, terms whose expansion words the model knows come before the
rest, and terms with no known word are dropped.
"""

from __future__ import annotations

import functools
import gc
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from expansion_svc.core.curated import ALIASES, CURATED, CuratedEntry, aliased, implied_heads
from expansion_svc.core.curated.actions import ENTRIES as ACTIONS
from expansion_svc.core.curated.activities import ENTRIES as ACTIVITIES
from expansion_svc.core.curated.attributes import ATTRIBUTES, MODIFIER_ATTRIBUTE
from expansion_svc.core.curated.informal import INFORMAL
from expansion_svc.core.curated.occasions import ENTRIES as OCCASIONS
from expansion_svc.core.emoji_names import EmojiReader
from expansion_svc.core.foreign import ENGLISH, LANGUAGE_NAMES, ForeignLexicon, Reading, fold, has_diacritic
from expansion_svc.core.lexicon import Lexicon, Synset
from expansion_svc.core.licensing import TermLicence
from expansion_svc.core.model_reading import ModelReading
from expansion_svc.core.morphy import Lemmatizer, morphy
from expansion_svc.core.phrases import FILLER_WORDS, NON_COMPOSING_MODIFIERS
from expansion_svc.core.query import (
    BREAK,
    MAX_COMPOUND_WORDS,
    STOP_WORDS,
    TOKEN,
    Concept,
    QueryParser,
    WordClasses,
    normalized,
    tokenize,
    validate_query,
)
from expansion_svc.core.spelling import SpellingCorrector
from expansion_svc.core.types import Expansion, Relation, Term
from expansion_svc.core.wordnet_terms import Candidate, WordNetTerms, ranked_weights
from mediasearch.lru import LruCache
from mediasearch.runtime.errors import InvalidArgument

DEFAULT_MAX_TERMS = 10
MAX_TERMS_LIMIT = 50
# The familiarity (Zipf) spelling gives a word of the curated map the lexicon lacks: the map holds the words
# people type most often ("christmas", "wedding").
CURATED_WORD_FAMILIARITY = 4.0
# Categories read from the entries that list a term as one of their kinds ("lamb" under "sheep"), at most.
MAX_IMPLIED_CATEGORIES = 2
# WordNet terms under a curated entry rank below the hand-written ones.
CURATED_WORDNET_FACTOR = 0.7
REPEATS_CONCEPT_FACTOR = 0.8
# Smallest gap kept between consecutive curated terms when novelty reorders them.
WEIGHT_STEP = 0.002
# Candidates kept per cached query: enough for max_terms after relation and vocabulary filters.
POOL_SIZE = 80
# Distinct vocabularies remembered normalised: callers resend the same one (one per model) every call.
VOCABULARY_CACHE_SIZE = 8
# A word shorter than this is not read as a phrase typed without its space ("firepit" is 7 letters); nor is
# a longer one than the second bound ("hotairballoon" is 13): its splits grow with the square of its length.
MIN_RUN_TOGETHER_LETTERS = 6
MAX_RUN_TOGETHER_LETTERS = 16
# WordNet classes of the noun a "-y" adjective may stand for without a recorded derivation ("sunny" -> sun).
Y_STEM_LEXFILES = frozenset({"object", "phenomenon", "substance", "plant"})
# The noun an adjective derives from, and its curated terms, stand for the adjective at this factor.
DERIVED_NOUN_WEIGHT = 0.9
# The weight of a time or occasion's own terms ("night": the moon) beside what stands before it ("stormy").
OCCASION_HEAD_FACTOR = 0.6
# Kinds of a head, at any depth, that a request's vocabulary reads, added per head before ranking.
VOCABULARY_KINDS = 12
# An attribute selects among a category's kinds ("large animals") only when it leaves a group of them; fewer
# means the head is one thing the modifier describes ("running dog", "jumping frog", "tall building").
MIN_SELECTED_KINDS = 3
OCCASION_WORDS = frozenset(ACTIVITIES) | frozenset(OCCASIONS)
# When a phrase happens ("summer bbq", "spring wedding"): before an occasion it says when, not what is shown.
# A holiday is a time too, which the season before it chooses ("summer holiday": the beach, not Christmas).
# Days of the week and "weekend" are filler already (phrases.py): "sunday brunch" reaches the parser as "brunch".
TIME_WORDS = frozenset(
    "spring summer autumn fall winter morning afternoon evening night midnight noon holiday holidays hols vacation "
    "break".split()
)
# Each of the two things a collocation joins ("bacon" and "eggs" of "bacon and eggs"), as a term of its own.
CONJOINED_PART_WEIGHT = 0.8
# A modifier that does not compose with its head's kinds goes out alone, below every expansion of the head.
MODIFIER_ALONE_WEIGHT = 0.5
# A thing named before a time, an occasion or a meal ("lobster" of "lobster dinner", "beach" of "beach day") is
# what the photos show: it goes out alone at this weight, as a part of the query would.
OCCASION_SUBJECT_WEIGHT = 0.9
# A meal is an occasion for what it is made of: WordNet's meals, found this many levels up at most.
MEAL = "meal.n.01"
MEAL_LEVELS = 3
# Times of day that a food or drink is named by ("morning coffee", "afternoon tea", "tea time", "coffee break"): the
# food or drink named is what the photos show, sent at OCCASION_SUBJECT_WEIGHT ahead of the moment's other terms.
MEAL_TIMES = frozenset("morning afternoon evening night midnight noon time break".split())
# WordNet lemmas that are also function words or filler read as filler: never sent alone.
UNSENDABLE = STOP_WORDS | FILLER_WORDS
# WordNet noun classes of what someone does or undergoes: an -ing noun of these is read as the verb.
VERBAL_LEXFILES = frozenset({"act", "process", "state", "phenomenon", "event"})
# Classes of things a picture shows on their own: a kind named after one of another class ("beach umbrella", "fly
# fishing", "bread knife") is read by an image-text model as that thing, and finds beaches, flies and bread.
SHOWN_ON_THEIR_OWN = frozenset({"animal", "object", "food"})
HOMINID = "hominid.n.01"
BEVERAGE = "beverage.n.01"
ANCESTOR_LEVELS = 3
# A foreign word's senses searched for one the curated map covers.
FOREIGN_SENSES_TRIED = 3
# Below this familiarity (Zipf, sense-adjusted; the lexicon keeps no noun under 2.2) an English word that another
# language also spells is no English evidence: it is that language's word ("lapin" 2.0) far more often.
RARE_ENGLISH_FAMILIARITY = 2.5


# A head whose kinds may go out alone: (part of the phrase, (synset id, factor) senses, terms never sent, the only
# kinds allowed where a modifier's attribute selects them, else None).
_KindSource = tuple[str, tuple[tuple[int, float], ...], frozenset[str], frozenset[str] | None]


@dataclass(frozen=True, slots=True)
class _Analysis:
    """Everything about a query that does not depend on the request's filters; what the cache holds."""

    normalized_query: str
    concepts: tuple[str, ...]
    pool: tuple[Term, ...]
    notes: tuple[str, ...]
    language: str
    # Heads whose kinds a request's vocabulary may add to (`_vocabulary_kinds`).
    kind_sources: tuple[_KindSource, ...] = ()
    # Nouns of the query, the words of their noun phrase and their main WordNet senses, whose readable relatives
    # stand in for them where the request's model reads no term of that phrase (`_readable_relatives`).
    noun_senses: tuple[tuple[str, frozenset[str], tuple[int, ...]], ...] = ()
    # Parts typed after a preposition of place ("beach" in "a dog on the beach"): where the rest is.
    settings: tuple[str, ...] = ()


# Terms that say what a query part is, rather than what goes with it.
_NAMING = frozenset({Relation.SYNONYM, Relation.HYPONYM, Relation.HYPERNYM})


def _having(attributes: str | tuple[str, ...]) -> frozenset[str]:
    """The things with an attribute, or with any of several ("warm": hot food, winter clothes)."""
    names = (attributes,) if isinstance(attributes, str) else attributes
    return frozenset().union(*(ATTRIBUTES[name] for name in names))


# Modifier -> the things it selects, built once rather than per phrase.
_SELECTED_BY = MappingProxyType({word: _having(names) for word, names in MODIFIER_ATTRIBUTE.items()})


def _y_adjective_stems(adjective: str) -> list[str]:
    """The nouns an English "-y" adjective may be made from, where WordNet records no derivation: "sunny" ->
    sun, "icy" -> ice, "windy" -> wind. Callers keep only stems that are known nouns."""
    if len(adjective) < 3 or not adjective.endswith("y"):
        return []
    stem = adjective[:-1]
    stems = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stems.insert(0, stem[:-1])  # a doubled consonant: sunny, foggy, furry
    return stems


def _plural_spellings(noun: str) -> tuple[str, ...]:
    """Regular plural spellings of a singular noun, for the caller to check against the lexicon."""
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return (noun[:-1] + "ies",)
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return (noun + "es",)
    return (noun + "s", noun + "es") if noun.endswith("o") else (noun + "s",)


class Expander:
    """Expands queries; thread-safe, so one instance serves every gRPC worker."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        cache_size: int = 4096,
        curated: dict[str, CuratedEntry] | None = None,
        lexicon_path: Path | None = None,
        foreign: ForeignLexicon | None = None,
    ) -> None:
        self.lexicon = lexicon or Lexicon.load(lexicon_path)
        self._curated = dict(CURATED if curated is None else curated)
        self._implied = implied_heads(
            self._curated, lambda head: self.lexicon.has_adjective(head) and not self.lexicon.is_concrete_noun(head)
        )
        self._check_curated_senses()
        self._wordnet = WordNetTerms(self.lexicon)
        lemmatizer = Lemmatizer(self.lexicon, frozenset(self._curated))
        self._lemma = lemmatizer.lemma
        self._parser = QueryParser(
            WordClasses(
                is_compound=self._is_compound,
                lemma=lemmatizer.lemma,
                is_noun=self._is_noun,
                is_visual_adjective=self.lexicon.has_adjective,
                verb_base=self._verb_base,
                is_activity=lambda verb: (verb in ACTIVITIES or verb in ACTIONS) and verb in self._curated,
                is_thing=self._is_thing,
                singulars=lambda word: morphy(word, "n", self.lexicon),
                is_person=self._is_person,
                is_predicative=self._is_predicative,
            )
        )
        self._licence = TermLicence(self.lexicon, self._curated)
        self._foreign = foreign or ForeignLexicon.load()
        self._spelling = SpellingCorrector(self._spelling_familiarity(), self._is_name)
        self._emoji = EmojiReader(self._is_noun, self.lexicon.familiarity)
        self.cache: LruCache[_Analysis] = LruCache(cache_size)
        self._vocabularies: LruCache[frozenset[str]] = LruCache(VOCABULARY_CACHE_SIZE)
        self._readings: LruCache[ModelReading] = LruCache(VOCABULARY_CACHE_SIZE)
        self._kinds_cache: LruCache[list[Term]] = LruCache(cache_size)
        _ = self.lexicon.descendant_counts  # built now (with the hyponym index), not on the first request
        self._wordnet.remember_ancestries(frozenset().union(*ATTRIBUTES.values()))  # 12 ms, once
        # The lexicon's few hundred thousand objects live as long as the process; freezing them keeps
        # full garbage collections from scanning them (measured: 20 ms pauses in the middle of requests).
        gc.collect()
        gc.freeze()

    def _spelling_familiarity(self) -> dict[str, float]:
        """The words spelling corrects to: the lexicon's, and the curated map's at least at CURATED_WORD_FAMILIARITY.
        The lexicon's nouns are physical things, so "christmas", "wedding" and "birthday" were missing: "chrismas"
        stayed unread, and a typo of a missing word could be read as a rarer one that is there."""
        familiarity = dict(self.lexicon.familiarities)
        for key in self._curated:
            for word in key.split():
                if len(word) > 2 and word.isalpha():
                    familiarity[word] = max(familiarity.get(word, 0.0), CURATED_WORD_FAMILIARITY)
        return familiarity

    def _check_curated_senses(self) -> None:
        missing = {name for e in self._curated.values() for name in e.senses if self.lexicon.synset(name) is None}
        if missing:
            raise ValueError(f"curated entries name synsets missing from the lexicon: {sorted(missing)}")

    @property
    def curated(self) -> MappingProxyType[str, CuratedEntry]:
        """The curated map this expander uses (read-only)."""
        return MappingProxyType(self._curated)

    def is_licensed(self, term: str) -> bool:
        """Whether `term` is a phrase a person could have typed (licensing.TermLicence); every term sent passes."""
        return self._licence.licenses(term)

    def _verb_base(self, word: str) -> str | None:
        """The verb an inflected form comes from; WordNet's exception list also holds phrases
        ("playing" -> "part" from "playing a part"), so the base must start like the word, or be its -ie verb
        ("lying" -> "lie", "tying" -> "tie")."""
        return next(
            (
                b
                for b in morphy(word, "v", self.lexicon)
                if b != word and (b[:2] == word[:2] or (word.endswith("ying") and b == word[:-4] + "ie"))
            ),
            None,
        )

    def _other_numbers(self, word: str) -> list[str]:
        """A noun's other grammatical number: the singulars of a plural ("sandwiches"), the plurals of a
        singular ("firework" -> "fireworks", as the demo model knows it). A plural that is a noun of its own
        ("rings" the gymnastics apparatus, "glasses") gets no singular: that means something else; nor does a
        singular get such a plural ("small fry", a child, is no "small fries"). A plural WordNet lists only as
        another name of its singular's sense ("dumplings" in dumpling.n.01) is that singular."""
        singulars = morphy(word, "n", self.lexicon)
        if self.lexicon.is_known_word(word, "n"):
            own = self.lexicon.senses(word, "n")
            main = own[0].synset.id if own else None
            singulars = [s for s in singulars if any(x.synset.id == main for x in self.lexicon.senses(s, "n"))]
        plurals = [
            p
            for p in _plural_spellings(word)
            if word in morphy(p, "n", self.lexicon) and not self.lexicon.is_known_word(p, "n")
        ]
        return [form for form in (*singulars, *plurals) if form != word]

    def _is_thing(self, word: str) -> bool:
        """Whether a word as typed names something a photo shows: "building" does, while "sleeping" (a
        process) and "petting" (an act) are concrete nouns in WordNet only as what someone does."""
        if word in self._curated or self.lexicon.has_adjective(word):
            return True
        senses = self.lexicon.senses(word, "n")
        return bool(senses) and senses[0].synset.lexfile not in VERBAL_LEXFILES

    def _is_person(self, lemma: str) -> bool:
        senses = self.lexicon.senses(lemma, "n")
        return bool(senses) and senses[0].synset.lexfile == "person"

    def _is_predicative(self, lemma: str) -> bool:
        return (
            self.lexicon.is_known_word(lemma, "a")
            and not any(sense.tag_count for sense in self.lexicon.senses(lemma, "n"))
            and lemma not in self._curated
        )

    def _is_noun(self, text: str) -> bool:
        return self.lexicon.is_concrete_noun(text) or (text in self._curated and not self.lexicon.has_adjective(text))

    def _is_compound(self, text: str) -> bool:
        return (
            text in self._curated
            or self.lexicon.is_concrete_noun(text)
            or self.lexicon.has_adjective(text)
            or text in MODIFIER_ATTRIBUTE  # "two-wheeled", typed as two words
        )

    def expand(
        self, query: str, *, max_terms: int = 0, relations: Iterable[Relation] = (), vocabulary: Iterable[str] = ()
    ) -> Expansion:
        """Expand `query`; max_terms 0 means DEFAULT_MAX_TERMS, empty relations means all of them."""
        text = validate_query(query)
        if not 0 <= max_terms <= MAX_TERMS_LIMIT:
            raise InvalidArgument.for_field(
                "max_terms",
                f"must be between 0 and {MAX_TERMS_LIMIT}, got {max_terms}",
                reason="MAX_TERMS_OUT_OF_RANGE",
            )
        key = " ".join(text.lower().split())
        model_words = self._normalised_vocabulary(vocabulary)
        # A word the caller's model reads is never respelled: WordNet lacks "ramen", which the demo model knows,
        # and "raven" is not what was typed. Those words are part of the analysis, so of its cache key too.
        readable = frozenset(w for w in TOKEN.findall(key) if w in model_words and not self._is_english(w))
        cache_key = key if not readable else key + "\x00" + " ".join(sorted(readable))
        analysis = self.cache.get(cache_key)
        cache_hit = analysis is not None
        if analysis is None:
            analysis = self._analyse(text, readable)
            self.cache.put(cache_key, analysis)
        terms, notes, parts = self._select(analysis, max_terms or DEFAULT_MAX_TERMS, set(relations), model_words)
        return Expansion(
            text,
            analysis.normalized_query,
            tuple(parts.get(c, c) for c in dict.fromkeys(analysis.concepts)),
            terms,
            notes,
            cache_hit,
            analysis.language,
            settings=tuple(dict.fromkeys(parts.get(c, c) for c in analysis.settings)),
        )

    def _readable_relatives(
        self, analysis: _Analysis, reading: ModelReading, kept: list[Term], vocabulary: frozenset[str]
    ) -> list[Term]:
        """Near relatives the model reads ("glove" for "mitten") of each noun it cannot read in a noun phrase no
        kept term came from: the model would otherwise search that phrase as unknown tokens. A phrase with a part
        it reads keeps to that part: the "kit" of "drum kit" is no bag, the "launch" of "rocket launch" no boat.
        A phrase WordNet lacks ("new puppy") is what its last word is, where no kept term says so: the model reads
        only the things around a new puppy (a dog bed) and not the puppy, so its category (a dog) stands in."""
        found: list[Term] = []
        for noun, phrase, senses in analysis.noun_senses:
            if reading.reading(reading.respelled(noun))[-1] is not None:
                continue
            here = [t for t in kept if phrase & set(t.concept.split())]
            head = noun.rsplit(" ", 1)[-1]
            if senses and not here:
                relatives = self._wordnet.readable_relatives(senses, vocabulary)
            elif not senses and head != noun and not any(t.source == "query" or t.relation in _NAMING for t in here):
                named, _ = self._concept_candidates(Concept(head, head))
                relatives = [c for c in named if c.relation in _NAMING]
            else:
                continue
            found += [Term(c.text, c.weight, c.relation, noun, c.source) for c in relatives]
        return found

    def _main_noun_senses(self, word: str) -> tuple[int, ...]:
        return tuple(s.id for s, factor in self._wordnet.senses(word) if factor == 1.0 and ".n." in s.name)

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

    def _analyse(self, text: str, readable: frozenset[str] = frozenset()) -> _Analysis:
        text, pictured = self._emoji.read(text)
        notes = [f"{symbol!r} read as {name!r} (emoji)" for symbol, name in pictured]
        reading, read_notes = self._read(text)
        notes += read_notes
        if reading is None:
            text = self._spelled(text, notes, readable)
        concepts = self._parser.parse(reading.phrase if reading else text)
        excluded = list(dict.fromkeys(c.typed for c in concepts if c.negated))
        if excluded:
            # Searching for what the user excludes would rank it first; the search service cannot subtract it
            # from a phrase, but the weighted syntax can ("beach - people").
            concepts = [c for c in concepts if not c.negated]
            listed = ", ".join(repr(word) for word in excluded)
            notes.append(f"excluded, not searched: {listed} (to push such photos down, add a term '- word')")
        if not concepts:
            typed = " ".join(tokenize(text)) or text.lower()
            notes.append(f"no content words in {text!r} once filler is removed; kept as typed")
            return _Analysis(typed, (), (), tuple(notes), reading.language if reading else ENGLISH)
        names = [c.text for c in concepts]
        ranked: list[Term] = []
        kind_sources: list[_KindSource] = []
        for chunk in sorted({c.chunk for c in concepts}):
            members = [i for i, c in enumerate(concepts) if c.chunk == chunk]
            ranked.extend(self._chunk_terms(concepts, names, members, notes, kind_sources))
        ranked.sort(key=lambda t: -t.weight)  # stable: ties keep concept order
        unique = {t.text: t for t in reversed(ranked)}  # the first (heaviest) of each text wins
        pool = tuple(t for t in ranked if unique[t.text] is t)[:POOL_SIZE]
        language = reading.language if reading else ENGLISH
        noun_senses = tuple(
            (c.text, frozenset(w for d in concepts if d.chunk == c.chunk for w in d.text.split()), ids)
            for c in concepts
            if c.pos != "v" and ((ids := self._main_noun_senses(c.text)) or " " in c.text)
        )
        settings = tuple(dict.fromkeys(c.text for c in concepts if c.setting))
        return _Analysis(
            " ".join(names), tuple(names), pool, tuple(notes), language, tuple(kind_sources), noun_senses, settings
        )

    def _spelled(self, text: str, notes: list[str], readable: frozenset[str] = frozenset()) -> str:
        """The English query with each word no lexicon knows read as the closest familiar word (spelling.py),
        corrected in place so that what separates the words ("dog, catt") still does; `readable` words stay."""
        changed = False
        words = [w.removesuffix("'s") for w in TOKEN.findall(normalized(text))]
        position = -1

        def fixed(match: re.Match[str]) -> str:
            nonlocal changed, position
            position += 1
            token = match.group(0).removesuffix("'s")
            meant = None
            neighbours = words[max(position - 1, 0) : position], words[position + 1 : position + 2]
            # A word that makes a known phrase with its neighbour as typed ("creepy crawlies") is no typo.
            if (
                token not in readable
                and not self._foreign.knows(fold(token))
                and not self._makes_phrase(token, *neighbours)
            ):
                # A word with no sense of its own ("treehouse") may be a phrase run together, even one common
                # enough in text to count as English.
                if not self._is_lemma(token):
                    meant = self._run_together(token)
                if meant is None and not self._is_english(token):
                    meant = self._spelling.correct(token, lambda c: self._makes_phrase(c, *neighbours))
            if meant is None:
                return match.group(0)
            notes.append(f"{token!r} read as {meant!r} (spelling)")
            changed = True
            return meant

        corrected = TOKEN.sub(fixed, normalized(text))
        return corrected if changed else text

    def _run_together(self, token: str) -> str | None:
        """A known phrase typed without its spaces ("treehouse", "teddybears", "hotairballoon"), else None. Tried
        before spelling: the closest single word to "treehouse" is "greenhouse", two edits away."""
        if not MIN_RUN_TOGETHER_LETTERS <= len(token) <= MAX_RUN_TOGETHER_LETTERS or not token.isalpha():
            return None
        # Each piece a word of three letters or more with a sense of its own ("is" and "the" are none).
        english = functools.cache(lambda start, end: self._is_lemma(token[start:end]))
        heads = [i for i in range(3, len(token) - 2) if english(0, i)]
        splits = [(i,) for i in heads] + [(i, j) for i in heads for j in range(i + 3, len(token) - 2)]
        for cuts in splits:
            edges = (0, *cuts, len(token))
            if not all(english(a, b) for a, b in itertools.pairwise(edges)):
                continue
            words = [token[a:b] for a, b in itertools.pairwise(edges)]
            for joints in itertools.product(" -", repeat=len(cuts)):  # "hot-air balloon", as WordNet writes it
                for last in dict.fromkeys((words[-1], self._lemma(words[-1]))):
                    phrase = "".join(w + j for w, j in zip(words, joints, strict=False)) + last
                    if self._is_compound(phrase):
                        return phrase
        return None

    def _is_lemma(self, word: str) -> bool:
        """Whether a word, or its lemma, has a sense in the lexicon or an entry in the curated map."""
        return any(
            w in self._curated or any(self.lexicon.senses(w, pos) for pos in ("n", "a", "v"))
            for w in {word, self._lemma(word)}
        )

    def _makes_phrase(self, candidate: str, before: list[str], after: list[str]) -> bool:
        """Whether a spelling candidate forms a known compound with the word typed before or after it."""
        return any(
            self._is_compound(" ".join(words))
            for words in ([*before, candidate], [candidate, *after])
            if len(words) == 2
        )

    def _is_name(self, word: str) -> bool:
        """Whether every sense of a word is a named person or place ("hamburg", "paris"), none a common noun."""
        senses = self.lexicon.senses(word, "n")
        return (
            bool(senses)
            and all(sense.synset.is_instance for sense in senses)
            and not any(self.lexicon.is_known_word(word, pos) for pos in ("a", "v"))
        )

    def _is_english(self, token: str) -> bool:
        """Whether a token is an English function word, filler, or a word, inflection or compound the lexicon knows;
        any WordNet word counts ("lesson", "coins"), not only those worth expanding, or an English query of
        abstract words would be read as whichever language happens to spell one of them."""
        return (
            token in STOP_WORDS
            or token in FILLER_WORDS
            or token.isdigit()
            or self._is_compound(token)
            or self._is_compound(self._lemma(token))
            or self._licence.is_word(token)  # any part of speech, inflections too ("playing", "coins")
        )

    def _reads_as_english(self, token: str) -> bool:
        """English evidence: an English word, or a mistyped one that no other language reads. A typo is no
        word of any language, and reading it as another language's compound ("helicoptor" as German
        "...tor", fool) loses the English word one letter away."""
        if self._is_english(token):
            return not (self._foreign.knows(token) and self._rare_in_english(token))
        return not self._foreign.knows(token) and self._spelling.correct(token) is not None

    def _rare_in_english(self, token: str) -> bool:
        """Whether the lexicon knows the word (or its base form) as English but rare: "lapin" is rabbit fur
        to WordNet and the rabbit to everyone typing it. A word the lexicon keeps no frequency for (abstract
        words: "real", "music") is not called rare, since how common it is is unknown."""
        familiarity = max(self.lexicon.familiarity(token), self.lexicon.familiarity(self._lemma(token)))
        return 0.0 < familiarity < RARE_ENGLISH_FAMILIARITY

    def _elided(self, folded: str) -> list[str]:
        """A folded token split where an elided article or preposition ends ("l'arbre" folds to "l arbre": the
        tree), else whole ("kid's" stays one word of English)."""
        head, _, rest = folded.partition(" ")
        return [head, rest] if rest and head in self._foreign.any_function_word else [folded]

    def _read(self, text: str) -> tuple[Reading | None, list[str]]:
        """The query read in another language when one covers more of it than English; None for English."""
        pieces = [
            [(BREAK, False)] if token == BREAK else [(part, has_diacritic(token)) for part in self._elided(fold(token))]
            for token in tokenize(text, breaks=True)
        ]
        typed = [(part, accented) for piece in pieces for part, accented in piece if part != BREAK]
        tokens = [part for part, _ in typed]
        # Another language's article or preposition is no English evidence, even where WordNet has a
        # noun of that spelling ("de" Delaware, "die" the cube); nor is a word typed with an accent, which
        # WordNet never spells ("sucré" is no sucre, Ecuador's old currency; "fraîche" no fraise, a ruff).
        foreign_only = self._foreign.any_function_word - STOP_WORDS
        # A phrase of the curated map is English as a whole: "mardi gras" is no French husband's fat.
        curated = self._in_curated_phrases(tokens)
        english = sum(
            1
            for index, (token, accented) in enumerate(typed)
            if index in curated or (not accented and token not in foreign_only and self._reads_as_english(token))
        )
        if not tokens or english == len(tokens):
            return None, []
        language = self._foreign.detect(tokens, english)
        if language == ENGLISH:
            return None, []
        # The separators go with the words, so that "perro, gato" stays two things, as "perro y gato" is.
        with_breaks = [part for piece in pieces for part, _ in piece]
        reading = self._foreign.read(language, with_breaks, self._english_concept, self._is_adjective_synset)
        if reading.english == " ".join(tokens) and not any(accented for _, accented in typed):
            return None, []  # loan words read back as typed ("aardvark"): English, with no language to report
        notes = [f"language: {language} ({LANGUAGE_NAMES[language]}); read as {reading.english!r}"]
        notes += [f"{typed!r} -> {english!r}" for typed, english in reading.mapped]
        notes += [f"no English concept for {word!r} ({LANGUAGE_NAMES[language]})" for word in reading.unknown]
        return reading, notes

    def _in_curated_phrases(self, tokens: list[str]) -> set[int]:
        """Positions of the tokens that make up a phrase of several words the curated map holds, as typed."""
        covered: set[int] = set()
        for start in range(len(tokens)):
            for end in range(min(len(tokens), start + MAX_COMPOUND_WORDS), start + 1, -1):
                if " ".join(tokens[start:end]) in self._curated:
                    covered.update(range(start, end))
                    break
        return covered

    def _english_concept(self, forms: tuple[tuple[str, ...], ...]) -> str:
        """The English term for a foreign word's synsets (per form of the word): among the first few of
        each form, one the curated map covers in that sense ("praia": beach before shore; "assiette" has the
        home plate of baseball among its senses, which is no "home"), else the first.

        A form read only through curated words, all of which another form has as well beside synsets of
        its own, is an inflection of that form ("grise" is read through "gris", grey, not as tipsy alone).
        A word read as a person while a form of it with its ending undone is an adjective ("petite", the
        little girl, is "petit", small) is read as the adjective: a query describes the photo."""
        forms = tuple(
            form
            for form in forms
            if not (all(name.startswith("=") for name in form) and any(set(form) < set(other) for other in forms))
        )
        first = self.lexicon.synset(forms[0][0]) if len(forms) > 1 else None
        if first is not None and first.lexfile == "person":
            adjective = next((form for form in forms[1:] if self._is_adjective_synset(form[0])), None)
            forms = (adjective,) if adjective else forms
        named = [(self._synset_term(name), name) for synsets in forms for name in synsets[:FOREIGN_SENSES_TRIED]]
        return next((term for term, name in named if self._curated_sense(term, name)), named[0][0])

    def _curated_sense(self, term: str, synset_name: str) -> bool:
        """Whether the curated map covers `term` in the sense of `synset_name`: a sense its entry names, any
        sense when it names none, or a synset whose first lemma is the term itself (the term's own sense)."""
        entry = self._curated.get(term)
        own = synset_name.startswith("=") or synset_name.split(".", 1)[0].replace("_", " ") == term
        return entry is not None and (own or not entry.senses or synset_name in entry.senses)

    def _synset_term(self, name: str) -> str:
        """A synset's best-known term; the foreign table writes "=autumn" for a curated word the lexicon lacks."""
        synset = self.lexicon.synset(name)
        if synset is not None:
            return self._wordnet.name(synset)
        return name.removeprefix("=") if name.startswith("=") else name.rsplit(".", 2)[0].replace("_", " ")

    def _synset_names(self, term: str, source: str) -> tuple[str, ...]:
        """Every name of the synset a "wordnet:<synset>" source names, when `term` is one of them (a kind's
        source may be the synset of the query it was found from instead); else (). A curated term's synset is
        its word's main noun sense, in the singular the map may list it in: the curated barbecue's "burgers"
        are WordNet's hamburger.n.01, which a model may know only as "hamburger"."""
        if source == "curated":
            return self._curated_synonyms(term)
        synset = self.lexicon.synset(source.removeprefix("wordnet:")) if source.startswith("wordnet:") else None
        names = tuple(lemma.replace("_", " ").lower() for lemma in synset.lemmas) if synset else ()
        return names if term in names else ()

    def _curated_synonyms(self, term: str) -> tuple[str, ...]:
        """Other names of a plural the curated map lists ("burgers"), where both sides are unambiguous: its
        singular has one sense as a common noun (a name is no photo's burger: Warren Burger is WordNet's first),
        and each name given means that sense first. A term WordNet lists as typed keeps its own name: the map
        chose it ("domestic cat" beside "house cat", "movie" rather than a "picture", which means an image)."""
        if self.lexicon.senses(term, "n"):
            return ()
        for word in morphy(term, "n", self.lexicon):
            common = [s.synset for s in self.lexicon.senses(word, "n") if not s.synset.is_instance]
            if common:
                break
        else:
            return ()
        if len(common) != 1:
            return ()
        names = [lemma.replace("_", " ").lower() for lemma in common[0].lemmas]
        return tuple(
            name
            for name in names
            if next((s.synset.id for s in self.lexicon.senses(name, "n") if not s.synset.is_instance), None)
            == common[0].id
        )

    @staticmethod
    def _is_adjective_synset(synset_name: str) -> bool:
        return ".a." in synset_name or ".s." in synset_name

    @staticmethod
    def _unsendable(candidate: Candidate) -> bool:
        """A WordNet lemma that is also a function word or filler ("must" the grape juice) reads as filler."""
        return candidate.source != "curated" and candidate.text in UNSENDABLE

    def _named_after_another_thing(self, kind: str, part: str) -> bool:
        """Whether `kind` is a two-word kind of `part` (or of its synonym: "beach umbrella" for "brolly") named after
        a thing of another class: "beach umbrella" (a landform before an artifact), "fly fishing" (an animal before
        a pastime), "salad fork". The demo model reads
        each as its first word (cosine 0.90 to "beach", 0.99 to "fly"), and so does any model that reads a caption
        as a bag of things; the part itself is searched anyway. Not "tree frog" (a plant names no thing shown on
        its own here), "sheep dog" (an animal among animals) or "full moon" (no noun)."""
        words = kind.split()
        if len(words) != 2 or {words[0], self._standard_word(words[0])} & set(part.split()):
            return False  # named by the part itself or another name of it ("fall foliage" for "autumn")
        modifier = self._commonest_class(words[0])
        if modifier not in SHOWN_ON_THEIR_OWN:
            return False
        own = self._commonest_class(kind) or self._commonest_class(words[1]) or self._commonest_class(part)
        return modifier != own

    def _commonest_class(self, noun: str) -> str | None:
        """The lexicographer class of the noun's most tagged sense; None when it has no tagged sense."""
        senses = [sense for sense in self.lexicon.senses(noun, "n") if not sense.synset.is_instance]
        if not senses:
            return None
        commonest = max(senses, key=lambda sense: sense.tag_count)
        if not commonest.tag_count and len(senses) > 1:
            return None
        if commonest.synset.lexfile == "animal" and self._is_under(commonest.synset, HOMINID):
            return "person"  # WordNet files "human" (homo) among the animals; a "human face" is a face
        if commonest.synset.lexfile == "food" and self._is_under(commonest.synset, BEVERAGE):
            return "drink"  # a "coffee cup" or "wine glass" holds what it is named after: the photo shows both
        return commonest.synset.lexfile

    def _is_under(self, synset: Synset, ancestor: str, levels: int = ANCESTOR_LEVELS) -> bool:
        """Whether `ancestor` (a synset name) is `synset` or a hypernym of it at most `levels` steps up."""
        frontier = [synset]
        for _ in range(levels):
            if any(s.name == ancestor for s in frontier):
                return True
            frontier = [self.lexicon.synsets[parent] for s in frontier for parent in s.hypernyms]
        return any(s.name == ancestor for s in frontier)

    def _composes(self, concept: Concept) -> bool:
        """Whether a modifier may stand before any kind of its head by rule (see phrases.py): all but those that
        change what the head is ("wild", "fake", "stuffed"). An abstract noun selects like an adjective: "jazz
        instruments" are trumpets and saxophones, and had sent no instrument at all."""
        return concept.text not in NON_COMPOSING_MODIFIERS

    def _chunk_terms(
        self,
        concepts: list[Concept],
        names: list[str],
        members: list[int],
        notes: list[str],
        kind_sources: list[_KindSource],
    ) -> list[Term]:
        """Terms of one noun phrase: the head expanded, a modifier kept on a kind only where the two make a
        known phrase, else sent as a term of its own.

        A term never reaches outside its noun phrase: "bird on a tree" gives "parrot" and "pine", never
        "parrot tree", a phrase no one would type. `concept` names the part of the phrase it came from.
        """
        head = next(i for i in members if concepts[i].head)
        modifiers = [i for i in members if i != head]
        before = [i for i in modifiers if i < head]
        phrase = " ".join(names[i] for i in [*before, head])  # the head with what stands before it
        found: list[Term] = []

        # A head that is no physical thing ("movie night", "stormy night") is a time or an occasion: what stands
        # before it is what the photos show, and the head's own associations (the moon of a night) weigh less.
        # Unless what stands before it only says when ("summer bbq", "spring wedding"): the beach of a summer is
        # no part of a barbecue, whose food is what is shown. A time before a time ("winter morning") still is.
        # A head is judged by its standard word: "veggies" (informal) are vegetables, things, not an occasion.
        standard = self._standard_word(concepts[head].text)
        timed = all(names[i] in TIME_WORDS for i in before) and names[head] not in TIME_WORDS
        occasion = bool(before) and not timed and (not self.lexicon.senses(standard, "n") or self._is_meal(standard))
        head_factor = OCCASION_HEAD_FACTOR if occasion else 1.0

        def add(text: str, candidate: Candidate, part: str, factor: float = 1.0) -> None:
            found.append(Term(text, round(candidate.weight * factor, 4), candidate.relation, part, candidate.source))

        candidates, note = self._concept_candidates(concepts[head])
        if note:
            notes.append(note)
        # A modifier that selects ("red fruit", "flying eagle", "kid bicycle") still lets every kind of the
        # head be searched on its own, the model's check dropping kinds far from the phrase; one that changes
        # what the head is ("wild animal", "toy car") does not: a dog is no wild animal. Either way the
        # modifier goes out alone as well.
        selecting = all(self._composes(concepts[i]) for i in before)
        allowed: frozenset[str] | None = None
        if selecting:
            senses = self._kind_senses(concepts[head])
            modifier, head_word = (None, None) if before else self._compound_parts(concepts[head].text)
            # Without WordNet senses ("sport" is curated only) the curated kinds are still selected among.
            allowed, candidates = self._with_attribute(
                [modifier] if modifier else [names[i] for i in before],
                senses,
                candidates,
                head_word,
            )
            if senses:
                entry = self._curated.get(concepts[head].text)
                blocked = frozenset(names) | {concepts[head].typed} | (entry.blocked if entry else frozenset())
                part = phrase if allowed is not None else names[head] if before else phrase
                kind_sources.append((part, senses, blocked, allowed))
        for candidate in candidates:
            if candidate.text in names or candidate.text == concepts[head].typed or self._unsendable(candidate):
                continue
            if candidate.relation is Relation.HYPONYM and self._named_after_another_thing(
                candidate.text, concepts[head].text
            ):
                continue
            if not before:
                add(candidate.text, candidate, phrase)
                continue
            whole = " ".join([*(names[i] for i in before), candidate.text])
            if self._licence.is_unit(whole):  # "wild dog" and "red fox" are phrases; "wild house cat" is not
                add(whole, candidate, phrase, head_factor)
            elif selecting:  # a kind the modifier chose ("elephant" for "large animal") came from both
                chosen = allowed is not None and candidate.relation is Relation.HYPONYM
                add(candidate.text, candidate, phrase if chosen else names[head], head_factor)
        for index in before:
            alone = OCCASION_SUBJECT_WEIGHT if occasion and concepts[index].pos == "n" else MODIFIER_ALONE_WEIGHT
            found.append(Term(names[index], alone, Relation.RELATED, names[index], "query"))
            # "stormy night": the storm as a thing shown, and its kinds (a thunderstorm), below the noun itself.
            for candidate in self._derived_candidates(names[index], limit=2):
                scale = 1.0 if occasion else MODIFIER_ALONE_WEIGHT / DERIVED_NOUN_WEIGHT
                weight = round(candidate.weight * scale, 4)
                found.append(Term(candidate.text, weight, Relation.RELATED, names[index], candidate.source))
        # A modifier's own synonyms ("crimson" for the "red" of "red fruit") would outrank the head's kinds:
        # it is expanded only when the head gives nothing.
        expandable = [i for i in modifiers if i > head]
        if not candidates:  # no head worth expanding ("winter morning"): the other content words carry it
            expandable = [i for i in modifiers if concepts[i].pos != "v" or i > head]
        elif occasion:
            expandable += [i for i in before if concepts[i].pos == "n"]
        else:  # an occasion before a thing ("thanksgiving dinner", "halloween costume") says what the photos show
            expandable += [i for i in before if concepts[i].pos == "n" and self._is_occasion(names[i])]
        first, _, rest = concepts[head].text.partition(" ")
        if not before and rest and self._is_meal(first):
            # So does a meal that starts a compound of WordNet's ("breakfast table", "dinner table"): its food, beside
            # the furniture. Not a pastime: "fishing gear" is its rod, and the kinds of fishing are no gear.
            occasion_terms, _ = self._concept_candidates(Concept(first, first))
            for candidate in occasion_terms:
                shown = candidate.relation in (Relation.HYPONYM, Relation.RELATED)  # its food, not another meal's name
                if (
                    shown
                    and candidate.text not in names
                    and not self._unsendable(candidate)
                    and candidate.text != first
                ):
                    add(candidate.text, candidate, phrase)
        for index in expandable:
            extra, note = self._concept_candidates(concepts[index])
            if note:
                notes.append(note)
            for candidate in extra:
                if (
                    candidate.text not in names
                    and not self._unsendable(candidate)
                    and candidate.text != concepts[index].typed
                ):
                    add(candidate.text, candidate, names[index])
        return found

    @staticmethod
    def _standard_word(word: str) -> str:
        """The word an alias or informal name stands for ("veggies" -> "vegetable"), else the word."""
        return ALIASES.get(word) or INFORMAL.get(word) or word

    def _is_meal(self, noun: str) -> bool:
        """Whether the noun's first sense is a meal ("dinner", "brunch", "picnic"): like an occasion, it is shown by
        what it is made of ("lobster dinner" shows lobster, and dinner's own terms, candles, are a guess)."""
        senses = self.lexicon.senses(noun, "n")
        return bool(senses) and self._is_under(senses[0].synset, MEAL, MEAL_LEVELS)

    def _is_occasion(self, word: str) -> bool:
        """A curated holiday, event or pastime that names no physical thing; not a season ("winter coat")."""
        return word in OCCASION_WORDS and word in self._curated and not self.lexicon.is_concrete_noun(word)

    def _repeats_concept(self, text: str, concept: str) -> bool:
        """Whether `text` holds a word of the concept, inflected or not ("ocean waves" for wave)."""
        concept_words = set(concept.split())
        return any(
            word in concept_words or self._lemma(word) in concept_words for word in text.replace("-", " ").split()
        )

    @staticmethod
    def _compound_parts(compound: str) -> tuple[str | None, str | None]:
        """(attribute word, the rest) of a known compound that starts with one ("farm", "animal" of "farm
        animal"), else (None, None): WordNet files few kinds under such compounds, the attribute finds them
        under the rest ("cow")."""
        first, _, rest = compound.partition(" ")
        return (first, rest) if rest and first in MODIFIER_ATTRIBUTE else (None, None)

    def _with_attribute(
        self,
        modifiers: list[str],
        senses: tuple[tuple[int, float], ...],
        candidates: list[Candidate],
        head_word: str | None = None,
    ) -> tuple[frozenset[str] | None, list[Candidate]]:
        """The kinds of a head its modifiers' attributes select ("large" + animal: elephant, whale ...), and the
        head's candidates cut to those kinds: its other kinds, and its synonyms and associations ("creature",
        "zoo"), would find any animal. (None, candidates) when no modifier names an attribute or no kind of the
        head has it ("big dog"): the general rule then applies. Measured on the development phrases: keeping
        the head's other terms, 0.784 precision@10; cutting them, 0.787 (red flowers 0.0 -> 0.5)."""
        attributes = [_SELECTED_BY[m] for m in modifiers if m in _SELECTED_BY]
        if not attributes:
            return None, candidates
        having = frozenset.intersection(*attributes)
        selected = self._wordnet.kinds_among(senses, having)
        if head_word is not None:  # a compound ("farm animal"): the kinds of its last word ("animal") too
            head_senses = self._kind_senses(Concept(head_word, head_word))
            seen = {c.text for c in selected}
            selected += [c for c in self._wordnet.kinds_among(head_senses, having) if c.text not in seen]
        allowed = frozenset(c.text for c in selected) | {
            c.text for c in candidates if c.relation is Relation.HYPONYM and c.text in having
        }
        if head_word is not None:
            allowed -= {f"{modifiers[0]} {head_word}"}  # "polar bear" is a kind of bear, not bears that are polar
        if len(allowed) < MIN_SELECTED_KINDS:  # "running dog" is a dog that runs, not the greyhound alone
            return None, self._first(allowed, selected, candidates)
        # A known compound's own terms are about the compound ("big cat": jaguar, leopard): only added to.
        kept = (
            candidates if head_word else [c for c in candidates if c.relation is Relation.HYPONYM and c.text in allowed]
        )
        shown = {c.text for c in kept}
        return allowed, kept + [c for c in selected if c.text not in shown]

    @staticmethod
    def _first(allowed: frozenset[str], selected: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
        """The candidates with the few kinds that have the attribute first, as heavy as the heaviest kind: the
        head's other kinds still count ("running dog" is any dog), but "pink birds" shows the flamingo first."""
        if not allowed:
            return candidates
        kinds = [c for c in candidates if c.relation is Relation.HYPONYM]
        top = max((c.weight for c in kinds), default=max((c.weight for c in selected), default=0.0))
        named = {c.text: c for c in selected} | {c.text: c for c in kinds if c.text in allowed}
        first = [replace(c, weight=max(c.weight, top), relation=Relation.HYPONYM) for c in named.values()]
        return first + [c for c in candidates if c.text not in named]

    def _kind_senses(self, concept: Concept) -> tuple[tuple[int, float], ...]:
        """The senses whose kinds a head stands for: its curated senses, else its WordNet noun senses."""
        entry = self._curated.get(concept.text)
        if entry is not None:
            found = [self.lexicon.synset(name) for name in entry.senses]
            return tuple((synset.id, 1.0) for synset in found if synset is not None)
        if concept.pos == "v":
            return ()
        return tuple((synset.id, factor) for synset, factor in self._wordnet.senses(concept.text))

    def _vocabulary_kinds(self, analysis: _Analysis, vocabulary: frozenset[str]) -> list[Term]:
        """Kinds of the query's heads, at any depth, that the model reads: a small model knows "flamingo" and
        "penguin", which a bird's ten most familiar kinds leave out. Remembered per heads and vocabulary."""
        key = (analysis.kind_sources, vocabulary)  # the kinds depend on nothing else: queries share them
        found = self._kinds_cache.get(key)
        if found is None:
            found = [
                Term(c.text, c.weight, c.relation, part, c.source)
                for part, senses, blocked, allowed in analysis.kind_sources
                for c in self._wordnet.kinds_in_vocabulary(senses, vocabulary, VOCABULARY_KINDS)
                if c.text not in blocked and c.text not in UNSENDABLE and (allowed is None or c.text in allowed)
            ]
            self._kinds_cache.put(key, found)
        return found

    def _concept_candidates(self, concept: Concept) -> tuple[list[Candidate], str | None]:
        entry = self._curated.get(concept.text)
        heads = self._implied.get(concept.text, ()) if concept.pos != "v" else ()
        synonym_of = next((head for head, relation in heads if relation is Relation.SYNONYM), None)
        if entry is None and synonym_of is not None:
            # Named as a synonym in another entry ("cash" under "money"): it is that entry under another name.
            entry = aliased(concept.text, synonym_of, self._curated[synonym_of])
        if entry is not None:
            curated = self._curated_candidates(concept.text, entry)
            shown = {c.text for c in curated}
            return curated + [c for c in self._derived_candidates(concept.text) if c.text not in shown], None
        if concept.pos == "v":  # WordNet here holds nouns and adjectives: "flying" is not the insect
            return [], None
        # Named as a kind in other entries ("lamb" under "sheep"): those entries' heads are its categories, ahead
        # of WordNet's, which may lack them.
        kind_of = [head for head, _ in heads][:MAX_IMPLIED_CATEGORIES]
        implied = self._novelty_weighted(
            [
                Candidate(head, weight, Relation.HYPERNYM, "curated")
                for head, weight in zip(kind_of, ranked_weights(Relation.HYPERNYM, len(kind_of)), strict=True)
            ],
            concept.text,
        )
        if implied:
            shown = {c.text for c in implied}
            found, _ = self._wordnet_candidates(concept)
            return implied + [c for c in found if c.text not in shown], None
        return self._wordnet_candidates(concept)

    def _wordnet_candidates(self, concept: Concept) -> tuple[list[Candidate], str | None]:
        """Candidates from WordNet's senses of a concept the curated map does not cover."""
        senses = self._wordnet.senses(concept.text, prefer_adjective=concept.modifies_next)
        if not senses:
            if any(self.lexicon.is_known_word(concept.text, pos) for pos in ("n", "a", "v")):
                return [], f"no related terms known for {concept.text!r}"
            return [], f"no lexicon entry for {concept.text!r} (unknown or not English); kept as typed"
        candidates = self._novelty_weighted(self._wordnet.candidates(concept.text, senses), concept.text)
        candidates = self._conjoined_parts(concept.text) + candidates
        derived = self._derived_candidates(concept.text)
        if derived:
            # A photo's "foggy" or "sandy" is its fog or sand, not WordNet's first sense (dazed, flaxen).
            shown = {c.text for c in derived}
            candidates = derived + [c for c in candidates if c.text not in shown]
        return candidates, None if candidates else f"no related terms known for {concept.text!r}"

    def _conjoined_parts(self, collocation: str) -> list[Candidate]:
        """The things a collocation of two joins ("bacon and eggs", "fish and chips") shows, each a term of its
        own: WordNet files the dish, whose kinds and categories name neither, and a photo shows both."""
        first, joined, second = collocation.partition(" and ")
        if not joined or " " in first or " " in second:
            return []
        singular = [next((b for b in morphy(w, "n", self.lexicon) if b != w), w) for w in (first, second)]
        parts = [p for p in singular if self.lexicon.is_concrete_noun(p)]
        if len(parts) < 2:
            return []
        return [Candidate(part, CONJOINED_PART_WEIGHT, Relation.RELATED, "collocation") for part in parts]

    def _derived_nouns(self, adjective: str) -> list[str]:
        """The curated nouns an adjective derives from ("stormy" -> storm, "sunny" -> sun). A curated adjective
        keeps them too: its own terms are moods and skies ("sunlit", "clear sky"), the noun is what is shown."""
        if self.lexicon.is_concrete_noun(adjective):
            return []
        nouns = dict.fromkeys(
            self._wordnet.name(self.lexicon.synsets[i])
            for sense in self.lexicon.senses(adjective, "a")
            for i in sense.synset.derived
        )
        for stem in _y_adjective_stems(adjective):
            senses = self.lexicon.senses(stem, "n")
            # "sunny", "starry", "hilly" show their sun, stars and hills; "busy", "catty" and "cheesy" show no
            # bus, cat or cheese, so the rule keeps only natural things, materials and plants.
            if senses and senses[0].synset.lexfile in Y_STEM_LEXFILES:
                nouns.setdefault(stem, None)
        return [noun for noun in nouns if noun in self._curated and noun != adjective]

    def _derived_candidates(self, adjective: str, limit: int | None = None) -> list[Candidate]:
        """The curated nouns an adjective derives from ("stormy" -> storm), at most `limit` of them, each
        with its curated terms, weighted as related terms of the adjective."""
        found: list[Candidate] = []
        for noun in self._derived_nouns(adjective)[:limit]:
            found.append(Candidate(noun, DERIVED_NOUN_WEIGHT, Relation.RELATED, "curated"))
            found += [
                Candidate(c.text, round(c.weight * DERIVED_NOUN_WEIGHT, 4), Relation.RELATED, c.source)
                for c in self._curated_written(noun, self._curated[noun])
            ]
        return found

    def _novelty_weighted(self, candidates: list[Candidate], concept: str) -> list[Candidate]:
        """WordNet candidates, a non-synonym that repeats the concept's word weighing less."""
        return [
            Candidate(c.text, round(c.weight * REPEATS_CONCEPT_FACTOR, 4), c.relation, c.source)
            if c.relation is not Relation.SYNONYM and self._repeats_concept(c.text, concept)
            else c
            for c in candidates
        ]

    def _curated_candidates(self, concept: str, entry: CuratedEntry) -> list[Candidate]:
        found = self._timed_food(concept) + self._curated_written(concept, entry)
        pinned = [(s, CURATED_WORDNET_FACTOR) for s in map(self.lexicon.synset, entry.senses) if s is not None]
        written = {c.text for c in found}
        found.extend(
            c
            for c in self._novelty_weighted(self._wordnet.candidates(concept, pinned), concept)
            if c.text not in entry.blocked and c.text not in written
        )
        return found

    def _timed_food(self, concept: str) -> list[Candidate]:
        """The food or drink a moment is named by with a time of day ("coffee" of "morning coffee"): the moment's
        own terms are what stands around it (a mug, a croissant), and a model that reads "coffee" should find it."""
        words = concept.split()
        if len(words) != 2 or not MEAL_TIMES & set(words):
            return []
        food = next((w for w in words if w not in MEAL_TIMES), None)
        senses = self.lexicon.senses(food, "n") if food else ()
        if food is None or not senses or senses[0].synset.lexfile != "food":
            return []
        return [Candidate(food, OCCASION_SUBJECT_WEIGHT, Relation.RELATED, "curated")]

    def _curated_written(self, concept: str, entry: CuratedEntry) -> list[Candidate]:
        """The entry's own terms, weighted by relation and written order, then reordered by novelty.

        Order: synonyms; kinds and categories that do not repeat the concept's word; those that do
        ("blue sky", "downhill skiing"); related terms (novel ones first). Each weight is the
        relation's ranked weight, lowered where needed so that weights fall in that order.
        """
        tiers: list[list[tuple[str, Relation, float]]] = [[], [], [], []]
        for relation, texts in entry.terms:
            for text, weight in zip(texts, ranked_weights(relation, len(texts)), strict=True):
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

    def _select(
        self, analysis: _Analysis, limit: int, relations: set[Relation], vocabulary: frozenset[str]
    ) -> tuple[tuple[Term, ...], tuple[str, ...], dict[str, str]]:
        """(terms, notes, each part of the query in the form the model reads), chosen for the model whose vocabulary
        was sent, if any."""
        wanted = (relations - {Relation.ORIGINAL}) or set(Relation)
        pool = [t for t in analysis.pool if t.relation in wanted]
        notes = list(analysis.notes)
        query = analysis.normalized_query
        if not vocabulary:
            original = Term(query, 1.0, Relation.ORIGINAL, query, "query", True)
            return (original, *pool[:limit]), tuple(notes), {}
        reading = self._readings.get(vocabulary)
        if reading is None:
            reading = ModelReading(vocabulary, self._other_numbers, self.is_licensed, self._synset_names)
            self._readings.put(vocabulary, reading)
        original = Term(query, 1.0, Relation.ORIGINAL, query, "query", None not in reading.reading(query))
        if Relation.HYPONYM in wanted and analysis.kind_sources:
            present = {t.text for t in pool}
            extra = [t for t in self._vocabulary_kinds(analysis, vocabulary) if t.text not in present]
            pool = sorted(pool + extra, key=lambda t: -t.weight)  # stable: ties keep the analysis order
        selection = reading.select(pool, already_read=(query,))
        # A term read only in part ("wild cat", "<unknown> cat" to the model) says nothing of a cheetah.
        relatives = self._readable_relatives(analysis, reading, selection.fully, vocabulary)
        if relatives:
            more = reading.select(
                relatives, already_read=(query, *(t.text for t in selection.fully + selection.partly))
            )
            selection.fully += more.fully
            selection.partly += more.partly
        # The parts in the form the model reads too ("fireworks" for "firework"): the search service searches
        # a readable part in place of a query the model cannot read.
        parts = {concept: reading.respelled(concept) for concept in analysis.concepts}
        fully, partly = (
            [replace(t, concept=parts.get(t.concept, t.concept)) for t in kept]
            for kept in (selection.fully, selection.partly)
        )
        dropped = selection.unreadable + selection.repeated
        if dropped:
            notes.append(
                f"{dropped} candidate terms dropped: the model cannot read their head word, or reads "
                "them exactly as the query or an earlier term"
            )
        return (original, *(fully + partly)[:limit]), tuple(notes), parts
