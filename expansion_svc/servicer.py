"""The thin gRPC layer of the expansion service: validate, convert, call the core."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import grpc

from expansion_svc.core.expander import Expander
from expansion_svc.core.term_listing import list_terms
from expansion_svc.core.types import Expansion, Relation
from expansion_svc.validation import ExpansionLimits, check_expand, check_stream_terms
from mediasearch.expansion.v1 import expansion_pb2, expansion_pb2_grpc
from mediasearch.runtime import deadlines
from mediasearch.runtime.errors import InvalidArgument

# A listing ends, with what it has, once this share of its call's time is spent: the rest goes to sending it.
LISTING_SHARE_OF_DEADLINE = 0.5

SERVICE_NAME = expansion_pb2.DESCRIPTOR.services_by_name["ExpansionService"].full_name

TO_PROTO = {
    Relation.ORIGINAL: expansion_pb2.RELATION_ORIGINAL,
    Relation.SYNONYM: expansion_pb2.RELATION_SYNONYM,
    Relation.HYPONYM: expansion_pb2.RELATION_HYPONYM,
    Relation.HYPERNYM: expansion_pb2.RELATION_HYPERNYM,
    Relation.RELATED: expansion_pb2.RELATION_RELATED,
}
FROM_PROTO: dict[int, Relation] = {number: relation for relation, number in TO_PROTO.items()}


def relations_from_proto(values: list[int]) -> list[Relation]:
    """The request's relation filter; RELATION_UNSPECIFIED is ignored, unknown numbers are refused."""
    found = []
    for index, value in enumerate(values):
        if value == expansion_pb2.RELATION_UNSPECIFIED:
            continue
        if value not in FROM_PROTO:
            raise InvalidArgument.for_field(f"relations[{index}]", f"unknown relation {value}", reason="BAD_RELATION")
        found.append(FROM_PROTO[value])
    return found


def to_response(expansion: Expansion) -> expansion_pb2.ExpandResponse:
    return expansion_pb2.ExpandResponse(
        normalized_query=expansion.normalized_query,
        concepts=list(expansion.concepts),
        terms=[
            expansion_pb2.ExpansionTerm(
                text=t.text,
                weight=t.weight,
                relation=TO_PROTO[t.relation],
                concept=t.concept,
                source=t.source,
                in_vocabulary=t.in_vocabulary,
            )
            for t in expansion.terms
        ],
        notes=list(expansion.notes),
        settings=list(expansion.settings),
        cache_hit=expansion.cache_hit,
    )


class ExpansionServicer(expansion_pb2_grpc.ExpansionServiceServicer):
    """Serves Expand and StreamTerms; `expander()` returns the loaded expander or raises Unavailable while it loads."""

    def __init__(
        self,
        expander: Callable[[], Expander],
        limits: ExpansionLimits = ExpansionLimits(),
        listing_cpu_share: float = 1.0,
    ) -> None:
        self._expander = expander
        self._limits = limits
        self._listing_cpu_share = listing_cpu_share

    def Expand(
        self, request: expansion_pb2.ExpandRequest, context: grpc.ServicerContext
    ) -> expansion_pb2.ExpandResponse:
        # Read out of the message once: each pass over a repeated field makes new strings (a 5,000-word
        # vocabulary cost 0.7 ms per pass), and the limits and the expander both read it.
        vocabulary = tuple(request.vocabulary)
        check_expand(request, self._limits, vocabulary)
        expansion = self._expander().expand(
            request.query,
            max_terms=request.max_terms,
            relations=relations_from_proto(list(request.relations)),
            vocabulary=vocabulary,
        )
        return to_response(expansion)

    def StreamTerms(
        self, request: expansion_pb2.StreamTermsRequest, context: grpc.ServicerContext
    ) -> Iterator[expansion_pb2.StreamTermsResponse]:
        check_stream_terms(request, self._limits)
        left = deadlines.remaining()
        runs = list_terms(
            self._expander(),
            max_terms=request.max_terms,
            terms_per_concept=request.terms_per_concept,
            vocabulary=request.vocabulary,
            stop_at=None if left is None else time.monotonic() + left * LISTING_SHARE_OF_DEADLINE,
            cpu_share=self._listing_cpu_share,
        )
        for run in runs:
            yield expansion_pb2.StreamTermsResponse(terms=run)
