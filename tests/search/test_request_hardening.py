"""Hostile and malformed requests against a real search service: per-item failures, clear statuses, small pages."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest
from google.protobuf import field_mask_pb2, timestamp_pb2

from mediasearch.runtime.status import field_violations
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from mediasearch.names import calibration_name, collection_name, item_name
from search_svc.server import create_server
from tests.servers import search_settings

INGEST = "/mediasearch.search.v1.SearchService/Ingest"
SEARCH = "/mediasearch.search.v1.SearchService/Search"
# Small enough that a few items with full attributes fill a page.
SEND_LIMIT_MB = 0.25


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, embedder_server) -> Iterator[tuple[grpc.Channel, object]]:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    folder = tmp_path_factory.mktemp("hardening")
    settings = search_settings(folder / "data", embedder_port, max_send_message_mb=SEND_LIMIT_MB)
    server, port = create_server(settings, port=0)
    server.wait_ready(60)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel, server
    server.stop(0)


def _stub(served) -> search_pb2_grpc.SearchServiceStub:  # type: ignore[no-untyped-def]
    return search_pb2_grpc.SearchServiceStub(served[0])


def _item(item_id: str, seed: int, collection: str = "hard", **metadata: object) -> search_pb2.IngestRequest:
    return search_pb2.IngestRequest(parent=collection_name(collection), item_id=item_id, data=pattern_image(seed),
                                    metadata=search_pb2.ItemMetadata(**metadata))


def _invalid_utf8(message: search_pb2.IngestRequest) -> bytes:
    """`message`'s bytes plus a metadata.uri of invalid UTF-8, which protobuf refuses to parse."""
    uri = bytes([0x0A, 2, 0xFF, 0xFE])  # ItemMetadata.uri (field 1), length 2
    return message.SerializeToString() + bytes([0x2A, len(uri)]) + uri  # IngestRequest.metadata (field 5)


def test_bad_items_fail_alone_and_the_stream_goes_on(served) -> None:  # type: ignore[no-untyped-def]
    channel, _ = served
    ingest_raw = channel.stream_stream(INGEST, request_serializer=lambda raw: raw,
                                       response_deserializer=search_pb2.IngestResponse.FromString)
    far_future = timestamp_pb2.Timestamp(seconds=2**40)
    bad_nanos = timestamp_pb2.Timestamp(seconds=1, nanos=1_000_000_000)
    requests = [
        _item("good-1", 1).SerializeToString(),
        _invalid_utf8(_item("utf8", 2)),
        _item("far-future", 3, modify_time=far_future).SerializeToString(),
        _item("bad-nanos", 4, modify_time=bad_nanos).SerializeToString(),
        _item("type-99", 5, media_type=99).SerializeToString(),
        _item("fat", 6, attributes={f"k{i}": "x" * 8000 for i in range(9)}).SerializeToString(),
        _item("many-tags", 7, tags=[f"t{i}" for i in range(65)]).SerializeToString(),
        _item("x" * 1025, 8).SerializeToString(),
        b"\xff\xff\xff",  # not protobuf at all
        _item("good-2", 9).SerializeToString(),
    ]
    responses = list(ingest_raw(iter(requests)))
    assert len(responses) == len(requests)
    statuses = [(r.item_id, r.status) for r in responses]
    assert statuses[0] == ("good-1", search_pb2.INGEST_STATUS_INDEXED)
    assert statuses[-1] == ("good-2", search_pb2.INGEST_STATUS_INDEXED)
    for response in responses[1:-1]:
        assert response.status == search_pb2.INGEST_STATUS_FAILED
        assert response.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0], response
    # An unparseable message is still answered under the id it carried, when that much is readable.
    assert [r.item_id for r in responses[1:8]] == ["utf8", "far-future", "bad-nanos", "type-99", "fat", "many-tags",
                                               "x" * 1025]
    assert responses[1].error.reason == "MESSAGE_MALFORMED"
    assert "metadata.modify_time.seconds" in responses[2].error.message
    assert responses[5].error.reason == "LIMIT_EXCEEDED" and "metadata.attributes" in responses[5].error.message


@pytest.mark.parametrize(
    ("request_message", "field"),
    [
        (search_pb2.SearchRequest(parent=collection_name("hard"), terms=[search_pb2.QueryTerm(text="a")], mode=99), "mode"),
        (search_pb2.SearchRequest(parent=collection_name("hard"), terms=[search_pb2.QueryTerm(text="a", weight=float("nan"))]),
         "terms[0].weight"),
        (search_pb2.SearchRequest(parent=collection_name("hard"), terms=[search_pb2.QueryTerm(text="a")] * 17), "terms"),
        (search_pb2.SearchRequest(parent=collection_name("hard"), terms=[search_pb2.QueryTerm(text="a")],
                                  filter=search_pb2.Filter(modify_time_after=timestamp_pb2.Timestamp(seconds=2**40))),
         "filter.modify_time_after.seconds"),
        (search_pb2.SearchRequest(parent=collection_name("hard"), terms=[search_pb2.QueryTerm(text="a")],
                                  prompt_templates=["{}" + "y" * 300]), "prompt_templates[0]"),
        # A thousand bad fields: the details are capped so they fit the caller's metadata limit.
        (search_pb2.SearchRequest(parent=collection_name("hard"), terms=[search_pb2.QueryTerm(text="a")],
                                  filter=search_pb2.Filter(media_types=[99] * 1001, tags_any=["t" * 200] * 1001)),
         "filter.media_types[0]"),
    ],
)
def test_malformed_unary_fields_name_the_field(served, request_message, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.RpcError) as caught:
        _stub(served).Search(request_message)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in field_violations(caught.value)


def test_unparseable_unary_request_is_invalid_argument(served) -> None:  # type: ignore[no-untyped-def]
    channel, _ = served
    search_raw = channel.unary_unary(SEARCH, request_serializer=lambda raw: raw,
                                     response_deserializer=search_pb2.SearchResponse.FromString)
    term = bytes([0x12, 3, 0x12, 1, 0xC3])  # terms[0].text = one truncated UTF-8 sequence
    with pytest.raises(grpc.RpcError) as caught:
        search_raw(b"\x0a\x04hard" + term)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "request" in field_violations(caught.value)


@pytest.mark.parametrize("temperature", [1e-45, 1e-6, 1e30])
def test_degenerate_temperatures_are_refused(served, temperature: float) -> None:  # type: ignore[no-untyped-def]
    stub = _stub(served)
    list(stub.Ingest(iter([_item("calib", 11)])))
    calibration = search_pb2.Calibration(name=calibration_name("hard"), temperature=temperature,
                                         method=search_pb2.CALIBRATION_METHOD_TEMPERATURE_ADJUSTED)
    mask = field_mask_pb2.FieldMask(paths=["method", "temperature"])
    with pytest.raises(grpc.RpcError) as caught:
        stub.UpdateCalibration(search_pb2.UpdateCalibrationRequest(calibration=calibration, update_mask=mask))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "calibration.temperature" in field_violations(caught.value)


def test_pages_of_large_items_stay_under_the_send_limit(served) -> None:  # type: ignore[no-untyped-def]
    stub = _stub(served)
    attributes = {f"key{i}": "v" * 8000 for i in range(8)}  # ~64 KB: just inside the default limits
    requests = [_item(f"big-{n:02d}", 20 + n, collection="big", attributes=attributes) for n in range(12)]
    assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(requests)))
    limit = int(SEND_LIMIT_MB * 1024 * 1024)

    seen: list[str] = []
    token = ""
    while True:
        page = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name("big"), page_size=1000, page_token=token))
        assert 0 < page.ByteSize() <= limit and len(page.items) < 12
        seen += [item.id for item in page.items]
        token = page.next_page_token
        if not token:
            break
    assert seen == [f"big-{n:02d}" for n in range(12)]

    query = [search_pb2.QueryTerm(image=pattern_image(20))]
    found = stub.Search(search_pb2.SearchRequest(parent=collection_name("big"), terms=query, page_size=12))
    assert 0 < len(found.results) < 12 and found.ByteSize() <= limit
    # Everything not sent is counted in `remaining`, and the page token starts the next page at the first left out.
    rest = stub.Search(search_pb2.SearchRequest(parent=collection_name("big"), terms=query, page_size=12,
                                                page_token=found.next_page_token))
    assert found.remaining == 12 - len(found.results) and rest.results[0].rank == len(found.results) + 1
