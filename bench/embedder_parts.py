"""Starting what the embedder benchmarks compare: a raw in-process checkpoint and a real embedder server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mediasearch.imaging import decode_image
from embedder_svc.core.model import ModelOptions, SiglipCheckpoint
from mediasearch.client import EmbedderClient, make_channel
from mediasearch.embedder.v1 import embedder_pb2, embedder_pb2_grpc
from tests.servers import embedder_settings

SERVER_READY_TIMEOUT_S = 900


def load_raw(folder: Path, precision: str, threads: int) -> SiglipCheckpoint:
    """The model exactly as the service loads it, called directly: the raw forward pass."""
    checkpoint = SiglipCheckpoint(ModelOptions(source=str(folder), precision=precision, cpu_threads=threads))
    checkpoint.load()
    return checkpoint


def prepare(checkpoint: SiglipCheckpoint, photos: list[bytes]) -> list[dict[str, np.ndarray]]:
    """Model inputs for the photos, decoded and preprocessed as the service does (outside the timed forward)."""
    assert checkpoint.info is not None
    return [
        checkpoint.preprocess_image(
            decode_image(data, target_size=checkpoint.info.image_size, max_bytes=1 << 30, max_pixels=1 << 30).image
        )
        for data in photos
    ]


@dataclass
class RunningEmbedder:
    server: Any
    port: int
    client: EmbedderClient
    stub: embedder_pb2_grpc.EmbedderServiceStub

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def embed_images(self, photos: list[bytes]) -> int:
        results = self.client.embed_images([(str(i), data) for i, data in enumerate(photos)])
        failed = [r for r in results if r.vector is None]
        if failed:
            raise RuntimeError(f"embedder failed {len(failed)} benchmark images: {failed[0].failure}")
        return len(results)

    def stream_images(self, photos: list[bytes]) -> int:
        requests = (embedder_pb2.StreamEmbedImagesRequest(image=embedder_pb2.ImageInput(id=str(i), data=data))
                    for i, data in enumerate(photos))
        return sum(1 for r in self.stub.StreamEmbedImages(requests, timeout=SERVER_READY_TIMEOUT_S)
                   if r.result.WhichOneof("outcome") == "embedding")

    def batch_totals(self, kind: str) -> tuple[float, float, float]:
        """(forward passes, items, forward seconds) so far, from the server's own metrics."""
        metrics = self.server.metrics
        labels = {"kind": kind}
        return (metrics.value("embedder_batch_size_count", labels), metrics.value("embedder_batch_size_sum", labels),
                metrics.value("embedder_batch_seconds_sum", labels))


@contextmanager
def running_embedder(folder: Path, precision: str, threads: int, **overrides: Any) -> Iterator[RunningEmbedder]:
    """A real embedder server in this process (create_server on a free port), loaded and SERVING."""
    from embedder_svc.server import create_server

    settings = embedder_settings(folder, precision=precision, cpu_threads=threads, metrics_port=-1, **overrides)
    server, port = create_server(settings, port=0)
    try:
        server.wait_ready(SERVER_READY_TIMEOUT_S)
        channel = make_channel(f"127.0.0.1:{port}")
        client = EmbedderClient(f"127.0.0.1:{port}", timeout_s=SERVER_READY_TIMEOUT_S)
        try:
            yield RunningEmbedder(server, port, client, embedder_pb2_grpc.EmbedderServiceStub(channel))
        finally:
            client.close()
            channel.close()
    finally:
        server.stop(0)
