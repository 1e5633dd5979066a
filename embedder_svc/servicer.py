"""The thin gRPC layer of the embedder: validate, convert, call the core."""

from __future__ import annotations

import time
from collections.abc import Iterator

import grpc

from embedder_svc.core.embedder import EmbedderCore, ImageOutcome
from mediasearch import vectors
from mediasearch.common.v1 import common_pb2
from mediasearch.embedder.v1 import embedder_pb2, embedder_pb2_grpc
from mediasearch.runtime import deadlines
from mediasearch.runtime.errors import InvalidArgument, ItemFailure
from mediasearch.runtime.wellformed import Rejected, raw_string_field

SERVICE_NAME = embedder_pb2.DESCRIPTOR.services_by_name["EmbedderService"].full_name
# A malformed image message gets its own failed result; the stream goes on.
PER_MESSAGE_METHODS = (f"/{SERVICE_NAME}/StreamEmbedImages",)


def _stream_image(message: embedder_pb2.StreamEmbedImagesRequest | Rejected) -> tuple[str, bytes | ItemFailure]:
    if isinstance(message, Rejected):
        return raw_string_field(message.raw, 1, 1), ItemFailure.from_error(message.error)  # image.id
    return message.image.id, message.image.data


def _is_background(priority: int) -> bool:
    """Whether the texts may wait for foreground work; a priority this embedder does not know is refused."""
    if priority not in embedder_pb2.Priority.values():
        raise InvalidArgument.for_field("priority", f"unknown priority {priority}", reason="PRIORITY_UNKNOWN")
    return priority == embedder_pb2.PRIORITY_BACKGROUND


def deadline_of(context: grpc.ServicerContext) -> float | None:
    """The call's deadline on the monotonic clock (the sooner of the client's and the server's), or None."""
    left = deadlines.remaining()  # set by the runtime's deadline interceptor
    if left is None:
        client_left = context.time_remaining()
        left = None if client_left is None or client_left > 1e9 else client_left
    return None if left is None else time.monotonic() + left


def _image_result(outcome: ImageOutcome) -> embedder_pb2.ImageResult:
    result = embedder_pb2.ImageResult(id=outcome.id, width=outcome.width, height=outcome.height, format=outcome.format)
    if outcome.vector is not None:
        result.embedding.CopyFrom(vectors.to_proto(outcome.vector))
    else:
        assert outcome.failure is not None
        failure = outcome.failure
        result.error.CopyFrom(common_pb2.ItemError(code=failure.code, reason=failure.reason, message=failure.message))
    return result


class EmbedderServicer(embedder_pb2_grpc.EmbedderServiceServicer):
    def __init__(self, core: EmbedderCore) -> None:
        self._core = core

    def BatchEmbedTexts(
        self, request: embedder_pb2.BatchEmbedTextsRequest, context: grpc.ServicerContext
    ) -> embedder_pb2.BatchEmbedTextsResponse:
        matrix = self._core.embed_texts(
            list(request.texts),
            prompt_templates=list(request.prompt_templates),
            no_prompt=request.no_prompt,
            deadline=deadline_of(context),
            background=_is_background(request.priority),
        )
        return embedder_pb2.BatchEmbedTextsResponse(
            embeddings=vectors.to_protos(matrix), model_id=self._core.info.model_id
        )

    def BatchEmbedImages(
        self, request: embedder_pb2.BatchEmbedImagesRequest, context: grpc.ServicerContext
    ) -> embedder_pb2.BatchEmbedImagesResponse:
        outcomes = self._core.embed_images([(i.id, i.data) for i in request.images], deadline=deadline_of(context))
        return embedder_pb2.BatchEmbedImagesResponse(
            results=[_image_result(o) for o in outcomes], model_id=self._core.info.model_id
        )

    def StreamEmbedImages(
        self,
        request_iterator: Iterator[embedder_pb2.StreamEmbedImagesRequest | Rejected],
        context: grpc.ServicerContext,
    ) -> Iterator[embedder_pb2.StreamEmbedImagesResponse]:
        model_id = self._core.info.model_id
        images = (_stream_image(r) for r in request_iterator)
        for outcome in self._core.embed_image_stream(images, deadline=deadline_of(context)):
            yield embedder_pb2.StreamEmbedImagesResponse(result=_image_result(outcome), model_id=model_id)

    def GetModelInfo(
        self, request: embedder_pb2.GetModelInfoRequest, context: grpc.ServicerContext
    ) -> embedder_pb2.GetModelInfoResponse:
        info = self._core.info
        return embedder_pb2.GetModelInfoResponse(
            model_id=info.model_id,
            revision=info.revision,
            embedding_dimension=info.embedding_dimension,
            image_size=info.image_size,
            text_context_length=info.text_context_length,
            logit_scale_exp=info.logit_scale_exp,
            logit_bias=info.logit_bias,
            precision=embedder_pb2.Precision.Value(f"PRECISION_{info.dtype.upper()}"),
            device=info.device,
            lowercase_text=info.lowercase_text,
            default_prompt_templates=list(self._core.limits.prompt_templates),
            vocabulary=info.vocabulary if request.include_vocabulary else [],
        )
