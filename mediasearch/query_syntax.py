"""The rclip-style weighted query syntax: the term model, the parser and its inverse.

It lives in the shared package because both sides use it: the CLI parses what
the user typed (and reads PATH terms from disk, sending image bytes), and the
search service's core uses the same term model and prints queries back in this
syntax in its explanations. The parser checks syntax only; the service's limits
(how many terms, how long an item id) are checked once, by the service, on what
arrives over the wire.

Syntax (as rclip): terms joined by " + " or " - " (spaces required, so
"t-shirt" stays one term), each optionally prefixed "WEIGHT:" and optionally
quoted:  "2:golden retriever" + ./pool.jpg - fruit
"item:ID" names a stored item; a term that starts with "/", "./", "../" or "~",
or is one word ending in an image extension, is a file path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from mediasearch.runtime.errors import InvalidArgument

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif")
# Files `index` reads as videos (mediasearch.video decodes them); here so that readers need no decoder.
VIDEO_EXTENSIONS = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi")
_OPERATOR = re.compile(r"(?:^|\s+)([+-])\s+")
_WEIGHT_PREFIX = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)):(.*)", re.DOTALL)
_PATH_PREFIXES = ("/", "./", "../", "~")


class TermKind(str, Enum):  # noqa: UP042  # StrEnum changes what str() of a member gives: a behaviour change, not lint
    TEXT = "text"
    IMAGE = "image"
    ITEM = "item"
    PATH = "path"


@dataclass(frozen=True)
class QueryTerm:
    """One weighted part of a query; `value` is bytes for IMAGE, a string otherwise."""

    weight: float
    kind: TermKind
    value: str | bytes

    @property
    def label(self) -> str:
        """How explanations name the term: its text, "image", "item:<id>" or the path."""
        if self.kind == TermKind.IMAGE:
            return "image"
        if self.kind == TermKind.ITEM:
            return "item:" + str(self.value)
        return str(self.value)


def parse_query(text: str) -> list[QueryTerm]:
    """Terms of an rclip-style query string (kinds TEXT, ITEM or PATH); InvalidArgument on bad syntax."""
    pieces = _OPERATOR.split(text.strip())
    signs_and_pieces = [("+", pieces[0])] + list(zip(pieces[1::2], pieces[2::2], strict=True))
    if signs_and_pieces[0][1] == "" and len(signs_and_pieces) > 1:
        signs_and_pieces = signs_and_pieces[1:]
    return [_parse_piece(sign, piece, position) for position, (sign, piece) in enumerate(signs_and_pieces)]


def format_query(terms: Sequence[QueryTerm]) -> str:
    """A readable rendering in the parser's syntax, used to name the combined query in explanations."""
    parts = []
    for position, term in enumerate(terms):
        magnitude = abs(term.weight)
        body = term.label if magnitude == 1.0 else f"{magnitude:g}:{term.label}"
        sign = "-" if term.weight < 0 else "+"
        parts.append(("- " if sign == "-" else "") + body if position == 0 else f" {sign} {body}")
    return "".join(parts)


def _parse_piece(sign: str, piece: str, position: int) -> QueryTerm:
    body = _unquote(piece.strip())
    weight = 1.0
    prefixed = _WEIGHT_PREFIX.fullmatch(body)
    if prefixed:
        weight = float(prefixed.group(1))
        body = _unquote(prefixed.group(2).strip())
    if not body:
        raise InvalidArgument.for_field(f"query[{position}]", "is empty", reason="QUERY_SYNTAX")
    if weight == 0.0:
        raise InvalidArgument.for_field(f"query[{position}].weight", "must not be 0", reason="WEIGHT_INVALID")
    weight = -weight if sign == "-" else weight
    if body.startswith("item:"):
        return QueryTerm(weight, TermKind.ITEM, body[len("item:") :])
    if _looks_like_path(body):
        return QueryTerm(weight, TermKind.PATH, body)
    return QueryTerm(weight, TermKind.TEXT, body)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text


def _looks_like_path(text: str) -> bool:
    if text.startswith(_PATH_PREFIXES):
        return True
    return " " not in text and text.lower().endswith(IMAGE_EXTENSIONS)
