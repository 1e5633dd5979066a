"""Query validation and parsing into concepts: compounds kept whole, words lemmatised, filler dropped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from mediasearch.runtime.errors import InvalidArgument

MAX_QUERY_CHARS = 256
# Longest compound tried, in words ("lily of the valley").
MAX_COMPOUND_WORDS = 4
# Letters and digits, with inner apostrophes and hyphens ("t-shirt", "jack-o'-lantern").
TOKEN = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
# Function words, and the filler people wrap photo searches in ("show me a photo of ...").
STOP_WORDS = frozenset(
    """
    a an the this that these those some any all each every few many much more most several no not
    of in on at to for with without from by into onto over under near next beside behind above below
    between among through around across along during before after while and or but nor so than then as
    is are was were be been being am do does did doing have has had having will would can could should
    may might must shall it its it's i me my mine we us our you your he him his she her they them their
    there here what which who whom whose where when why how very just also only really quite too
    photo photos picture pictures pic pics image images photograph photographs shot shots
    show find search looking look see want get give please let
    """.split()
)


def validate_query(query: str) -> str:
    """The query with surrounding white space removed; InvalidArgument("query") when unusable."""
    if not query:
        raise InvalidArgument.for_field("query", "must not be empty", reason="QUERY_EMPTY")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidArgument.for_field(
            "query", f"must be at most {MAX_QUERY_CHARS} characters, got {len(query)}", reason="QUERY_TOO_LONG"
        )
    bad = next((ch for ch in query if unicodedata.category(ch) in ("Cc", "Cs")), None)
    if bad is not None:
        raise InvalidArgument.for_field(
            "query", f"must not contain control characters (found U+{ord(bad):04X})", reason="QUERY_CONTROL_CHARACTER"
        )
    if not query.strip():
        raise InvalidArgument.for_field("query", "must not be only white space", reason="QUERY_BLANK")
    return query.strip()


def tokenize(query: str) -> list[str]:
    """Lower-case word tokens; possessive "'s" dropped, curly apostrophes straightened."""
    text = unicodedata.normalize("NFKC", query).lower().replace("\u2019", "'")
    return [token.removesuffix("'s") for token in TOKEN.findall(text)]


@dataclass(frozen=True, slots=True)
class Concept:
    """A content unit of the query: a lemma or compound, as typed, and whether it directly precedes another."""

    text: str
    typed: str
    modifies_next: bool = False


class QueryParser:
    """Splits a query into concepts, longest lexicon compound first, then single lemmatised words."""

    def __init__(self, is_compound: Callable[[str], bool], lemma: Callable[[str], str]) -> None:
        self._is_compound = is_compound
        self._lemma = lemma

    def _compound_at(self, tokens: list[str], start: int) -> tuple[str, int] | None:
        longest = min(MAX_COMPOUND_WORDS, len(tokens) - start)
        for size in range(longest, 1, -1):
            span = tokens[start: start + size]
            if span[0] in STOP_WORDS or span[-1] in STOP_WORDS:
                continue
            for candidate in (" ".join(span), " ".join([*span[:-1], self._lemma(span[-1])])):
                if self._is_compound(candidate):
                    return candidate, size
        return None

    def parse(self, query: str) -> list[Concept]:
        tokens = tokenize(query)
        found: list[tuple[str, int, int]] = []  # (concept, first token, token after)
        position = 0
        while position < len(tokens):
            compound = self._compound_at(tokens, position)
            if compound is not None:
                text, size = compound
                found.append((text, position, position + size))
                position += size
                continue
            token = tokens[position]
            if token not in STOP_WORDS and not token.isdigit():
                lemma = self._lemma(token)
                if lemma not in STOP_WORDS:
                    found.append((lemma, position, position + 1))
            position += 1
        return [
            Concept(text, " ".join(tokens[start:end]), index + 1 < len(found) and found[index + 1][1] == end)
            for index, (text, start, end) in enumerate(found)
        ]
