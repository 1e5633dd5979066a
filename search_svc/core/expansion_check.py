"""The model's check on expansions: a term the model places far from what the user typed is not searched.

The lexicon proposes terms; the embedding model, which is what actually
searches, judges them. An expansion is kept when its text embedding is within
`min_relatedness` cosine of the query term it stands in for, or of the query
part (`ExpansionTerm.query_part`, e.g. "bird" in "flying bird") it was derived
from. So "bear" keeps "grizzly bear" but not "panda", and pasted phrases no
one would type ("fork surgical knife") fall away when the model reads them as
something else.

A judge the model cannot read says nothing: the embedding of a word outside
the model's vocabulary is noise, and reaching past the model's vocabulary is
exactly what expansion is for ("puppy" -> "dog" with a model that never saw
"puppy"). When neither the query term nor the part is readable, the lexicon's
term is kept unjudged.

Nor is a term judged that names a kind of its part by the part's own head word
("full moon" for "moon"): the lexicon's sense is then the one typed, and a
small model that learned "moon" only inside "full moon" and "crescent moon"
places the bare word far from both, so judging by it would drop the very terms
that find moons.

The same reading decides when a part is searched on its own: a part the model
reads stands in for a query term it cannot read ("horse" in "photo of my
horse", where "photo of my" leaves the whole query half noise).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Whole words of two letters or more, in any script: vocabularies list only those (single letters such as
# the "o" of "jack-o-lantern" are read as characters by any tokenizer); "niño" is one word, not "ni".
# And emoji, with their joiners, variation selectors and skin tones: "🐶" is a word no vocabulary reads.
_WORD = re.compile(
    r"[^\W\d_]{2,}|[\u2600-\u27bf\U0001f000-\U0001faff][\u200d\ufe0f\u2600-\u27bf\U0001f000-\U0001faff]*"
)


@dataclass(frozen=True)
class Candidate:
    """An expansion to judge: the text it replaces (query term), its query part, and its own vector."""

    query_text: str
    query_vector: np.ndarray
    part: str
    vector: np.ndarray
    text: str = ""  # the expansion's own text, for `names_a_kind`


def names_a_kind(text: str, part: str) -> bool:
    """Whether `text` is a compound ending in the whole of `part` ("full moon", "grizzly bear" of "bear"). A phrase
    with "of" is led by its first noun: a "slice of cake" is a slice, cake and not a kind of it."""
    words, head = text.lower().split(), part.lower().split()
    before = words[: -len(head)] if head else []
    return bool(head) and len(words) > len(head) and words[-len(head) :] == head and "of" not in before


def readable(text: str, vocabulary: frozenset[str]) -> bool:
    """Whether the model reads every word of `text`; with no vocabulary (a word-piece model), always."""
    if not vocabulary:
        return True
    words = _WORD.findall(text.lower())
    return bool(words) and all(word in vocabulary for word in words)


def unknown_words(text: str, vocabulary: frozenset[str]) -> list[str]:
    """The words of `text` the model cannot read, once each, in order; none without a vocabulary."""
    if not vocabulary:
        return []
    return list(dict.fromkeys(word for word in _WORD.findall(text.lower()) if word not in vocabulary))


def readable_parts(candidates: Sequence[Candidate], vocabulary: frozenset[str]) -> list[str]:
    """The distinct query parts the model reads that are not the whole query term, in a stable order."""
    return sorted(
        {
            c.part
            for c in candidates
            if c.part and c.part.lower() != c.query_text.lower() and readable(c.part, vocabulary)
        }
    )


def relatedness(
    candidates: Sequence[Candidate], vocabulary: frozenset[str], part_vectors: dict[str, np.ndarray]
) -> list[float | None]:
    """Per candidate, its best cosine to a readable judge (query term or part); None when none is readable
    or the candidate names a kind of its part.

    `part_vectors` holds the embedding of every readable part (see `readable_parts`).
    """
    judged: list[float | None] = []
    for candidate in candidates:
        if names_a_kind(candidate.text, candidate.part):
            judged.append(None)
            continue
        judges = [part_vectors[candidate.part]] if candidate.part in part_vectors else []
        if readable(candidate.query_text, vocabulary):
            judges.append(candidate.query_vector)
        judged.append(max(float(candidate.vector @ judge) for judge in judges) if judges else None)
    return judged


# Kinds of one part: a kind the model places below this cosine to every other kind of the same part, with at least
# MIN_SIBLINGS others to compare, is read as something else. The demo model reads the tool "jack" as the
# jack-o'-lantern it learned the word in: 0.08 at most to hammer, saw, axe and scissors, which lie 0.47 to 0.93
# from one another. Weakly read kinds stay: the piano is 0.24 from the other instruments, cake 0.25 from foods.
OUTLYING_KIND_COSINE = 0.15
MIN_SIBLINGS = 3
SAME_READING_COSINE = 0.99


def outlying_kinds(parts: Sequence[str], is_kind: Sequence[bool], vectors: np.ndarray) -> list[bool]:
    """Per expansion, whether it is a kind of its query part that the model reads as unlike each other kind of
    that part (see OUTLYING_KIND_COSINE); `vectors` are the expansions' unit embeddings, in the same order."""
    outlying = [False] * len(parts)
    groups: dict[str, list[int]] = {}
    for index, (part, kind) in enumerate(zip(parts, is_kind, strict=True)):
        if kind:
            groups.setdefault(part.lower(), []).append(index)
    for members in groups.values():
        block = vectors[members] @ vectors[members].T
        # Kinds the model reads alike ("food fish" and "game fish" are both "<unknown> fish") are one reading.
        distinct = [i for i in range(len(members)) if not (block[i, :i] >= SAME_READING_COSINE).any()]
        if len(distinct) <= MIN_SIBLINGS:
            continue
        np.fill_diagonal(block, -1.0)
        for index, nearest in zip(members, block[:, distinct].max(axis=1), strict=True):
            outlying[index] = bool(nearest < OUTLYING_KIND_COSINE)
    return outlying


# A word embedded at least this close to a string the model cannot read is read partly as nothing ("blossom", 0.63,
# which the demo model learned only inside "cherry blossom"): it is led by its kinds unless it reads as one of them
# (PARTLY_READ_KIND_COSINE), not only when it is far from all of them.
PARTLY_BLANK_COSINE = 0.5
PARTLY_READ_KIND_COSINE = 0.8


def kind_led_weight(
    word: str,
    vector: np.ndarray,
    weight: float,
    named: Sequence[tuple[str, float, np.ndarray]],
    vocabulary: frozenset[str],
    min_relatedness: float,
    below_kind: float,
    unread: np.ndarray | None = None,
) -> float:
    """`weight`, lowered just below the best kind of `word` among `named` (label, weight, vector) where the model
    places `word` (embedded as `vector`) far from every such kind it reads whole: it then learned the bare word
    only inside those names ("leaf" beside "maple leaf"), the word finds nothing in particular, and the kind
    carries its meaning. Only kinds the model reads whole count ("autumn leaf" is "<unknown> leaf" to it).
    With `unread` (the embedding of a string the model cannot read), a word read partly as nothing is led by its
    kinds unless it is close to one of them (see PARTLY_BLANK_COSINE)."""
    kinds = [(w, v) for label, w, v in named if readable(label, vocabulary) and names_a_kind(label, word)]
    far = min_relatedness
    if unread is not None and float(unread @ vector) >= PARTLY_BLANK_COSINE:
        far = max(far, PARTLY_READ_KIND_COSINE)
    if kinds and all(float(v @ vector) < far for _, v in kinds):
        return min(weight, max(w for w, _ in kinds) * below_kind)
    return weight


def kind_led_weights(
    labels: Sequence[str],
    weights: Sequence[float],
    vectors: dict[str, np.ndarray],
    vocabulary: frozenset[str],
    min_relatedness: float,
    below_kind: float,
    unread: np.ndarray | None = None,
) -> list[float]:
    """`kind_led_weight` for each expansion, as the word the model reads of it ("autumn leaf" is "leaf" to the
    demo model, beside "maple leaf"); a term without a vector or a readable word keeps its weight."""
    named = [(label, weight, vectors[label]) for label, weight in zip(labels, weights, strict=True) if label in vectors]
    lowered = []
    for label, weight in zip(labels, weights, strict=True):
        read = " ".join(w for w in _WORD.findall(label.lower()) if not vocabulary or w in vocabulary)
        lowered.append(
            kind_led_weight(read, vectors[label], weight, named, vocabulary, min_relatedness, below_kind, unread)
            if read and label in vectors
            else weight
        )
    return lowered
