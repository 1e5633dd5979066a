"""Malformed and oversized embedder requests over real gRPC: INVALID_ARGUMENT, and a stream that goes on."""

from __future__ import annotations

import grpc
import pytest

from mediasearch.embedder.v1 import embedder_pb2, embedder_pb2_grpc
from mediasearch.runtime.status import field_violations
from mediasearch.testing.images import pattern_image

STREAM = "/mediasearch.embedder.v1.EmbedderService/StreamEmbedImages"


def test_malformed_stream_message_fails_alone(embedder_channel: grpc.Channel) -> None:
    stream = embedder_channel.stream_stream(STREAM, request_serializer=lambda raw: raw,
                                            response_deserializer=embedder_pb2.StreamEmbedImagesResponse.FromString)

    def message(image_id: str, data: bytes) -> bytes:
        return embedder_pb2.StreamEmbedImagesRequest(image=embedder_pb2.ImageInput(id=image_id, data=data)).SerializeToString()

    inner = bytes([0x0A, 3]) + b"bad" + bytes([0x1A, 1, 0xFF])  # ImageInput id "bad" + an unknown field...
    broken = bytes([0x0A, len(inner)]) + inner[:-1]  # ...cut short: the message cannot be parsed
    answers = list(stream(iter([message("a", pattern_image(1)), broken, message("b", pattern_image(2))])))
    assert [a.result.id for a in answers] == ["a", "bad", "b"]
    assert answers[0].result.HasField("embedding") and answers[2].result.HasField("embedding")
    assert answers[1].result.error.reason == "MESSAGE_MALFORMED"
    assert answers[1].result.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]


@pytest.mark.parametrize(
    ("request_message", "field"),
    [
        (embedder_pb2.BatchEmbedTextsRequest(texts=["a"], prompt_templates=["{} " + "x" * 300]), "prompt_templates[0]"),
        (embedder_pb2.BatchEmbedTextsRequest(texts=["a"], prompt_templates=["{}"] * 17), "prompt_templates"),
    ],
)
def test_prompt_template_limits(embedder_channel: grpc.Channel, request_message, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.RpcError) as caught:
        embedder_pb2_grpc.EmbedderServiceStub(embedder_channel).BatchEmbedTexts(request_message)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in field_violations(caught.value)
