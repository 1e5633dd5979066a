"""Property-based tests over every RPC of the three services, against real servers started once.

For every method of every service, Hypothesis sends requests built from the
request message's descriptor (random and boundary values in every field) and
wire bytes that may not parse. Allowed outcomes: OK or a status that blames
the caller or the moment; never INTERNAL or UNKNOWN, and in an Ingest or
StreamEmbedImages stream, never such a per-item code either. At the end the
services are still SERVING and the items stored before fuzzing are all there.

Budget: HYPOTHESIS_PROFILE=ci (default; fixed, derandomised examples) or
HYPOTHESIS_PROFILE=long for a longer random run:
    HYPOTHESIS_PROFILE=long python -m pytest -q tests/property
"""

from __future__ import annotations

import collections
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import field_mask_pb2
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expansion_svc.server import create_server as create_expansion
from expansion_svc.settings import ExpansionSettings
from mediasearch.embedder.v1 import embedder_pb2
from mediasearch.expansion.v1 import expansion_pb2
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from search_svc.server import create_server as create_search
from tests.property.strategies import messages, wire_bytes
from tests.servers import search_settings

settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.large_base_example])
settings.register_profile("long", max_examples=500, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.large_base_example])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Statuses that blame the request or the moment. INTERNAL and UNKNOWN mean a bug.
ALLOWED = {
    grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND, grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.OUT_OF_RANGE,
}
FORBIDDEN_ITEM_CODES = {grpc.StatusCode.INTERNAL.value[0], grpc.StatusCode.UNKNOWN.value[0]}
KEPT = "kept"  # a collection the strategies never name: its items must survive everything
KEPT_IDS = [f"keep-{n}" for n in range(4)]
SEEN: collections.Counter[str] = collections.Counter()


def _methods(module) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    found = []
    for service in module.DESCRIPTOR.services_by_name.values():
        for method in service.methods:
            found.append((f"/{service.full_name}/{method.name}", method))
    return found


SERVICES = {"search": search_pb2, "embedder": embedder_pb2, "expansion": expansion_pb2}
ALL_METHODS = [(name, path, method) for name, module in SERVICES.items() for path, method in _methods(module)]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, embedder_server) -> Iterator[dict[str, object]]:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    folder = tmp_path_factory.mktemp("property")
    root = folder / "root"
    root.mkdir()
    (root / "photo.png").write_bytes(pattern_image(3))
    os.mkfifo(root / "pipe")
    (root / "loop").symlink_to("loop")
    expansion, expansion_port = create_expansion(
        ExpansionSettings(host="127.0.0.1", metrics_port=0, log_format="text", grace_period_s=1.0), port=0)
    expansion.wait_ready(60)
    search, search_port = create_search(
        search_settings(folder / "data", embedder_port, expansion_port, ingest_roots=[str(root)]), port=0)
    search.wait_ready(60)
    channels = {"search": grpc.insecure_channel(f"127.0.0.1:{search_port}"),
                "embedder": grpc.insecure_channel(f"127.0.0.1:{embedder_port}"),
                "expansion": grpc.insecure_channel(f"127.0.0.1:{expansion_port}")}
    stub = search_pb2_grpc.SearchServiceStub(channels["search"])
    seed = [search_pb2.IngestRequest(parent=collection_name(KEPT), item_id=i, data=pattern_image(50 + n))
            for n, i in enumerate(KEPT_IDS)]
    # The collection the strategies name, seeded so that searches and deletes reach real items.
    seed += [search_pb2.IngestRequest(parent=collection_name("fuzz"), item_id=i, data=pattern_image(60 + n))
             for n, i in enumerate("ab")]
    assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(seed)))
    yield {"channels": channels, "root": root}
    for channel in channels.values():
        channel.close()
    search.stop(0)
    expansion.stop(0)


def _hints(root: Path) -> dict[str, list[str]]:
    return {
        "parent": ["collections/fuzz", "collections/fuzz", "collections/fuzz", "fuzz", "collections/Bad Name!",
                   "collections/" + "x" * 65, "collections/kept/items/x"],
        "name": ["collections/fuzz", "collections/fuzz/calibration", "collections/fuzz/items/a", "collections/nope",
                 "collections/fuzz/calibration/extra", ""],
        "item_id": ["a", "b", "missing", "keep-0"],
        "names": ["collections/fuzz/items/c", "collections/fuzz/items/missing", "collections/kept/items/keep-0"],
        "path": [str(root / "photo.png"), str(root / "pipe"), str(root / "loop"), str(root), "/etc/passwd",
                 "/proc/self/cwd/pyproject.toml", str(root / ".." / "root" / "photo.png"), "relative.png"],
        "query": ["dog", "a red car", "beach"], "text": ["dog", "a photo", "{}"], "concepts": ["dog", "a beach", ""],
    }


def _valid_requests() -> dict[str, Message]:
    """One valid request per method: the base that `one_field_changed` perturbs."""
    image = pattern_image(7)
    pairs = [search_pb2.LabeledPair(query=q, item_id=i, relevant=(q == "dog") == (i == "a"))
             for q in ("dog", "cat", "car", "tree", "sea") for i in ("a", "b")]
    requests: list[Message] = [
        search_pb2.IngestRequest(parent="collections/fuzz", item_id="c", data=image,
                                 metadata=search_pb2.ItemMetadata(uri="/c.png", tags=["t"], attributes={"k": "v"})),
        search_pb2.BatchDeleteItemsRequest(parent="collections/fuzz", names=["collections/fuzz/items/c"]),
        search_pb2.ListItemsRequest(parent="collections/fuzz", page_size=1),
        search_pb2.BatchGetThumbnailsRequest(parent="collections/fuzz", names=["collections/fuzz/items/c"],
                                             max_response_bytes=1000),
        search_pb2.SearchRequest(parent="collections/fuzz", terms=[search_pb2.QueryTerm(text="dog")], page_size=2,
                                 mode=search_pb2.SEARCH_MODE_DEEP),
        search_pb2.FindSimilarRequest(parent="collections/fuzz", item_id="a", page_size=2),
        search_pb2.GetCollectionRequest(name="collections/fuzz"),
        search_pb2.ListCollectionsRequest(page_size=2),
        search_pb2.GetCalibrationRequest(name="collections/fuzz/calibration"),
        search_pb2.FitCalibrationRequest(name="collections/fuzz/calibration", pairs=pairs),
        search_pb2.ProfileImageRequest(parent="collections/fuzz", item_id="a", concepts=["dog", "beach"]),
        search_pb2.UpdateCalibrationRequest(
            calibration=search_pb2.Calibration(name="collections/fuzz/calibration", slope=10.0, intercept=-5.0,
                                               method=search_pb2.CALIBRATION_METHOD_PLATT),
            update_mask=field_mask_pb2.FieldMask(paths=["method", "slope", "intercept"])),
        embedder_pb2.BatchEmbedTextsRequest(texts=["dog"]),
        embedder_pb2.BatchEmbedImagesRequest(images=[embedder_pb2.ImageInput(id="x", data=image)]),
        embedder_pb2.StreamEmbedImagesRequest(image=embedder_pb2.ImageInput(id="x", data=image)),
        embedder_pb2.GetModelInfoRequest(include_vocabulary=True),
        expansion_pb2.ExpandRequest(query="dogs on a beach", max_terms=3, vocabulary=["dog", "beach"]),
        expansion_pb2.StreamTermsRequest(max_terms=300, terms_per_concept=3, vocabulary=["dog", "beach"]),
    ]
    return {type(r).DESCRIPTOR.full_name: r for r in requests}


VALID = _valid_requests()


def _record(outcome: str) -> None:
    SEEN[outcome] += 1


def _call(channel: grpc.Channel, path: str, method, payload: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    response_class = GetMessageClass(method.output_type)
    kind = {(False, False): channel.unary_unary, (False, True): channel.unary_stream,
            (True, False): channel.stream_unary, (True, True): channel.stream_stream}[
        (method.client_streaming, method.server_streaming)]
    call = kind(path, request_serializer=lambda raw: raw, response_deserializer=response_class.FromString)
    try:
        request = iter(payload) if method.client_streaming else payload[0]
        answer = call(request, timeout=60)
        answers = list(answer) if method.server_streaming else [answer]
    except grpc.RpcError as error:
        _record(f"{path.rsplit('/', 1)[1]}:{error.code().name}")
        if error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED:
            _record(f"why:{(error.details() or '')[:70]}")
        assert error.code() in ALLOWED, f"{path} answered {error.code().name}: {error.details()}"
        return
    _record(f"{path.rsplit('/', 1)[1]}:OK")
    if method.client_streaming and method.server_streaming:
        assert len(answers) == len(payload), f"{path}: {len(payload)} requests, {len(answers)} answers"
    for answer in answers:
        if isinstance(answer, search_pb2.IngestResponse):
            _record(f"ingest:{search_pb2.IngestStatus.Name(answer.status)}")
        _check_item_errors(answer)


def _check_item_errors(message: Message) -> None:
    """No per-item error (common.v1.ItemError) anywhere in a response carries INTERNAL or UNKNOWN."""
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        values = value if field.is_repeated else [value]
        for item in values:
            if field.message_type.name == "ItemError":
                _record(f"item:{grpc.StatusCode(next(c for c in grpc.StatusCode if c.value[0] == item.code)).name}")
                assert item.code not in FORBIDDEN_ITEM_CODES, f"per-item {item.code}: {item.message}"
            elif isinstance(item, Message):
                _check_item_errors(item)


@pytest.mark.parametrize(("service", "path", "method"), ALL_METHODS, ids=[p.rsplit("/", 1)[1] for _, p, _ in ALL_METHODS])
def test_any_request_gets_an_allowed_answer(servers, service: str, path: str, method, ) -> None:  # type: ignore[no-untyped-def]
    request_class = GetMessageClass(method.input_type)
    one = wire_bytes(request_class, _hints(servers["root"]), VALID[method.input_type.full_name])
    payloads = st.lists(one, min_size=1, max_size=4) if method.client_streaming else one.map(lambda raw: [raw])
    channel = servers["channels"][service]

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(payloads)
    def run(payload: list[bytes]) -> None:
        _call(channel, path, method, payload)

    run()
    _assert_serving(channel, SERVICES[service].DESCRIPTOR.services_by_name)


def test_structured_messages_cover_every_field() -> None:
    """The strategy sets every field of every request message at least once in a hundred draws."""
    for _, _, method in ALL_METHODS:
        request_class = GetMessageClass(method.input_type)
        unseen = _fields_never_set(request_class)
        assert not unseen, f"{request_class.DESCRIPTOR.full_name}: never set {sorted(unseen)}"


def _fields_never_set(request_class: type[Message]) -> set[str]:
    unseen = {f.name for f in request_class.DESCRIPTOR.fields}

    @settings(max_examples=100, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(messages(request_class))
    def draw(message: Message) -> None:
        unseen.difference_update(f.name for f, _ in message.ListFields())

    draw()
    return unseen


def _assert_serving(channel: grpc.Channel, service_names) -> None:  # type: ignore[no-untyped-def]
    health = health_pb2_grpc.HealthStub(channel)
    for name in ("", *(s.full_name for s in service_names.values())):
        status = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=10).status
        assert status == health_pb2.HealthCheckResponse.SERVING, name


def test_items_stored_before_fuzzing_are_all_still_there(servers) -> None:  # type: ignore[no-untyped-def]
    stub = search_pb2_grpc.SearchServiceStub(servers["channels"]["search"])
    listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name(KEPT)))
    assert [item.id for item in listed.items] == KEPT_IDS
    assert [item.sha256 for item in listed.items] == [hashlib.sha256(pattern_image(50 + n)).hexdigest()
                                                      for n in range(len(KEPT_IDS))]
    found = stub.Search(search_pb2.SearchRequest(parent=collection_name(KEPT), terms=[search_pb2.QueryTerm(image=pattern_image(52))],
                                                 page_size=1))
    assert found.results[0].item.id == "keep-2"
    print("\nstatuses seen:", dict(sorted(SEEN.items())))
