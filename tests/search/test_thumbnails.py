"""Previews made at ingest, read with BatchGetThumbnails over real gRPC, deleted with their items."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import grpc
import pytest
from PIL import Image

from mediasearch.names import collection_name, item_name
from mediasearch.search.v1 import search_pb2
from mediasearch.testing.images import pattern_image
from tests.search.test_service import ingest, search_server  # noqa: F401  (the fixture)

PARENT = collection_name("photos")


def rotated_jpeg(width: int = 800, height: int = 400) -> bytes:
    """A wide JPEG whose EXIF says 'rotate 90°': upright it is tall."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, width // 4, height))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def get(stub, ids: list[str], **kwargs: object) -> search_pb2.BatchGetThumbnailsResponse:  # type: ignore[no-untyped-def]
    return stub.BatchGetThumbnails(search_pb2.BatchGetThumbnailsRequest(
        parent=PARENT, names=[item_name("photos", i) for i in ids], **kwargs))


def thumbnail_rows(data_dir: Path) -> int:
    (store,) = data_dir.rglob("items.sqlite3")
    with sqlite3.connect(store) as connection:
        return connection.execute("SELECT COUNT(*) FROM thumbnails").fetchone()[0]


def test_ingest_makes_upright_webp_previews_read_in_request_order(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    ingest(stub, [("a/b.jpg", rotated_jpeg()), ("img1", pattern_image(1))])
    answer = get(stub, ["img1", "a/b.jpg", "ghost"])
    assert [t.name for t in answer.thumbnails] == ["collections/photos/items/img1", "collections/photos/items/a%2Fb.jpg"]
    assert list(answer.missing_names) == ["collections/photos/items/ghost"] and not answer.deferred_names
    rotated = answer.thumbnails[1]
    assert rotated.mime_type == "image/webp" and (rotated.width, rotated.height) == (128, 256)
    decoded = Image.open(io.BytesIO(rotated.data))
    assert decoded.format == "WEBP" and decoded.size == (128, 256)
    # EXIF orientation 6 turns the blue left quarter into the top quarter.
    top, bottom = decoded.convert("RGB").getpixel((64, 10)), decoded.convert("RGB").getpixel((64, 240))
    assert top[2] > 150 and bottom[0] > 150


def test_byte_budget_defers_the_rest_but_always_returns_one(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    ingest(stub, [(f"img{i}", pattern_image(i)) for i in range(4)])
    answer = get(stub, [f"img{i}" for i in range(4)], max_response_bytes=1)
    assert len(answer.thumbnails) == 1 and len(answer.deferred_names) == 3
    rest = stub.BatchGetThumbnails(search_pb2.BatchGetThumbnailsRequest(parent=PARENT, names=answer.deferred_names))
    assert len(rest.thumbnails) == 3


def test_bad_requests_are_invalid_argument_or_not_found(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    ingest(stub, [("img0", pattern_image(0))])
    for request in (
        search_pb2.BatchGetThumbnailsRequest(parent=PARENT),
        search_pb2.BatchGetThumbnailsRequest(parent=PARENT, names=["nonsense"]),
        search_pb2.BatchGetThumbnailsRequest(parent=PARENT, names=[item_name("other", "x")]),
        search_pb2.BatchGetThumbnailsRequest(parent=PARENT, names=[item_name("photos", "img0")], max_response_bytes=-1),
        search_pb2.BatchGetThumbnailsRequest(parent=PARENT, names=[item_name("photos", "img0")] * 1001),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            stub.BatchGetThumbnails(request)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as caught:
        stub.BatchGetThumbnails(search_pb2.BatchGetThumbnailsRequest(parent=collection_name("nope"),
                                                                     names=[item_name("nope", "x")]))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


# It counts rows in the embedded store's SQLite file; Milvus's backfill is in test_milvus_backend.py.
@pytest.mark.parametrize("search_server", ["embedded"], indirect=True)
def test_previews_go_with_their_items_and_reingest_backfills(search_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    images = [(f"img{i}", pattern_image(i)) for i in range(3)]
    ingest(stub, images)
    data_dir = tmp_path / "data"
    assert thumbnail_rows(data_dir) == 3
    stub.BatchDeleteItems(search_pb2.BatchDeleteItemsRequest(parent=PARENT, names=[item_name("photos", "img0")]))
    assert thumbnail_rows(data_dir) == 2 and list(get(stub, ["img0"]).missing_names)

    # A store from before previews existed: rows gone. Re-ingesting the same bytes is UNCHANGED and adds them.
    (store,) = data_dir.rglob("items.sqlite3")
    with sqlite3.connect(store) as connection:
        connection.execute("DELETE FROM thumbnails")
    assert len(get(stub, ["img1", "img2"]).missing_names) == 2
    again = ingest(stub, images[1:])
    assert [r.status for r in again] == [search_pb2.INGEST_STATUS_UNCHANGED] * 2
    assert len(get(stub, ["img1", "img2"]).thumbnails) == 2
