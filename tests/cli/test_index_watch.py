"""`mediasearch index --watch` against real services: files that appear, change and go are followed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pytest

from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from tests.cli.up_output import UpOutput
from tests.servers import free_port

CLI = [sys.executable, "-m", "mediasearch.cli"]


@pytest.fixture(scope="module")
def services(embedder_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Expansion and search started by `up` beside the in-process test embedder; the CLI's environment."""
    _, embedder_port = embedder_server
    expansion_port, search_port = free_port(), free_port()
    data = tmp_path_factory.mktemp("watch-store")
    process = subprocess.Popen(
        [*CLI, "up", "--data-dir", str(data), "--embedder-address", f"127.0.0.1:{embedder_port}",
         "--expansion-port", str(expansion_port), "--search-port", str(search_port), "--metrics-base-port", "-1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    UpOutput(process).wait_for(lambda line: line.startswith("stack ready"))
    yield {**os.environ, "MEDIASEARCH_SEARCH_ADDRESS": f"127.0.0.1:{search_port}",
           "MEDIASEARCH_EMBEDDER_ADDRESS": f"127.0.0.1:{embedder_port}",
           "MEDIASEARCH_EXPANSION_ADDRESS": f"127.0.0.1:{expansion_port}", "MEDIASEARCH_COLLECTION": "watched"}
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)


def stored(env: dict[str, str]) -> dict[str, str]:
    """uri -> sha256 of everything in the collection."""
    with grpc.insecure_channel(env["MEDIASEARCH_SEARCH_ADDRESS"]) as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        try:
            page = stub.ListItems(search_pb2.ListItemsRequest(parent="collections/watched", page_size=1000), timeout=10)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                return {}
            raise
        return {item.metadata.uri: item.sha256 for item in page.items}


def eventually(check: Callable[[], bool], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "the watcher did not catch up"
        time.sleep(0.3)


def test_watch_indexes_reindexes_and_removes(services: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "first.png").write_bytes(pattern_image(1))
    watcher = subprocess.Popen([*CLI, "index", "--watch", str(folder)], env=services,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = str((folder / "first.png").resolve())
        eventually(lambda: first in stored(services))
        new = folder / "trip" / "new.jpg"
        new.parent.mkdir()
        new.write_bytes(pattern_image(2, fmt="JPEG"))
        eventually(lambda: str(new.resolve()) in stored(services))
        before = stored(services)[first]
        (folder / "first.png").write_bytes(pattern_image(3))  # edited in place
        eventually(lambda: stored(services).get(first) not in (None, before))
        new.unlink()
        eventually(lambda: str(new.resolve()) not in stored(services))
        (folder / "first.png").rename(folder / "renamed.png")
        eventually(lambda: set(stored(services)) == {str((folder / "renamed.png").resolve())})
    finally:
        watcher.send_signal(signal.SIGINT)
        output = watcher.communicate(timeout=30)[0]
    assert watcher.returncode == 0, output
    assert "watching" in output and "stopped watching" in output
