"""Queries in other languages: words of Spanish, French, German, Italian and Portuguese read as English concepts.

The table `expansion_svc/data/foreign.json.gz` is written by
`scripts/build_foreign_lexicon.py` from the Open Multilingual Wordnet
(licenses in `data/OMW_LICENSES`). Its JSON object holds `format`, `source`
and `languages`: `{code: {"name", "sources", "lemmas": {folded lemma:
[synset names, best first]}}}` (a name "=autumn" is an English curated word
whose synset the lexicon does not keep), where a folded lemma is lower-cased with
accents removed (`fold`), so "árbol", "Arbol" and "arbol" meet.

A query is read as the language whose words (lemmas, articles and
prepositions) cover more of its tokens than English does; a tie stays
English, so loan words ("pizza", "hot dog") never switch a query. Each
content word (longest lemma first; articles and prepositions first dropped)
becomes the English name of its best synset, tried as typed and with plural,
gender and diminutive endings undone; a word that is none may be a form of one of the
activities the curated map expands ("jugando" -> "play", ACTIVITY_VERBS:
hand-written, as OMW's verb offsets do not match Debian's patched WordNet
3.0 verb file); Romance adjectives
that follow their noun move before it ("chat noir" -> "black cat").

The hand-written grammar (function words, endings, verbs) is in
foreign_grammar.py, the hand-picked senses of common photo words in
foreign_senses.py.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import cast

from expansion_svc.core.foreign_grammar import (
    ACTIVITY_VERBS,
    ADJECTIVE_AFTER_NOUN,
    COMPOUNDING,
    CONTAINERS,
    DIMINUTIVE,
    FEMININE,
    FUNCTION_PHRASES,
    FUNCTION_WORDS,
    INFLECTIONS,
    LINKING_ELEMENTS,
    MIN_COMPOUND_PART,
    NEGATION_WORDS,
    OF_ARTICLES,
    OF_WORDS,
    RELATIVE_PRONOUNS,
    VERB_INFLECTIONS,
)
from expansion_svc.core.foreign_senses import first_senses
from expansion_svc.core.query import BREAK

FORMAT_VERSION = 1
ENGLISH = "en"
LANGUAGE_NAMES = {"es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese"}
# The last tie-break between languages that read a query equally well. German last: a Romance query ties with
# it where a Romance word spells a German one ("des pâtes": Pate, "des amis": Amis) and "des" is both
# languages' article, while a German query is marked by its compounds and articles. The Romance languages keep
# the order they had (alphabetical), which the cross-lingual figures were measured with.
LANGUAGE_PRIORITY = ("es", "fr", "it", "pt", "de")
# Shortest unknown word read as a lemma one edit away: shorter words have too many neighbours.
MIN_RESPELLED_LETTERS = 5
# Longest foreign lemma tried, in words ("perrito caliente", "oso polar").
MAX_LEMMA_WORDS = 3


def _undone(word: str, endings: tuple[tuple[str, str], ...]) -> list[str]:
    """The word with each of `endings` that it ends in replaced, a letter of stem always kept."""
    return [
        word[: -len(ending)] + replacement
        for ending, replacement in endings
        if word.endswith(ending) and len(word) > len(ending)
    ]


def one_edit(word: str) -> list[str]:
    """Every string one deletion, swap of neighbours or insertion of a letter away, in that order. No
    replacements: the table lacks most words of a language that are no photo subject, and a replaced letter
    turns too many of them into one that is ("heure", hour, into "hêtre", beech; "agitée" into agate)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    inserts = [a + c + b for a, b in splits for c in string.ascii_lowercase]
    return list(dict.fromkeys(deletes + swaps + inserts))


def has_diacritic(text: str) -> bool:
    """Whether a word carries an accent or a letter English does not write ("sucré", "straße", "cœur")."""
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text)) or any(
        ch in "ßæœøł" for ch in text.casefold()
    )


def fold(text: str) -> str:
    """Lower-cased, accents removed, white space collapsed: how foreign lemmas are keyed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("'", " ").replace("\u2019", " ").split())


@dataclass(frozen=True, slots=True)
class Reading:
    """A query read in a language: its code, the English text, and what each foreign part became."""

    language: str
    english: str
    mapped: tuple[tuple[str, str], ...]  # (typed foreign words, English concept)
    unknown: tuple[str, ...]
    phrase: str  # the English parts with "and" where a word was dropped, so phrases stay apart for the parser


class ForeignLexicon:
    """Foreign lemma -> English synset names, per language; `english_name` turns a synset name into a term."""

    def __init__(self, data: dict) -> None:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"foreign lexicon format {data.get('format')!r}; expected {FORMAT_VERSION}")
        self.languages: dict[str, dict[str, tuple[str, ...]]] = {
            code: {word: tuple(names) for word, names in language["lemmas"].items()}
            for code, language in data["languages"].items()
        }
        self._hand_picked: dict[str, frozenset[str]] = {}
        for code, lemmas in self.languages.items():
            # "arc-en-ciel" is often typed "arc en ciel".
            spaced = {word.replace("-", " "): names for word, names in lemmas.items() if "-" in word}
            for word, names in spaced.items():
                lemmas.setdefault(word, names)
            picked = first_senses(code)
            # The only sense: among several, a curated word's sense would win over it ("copa": cup).
            lemmas.update((word, (name,)) for word, name in picked.items())
            self._hand_picked[code] = frozenset(picked)
        self.verbs: dict[str, dict[str, str]] = {
            code: dict(pair.split(":") for pair in ACTIVITY_VERBS[code].split()) for code in self.languages
        }
        self.function_words = {code: frozenset(FUNCTION_WORDS[code].split()) for code in self.languages}
        self._detect_order = sorted(
            self.languages,
            key=lambda c: LANGUAGE_PRIORITY.index(c) if c in LANGUAGE_PRIORITY else len(LANGUAGE_PRIORITY),
        )
        self.any_function_word = frozenset().union(*self.function_words.values())
        # First words of each language's phrase lemmas: a span whose first word starts none is no phrase, so
        # its inflected variants (up to 5 per word) are never built.
        self._phrase_starts = {
            code: frozenset(word.split(" ", 1)[0] for word in lemmas if " " in word)
            for code, lemmas in self.languages.items()
        }

    @classmethod
    def load(cls, path: Path | None = None) -> ForeignLexicon:
        if path is None:
            raw = resources.files("expansion_svc").joinpath("data/foreign.json.gz").read_bytes()
        else:
            raw = Path(path).read_bytes()
        return cls(json.loads(gzip.decompress(raw)))

    def lookup(self, language: str, word: str) -> tuple[tuple[str, ...], ...]:
        """Synset names of a folded word, per form: as typed, then with plural and gender endings
        undone ("fiori" is the clubs of cards as typed, flowers as "fiore")."""
        lemmas = self.languages[language]
        if " " not in word:
            forms = self._forms(language, word)
        else:
            # A phrase agrees throughout: "fuegos artificiales" is "fuego artificial", "feux d artifice" "feu d
            # artifice", so every word is tried as typed and uninflected.
            first, *rest = word.split()
            starts = [f for f in self._forms(language, first) if f in self._phrase_starts[language]]
            variants = itertools.product(starts, *(self._forms(language, w) for w in rest))
            forms = tuple(" ".join(words) for words in variants)
        known = [form for form in dict.fromkeys(forms) if form in lemmas]
        # A hand-picked form ends the list ("mères" is "mère", mother, not "mer", sea, though the sea is the
        # curated word); forms before it stay ("niña" as typed is a girl, before "niño").
        picked = next((i for i, form in enumerate(known) if form in self._hand_picked[language]), len(known))
        return tuple(lemmas[form] for form in known[: picked + 1])

    @staticmethod
    @functools.lru_cache(maxsize=1 << 16)  # detection tries every word in every language, each up to ~20 forms
    def _forms(language: str, word: str) -> tuple[str, ...]:
        """A folded word as typed, then with each plural or gender ending of the language undone, then with a
        feminine ending undone as well, then with a diminutive ending undone."""
        forms = [word] + _undone(word, INFLECTIONS[language])
        forms += [masculine for form in forms for masculine in _undone(form, FEMININE[language])]
        shrunk = _undone(word, DIMINUTIVE[language])
        forms += shrunk + [base for form in shrunk for base in _undone(form, INFLECTIONS[language])]
        return tuple(dict.fromkeys(forms))

    def respelled(self, language: str, word: str) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
        """A word of the language one edit from a mistyped one ("crocodil" -> "crocodile", "papilon" ->
        "papillon"), tried on each form of the typo ("elefants" -> "elefant"); among several, the one with
        the most senses (the commoner word). None for a word shorter than MIN_RESPELLED_LETTERS."""
        if len(word) < MIN_RESPELLED_LETTERS or not word.isalpha():
            return None
        lemmas = self.languages[language]
        for form in self._forms(language, word):
            found = [candidate for candidate in one_edit(form) if candidate in lemmas]
            if found:
                best = max(found, key=lambda candidate: len(lemmas[candidate]))
                return best, (lemmas[best],)
        return None

    def knows(self, word: str) -> bool:
        """Whether any language here reads the folded word (a lemma, an inflection, a verb or a function word)."""
        return any(
            word in self.function_words[code] or self.lookup(code, word) or self.verb(code, word)
            for code in self.languages
        )

    def verb(self, language: str, word: str) -> str | None:
        """The English activity (-ing form) a folded verb form names, as typed or inflected from the infinitive."""
        verbs = self.verbs[language]
        forms = [word] + [
            word[: -len(ending)] + infinitive
            for ending, infinitive in VERB_INFLECTIONS[language]
            if word.endswith(ending) and len(word) > len(ending) + 1
        ]
        return next((verbs[form] for form in forms if form in verbs), None)

    def _compound(self, language: str, word: str) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
        """A German compound as its parts' synsets, modifier first ("berglandschaft" -> berg + landschaft,
        "schokoladeneis" -> schokolade(n) + eis); the head alone when only it is known ("vollmond")."""
        if language not in COMPOUNDING or len(word) < 2 * MIN_COMPOUND_PART:
            return None
        head_only = None
        for split in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
            left, right = word[:split], word[split:]
            head = self.lookup(language, right)
            if not head:
                continue
            for link in ("", *LINKING_ELEMENTS):
                if left.endswith(link) and len(left) - len(link) >= MIN_COMPOUND_PART:
                    modifier = self.lookup(language, left[: len(left) - len(link)] if link else left)
                    if modifier:
                        return modifier, head
            head_only = head_only or ((), head)
        return head_only

    def _segments(self, language: str, tokens: list[str]) -> list[tuple[str, int, int, object]]:
        """(kind, first token, token after, what it means) for each part: "function" words, "lemma" spans
        (longest first; synsets per form), German "compound" words (parts' synsets), "verb" forms (an
        English -ing form), "unknown" words."""
        function_words = self.function_words[language]
        segments: list[tuple[str, int, int, object]] = []
        position = 0
        while position < len(tokens):
            token = tokens[position]
            phrase = next(
                (p for p in FUNCTION_PHRASES[language] if tuple(tokens[position : position + len(p)]) == p), ()
            )
            if phrase:
                segments.append(("function", position, position + len(phrase), None))
                position += len(phrase)
                continue
            fixed = self._fixed_phrase(language, tokens, position)
            if fixed:  # "por do sol" is a sunset, though "por" is "by"
                segments.append(fixed)
                position = fixed[2]
                continue
            if token in NEGATION_WORDS[language]:
                segments.append(("negation", position, position + 1, None))
                position += 1
                continue
            if token in function_words or token == BREAK:  # "el" is no El Salvador, "un" no nail; "," ends a phrase
                segments.append(("function", position, position + 1, None))
                position += 1
                continue
            verb = self.verb(language, token)
            if verb and position and tokens[position - 1] in RELATIVE_PRONOUNS:  # "qui joue": plays, no cheek
                segments.append(("verb", position, position + 1, verb))
                position += 1
                continue
            for size in range(min(MAX_LEMMA_WORDS, len(tokens) - position), 0, -1):
                span = tokens[position : position + size]
                if size > 1 and (span[0] in function_words or span[-1] in function_words or BREAK in span):
                    continue
                names = self.lookup(language, " ".join(span))
                if names:
                    segments.append(("lemma", position, position + size, names))
                    position += size
                    break
            else:
                compound, verb = self._compound(language, token), self.verb(language, token)
                if verb:
                    segments.append(("verb", position, position + 1, verb))
                elif compound:
                    segments.append(("compound", position, position + 1, compound))
                else:
                    segments.append(("unknown", position, position + 1, None))
                position += 1
        return segments

    def _fixed_phrase(self, language: str, tokens: list[str], position: int) -> tuple[str, int, int, object] | None:
        """A lemma of three or more words that starts with a function word ("por do sol", "a la carte"): such a
        phrase is fixed, where two words ("a vela") are more often a preposition and a noun."""
        if tokens[position] not in self.function_words[language]:
            return None
        for size in range(min(MAX_LEMMA_WORDS, len(tokens) - position), 2, -1):
            span = tokens[position : position + size]
            names = None if span[-1] in self.function_words[language] else self.lookup(language, " ".join(span))
            if names:
                return ("lemma", position, position + size, names)
        return None

    def detect(self, tokens: list[str], english_score: int) -> str:
        """The language covering most tokens; English unless another covers strictly more. Between
        other languages a tie goes to the one with more of its own function words ("in" is Italian), then
        to the one that needs fewer German compound guesses ("tortugas" is Spanish, not "Tortu-gas"), then
        to the one that reads it in fewer parts, then to the first in LANGUAGE_PRIORITY ("des pâtes" is French pasta, not German godfathers; the table's
        alphabetical order had given every such tie to German)."""
        best, best_score = ENGLISH, (english_score, len(tokens), 0, 0)
        for code in self._detect_order:
            segments = self._segments(code, tokens)
            covered = sum(end - start for kind, start, end, _ in segments if kind != "unknown")
            # A phrase lemma's own function words count ("barca a vela" is as Italian as "barca", "a", "vela").
            functions = sum(
                1
                for kind, start, end, _ in segments
                for token in tokens[start:end]
                if kind in ("function", "lemma", "negation") and token in self.function_words[code]
            )
            compounds = sum(1 for kind, *_ in segments if kind == "compound")
            # Then fewer parts: a phrase the language knows whole beats the same words read one by one.
            score = (covered, functions, -compounds, -len(segments))
            if covered > english_score and score > best_score:
                best, best_score = code, score
        return best

    @staticmethod
    def _compounds_of(
        language: str,
        tokens: list[str],
        segments: list[tuple[str, int, int, object]],
        english_name: Callable[[tuple[tuple[str, ...], ...]], str],
    ) -> list[tuple[str, int, int, object]]:
        """The segments with each "N1 de [article] N2" of a Romance language turned into English "N2 N1" ("ropa de
        invierno" -> "winter clothes"): read as two phrases, "clothes" and "winter" were separate parts, and the
        compound ("farm animal") and the attribute ("winter" clothes) were lost. A container or portion gives way to
        what it holds ("un vaso de leche" is milk, not milk glass), as "a glass of milk" does in English."""
        of_words = OF_WORDS.get(language)
        if not of_words:
            return segments
        things = ("lemma", "compound")

        def function_word(at: int) -> str:
            """The one function word segment `at` is, else ""."""
            if at >= len(segments) or segments[at][0] != "function" or segments[at][2] - segments[at][1] != 1:
                return ""
            return tokens[segments[at][1]]

        def second_noun(at: int) -> int | None:
            """Where N2 stands when segment `at` is N1 of "N1 de [article] N2", else None."""
            if segments[at][0] not in things or function_word(at + 1) not in of_words:
                return None
            after = at + 3 if function_word(at + 2) in OF_ARTICLES[language] else at + 2
            if after >= len(segments) or segments[after][0] not in things:
                return None
            return after

        def is_container(at: int) -> bool:
            meaning = cast(tuple[tuple[str, ...], ...], segments[at][3])
            return segments[at][0] == "lemma" and english_name(meaning) in CONTAINERS

        result: list[tuple[str, int, int, object]] = []
        index = 0
        while index < len(segments):
            after = second_noun(index)
            if after is None:
                result.append(segments[index])
                index += 1
            else:
                result += [segments[after]] if is_container(index) else [segments[after], segments[index]]
                index = after + 1
        return result

    def read(
        self,
        language: str,
        tokens: list[str],
        english_name: Callable[[tuple[tuple[str, ...], ...]], str],
        is_adjective: Callable[[str], bool],
    ) -> Reading:
        """The tokens (folded) read in `language` as an English phrase of concepts."""
        # (typed, English, English as an adjective or ""); ("", "", "") is a break, ("", "", "without") a negation.
        parts: list[tuple[str, str, str]] = []
        unknown: list[str] = []
        segments = self._compounds_of(language, tokens, self._segments(language, tokens), english_name)
        for kind, start, end, meaning in segments:
            typed = " ".join(tokens[start:end])
            respelled = self.respelled(language, typed) if kind == "unknown" else None
            if respelled:  # "crocodil dans la rivière": a typo of a word of the language the rest is in
                kind, meaning = "lemma", respelled[1]
            if kind == "lemma":
                names = cast(tuple[tuple[str, ...], ...], meaning)  # a lemma's meaning: synsets per form
                # "vermelhas": red the colour. After a noun, a word with an adjective among its forms is that
                # adjective ("montañas nevadas": "nevada" is snow, "nevado" snowy).
                adjectives = tuple(synsets for synsets in names if is_adjective(synsets[0]))
                parts.append((typed, english_name(names), english_name(adjectives) if adjectives else ""))
            elif kind == "compound":
                assert isinstance(meaning, tuple)  # a compound's meaning is (modifier names, head names)
                modifier, head = meaning
                english = " ".join(filter(None, [english_name(modifier) if modifier else "", english_name(head)]))
                parts.append((typed, english, ""))
            elif kind == "verb":
                parts.append((typed, str(meaning), ""))
            elif kind == "negation":
                parts.append(("", "", "without"))
            else:
                if kind == "unknown":
                    unknown.append(typed)
                parts.append(("", "", ""))  # a break: an adjective never moves across a dropped word
        if language in ADJECTIVE_AFTER_NOUN:
            for index in range(1, len(parts)):
                (typed_a, english_a, adjective_a), (typed_b, english_b, adjective_b) = parts[index - 1 : index + 1]
                if english_a and english_b and adjective_b and not adjective_a:
                    parts[index - 1 : index + 1] = [(typed_b, adjective_b, adjective_b), (typed_a, english_a, "")]
        mapped = tuple((typed, english) for typed, english, _ in parts if english)
        # "perro en la playa": two phrases; "playa sin gente": the English parser excludes the people.
        phrase = " ".join(
            english or ("without" if adjective == "without" else "and") for _, english, adjective in parts
        )
        return Reading(language, " ".join(english for _, english in mapped), mapped, tuple(unknown), phrase)
