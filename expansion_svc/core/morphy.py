"""Lemmatisation: WordNet's morphy algorithm over the distilled lexicon, and the choice among its answers.

morphy (WordNet 3.0, `morph.c`) first looks the word up in the part of
speech's exception list (geese -> goose, ran -> run), then strips the
standard inflectional endings and keeps only candidates that are real
lemmas of that part of speech.
"""

from __future__ import annotations

from collections.abc import Callable

from expansion_svc.core.lexicon import Lexicon

# WordNet's detachment rules, in its order, per part of speech.
SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
}


def morphy(word: str, pos: str, lexicon: Lexicon, is_lemma: Callable[[str], bool] | None = None) -> list[str]:
    """Base forms of `word` as part of speech `pos` ("n", "v" or "a"), best first.

    `is_lemma` overrides what counts as a lemma (default: any WordNet lemma of `pos`).
    """
    known = is_lemma or (lambda candidate: lexicon.is_known_word(candidate, pos))
    exceptions = lexicon.exceptions[pos].get(word)
    if exceptions is not None:  # listed as an inflection: its bases come before the word itself
        candidates = [*exceptions, word]
    else:
        candidates = [word] + [word[: -len(old)] + new for old, new in SUFFIX_RULES[pos] if word.endswith(old)]
    found: list[str] = []
    for candidate in candidates:
        if candidate and candidate not in found and known(candidate):
            found.append(candidate)
    return found


class Lemmatizer:
    """Picks one lemma per query word, preferring what a photo search means.

    Order: a curated term or concrete noun as typed ("glasses", "building");
    the base of a plural concrete noun ("dogs", "geese"); the verb of an -ing
    form that is no concrete noun ("running" -> "run"); an adjective
    ("bigger" -> "big"); a verb ("ran" -> "run"); any other noun. Unknown
    words are returned unchanged.
    """

    def __init__(self, lexicon: Lexicon, curated_terms: frozenset[str]) -> None:
        self._lexicon = lexicon
        self._curated = curated_terms

    def _concrete(self, word: str) -> bool:
        return word in self._curated or self._lexicon.is_concrete_noun(word)

    def lemma(self, word: str) -> str:
        if self._concrete(word):
            return word
        lexicon = self._lexicon
        nouns = morphy(word, "n", lexicon, self._concrete)
        if nouns:
            return nouns[0]
        if word.endswith("ing"):
            verbs = [v for v in morphy(word, "v", lexicon) if v != word]
            if verbs:
                return verbs[0]
        for pos in ("a", "v", "n"):
            bases = morphy(word, pos, lexicon)
            if bases:
                return bases[0]
        return word
