"""ProfileImage over real gRPC: the same semantic profile `debug-scores` computes against the embedder itself."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest

from mediasearch.cli import debug_scores
from mediasearch.client import EmbedderClient
from mediasearch.names import collection_name
from mediasearch.runtime.status import field_violations
from mediasearch.search.v1 import search_pb2
from mediasearch.testing.images import pattern_image
from tests.search.test_service import ingest, search_server  # noqa: F401  (the fixture)

PARENT = collection_name("photos")


def test_profile_of_an_upload_and_of_a_stored_item_match_debug_scores(search_server, embedder_server,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                       tmp_path: Path) -> None:
    _, stub = search_server
    ingest(stub, [("a", pattern_image(2)), ("b", pattern_image(5))])
    image = tmp_path / "b.png"
    image.write_bytes(pattern_image(5))
    client = EmbedderClient(f"127.0.0.1:{embedder_server[1]}")
    try:
        expected = debug_scores.build_profile(client, image, debug_scores.general_concepts(), None)
    finally:
        client.close()
    uploaded = stub.ProfileImage(search_pb2.ProfileImageRequest(parent=PARENT, image=pattern_image(5)))
    stored = stub.ProfileImage(search_pb2.ProfileImageRequest(parent=PARENT, item_id="b"))
    want = {expected.concepts[i]: float(expected.cosines[i]) for i in expected.order()}
    for answer in (uploaded, stored):
        got = {c.concept: c.raw_cosine for c in answer.concepts}
        assert sorted(got) == sorted(want)  # the same vocabulary: general list plus the model's words
        assert max(abs(got[c] - want[c]) for c in want) < 1e-3
        cosines = [c.raw_cosine for c in answer.concepts]
        assert cosines == sorted(cosines, reverse=True)
        assert answer.calibration.name == "collections/photos/calibration" and answer.model_id
    # The recommendation the web page shows is debug-scores' rule on these cosines.
    again = debug_scores.profile_from_cosines(
        "b", [c.concept for c in stored.concepts], [c.raw_cosine for c in stored.concepts], (1.0, 0.0, "x"))
    assert again.recommendation.slope == pytest.approx(expected.recommendation.slope, rel=1e-2)


def test_given_concepts_are_compared_in_order_of_similarity(search_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _, stub = search_server
    ingest(stub, [("a", pattern_image(2))])
    answer = stub.ProfileImage(search_pb2.ProfileImageRequest(parent=PARENT, item_id="a", concepts=["dog", "cat", "car"]))
    assert sorted(c.concept for c in answer.concepts) == ["car", "cat", "dog"]


@pytest.mark.parametrize(("request_fields", "code", "field"), [
    ({}, grpc.StatusCode.INVALID_ARGUMENT, "image_source"),
    ({"item_id": "ghost"}, grpc.StatusCode.NOT_FOUND, None),
    ({"image": b"not an image"}, grpc.StatusCode.INVALID_ARGUMENT, "image[0]"),
    ({"item_id": "a", "concepts": ["x"] * 2001}, grpc.StatusCode.INVALID_ARGUMENT, "concepts"),
    ({"item_id": "a", "concepts": ["x" * 201]}, grpc.StatusCode.INVALID_ARGUMENT, "concepts"),
])
def test_bad_requests_get_clear_statuses(search_server, request_fields: dict, code: grpc.StatusCode,  # type: ignore[no-untyped-def]  # noqa: F811
                                         field: str | None) -> None:
    _, stub = search_server
    ingest(stub, [("a", pattern_image(2))])
    with pytest.raises(grpc.RpcError) as caught:
        stub.ProfileImage(search_pb2.ProfileImageRequest(parent=PARENT, **request_fields))
    assert caught.value.code() == code, caught.value.details()
    if field:
        assert any(f.startswith(field) for f in field_violations(caught.value)), field_violations(caught.value)
