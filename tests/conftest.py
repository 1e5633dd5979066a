"""Fixtures shared by every service's tests: a tiny SigLIP checkpoint and a running embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from tests.servers import embedder_settings
from mediasearch.testing.tiny_siglip import build_tiny_siglip


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random SigLIP checkpoint saved with save_pretrained, built once per test session."""
    return build_tiny_siglip(tmp_path_factory.mktemp("tiny-siglip"))


@pytest.fixture(scope="session")
def embedder_server(tiny_model_dir: Path) -> Iterator[tuple[object, int]]:
    """A real embedder on a free port, loaded and SERVING."""
    from embedder_svc.server import create_server

    server, port = create_server(embedder_settings(tiny_model_dir), port=0)
    server.wait_ready(timeout=120)
    yield server, port
    server.stop(0)


@pytest.fixture(scope="session")
def embedder_channel(embedder_server: tuple[object, int]) -> Iterator[grpc.Channel]:
    _, port = embedder_server
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel
