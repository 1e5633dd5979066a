"""The HTTP/JSON API against a real search service: every route, bad input, gRPC -> HTTP status, the OpenAPI document."""

from __future__ import annotations

import base64
import gzip
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc

import pytest
from openapi_spec_validator import validate
from starlette.testclient import TestClient

from mediasearch.names import collection_name
from mediasearch.runtime.auth import Role, token_line
from mediasearch.runtime.status import BUSY_RETRY_AFTER_S
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from mediasearch.web.app import create_app
from mediasearch.web.backend import SearchBackend
from mediasearch.web.routes import ROUTES
from tests.servers import search_settings
from tests.web.conftest import COLLECTION, ITEM_COUNT, Stack, web_settings

BASE = f"/api/v1/collections/{COLLECTION}"


@pytest.fixture(scope="module")
def client(stack: Stack) -> TestClient:
    settings = web_settings(stack)
    backend = SearchBackend.connect(settings.search_address, security=None, own_identity=False)
    return TestClient(create_app(settings, backend))


def test_openapi_document_validates_and_describes_every_route(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    validate(document)
    for route in ROUTES:
        assert route.verb.lower() in document["paths"][route.path], route
    search = document["components"]["schemas"]["mediasearch_search_v1_SearchRequest"]["properties"]
    assert search["pageSize"] == {"type": "integer", "format": "int32"}
    assert search["mode"]["enum"][0] == "SEARCH_MODE_UNSPECIFIED"
    item = document["components"]["schemas"]["mediasearch_search_v1_Item"]["properties"]
    assert item["sizeBytes"]["type"] == "string" and item["indexTime"]["format"] == "date-time"


def test_search_by_text_and_by_image_in_the_protobuf_json_mapping(client: TestClient, stack: Stack) -> None:
    answer = client.post(f"{BASE}/items:search", json={"terms": [{"text": "a cat"}], "pageSize": 5})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert len(body["results"]) == 5 and body["calibration"]["name"] == f"collections/{COLLECTION}/calibration"
    first = body["results"][0]
    assert first["item"]["name"].startswith(f"collections/{COLLECTION}/items/") and 0 <= first["score"] <= 1
    assert body["nextPageToken"]
    image_id, data = next(iter(stack.images.items()))
    by_image = client.post(f"{BASE}/items:search", json={"terms": [{"image": base64.b64encode(data).decode()}],
                                                         "pageSize": 3}).json()
    assert by_image["results"][0]["item"]["id"] == f"{image_id}.jpg" and by_image["results"][0]["rawCosine"] > 0.999
    deep = client.post(f"{BASE}/items:search", json={"terms": [{"text": "a cat"}], "mode": "SEARCH_MODE_DEEP"}).json()
    assert deep["mode"] == "SEARCH_MODE_DEEP" and deep["expandedTerms"][0]["relation"] == "TERM_RELATION_ORIGINAL"


def test_similar_list_collections_and_calibration(client: TestClient, stack: Stack) -> None:
    some_id = f"{next(iter(stack.images))}.jpg"
    similar = client.post(f"{BASE}/items:findSimilar", json={"itemId": some_id, "pageSize": 4}).json()
    assert len(similar["results"]) == 4 and some_id not in [r["item"]["id"] for r in similar["results"]]
    page = client.get(f"{BASE}/items", params={"pageSize": 30}).json()
    assert len(page["items"]) == 30 and page["nextPageToken"]
    rest = client.get(f"{BASE}/items", params={"pageSize": 30, "pageToken": page["nextPageToken"]}).json()
    assert len(rest["items"]) == ITEM_COUNT - 30 and "nextPageToken" not in rest
    collections = client.get("/api/v1/collections").json()["collections"]
    assert [c["name"] for c in collections] == [f"collections/{COLLECTION}"]
    one = client.get(BASE).json()["collection"]
    assert one["itemCount"] == str(ITEM_COUNT) and one["dimension"] == 32
    calibration = client.get(f"{BASE}/calibration").json()["calibration"]
    assert calibration["method"] == "CALIBRATION_METHOD_MODEL_NATIVE" and "slope" in calibration


def test_fifty_thumbnails_come_in_one_call_under_a_megabyte(client: TestClient, stack: Stack) -> None:
    names = [f"collections/{COLLECTION}/items/{i}.jpg" for i in stack.images]
    answer = client.post(f"{BASE}/items:batchGetThumbnails", json={"names": names, "maxResponseBytes": 3 << 20},
                         headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and answer.headers["content-encoding"] == "gzip"
    body = answer.json()
    assert len(body["thumbnails"]) == ITEM_COUNT and not body.get("deferredNames")
    raw = sum(len(base64.b64decode(t["data"])) for t in body["thumbnails"])
    wire = len(gzip.compress(answer.content))  # the body as it travelled (re-compressed the same way)
    print(f"\n50 previews: {raw} bytes of WebP, about {wire} bytes on the wire as gzipped JSON")
    assert wire < 1_000_000
    assert all(t["mimeType"] == "image/webp" and max(t["width"], t["height"]) <= 256 for t in body["thumbnails"])


def test_upload_thumbnail_and_delete(client: TestClient) -> None:
    upload = client.post(f"{BASE}/items:upload", files={"file": ("x.png", pattern_image(7), "image/png")},
                         data={"itemId": "uploads/x.png", "tags": "new, upload"})
    assert upload.status_code == 200 and upload.json()["status"] == "INGEST_STATUS_INDEXED", upload.text
    image = client.get(f"{BASE}/items/uploads%2Fx.png/thumbnail")
    assert image.status_code == 200 and image.headers["content-type"] == "image/webp" and image.content[:4] == b"RIFF"
    assert client.get(f"{BASE}/items/nothing-here/thumbnail").status_code == 404
    deleted = client.post(f"{BASE}/items:batchDelete", json={"names": [
        f"collections/{COLLECTION}/items/uploads%2Fx.png", f"collections/{COLLECTION}/items/ghost"]}).json()
    assert deleted["deletedCount"] == 1 and deleted["missingNames"] == [f"collections/{COLLECTION}/items/ghost"]


def test_bad_uploads_get_clear_answers(client: TestClient) -> None:
    broken = client.post(f"{BASE}/items:upload", files={"file": ("x.png", b"not an image", "image/png")})
    assert broken.status_code == 400 and broken.json()["error"]["reason"] == "IMAGE_FORMAT_UNSUPPORTED"
    too_big = client.post(f"{BASE}/items:upload", files={"file": ("big.png", b"\0" * (3 * 1024 * 1024), "image/png")})
    assert too_big.status_code == 413 and "limit" in too_big.json()["error"]["message"]
    no_file = client.post(f"{BASE}/items:upload", files={"other": ("x.png", b"x", "image/png")})
    assert no_file.status_code == 400 and "file" in no_file.json()["error"]["fieldViolations"]
    not_multipart = client.post(f"{BASE}/items:upload", content=b"raw", headers={"Content-Type": "image/png"})
    assert not_multipart.status_code == 400


@pytest.mark.parametrize(("method", "path", "payload", "status", "status_name"), [
    ("post", "/items:search", b"{not json", 400, "INVALID_ARGUMENT"),
    ("post", "/items:search", b"[1, 2]", 400, "INVALID_ARGUMENT"),
    ("post", "/items:search", json.dumps({"terms": [{"text": "x"}], "noSuchField": 1}).encode(), 400, "INVALID_ARGUMENT"),
    ("post", "/items:search", json.dumps({"terms": [], "pageSize": 5}).encode(), 400, "INVALID_ARGUMENT"),
    ("post", "/items:search", json.dumps({"terms": [{"text": "x"}], "pageSize": -1}).encode(), 400, "INVALID_ARGUMENT"),
    ("post", "/items:findSimilar", json.dumps({"itemId": "ghost"}).encode(), 404, "NOT_FOUND"),
    ("get", "/items?pageSize=abc", None, 400, "INVALID_ARGUMENT"),
    ("get", "/items?bogus=1", None, 400, "INVALID_ARGUMENT"),
    ("post", "/items:batchDelete", json.dumps({"names": ["collections/other/items/x"]}).encode(), 400, "INVALID_ARGUMENT"),
])
def test_bad_input_maps_to_http_statuses(client: TestClient, method: str, path: str, payload: bytes | None,
                                         status: int, status_name: str) -> None:
    answer = getattr(client, method)(BASE + path, **({"content": payload} if payload is not None else {}))
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["status"] == status_name and answer.json()["error"]["summary"]


def test_unknown_collection_is_404_and_oversized_body_413(client: TestClient) -> None:
    missing = client.post("/api/v1/collections/nope/items:search", json={"terms": [{"text": "x"}]})
    assert missing.status_code == 404 and missing.json()["error"]["status"] == "NOT_FOUND"
    huge = client.post(f"{BASE}/items:search", content=b" " * (3 * 1024 * 1024))
    assert huge.status_code == 413


def test_calibration_update_round_trips(client: TestClient) -> None:
    client.post("/api/v1/collections/cal/items:upload", files={"file": ("a.png", pattern_image(3), "image/png")})
    patched = client.patch("/api/v1/collections/cal/calibration", json={
        "calibration": {"method": "CALIBRATION_METHOD_PLATT", "slope": 12.5, "intercept": -2.0},
        "updateMask": "method,slope,intercept"})
    assert patched.status_code == 200, patched.text
    assert client.get("/api/v1/collections/cal/calibration").json()["calibration"]["slope"] == 12.5
    refused = client.patch("/api/v1/collections/cal/calibration", json={"calibration": {}, "updateMask": "logitBias"})
    assert refused.status_code == 400


def test_unreachable_search_service_is_503(stack: Stack) -> None:
    settings = web_settings(stack, search_address="127.0.0.1:1", timeout_s=2.0)
    with TestClient(create_app(settings, SearchBackend.connect(settings.search_address, security=None,
                                                               timeout_s=2.0))) as dead:
        answer = dead.get("/api/v1/collections")
        not_ready = dead.get("/readyz")
    assert answer.status_code == 503 and "cannot be reached" in answer.json()["error"]["summary"]
    assert not_ready.status_code == 503 and "127.0.0.1:1" in not_ready.text
    assert dead.get("/healthz").status_code == 200  # alive, only not ready: no restart loop while search is away


def test_ready_when_the_search_service_serves(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200 and client.get("/healthz").text == "ok"


def test_bearer_tokens_pass_through_and_roles_map_to_401_and_403(tmp_path: Path, embedder_server, stack: Stack) -> None:  # type: ignore[no-untyped-def]
    from search_svc.server import create_server

    tokens = tmp_path / "tokens"
    tokens.write_text(token_line("reader", Role.READER, "tok-reader") + "\n" + token_line("writer", Role.WRITER, "tok-writer") + "\n")
    _, embedder_port = embedder_server
    server, port = create_server(search_settings(tmp_path / "data", embedder_port, auth_tokens_file=str(tokens)), port=0)
    server.wait_ready(60)
    try:
        settings = web_settings(stack, search_address=f"127.0.0.1:{port}")
        secured = TestClient(create_app(settings, SearchBackend.connect(settings.search_address, security=None)))
        upload = {"files": {"file": ("a.png", pattern_image(1), "image/png")}}
        assert secured.post(f"{BASE}/items:upload", **upload).status_code == 401
        reader = {"Authorization": "Bearer tok-reader"}
        denied = secured.post(f"{BASE}/items:upload", headers=reader, **upload)
        assert denied.status_code == 403 and denied.json()["error"]["status"] == "PERMISSION_DENIED"
        written = secured.post(f"{BASE}/items:upload", headers={"Authorization": "Bearer tok-writer"}, **upload)
        assert written.status_code == 200, written.text
        found = secured.post(f"{BASE}/items:search", headers=reader, json={"terms": [{"text": "x"}]})
        assert found.status_code == 200 and len(found.json()["results"]) == 1
        # Fitting (even a preview) and saving a calibration are for admins: a writer's fit is refused.
        fit = secured.post(f"/fragments/{COLLECTION}/fit", headers={"Authorization": "Bearer tok-writer"},
                           json={"pairsText": "\n".join(f"x,a.png,{n % 2}" for n in range(12)), "apply": True})
        assert fit.status_code == 403 and fit.json()["error"]["status"] == "PERMISSION_DENIED"
        wrong = secured.get("/api/v1/collections", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    finally:
        server.stop(0)


def test_a_busy_search_service_is_429_with_retry_after(tmp_path: Path, embedder_server, stack: Stack) -> None:  # type: ignore[no-untyped-def]
    """One slot in all: while an ingest stream holds it, the HTTP call is refused, then served once it ends."""
    from search_svc.server import create_server

    _, embedder_port = embedder_server
    server, port = create_server(search_settings(tmp_path / "data", embedder_port, max_concurrent_rpcs=1,
                                                 max_caller_share=1.0), port=0)
    server.wait_ready(60)
    release = threading.Event()

    def held_requests() -> Iterator[search_pb2.IngestRequest]:
        yield search_pb2.IngestRequest(parent=collection_name("busy"), item_id="a.png", data=pattern_image(1))
        release.wait(30)

    try:
        settings = web_settings(stack, search_address=f"127.0.0.1:{port}")
        web = TestClient(create_app(settings, SearchBackend.connect(settings.search_address, security=None)))
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            held = search_pb2_grpc.SearchServiceStub(channel).Ingest(held_requests())
            assert next(held).status == search_pb2.INGEST_STATUS_INDEXED  # the stream now holds the one slot
            busy = web.post("/api/v1/collections/busy/items:search", json={"terms": [{"text": "x"}]})
            assert busy.status_code == 429, busy.text
            assert busy.headers["retry-after"] == str(BUSY_RETRY_AFTER_S)
            error = busy.json()["error"]
            assert error["status"] == "RESOURCE_EXHAUSTED" and "busy" in error["summary"]
            assert "limit of 1 concurrent calls" in error["message"]  # the service's own words pass through
            release.set()
            assert list(held) == []
        served = web.post("/api/v1/collections/busy/items:search", json={"terms": [{"text": "x"}]})
        assert served.status_code == 200 and served.json()["results"][0]["item"]["id"] == "a.png"
    finally:
        release.set()
        server.stop(0)
