"""Photo-library features over real gRPC with the real (tiny) embedder: EXIF facts on items, capture-time
filters and order with paging, the image calibration resource, and FindSimilar scored through it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import grpc
import numpy as np
import pytest
from PIL import Image

from mediasearch.names import calibration_name, collection_name, image_calibration_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import encode_image, pattern_image, photo_with_exif
from search_svc.server import create_server
from tests.servers import search_settings

PARENT = collection_name("library")
# (id, EXIF DateTimeOriginal, OffsetTimeOriginal, Make, Model, format); "" = no EXIF capture time
PHOTOS = [
    ("beach", "2023:07:14 16:05:00", "+02:00", "Apple", "iPhone 15", "HEIF"),
    ("party", "2023:12:31 23:30:00", "", "Canon", "Canon EOS R5", "JPEG"),
    ("hike", "2022:05:01 09:00:00", "-07:00", "FUJIFILM", "X100V", "JPEG"),
    ("scan", "", "", "", "", "JPEG"),
    ("garden", "2024:04:20 11:00:00", "+00:00", "Google", "Pixel 8", "WEBP"),
]


@pytest.fixture(scope="module")
def stub(tmp_path_factory: pytest.TempPathFactory, embedder_server) -> Iterator[search_pb2_grpc.SearchServiceStub]:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    server, port = create_server(search_settings(tmp_path_factory.mktemp("library"), embedder_port), port=0)
    server.wait_ready(60)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        requests = [
            search_pb2.IngestRequest(parent=PARENT, item_id=item_id, data=photo_with_exif(
                taken=taken, offset=offset, make=make, model=model, orientation=6 if item_id == "hike" else 0,
                fmt=fmt, seed=n + 1))
            for n, (item_id, taken, offset, make, model, fmt) in enumerate(PHOTOS)
        ] + [search_pb2.IngestRequest(parent=PARENT, item_id=f"other{n}", data=pattern_image(20 + n)) for n in range(10)]
        assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(requests)))
        yield stub
    server.stop(0)


def items_by_id(stub: search_pb2_grpc.SearchServiceStub) -> dict[str, search_pb2.Item]:
    return {i.id: i for i in stub.ListItems(search_pb2.ListItemsRequest(parent=PARENT, page_size=100)).items}


def test_items_carry_capture_time_camera_and_orientation(stub) -> None:  # type: ignore[no-untyped-def]
    items = items_by_id(stub)
    beach = items["beach"]  # HEIC
    assert beach.capture_time.ToJsonString() == "2023-07-14T14:05:00Z" and beach.capture_time_offset == "+02:00"
    assert (beach.camera_make, beach.camera_model) == ("Apple", "iPhone 15")
    party = items["party"]  # no offset: read as UTC
    assert party.capture_time.ToJsonString() == "2023-12-31T23:30:00Z" and party.capture_time_offset == ""
    hike = items["hike"]
    assert hike.capture_time.ToJsonString() == "2022-05-01T16:00:00Z" and hike.orientation == 6
    assert (hike.width, hike.height) == (48, 64), "orientation 6 turns the 64x48 photo upright"
    assert not items["scan"].HasField("capture_time") and items["scan"].camera_model == ""
    assert not items["other0"].HasField("capture_time") and items["other0"].orientation == 0


def _ids(response: search_pb2.SearchResponse) -> list[str]:
    return [r.item.id for r in response.results]


def test_capture_time_filters_leave_out_photos_without_one(stub) -> None:  # type: ignore[no-untyped-def]
    after = search_pb2.Filter()
    after.capture_time_after.FromJsonString("2023-01-01T00:00:00Z")
    found = stub.Search(search_pb2.SearchRequest(parent=PARENT, terms=[search_pb2.QueryTerm(text="photo")],
                                                 page_size=100, filter=after))
    assert sorted(_ids(found)) == ["beach", "garden", "party"]
    window = search_pb2.Filter()
    window.capture_time_after.FromJsonString("2022-01-01T00:00:00Z")
    window.capture_time_before.FromJsonString("2023-07-14T14:05:00Z")  # exclusive: the beach photo is out
    found = stub.Search(search_pb2.SearchRequest(parent=PARENT, terms=[search_pb2.QueryTerm(text="photo")],
                                                 page_size=100, filter=window))
    assert _ids(found) == ["hike"]
    backwards = search_pb2.Filter()
    backwards.capture_time_after.FromJsonString("2024-01-01T00:00:00Z")
    backwards.capture_time_before.FromJsonString("2023-01-01T00:00:00Z")
    with pytest.raises(grpc.RpcError) as refused:
        stub.Search(search_pb2.SearchRequest(parent=PARENT, terms=[search_pb2.QueryTerm(text="x")], filter=backwards))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_time_order_pages_newest_first_and_tokens_are_bound_to_the_order(stub) -> None:  # type: ignore[no-untyped-def]
    def request(order: int, token: str = "") -> search_pb2.SearchRequest:
        return search_pb2.SearchRequest(parent=PARENT, terms=[search_pb2.QueryTerm(text="photo")], page_size=2,
                                        min_score=0.0, order=order, page_token=token)

    seen: list[str] = []
    token = ""
    while True:
        page = stub.Search(request(search_pb2.SEARCH_ORDER_CAPTURE_TIME_DESC, token))
        seen += _ids(page)
        token = page.next_page_token
        if not token:
            break
    assert seen[:4] == ["garden", "party", "beach", "hike"] and len(seen) == 15 and len(set(seen)) == 15
    oldest = stub.Search(request(search_pb2.SEARCH_ORDER_CAPTURE_TIME_ASC))
    assert _ids(oldest) == ["hike", "beach"]
    first = stub.Search(request(search_pb2.SEARCH_ORDER_CAPTURE_TIME_DESC))
    with pytest.raises(grpc.RpcError) as refused:
        stub.Search(request(search_pb2.SEARCH_ORDER_CAPTURE_TIME_ASC, first.next_page_token))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_time_order_without_a_threshold_keeps_only_calibrated_matches(stub) -> None:  # type: ignore[no-untyped-def]
    query = photo_with_exif(taken="2023:07:14 16:05:00", offset="+02:00", make="Apple", model="iPhone 15", fmt="PNG",
                            seed=1)  # the beach photo's pixels in another file
    by_time = stub.Search(search_pb2.SearchRequest(parent=PARENT, terms=[search_pb2.QueryTerm(image=query)],
                                                   page_size=20, order=search_pb2.SEARCH_ORDER_CAPTURE_TIME_DESC))
    assert "beach" in _ids(by_time) and len(by_time.results) < 15
    assert all(r.score >= 0.5 for r in by_time.results)
    assert by_time.calibration.target == search_pb2.CALIBRATION_TARGET_IMAGE_IMAGE


def test_similar_scores_a_near_duplicate_high_and_an_unrelated_image_low(stub) -> None:  # type: ignore[no-untyped-def]
    original = Image.open(io.BytesIO(pattern_image(24)))
    bigger = encode_image(original.resize((128, 128), Image.Resampling.BICUBIC), "PNG")  # resized copy, new bytes
    found = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=PARENT, image=bigger, page_size=15))
    assert found.results[0].item.id == "other4" and found.results[0].score > 0.9
    assert found.results[-1].score < 0.5
    assert sum(r.score > 0.9 for r in found.results) == 1, "one near-duplicate, not a collection of 1.000s"
    itself = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=PARENT, item_id="other4", page_size=15,
                                                             include_self=True))
    assert itself.results[0].item.id == "other4" and itself.results[0].score > 0.98
    # Text queries keep the text calibration, the model's own sigmoid(10 cos - 10) for the tiny model.
    text = stub.Search(search_pb2.SearchRequest(parent=PARENT, terms=[search_pb2.QueryTerm(text="a dog")],
                                                page_size=15))
    assert text.calibration.name == calibration_name("library")
    for result in text.results:
        assert result.score == pytest.approx(1 / (1 + np.exp(-(10.0 * result.raw_cosine - 10.0))), abs=1e-5)


def test_mixed_queries_report_their_blend(stub) -> None:  # type: ignore[no-untyped-def]
    mixed = stub.Search(search_pb2.SearchRequest(parent=PARENT, page_size=3, terms=[
        search_pb2.QueryTerm(text="cat", weight=2.0), search_pb2.QueryTerm(image=pattern_image(22))]))
    calibration = mixed.calibration
    assert calibration.target == search_pb2.CALIBRATION_TARGET_MIXED and calibration.name == ""
    assert calibration.image_share == pytest.approx(1 / 3)
    text = stub.GetCalibration(search_pb2.GetCalibrationRequest(name=calibration_name("library"))).calibration
    image = stub.GetCalibration(search_pb2.GetCalibrationRequest(name=image_calibration_name("library"))).calibration
    assert calibration.cosine_at_half == pytest.approx((2 * text.cosine_at_half + image.cosine_at_half) / 3, rel=1e-4)


def test_the_image_calibration_resource_reads_sets_and_fits(stub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = image_calibration_name("library")
    derived = stub.GetCalibration(search_pb2.GetCalibrationRequest(name=name)).calibration
    assert derived.name == name and derived.target == search_pb2.CALIBRATION_TARGET_IMAGE_IMAGE
    assert derived.method == search_pb2.CALIBRATION_METHOD_PLATT and not derived.HasField("update_time")
    text_before = stub.GetCalibration(search_pb2.GetCalibrationRequest(name=calibration_name("library"))).calibration
    assert text_before.target == search_pb2.CALIBRATION_TARGET_TEXT_IMAGE

    with pytest.raises(grpc.RpcError) as refused:
        stub.UpdateCalibration(search_pb2.UpdateCalibrationRequest(calibration=search_pb2.Calibration(
            name=name, method=search_pb2.CALIBRATION_METHOD_MODEL_NATIVE)))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    # Fitting from (query item, item) pairs: each photo is relevant to itself only.
    ids = [p[0] for p in PHOTOS] + [f"other{n}" for n in range(10)]
    pairs = [search_pb2.LabeledPair(query=q, item_id=i, relevant=q == i) for q in ids[:6] for i in ids]
    fitted = stub.FitCalibration(search_pb2.FitCalibrationRequest(name=name, pairs=pairs, apply=True))
    assert fitted.applied and fitted.calibration.name == name and fitted.after.pair_count == 90
    # The derived default already separates copies from strangers on these pairs; the fit does too.
    assert fitted.before.log_loss < 0.05 and fitted.after.log_loss < 0.05
    assert stub.GetCalibration(search_pb2.GetCalibrationRequest(name=name)).calibration.slope == pytest.approx(
        fitted.calibration.slope)

    chosen = stub.UpdateCalibration(search_pb2.UpdateCalibrationRequest(calibration=search_pb2.Calibration(
        name=name, method=search_pb2.CALIBRATION_METHOD_PLATT, slope=50.0, intercept=-45.0)))
    assert chosen.calibration.cosine_at_half == pytest.approx(0.9) and chosen.calibration.HasField("update_time")
    similar = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=PARENT, item_id="other3", page_size=1))
    assert similar.results[0].score == pytest.approx(1 / (1 + np.exp(-(50 * similar.results[0].raw_cosine - 45))),
                                                     abs=1e-5)
    text_after = stub.GetCalibration(search_pb2.GetCalibrationRequest(name=calibration_name("library"))).calibration
    assert text_after == text_before, "the text calibration is untouched"
