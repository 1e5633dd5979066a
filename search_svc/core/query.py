"""Weighted multi-term queries: the term model, the rclip-style parser, and vector combination.

A query is a list of weighted terms (text, image bytes, a stored item's id,
or, in the CLI only, an image file path). Their embeddings are each scaled to
unit length, summed by weight (negative weights subtract) and renormalised.
Parsing is separate from embedding: `parse_query` only produces terms.

Syntax (as rclip): terms joined by " + " or " - " (spaces required, so
"t-shirt" stays one term), each optionally prefixed "WEIGHT:" and optionally
quoted:  "2:golden retriever" + ./pool.jpg - fruit
"item:ID" names a stored item; a term that starts with "/", "./", "../" or "~",
or is one word ending in an image extension, is a file path.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np

from mediasearch.runtime.errors import InvalidArgument
from search_svc.core.records import validate_item_id

MAX_TERMS = 16
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp")
_OPERATOR = re.compile(r"(?:^|\s+)([+-])\s+")
_WEIGHT_PREFIX = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)):(.*)", re.DOTALL)
_PATH_PREFIXES = ("/", "./", "../", "~")
_CANCELLED_NORM = 1e-6


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


def validate_terms(terms: Sequence[QueryTerm], field_path: str = "terms") -> None:
    if not 1 <= len(terms) <= MAX_TERMS:
        raise InvalidArgument.for_field(field_path, f"must hold 1 to {MAX_TERMS} terms, got {len(terms)}")
    for position, term in enumerate(terms):
        where = f"{field_path}[{position}]"
        if not math.isfinite(term.weight) or term.weight == 0.0:
            raise InvalidArgument.for_field(f"{where}.weight", "must be a finite number other than 0",
                                            reason="WEIGHT_INVALID")
        if term.kind == TermKind.TEXT and not str(term.value).strip():
            raise InvalidArgument.for_field(f"{where}.text", "must not be empty")
        if term.kind == TermKind.IMAGE and not term.value:
            raise InvalidArgument.for_field(f"{where}.image", "must not be empty")
        if term.kind == TermKind.ITEM:
            validate_item_id(str(term.value), f"{where}.item_id")


def combine_term_vectors(weights: Sequence[float], vectors: np.ndarray) -> np.ndarray:
    """Unit-length sum of the unit-scaled term vectors times their weights.

    InvalidArgument when a weight is 0 or the terms cancel out (e.g. "dog - dog").
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    weights_array = np.asarray(weights, dtype=np.float64).reshape(-1)
    if vectors.ndim != 2 or vectors.shape[0] != len(weights_array) or len(weights_array) == 0:
        raise ValueError(f"{len(weights_array)} weights for vectors of shape {vectors.shape}")
    for position, weight in enumerate(weights_array):
        if weight == 0.0 or not math.isfinite(weight):
            raise InvalidArgument.for_field(f"terms[{position}].weight", "must be a finite number other than 0",
                                            reason="WEIGHT_INVALID")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if np.any(norms == 0.0):
        raise InvalidArgument.for_field("terms", "a term's embedding is all zeros")
    combined = (weights_array[:, None] * (vectors / norms)).sum(axis=0)
    length = float(np.linalg.norm(combined))
    if length < _CANCELLED_NORM:
        raise InvalidArgument.for_field("terms", "the weighted terms cancel each other out", reason="QUERY_CANCELS_OUT")
    return (combined / length).astype(np.float32)


def parse_query(text: str) -> list[QueryTerm]:
    """Terms of an rclip-style query string (kinds TEXT, ITEM or PATH); InvalidArgument on bad syntax."""
    pieces = _OPERATOR.split(text.strip())
    signs_and_pieces = [("+", pieces[0])] + list(zip(pieces[1::2], pieces[2::2], strict=True))
    if signs_and_pieces[0][1] == "" and len(signs_and_pieces) > 1:
        signs_and_pieces = signs_and_pieces[1:]
    terms = [_parse_piece(sign, piece, position) for position, (sign, piece) in enumerate(signs_and_pieces)]
    validate_terms(terms, "query")
    return terms


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
        return QueryTerm(weight, TermKind.ITEM, body[len("item:"):])
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
