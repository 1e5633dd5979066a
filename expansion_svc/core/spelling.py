"""Spelling: a word no lexicon knows is read as the closest familiar English word ("bananna" -> "banana").

People mistype photo searches ("elephent family", "crocodil in the river"),
and a typo is as unknown to the embedding model as to the lexicon, so deep
search would otherwise find nothing for it. Candidates come from SymSpell
(symspellpy, a well-kept implementation of the symmetric-delete algorithm:
a lookup costs about a millisecond where scanning 18,000 words with an edit
distance would cost tens) over the single English words the lexicon rates
at least `MIN_FAMILIARITY` on the Zipf scale, counted by that frequency.

A correction is only tried for a word of `MIN_LETTERS` letters or more that
is no English word, inflection or compound and no word of a language the
foreign lexicon reads ("perro" stays Spanish, never "perry"). Words of up to
`SHORT_WORD` letters may differ by one edit, longer ones by two; among the
closest candidates one that makes a known phrase with a neighbouring word
wins ("teddy baer" -> "bear", not "bar"), then a common word over a name, then a doubled letter
left out ("catt" -> "cat", not the more familiar "cast"), then the most
familiar.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from symspellpy import SymSpell, Verbosity

MIN_FAMILIARITY = 2.0
MIN_LETTERS = 4
SHORT_WORD = 6
MAX_DISTANCE = 2
# SymSpell indexes deletes of each word's first letters only; 7 is its documented trade-off of memory and speed.
PREFIX_LENGTH = 7


class SpellingCorrector:
    """Closest familiar word for a mistyped one; built once (about 1 s, 45 MB for 18,000 words), thread-safe."""

    def __init__(self, familiarity: Mapping[str, float], is_name: Callable[[str], bool] = lambda word: False) -> None:
        self._is_name = is_name
        self._symspell = SymSpell(max_dictionary_edit_distance=MAX_DISTANCE, prefix_length=PREFIX_LENGTH)
        for word, zipf in familiarity.items():
            if zipf >= MIN_FAMILIARITY and word.isalpha() and word.isascii():
                # Zipf is log10 of occurrences per billion words: back to a count SymSpell can rank by.
                self._symspell.create_dictionary_entry(word, max(1, int(10**zipf)))

    def correct(self, word: str, fits: Callable[[str], bool] = lambda candidate: False) -> str | None:
        """The word meant, or None when `word` is too short, not plain letters, or nothing is close enough.
        `fits(candidate)` says whether a candidate makes a known phrase with the words around it: "teddy baer"
        is a teddy bear, although "bar" is as close to "baer" and more familiar."""
        if len(word) < MIN_LETTERS or not word.isalpha():
            return None
        distance = 1 if len(word) <= SHORT_WORD else MAX_DISTANCE
        suggestions = self._symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=distance)
        # Among the closest: a common word before a name ("hamburgr" is a hamburger, not Hamburg), then a
        # doubled letter typed once too often ("catt" is a cat, though "cast" is more familiar), then familiarity.
        best = max(
            suggestions,
            key=lambda s: (-s.distance, fits(s.term), not self._is_name(s.term), _undoubled(word, s.term), s.count),
            default=None,
        )
        return None if best is None or best.term == word else best.term


def _undoubled(typed: str, word: str) -> bool:
    """Whether `word` is `typed` with one letter of a doubled pair left out ("catt" -> "cat")."""
    return any(typed[i] == typed[i + 1] and typed[:i] + typed[i + 1 :] == word for i in range(len(typed) - 1))
