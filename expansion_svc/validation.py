"""Size limits on the expansion service's requests (EXPANSION_MAX_* settings).

The query's own limit lives in the core (`core.query.MAX_QUERY_CHARS`); the
vocabulary a caller sends is cached per distinct list, so its size bounds
both the work of one call and the cache's memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediasearch.expansion.v1 import expansion_pb2
from mediasearch.runtime.errors import FieldViolation, InvalidArgument


@dataclass(frozen=True)
class ExpansionLimits:
    """Mirrors the EXPANSION_MAX_* settings."""

    max_vocabulary: int = 50_000
    max_vocabulary_word_chars: int = 64
    max_relations: int = 8


def check_expand(request: expansion_pb2.ExpandRequest, limits: ExpansionLimits) -> None:
    """InvalidArgument listing every field of `request` over its limit."""
    found = []
    if len(request.vocabulary) > limits.max_vocabulary:
        found.append(
            FieldViolation("vocabulary", f"has {len(request.vocabulary)} words; the limit is {limits.max_vocabulary}")
        )
    else:
        found += [
            FieldViolation(
                f"vocabulary[{i}]", f"is {len(w)} characters; the limit is {limits.max_vocabulary_word_chars}"
            )
            for i, w in enumerate(request.vocabulary)
            if len(w) > limits.max_vocabulary_word_chars
        ][:10]
    if len(request.relations) > limits.max_relations:
        found.append(
            FieldViolation("relations", f"has {len(request.relations)} entries; the limit is {limits.max_relations}")
        )
    if found:
        raise InvalidArgument("; ".join(f"{v.field}: {v.description}" for v in found), found, reason="LIMIT_EXCEEDED")
