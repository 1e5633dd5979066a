"""Lemmatisation: WordNet's morphy algorithm over the distilled lexicon, and the choice among its answers.

morphy (WordNet 3.0, `morph.c`) first looks the word up in the part of
speech's exception list (geese -> goose, ran -> run), then strips the
standard inflectional endings and keeps only candidates that are real
lemmas of that part of speech.
"""

from __future__ import annotations

from collections.abc import Callable

from expansion_svc.core.lexicon import Lexicon, Sense

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


# A plural WordNet lists as a noun of its own that SemCor never tagged ("flies", the space above a stage) is read
# as the plural of its singular when that singular is tagged at least this often as a noun (the insect, 8) and its
# commonest sense is another class of thing (an animal, not a place). "glasses" (4 tags of its own), "fries" and
# "falls" (singulars tagged 0 and 2 times), and "shades" and "rings" (sunglasses and gymnastic rings, artifacts
# like a window shade and a hoop) keep their own sense.
MIN_SINGULAR_TAGS = 3


class Lemmatizer:
    """Picks one lemma per query word, preferring what a photo search means.

    Order: a curated term or concrete noun as typed ("glasses", "building") unless it is a rare noun of its own
    and the plural of a common one ("flies": MIN_SINGULAR_TAGS);
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
            return self._commoner_singular(word) or word
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

    def _commoner_singular(self, word: str) -> str | None:
        """The singular a rare plural noun of its own is read as (see MIN_SINGULAR_TAGS); None to keep the word."""
        lexicon = self._lexicon
        own = lexicon.senses(word, "n")
        if word in self._curated:
            return None
        herd = self._kind_of_its_group(word, own)
        if herd or any(sense.tag_count for sense in own):
            return herd
        classes = {sense.synset.lexfile for sense in own}
        for singular in morphy(word, "n", lexicon):
            senses = lexicon.senses(singular, "n")
            if singular == word or not senses or sum(sense.tag_count for sense in senses) < MIN_SINGULAR_TAGS:
                continue
            if max(senses, key=lambda sense: sense.tag_count).synset.lexfile not in classes:
                return singular
        return None

    def _kind_of_its_group(self, word: str, own: tuple[Sense, ...]) -> str | None:
        """The singular of an irregular plural that WordNet also lists as the group its singular is a kind of:
        "oxen" is a lemma of cattle, and an ox is a kind of cattle, but whoever types "oxen" means oxen, not cows.
        None where the singular's commonest sense is no kind of the plural's own senses."""
        groups = {sense.synset.id for sense in own}
        for singular in self._lexicon.exceptions["n"].get(word, ()):
            senses = self._lexicon.senses(singular, "n")
            if singular != word and senses:
                commonest = max(senses, key=lambda sense: sense.tag_count).synset
                if groups & set(commonest.hypernyms):
                    return singular
        return None
