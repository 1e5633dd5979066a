"""The expansion service for deep-search benchmarks: the real one when it exists, else a labelled stand-in.

The stand-in answers Expand with ten terms derived from the query (so each
new query brings ten new texts to embed, as a real expander's would; none
are cached). It measures the search side of deep search (embedding the
expansions, per-term lookups, fusion), not the expander's own speed.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import grpc

from mediasearch.expansion.v1 import expansion_pb2, expansion_pb2_grpc

STAND_IN_TERMS = (("puppy", 3), ("canine", 4), ("pet", 4), ("animal", 4), ("hound", 2), ("retriever", 3),
                  ("doggy", 2), ("mammal", 4), ("companion", 5), ("fur", 5))


class _StandInExpansion(expansion_pb2_grpc.ExpansionServiceServicer):
    def Expand(self, request: expansion_pb2.ExpandRequest,
               context: grpc.ServicerContext) -> expansion_pb2.ExpandResponse:
        limit = request.max_terms or 10
        terms = [expansion_pb2.ExpansionTerm(text=f"{word} {request.query}", weight=0.9 - 0.04 * i, relation=relation)
                 for i, (word, relation) in enumerate(STAND_IN_TERMS[:limit])]
        return expansion_pb2.ExpandResponse(normalized_query=request.query, concepts=[request.query], terms=terms)


@dataclass
class RunningExpander:
    port: int
    kind: str  # "expansion service" or "stand-in"
    stop: Any
    # Why the stand-in is used, when it is.
    reason: str = ""


def _real_server() -> tuple[Any, int] | str:
    """The expansion service started through its create_server, or why it could not be."""
    try:
        from expansion_svc.server import create_server
    except ImportError as error:
        return f"expansion_svc.server is not importable ({error})"
    try:
        from tests import servers

        if hasattr(servers, "expansion_settings"):
            settings = servers.expansion_settings(metrics_port=-1)
        else:
            from expansion_svc.settings import ExpansionSettings

            settings = ExpansionSettings(host="127.0.0.1", metrics_port=-1, log_format="text")
        server, port = create_server(settings, port=0)
        server.wait_ready(300)
        return server, port
    except Exception as error:  # noqa: BLE001 - an unfinished service must not stop the other benchmarks
        return f"the expansion service did not start: {type(error).__name__}: {error}"


@contextmanager
def running_expander(use_real: bool = True) -> Iterator[RunningExpander]:
    real = _real_server() if use_real else "the stand-in was asked for"
    if not isinstance(real, str):
        server, port = real
        try:
            yield RunningExpander(port, "expansion service", lambda: server.stop(0))
        finally:
            server.stop(0)
        return
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    expansion_pb2_grpc.add_ExpansionServiceServicer_to_server(_StandInExpansion(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield RunningExpander(port, "stand-in", lambda: server.stop(0).wait(), reason=real)
    finally:
        server.stop(0).wait()
