"""Every CLI command that calls a service gives up at its deadline instead of hanging on a stalled server.

The server is a real gRPC server with the search and embedder services whose
handlers never answer (they hold the call until the client goes away); the
CLI runs as a subprocess with `--timeout 1` and must exit 2 (a call error) with
a DEADLINE_EXCEEDED error well within the subprocess's own limit.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest

from mediasearch.embedder.v1 import embedder_pb2_grpc
from mediasearch.search.v1 import search_pb2_grpc
from mediasearch.testing.images import pattern_image

# Far above `--timeout 1` plus an interpreter's start on a loaded machine: a CLI without deadlines hangs past it.
HANG_S = 60


def _stalled(servicer: type) -> object:
    """An instance of `servicer` whose every RPC waits until its caller cancels or gives up."""

    def hold(self, request, context):  # type: ignore[no-untyped-def]
        ended = threading.Event()
        context.add_callback(ended.set)
        ended.wait(HANG_S * 2)
        context.abort(grpc.StatusCode.UNAVAILABLE, "the test server never answers")

    methods = {name: hold for name in vars(servicer) if name[:1].isupper()}
    return type(f"Stalled{servicer.__name__}", (servicer,), methods)()


@pytest.fixture(scope="module")
def stalled_address() -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    search_pb2_grpc.add_SearchServiceServicer_to_server(_stalled(search_pb2_grpc.SearchServiceServicer), server)
    embedder_pb2_grpc.add_EmbedderServiceServicer_to_server(_stalled(embedder_pb2_grpc.EmbedderServiceServicer), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(0)


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("photos")
    (folder / "one.png").write_bytes(pattern_image(1))
    return folder / "one.png"


COMMANDS = {
    "stats": lambda image: ["stats"],
    "search": lambda image: ["search", "dog"],
    "similar": lambda image: ["similar", "item-1"],
    "delete": lambda image: ["delete", "item-1"],
    "index": lambda image: ["index", str(image.parent)],
    "debug-scores": lambda image: ["debug-scores", str(image)],
    "tune": lambda image: ["tune"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_fails_at_its_deadline_on_a_stalled_server(command: str, stalled_address: str, image: Path) -> None:
    args = [sys.executable, "-m", "mediasearch.cli", "--search", stalled_address, "--embedder", stalled_address,
            "--timeout", "1", *COMMANDS[command](image)]
    try:
        result = subprocess.run(args, input="quit\n", capture_output=True, text=True, timeout=HANG_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`mediasearch {command}` hung on a stalled server")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "DEADLINE_EXCEEDED" in result.stderr, result.stdout + result.stderr
