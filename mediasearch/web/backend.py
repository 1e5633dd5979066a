"""The search service as the web component sees it: one channel, and whose credentials each call carries.

The channel carries TLS only; the bearer token is chosen per call: the HTTP
caller's own `Authorization: Bearer` header when it sent one (so the search
service's roles apply to that caller), otherwise this component's own token
from MEDIASEARCH_TOKEN / MEDIASEARCH_TOKEN_FILE, unless WEB_OWN_IDENTITY is
false. Exactly one `authorization` header ever reaches the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from mediasearch.channels import ChannelSecurity
from mediasearch.client import make_channel
from mediasearch.search.v1 import search_pb2, search_pb2_grpc

SEARCH_SERVICE = search_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name


@dataclass
class SearchBackend:
    """A search service stub plus the rule for which token a call carries."""

    stub: search_pb2_grpc.SearchServiceStub
    channel: grpc.Channel
    own: ChannelSecurity | None
    own_identity: bool
    timeout_s: float

    @classmethod
    def connect(
        cls,
        address: str,
        *,
        own_identity: bool = True,
        timeout_s: float = 30.0,
        security: ChannelSecurity | None = None,
    ) -> SearchBackend:
        own = security if security is not None else ChannelSecurity.from_env()
        tls_only = ChannelSecurity(own.tls) if own is not None and own.tls is not None else None
        channel = make_channel(address, security=tls_only)
        return cls(search_pb2_grpc.SearchServiceStub(channel), channel, own, own_identity, timeout_s)

    def metadata(self, authorization: str | None) -> list[tuple[str, str]]:
        """The `authorization` header a call carries: the caller's, else our own, else none."""
        if authorization and authorization.lower().startswith("bearer "):
            return [("authorization", "Bearer " + authorization[7:].strip())]
        if self.own_identity and self.own is not None and (token := self.own.current_token()):
            return [("authorization", f"Bearer {token}")]
        return []

    def call(self, method: str, request: object, authorization: str | None) -> Any:
        """A unary call by method name, with the caller's credentials and the configured deadline."""
        return getattr(self.stub, method)(request, metadata=self.metadata(authorization), timeout=self.timeout_s)

    def stream(self, method: str, requests: Iterator[object], authorization: str | None) -> list[Any]:
        return list(getattr(self.stub, method)(requests, metadata=self.metadata(authorization), timeout=self.timeout_s))

    def search_serving(self, timeout_s: float = 2.0) -> bool:
        """Whether the search service answers SERVING over this component's own channel (TLS, mTLS included)."""
        request = health_pb2.HealthCheckRequest(service=SEARCH_SERVICE)
        try:
            answer = health_pb2_grpc.HealthStub(self.channel).Check(request, timeout=timeout_s)
        except grpc.RpcError:
            return False
        return bool(answer.status == health_pb2.HealthCheckResponse.SERVING)

    def close(self) -> None:
        self.channel.close()
