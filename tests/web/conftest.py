"""A real stack for the web tests: tiny embedder, expansion and search services, a seeded collection, the web app.

The collection holds 50 photo-like items cut from the demo photographs (so
preview sizes are those of real pictures, not flat test patterns).
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from PIL import Image, ImageOps

from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.web.app import create_app
from mediasearch.web.backend import SearchBackend
from mediasearch.web.settings import WebSettings
from tests.servers import free_port, search_settings

PHOTOS = Path(__file__).resolve().parents[2] / "mediasearch" / "demo" / "photos"
COLLECTION = "photos"
ITEM_COUNT = 50


def photo_variants(count: int) -> list[tuple[str, bytes]]:
    """Distinct JPEGs: crops, mirrors and sizes of the demo photographs."""
    sources = sorted(p for p in PHOTOS.glob("*.jpg"))
    out = []
    for n in range(count):
        image = Image.open(sources[n % len(sources)]).convert("RGB")
        w, h = image.size
        step = n // len(sources)
        box = (step * w // 16, step * h // 20, w - step * w // 24, h - step * h // 30)
        variant = image.crop(box)
        if step % 2:
            variant = ImageOps.mirror(variant)
        buffer = io.BytesIO()
        variant.resize((max(64, variant.width * 2), max(64, variant.height * 2))).save(buffer, "JPEG", quality=88)
        out.append((f"{sources[n % len(sources)].stem}-{n:02d}", buffer.getvalue()))
    return out


@dataclass
class Stack:
    search_port: int
    stub: search_pb2_grpc.SearchServiceStub
    images: dict[str, bytes]


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory, embedder_server) -> Iterator[Stack]:  # type: ignore[no-untyped-def]
    from expansion_svc.server import create_server as create_expansion
    from expansion_svc.settings import ExpansionSettings
    from search_svc.server import create_server as create_search

    _, embedder_port = embedder_server
    expansion, expansion_port = create_expansion(
        ExpansionSettings(host="127.0.0.1", metrics_port=0, log_format="text", grace_period_s=1.0), port=0)
    expansion.wait_ready(60)
    search, search_port = create_search(
        search_settings(tmp_path_factory.mktemp("web-data"), embedder_port, expansion_port, expansion_timeout_s=5.0),
        port=0)
    search.wait_ready(60)
    images = dict(photo_variants(ITEM_COUNT))
    with grpc.insecure_channel(f"127.0.0.1:{search_port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        requests = [search_pb2.IngestRequest(
            parent=collection_name(COLLECTION), item_id=f"{item_id}.jpg", data=data,
            metadata=search_pb2.ItemMetadata(uri=f"/photos/{item_id}.jpg", tags=["even" if n % 2 == 0 else "odd"]))
            for n, (item_id, data) in enumerate(images.items())]
        answers = list(stub.Ingest(iter(requests)))
        assert all(a.status == search_pb2.INGEST_STATUS_INDEXED for a in answers), answers
        yield Stack(search_port, stub, images)
    search.stop(0)
    expansion.stop(0)


def web_settings(stack: Stack, **overrides: object) -> WebSettings:
    values: dict[str, object] = {"search_address": f"127.0.0.1:{stack.search_port}", "collection": COLLECTION,
                                 "max_upload_bytes": 2 * 1024 * 1024, "timeout_s": 20.0}
    return WebSettings(**(values | overrides))


@contextlib.contextmanager
def serving(settings: WebSettings) -> Iterator[str]:
    """The web app for `settings` served by uvicorn on settings.port, as a browser reaches it."""
    import uvicorn

    backend = SearchBackend.connect(settings.search_address, security=None, own_identity=False)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, backend), host="127.0.0.1", port=settings.port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{settings.port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="package")
def web_url(stack: Stack) -> Iterator[str]:
    """The web app served by uvicorn on a free port, as a browser reaches it."""
    with serving(web_settings(stack, port=free_port())) as url:
        yield url
