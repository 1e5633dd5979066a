"""Weighted multi-term queries in the service: validation and vector combination.

A query is a list of weighted terms (text, image bytes or a stored item's id;
the term model and the rclip-style parser are `mediasearch.query_syntax`,
shared with the CLI, and re-exported here). Their embeddings are each scaled
to unit length, summed by weight (negative weights subtract) and renormalised.
`validate_terms` holds the service's rules for a query's terms; it runs once,
where a search enters the core.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from mediasearch.query_syntax import QueryTerm, TermKind, format_query, parse_query
from mediasearch.runtime.errors import InvalidArgument
from search_svc.core.records import validate_item_id

__all__ = [
    "MAX_TERMS",
    "QueryTerm",
    "TermKind",
    "combine_term_vectors",
    "format_query",
    "parse_query",
    "validate_terms",
]

MAX_TERMS = 16
_CANCELLED_NORM = 1e-6


def validate_terms(terms: Sequence[QueryTerm], field_path: str = "terms") -> None:
    """The service's rules for a query's terms; the one check, where normal and deep search begin."""
    if not 1 <= len(terms) <= MAX_TERMS:
        raise InvalidArgument.for_field(field_path, f"must hold 1 to {MAX_TERMS} terms, got {len(terms)}")
    for position, term in enumerate(terms):
        where = f"{field_path}[{position}]"
        if not math.isfinite(term.weight) or term.weight == 0.0:
            raise InvalidArgument.for_field(
                f"{where}.weight", "must be a finite number other than 0", reason="WEIGHT_INVALID"
            )
        if term.kind == TermKind.TEXT and not str(term.value).strip():
            raise InvalidArgument.for_field(f"{where}.text", "must not be empty")
        if term.kind == TermKind.IMAGE and not term.value:
            raise InvalidArgument.for_field(f"{where}.image", "must not be empty")
        if term.kind == TermKind.ITEM:
            validate_item_id(str(term.value), f"{where}.item_id")
        if term.kind == TermKind.PATH:
            raise InvalidArgument.for_field(
                where, "file paths must be read by the client and sent as image bytes", reason="PATH_TERM_UNSUPPORTED"
            )


def combine_term_vectors(weights: Sequence[float], vectors: np.ndarray) -> np.ndarray:
    """Unit-length sum of the unit-scaled term vectors times their weights (checked by `validate_terms`).

    InvalidArgument when the terms cancel out (e.g. "dog - dog"): that depends on the vectors, so only
    the combination can tell.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    weights_array = np.asarray(weights, dtype=np.float64).reshape(-1)
    if vectors.ndim != 2 or vectors.shape[0] != len(weights_array) or len(weights_array) == 0:
        raise ValueError(f"{len(weights_array)} weights for vectors of shape {vectors.shape}")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if np.any(norms == 0.0):
        raise InvalidArgument.for_field("terms", "a term's embedding is all zeros")
    combined = (weights_array[:, None] * (vectors / norms)).sum(axis=0)
    length = float(np.linalg.norm(combined))
    if length < _CANCELLED_NORM:
        raise InvalidArgument.for_field("terms", "the weighted terms cancel each other out", reason="QUERY_CANCELS_OUT")
    return (combined / length).astype(np.float32)
