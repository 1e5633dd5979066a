"""Whether a term is a phrase a person could have typed: the check every expansion term must pass.

A term is licensed when it splits, longest unit first, into units that are
each known: a lexicon lemma or collocation ("polar bear", "bird of prey"), a
WordNet word of any part of speech, an inflected form of one ("puppies",
"flying"), a curated key or a term a curated entry writes ("flock of
birds"). No other unit may be filler ("something", "kind", "photo": the frames of
phrases.py), and a modifier that does not compose (phrases.NON_COMPOSING_MODIFIERS:
"wild", "toy") may stand before another unit only inside a known unit
("wild dog" yes, "wild house cat" no). Everything else composes by rule:
visual adjectives, participles and nouns before nouns ("red apple", "flying
eagle", "puppy beach"). The expander itself sends only single units and
phrases the lexicon knows; the wider check is for terms from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from expansion_svc.core.curated import CuratedEntry
from expansion_svc.core.lexicon import Lexicon
from expansion_svc.core.morphy import morphy
from expansion_svc.core.phrases import FILLER_WORDS, NON_COMPOSING_MODIFIERS
from expansion_svc.core.query import STOP_WORDS

MAX_UNIT_WORDS = 5


class TermLicence:
    """Checks terms against the lexicon and the curated map; cheap enough to run over every term."""

    def __init__(self, lexicon: Lexicon, curated: dict[str, CuratedEntry]) -> None:
        self._lexicon = lexicon
        written = set(curated)
        written.update(text for entry in curated.values() for _, texts in entry.terms for text in texts)
        self._curated = frozenset(written)
        self._units = self._curated | {lemma for synset in lexicon.synsets for lemma in synset.lemmas}

    def is_word(self, word: str) -> bool:
        """A WordNet word of any part of speech, as typed or inflected."""
        lexicon = self._lexicon
        return any(lexicon.is_known_word(word, pos) or morphy(word, pos, lexicon) for pos in ("n", "a", "v"))

    def is_unit(self, text: str) -> bool:
        """Whether `text` is known whole: a lexicon lemma or collocation, or a curated key or term."""
        return text in self._units

    def _known(self, unit: str) -> bool:
        if unit in self._curated:  # written on purpose, even where it looks like filler ("photo" for selfie)
            return True
        if " " not in unit and (unit in FILLER_WORDS or unit in STOP_WORDS):
            return False  # a lemma too ("means", "kind"), but never the content of a photo search
        return unit in self._units or (" " not in unit and self.is_word(unit))

    def licenses(self, term: str) -> bool:
        """Whether `term` is a phrase a person could have typed (see the module docstring)."""
        words = term.lower().split()
        if not words:
            return False
        # Any split into known units will do ("flying" + "bird of prey", not "flying bird" + "of prey"):
        # reachable[i] holds, for each way of covering words[:i], whether its last unit is a lone
        # non-composing modifier, which may not stand before another unit.
        reachable: list[set[bool]] = [set() for _ in range(len(words) + 1)]
        reachable[0].add(False)
        for start in range(len(words)):
            if not reachable[start]:
                continue
            for end in range(start + 1, min(start + MAX_UNIT_WORDS, len(words)) + 1):
                unit = " ".join(words[start:end])
                if not self._known(unit):
                    continue
                if reachable[start] == {True}:
                    continue
                reachable[end].add(end - start == 1 and unit in NON_COMPOSING_MODIFIERS)
        return bool(reachable[-1])

    def unlicensed(self, terms: Iterable[str]) -> list[str]:
        """The terms that fail the check, in order: what a test or a measurement reports."""
        return [term for term in terms if not self.licenses(term)]
