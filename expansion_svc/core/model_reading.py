"""Terms as a word-level model reads them: plurals it lacks, heads it cannot read, terms it cannot tell apart.

A caller that sends its model's vocabulary (a word-level tokenizer such as
the demo model's, 398 words) gets terms chosen for what that model will
actually see. A word outside the vocabulary reaches the model as the same
unknown token whatever the word was, so for that model:

- "sandwiches" is unknown although "sandwich" is known, and "firework"
  although "fireworks" is: a term whose word the model lacks only in this
  number is sent in the form it reads (`known_form`), when that form is
  still a licensed phrase and no plural of its own is made singular
  ("rings", the gymnastics apparatus, stay unsent). The query's parts are
  named in that form too, as the search service may search them;
- "tyrannosaur" is unknown where "tyrannosaurus", another name WordNet gives
  the same synset, is known: a WordNet term the model cannot read is sent
  under the first of its synset's other names that the model reads whole;
- "bubble bath" is "bubble" plus an unknown token: the model reads a bubble,
  and found bubble tea (measured: cosine 0.95 to bubble tea scenes for "bath
  time"). A term whose last word, its head, the model cannot read names
  something else for it and is not sent;
- "simple leaf", "floral leaf" and "compound leaf" are all "<unknown> leaf":
  the same input, so the same embedding. Only the first of terms the model
  reads identically is sent, which leaves room for terms it can tell apart;

With no vocabulary (a word-piece model reads every word) nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from expansion_svc.core.types import Term

# Respellings remembered per vocabulary: a term pool is tens of terms, a busy service sees a few thousand queries.
RESPELLED_REMEMBERED = 50_000

# Words of two letters or more, as vocabularies list them (the search service reads terms the same way).
_WORD = re.compile(r"[^\W\d_]{2,}")

# What the model receives for a term: each word, or None where it reads only "unknown".
Reading = tuple[str | None, ...]


class ModelReading:
    """Filters and respells one request's terms for the model whose vocabulary it was given."""

    def __init__(
        self,
        vocabulary: frozenset[str],
        other_numbers: Callable[[str], list[str]],
        licensed: Callable[[str], bool],
        other_names: Callable[[str, str], Sequence[str]] = lambda term, source: (),
    ) -> None:
        self._vocabulary = vocabulary
        self._other_numbers = other_numbers
        self._licensed = licensed
        self._other_names = other_names  # (term, source "wordnet:tyrannosaur.n.01") -> the term's synset's names
        # One instance serves every request with this vocabulary: terms recur, their respelling is remembered.
        self._respelled: dict[str, str] = {}

    def known_form(self, word: str) -> str:
        """`word`, or its other number where the model reads only that ("sandwiches" -> "sandwich",
        "firework" -> "fireworks")."""
        if word in self._vocabulary:
            return word
        return next((form for form in self._other_numbers(word) if form in self._vocabulary), word)

    def respelled(self, text: str) -> str:
        """`text` with each word the model lacks in the form it knows, if the result is a licensed phrase."""
        known = self._respelled.get(text)
        if known is None:
            if len(self._respelled) >= RESPELLED_REMEMBERED:
                self._respelled.clear()
            known = self._respelled[text] = self._respell(text)
        return known

    def _respell(self, text: str) -> str:
        if text in self._vocabulary:
            return text
        words = text.split()
        forms = [self.known_form(word) for word in words]
        if forms == words:
            return text
        candidate = " ".join(forms)
        return candidate if self._licensed(candidate) else text

    def _readable_name(self, term: Term, text: str) -> str:
        """The first other name of the term's synset the model reads every word of, else `text`; never the
        query part itself, which the search service searches at a part's weight ("true cat" is not "cat")."""
        for name in self._other_names(term.text, term.source):
            name = self.respelled(name)
            if name not in (text, term.concept, self.respelled(term.concept)) and self._reads_whole(name):
                return name
        return text

    def _reads_whole(self, name: str) -> bool:
        return None not in self.reading(name) and self._licensed(name)

    def reading(self, text: str) -> Reading:
        """What the model receives: a phrase listed whole is one unit, else each word or None (unknown).
        Words as a tokenizer splits them: "jack-o'-lantern" is "jack" and "lantern" (a lone "o" is a letter)."""
        if text in self._vocabulary:
            return (text,)
        return tuple(word if word in self._vocabulary else None for word in _WORD.findall(text) or [text])

    def select(self, terms: Iterable[Term], already_read: Iterable[str] = ()) -> Selection:
        """The terms split by how the model reads them (see Selection), each list in input order."""
        seen = {self.reading(text) for text in already_read}
        selection = Selection()
        for term in terms:
            text = self.respelled(term.text)
            reading = self.reading(text)
            if None in reading:
                text = self._readable_name(term, text)
                reading = self.reading(text)
            if reading[-1] is None:
                selection.unreadable += 1
                continue
            if reading in seen:
                selection.repeated += 1
                continue
            seen.add(reading)
            every = None not in reading
            kept = Term(text, term.weight, term.relation, term.concept, term.source, every)
            (selection.fully if every else selection.partly).append(kept)
        return selection


@dataclass
class Selection:
    """One request's terms as the model reads them."""

    # Terms it reads every word of, and terms it reads the head of but not every word ("<unknown> leaf").
    fully: list[Term] = field(default_factory=list)
    partly: list[Term] = field(default_factory=list)
    # Terms whose head (last word) it cannot read, or none of whose words it reads.
    unreadable: int = 0
    # Terms it reads exactly as the query or an earlier term.
    repeated: int = 0
