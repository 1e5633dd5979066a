"""Client helpers: channels that balance and retry, and typed clients for the embedder and expansion.

Used by the search service to reach its dependencies and by the `mediasearch`
command. Transport failures become domain errors (`Unavailable`,
`DeadlineExceeded`), so a caller inside a service gets a clear status for
free from the runtime's error mapping.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass

import grpc
import numpy as np

from mediasearch import vectors
from mediasearch.channels import ChannelSecurity, ReloadingChannel
from mediasearch.embedder.v1 import embedder_pb2, embedder_pb2_grpc
from mediasearch.expansion.v1 import expansion_pb2, expansion_pb2_grpc
from mediasearch.limits import EMBED_IMAGES_PER_CALL, EMBED_TEXTS_PER_CALL, chunks, send_in_chunks
from mediasearch.runtime.deadlines import downstream_timeout
from mediasearch.runtime.errors import (
    DeadlineExceeded,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    ItemFailure,
    NotFound,
    ResourceExhausted,
    Unavailable,
)
from mediasearch.runtime.status import exceeded_limit

# Per-call balancing across pods behind a headless Service (dns:///name:port),
# and transparent retries of calls that never reached a server.
_SERVICE_CONFIG = {
    "loadBalancingConfig": [{"round_robin": {}}],
    "methodConfig": [
        {
            "name": [{}],
            "retryPolicy": {
                "maxAttempts": 3,
                "initialBackoff": "0.05s",
                "maxBackoff": "0.5s",
                "backoffMultiplier": 2,
                "retryableStatusCodes": ["UNAVAILABLE"],
            },
        }
    ],
}


def make_channel(
    address: str,
    *,
    max_message_mb: float = 64.0,
    retries: bool = True,
    security: ChannelSecurity | None = None,
    deadline_s: float | None = None,
) -> grpc.Channel:
    """A channel with round-robin balancing, large messages and, unless `retries=False`, retries of calls that
    failed with UNAVAILABLE; TLS and a bearer token when `security` says so (re-read when its files change).
    With `deadline_s`, every call made on it that does not set its own timeout gets that one, so no call can
    wait forever on a stalled server."""
    size = int(max_message_mb * 1024 * 1024)
    config = _SERVICE_CONFIG if retries else {"loadBalancingConfig": _SERVICE_CONFIG["loadBalancingConfig"]}
    options = [
        ("grpc.service_config", json.dumps(config)),
        ("grpc.enable_retries", 1 if retries else 0),
        ("grpc.max_send_message_length", size),
        ("grpc.max_receive_message_length", size),
        ("grpc.keepalive_time_ms", 30_000),
    ]
    channel = (
        grpc.insecure_channel(address, options=options)
        if security is None
        else ReloadingChannel(address, security, options)
    )
    return channel if deadline_s is None else grpc.intercept_channel(channel, DefaultDeadline(deadline_s))


class _CallDetails(
    namedtuple("_CallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
    grpc.ClientCallDetails,
):
    """grpc.ClientCallDetails is an interface; interceptors that change a call pass one of these on."""


class DefaultDeadline(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Gives every call of all four kinds a deadline of `seconds` unless it sets its own."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds

    def _with_deadline(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        if details.timeout is not None:
            return details
        return _CallDetails(
            details.method,
            self._seconds,
            details.metadata,
            details.credentials,
            getattr(details, "wait_for_ready", None),
            getattr(details, "compression", None),
        )

    def intercept_unary_unary(self, continuation, client_call_details, request):
        return continuation(self._with_deadline(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):
        return continuation(self._with_deadline(client_call_details), request)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):
        return continuation(self._with_deadline(client_call_details), request_iterator)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):
        return continuation(self._with_deadline(client_call_details), request_iterator)


_STATUS_TO_ERROR: dict[grpc.StatusCode, type[DomainError]] = {
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceeded,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPrecondition,
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
}


def dependency_error(name: str, address: str, error: grpc.RpcError) -> DomainError:
    """A dependency's failure as a domain error that says which dependency failed and why."""
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    details = error.details() if hasattr(error, "details") else str(error)
    kind = _STATUS_TO_ERROR.get(code, Unavailable)
    return kind(f"{name} at {address} failed with {code.name}: {details}", reason=f"{name.upper()}_{code.name}")


def health_status(address: str, service: str, timeout_s: float = 2.0, security: ChannelSecurity | None = None) -> str:
    """ "SERVING", "NOT_SERVING", ... from grpc.health.v1, or "UNREACHABLE"."""
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with make_channel(address, retries=False, security=security) as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=timeout_s
            )
        except grpc.RpcError as error:
            return (
                "UNREACHABLE"
                if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
                else error.code().name
            )
    return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)


@dataclass
class ModelDescription:
    """The parts of GetModelInfo that callers use."""

    model_id: str
    dimension: int
    logit_scale_exp: float
    logit_bias: float
    default_prompt_templates: list[str]
    vocabulary: list[str]
    image_size: int = 0


@dataclass
class EmbeddedTexts:
    """Text embeddings and the model that made them ("" when calls were answered by different models)."""

    vectors: np.ndarray
    model_id: str


@dataclass
class EmbeddedImage:
    """One image's outcome from the embedder."""

    id: str
    vector: np.ndarray | None
    failure: ItemFailure | None
    width: int
    height: int
    format: str


class EmbedderClient:
    """Typed calls to the embedder; every RPC failure becomes a domain error naming the embedder."""

    def __init__(
        self,
        address: str,
        *,
        timeout_s: float = 30.0,
        security: ChannelSecurity | None = None,
        max_message_mb: float = 64.0,
    ) -> None:
        self.address = address
        self._timeout = timeout_s
        self._channel = make_channel(address, security=security, max_message_mb=max_message_mb)
        self._stub = embedder_pb2_grpc.EmbedderServiceStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def _call(self, method, request, timeout: float | None):
        try:
            # Inside a service call, the embedder gets only the time that call has left.
            return method(request, timeout=downstream_timeout(timeout or self._timeout, "embedder call"))
        except grpc.RpcError as error:
            raise dependency_error("embedder", self.address, error) from None

    def model_info(self, *, include_vocabulary: bool = False, timeout: float | None = None) -> ModelDescription:
        info = self._call(
            self._stub.GetModelInfo, embedder_pb2.GetModelInfoRequest(include_vocabulary=include_vocabulary), timeout
        )
        return ModelDescription(
            model_id=info.model_id,
            dimension=info.embedding_dimension,
            logit_scale_exp=info.logit_scale_exp,
            logit_bias=info.logit_bias,
            default_prompt_templates=list(info.default_prompt_templates),
            vocabulary=list(info.vocabulary),
            image_size=info.image_size,
        )

    def embed_texts(
        self, texts: Sequence[str], *, prompt_templates: Sequence[str] = (), timeout: float | None = None
    ) -> np.ndarray:
        """One unit vector per text, in order; any number of texts, sent in calls the contract allows, or the
        embedder's own smaller EMBEDDER_MAX_TEXTS, which its refusal names (then the rest fits it)."""
        return self.embed_text_vectors(texts, prompt_templates=prompt_templates, timeout=timeout).vectors

    def embed_text_vectors(
        self,
        texts: Sequence[str],
        *,
        prompt_templates: Sequence[str] = (),
        background: bool = False,
        timeout: float | None = None,
    ) -> EmbeddedTexts:
        """As `embed_texts`, with the model that made the vectors; `background` texts wait for the embedder's
        foreground work (PRIORITY_BACKGROUND)."""
        priority = embedder_pb2.PRIORITY_BACKGROUND if background else embedder_pb2.PRIORITY_UNSPECIFIED

        def send(chunk: Sequence[str]) -> embedder_pb2.BatchEmbedTextsResponse:
            request = embedder_pb2.BatchEmbedTextsRequest(
                texts=list(chunk), prompt_templates=list(prompt_templates), priority=priority
            )
            budget = downstream_timeout(timeout or self._timeout, "embedder call")
            return self._stub.BatchEmbedTexts(request, timeout=budget)

        try:
            responses = send_in_chunks(list(texts), EMBED_TEXTS_PER_CALL, send, lambda e: exceeded_limit(e, "texts"))
        except grpc.RpcError as error:
            raise dependency_error("embedder", self.address, error) from None
        models = {response.model_id for response in responses}
        return EmbeddedTexts(
            np.stack([vectors.from_proto(v) for response in responses for v in response.embeddings]),
            models.pop() if len(models) == 1 else "",
        )

    def embed_images(self, images: Sequence[tuple[str, bytes]], *, timeout: float | None = None) -> list[EmbeddedImage]:
        """One outcome per (id, encoded image), in order; any number, sent in calls the contract allows."""
        results = []
        for chunk in chunks(images, EMBED_IMAGES_PER_CALL):
            request = embedder_pb2.BatchEmbedImagesRequest(
                images=[embedder_pb2.ImageInput(id=i, data=d) for i, d in chunk]
            )
            response = self._call(self._stub.BatchEmbedImages, request, timeout)
            results += [_embedded(r) for r in response.results]
        return results


def _embedded(result: embedder_pb2.ImageResult) -> EmbeddedImage:
    vector = failure = None
    if result.WhichOneof("outcome") == "embedding":
        vector = vectors.from_proto(result.embedding)
    else:
        failure = ItemFailure.from_code(result.error.code, result.error.reason, result.error.message)
    return EmbeddedImage(result.id, vector, failure, result.width, result.height, result.format)


class ExpansionClient:
    """Typed calls to the expansion service."""

    def __init__(self, address: str, *, timeout_s: float = 2.0, security: ChannelSecurity | None = None) -> None:
        self.address = address
        self._timeout = timeout_s
        # No retries: deep search treats an unreachable expansion service as "search
        # without expansion", and three backed-off attempts would add ~140 ms to that.
        self._channel = make_channel(address, max_message_mb=16, retries=False, security=security)
        self._stub = expansion_pb2_grpc.ExpansionServiceStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def stream_terms(self, *, max_terms: int, vocabulary: Sequence[str] = (), timeout: float = 120.0) -> list[str]:
        """The expander's terms, most useful first (StreamTerms), read whole: at most `max_terms` short strings."""
        request = expansion_pb2.StreamTermsRequest(max_terms=max_terms, vocabulary=list(vocabulary))
        try:
            return [term for response in self._stub.StreamTerms(request, timeout=timeout) for term in response.terms]
        except grpc.RpcError as error:
            raise dependency_error("expansion", self.address, error) from None

    def expand(
        self, query: str, *, max_terms: int = 10, vocabulary: Sequence[str] = (), timeout: float | None = None
    ) -> expansion_pb2.ExpandResponse:
        request = expansion_pb2.ExpandRequest(query=query, max_terms=max_terms, vocabulary=list(vocabulary))
        try:
            return self._stub.Expand(request, timeout=downstream_timeout(timeout or self._timeout, "expansion call"))
        except grpc.RpcError as error:
            raise dependency_error("expansion", self.address, error) from None
