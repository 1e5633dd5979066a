"""Hostile ingest paths against a real search service: FIFOs, link loops, link swaps, leaks, oversized files.

Each test also checks the service keeps answering other callers.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from mediasearch.names import calibration_name, collection_name, item_name
from search_svc.server import create_server
from tests.search.conftest import swapping_link
from tests.servers import search_settings

MAX_IMAGE_BYTES = 200_000


@pytest.fixture(scope="module")
def rooted(tmp_path_factory: pytest.TempPathFactory, embedder_server) -> Iterator[tuple[search_pb2_grpc.SearchServiceStub, Path]]:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    folder = tmp_path_factory.mktemp("abuse")
    root = folder / "root"
    root.mkdir()
    settings = search_settings(folder / "data", embedder_port, ingest_roots=[str(root)],
                               max_image_bytes=MAX_IMAGE_BYTES)
    server, port = create_server(settings, port=0)
    server.wait_ready(60)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield search_pb2_grpc.SearchServiceStub(channel), root
    server.stop(0)


def _ingest_paths(stub: search_pb2_grpc.SearchServiceStub, paths: dict[str, str]) -> dict[str, search_pb2.IngestResponse]:
    requests = [search_pb2.IngestRequest(parent=collection_name("paths"), item_id=i, path=p) for i, p in paths.items()]
    return {r.item_id: r for r in stub.Ingest(iter(requests), timeout=30)}


def _still_serving(stub: search_pb2_grpc.SearchServiceStub) -> None:
    found = stub.Search(search_pb2.SearchRequest(parent=collection_name("paths"), terms=[search_pb2.QueryTerm(text="a photo")]),
                        timeout=10)
    assert len(found.results) >= 1


def test_fifo_device_and_folder_fail_at_once(rooted) -> None:  # type: ignore[no-untyped-def]
    stub, root = rooted
    (root / "ok.png").write_bytes(pattern_image(1))
    os.mkfifo(root / "pipe.png")  # nobody ever writes: a blocking open would hang forever
    results = _ingest_paths(stub, {"ok": str(root / "ok.png"), "pipe": str(root / "pipe.png"),
                                   "folder": str(root), "null": "/dev/null"})
    assert results["ok"].status == search_pb2.INGEST_STATUS_INDEXED
    assert results["pipe"].error.reason == "PATH_NOT_A_FILE"
    assert results["folder"].error.reason == "PATH_NOT_A_FILE"
    assert results["null"].error.reason == "PATH_OUTSIDE_ROOTS"
    for name in ("pipe", "folder", "null"):
        assert results[name].status == search_pb2.INGEST_STATUS_FAILED
    _still_serving(stub)


def test_link_loops_and_dangling_links_fail_per_item(rooted) -> None:  # type: ignore[no-untyped-def]
    stub, root = rooted
    (root / "loop-a").symlink_to("loop-b")
    (root / "loop-b").symlink_to("loop-a")
    (root / "self").symlink_to("self")
    (root / "dangling").symlink_to("nowhere.png")
    (root / "inner.png").write_bytes(pattern_image(2))
    (root / "sub").mkdir()
    (root / "sub" / "up.png").symlink_to("../inner.png")  # a link that stays inside the root is fine
    results = _ingest_paths(stub, {
        "loop": str(root / "loop-a"), "self": str(root / "self" / "x.png"), "dangling": str(root / "dangling"),
        "missing": str(root / "absent.png"), "inner-link": str(root / "sub" / "up.png"),
    })
    assert results["loop"].error.reason == "PATH_SYMLINK_LOOP"
    assert results["self"].error.reason == "PATH_SYMLINK_LOOP"
    assert results["loop"].error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    for name in ("dangling", "missing"):
        assert results[name].error.reason == "PATH_NOT_FOUND"
        assert results[name].error.code == grpc.StatusCode.NOT_FOUND.value[0]
    assert results["inner-link"].status == search_pb2.INGEST_STATUS_INDEXED
    _still_serving(stub)


def test_errors_name_the_requested_path_never_its_target(rooted) -> None:  # type: ignore[no-untyped-def]
    stub, root = rooted
    working_folder = os.getcwd()
    (root / "escape").symlink_to("/proc/self/cwd")
    results = _ingest_paths(stub, {"cwd": "/proc/self/cwd/pyproject.toml",
                                   "via-link": str(root / "escape" / "pyproject.toml")})
    for response in results.values():
        assert response.status == search_pb2.INGEST_STATUS_FAILED
        assert response.error.reason == "PATH_OUTSIDE_ROOTS"
        assert working_folder not in response.error.message


def test_oversized_file_fails_alone(rooted) -> None:  # type: ignore[no-untyped-def]
    stub, root = rooted
    (root / "huge.png").write_bytes(pattern_image(3) + b"\0" * MAX_IMAGE_BYTES)
    (root / "fine.png").write_bytes(pattern_image(4))
    results = _ingest_paths(stub, {"huge": str(root / "huge.png"), "fine": str(root / "fine.png")})
    assert results["huge"].error.reason == "IMAGE_TOO_LARGE"
    assert results["fine"].status == search_pb2.INGEST_STATUS_INDEXED


def test_symlink_swap_race_never_indexes_outside_content(rooted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stub, root = rooted
    inside, outside = pattern_image(10), pattern_image(11)
    (root / "inside.png").write_bytes(inside)
    secret = tmp_path / "secret.png"
    secret.write_bytes(outside)
    with swapping_link(root / "swap.png", [str(root / "inside.png"), str(secret)]):
        results = _ingest_paths(stub, {f"swap-{n}": str(root / "swap.png") for n in range(300)})
    outcomes = {r.error.reason or "INDEXED" for r in results.values()}
    indexed = [r for r in results.values() if r.status == search_pb2.INGEST_STATUS_INDEXED]
    assert indexed and outcomes <= {"INDEXED", "PATH_OUTSIDE_ROOTS", "PATH_NOT_FOUND"}
    assert {r.sha256 for r in indexed} == {hashlib.sha256(inside).hexdigest()}
    assert hashlib.sha256(outside).hexdigest() not in {i.sha256 for i in _all_items(stub)}
    _still_serving(stub)


def _all_items(stub: search_pb2_grpc.SearchServiceStub) -> list[search_pb2.Item]:
    items, token = [], ""
    while True:
        page = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name("paths"), page_token=token))
        items += page.items
        token = page.next_page_token
        if not token:
            return items
