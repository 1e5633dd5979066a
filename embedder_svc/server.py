"""Starts the embedder: `create_server(settings, port=0)` for tests, `main()` for people and pods."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from prometheus_client import Counter, Histogram

from embedder_svc.core.embedder import EmbedderCore
from embedder_svc.core.model import SiglipCheckpoint
from embedder_svc.servicer import PER_MESSAGE_METHODS, SERVICE_NAME, EmbedderServicer
from embedder_svc.settings import EmbedderSettings
from mediasearch.embedder.v1 import embedder_pb2_grpc
from mediasearch.runtime.logs import configure_logging
from mediasearch.runtime.metrics import RpcMetrics
from mediasearch.runtime.server import ManagedServer, build_server, serve_until_signalled

log = logging.getLogger("embedder_svc")

BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


def create_server(settings: EmbedderSettings, port: int | None = 0) -> tuple[ManagedServer, int]:
    """Start serving at once (health NOT_SERVING); the model loads in the background, then SERVING."""
    metrics = RpcMetrics("embedder")
    batch_size = Histogram(
        "embedder_batch_size", "Items per forward pass", ["kind"], buckets=BATCH_BUCKETS, registry=metrics.registry
    )
    batch_seconds = Histogram(
        "embedder_batch_seconds", "Forward pass time in seconds", ["kind"], registry=metrics.registry
    )
    expired = Counter(
        "embedder_expired_items", "Items dropped because their deadline passed", ["kind"], registry=metrics.registry
    )

    def on_batch(kind: str, size: int, seconds: float) -> None:
        batch_size.labels(kind).observe(size)
        batch_seconds.labels(kind).observe(seconds)

    core = EmbedderCore(
        SiglipCheckpoint(settings.model_options()),
        settings.limits(),
        on_batch=on_batch,
        on_expired=lambda kind, n: expired.labels(kind).inc(n),
    )
    server = build_server(
        settings,
        service_names=[SERVICE_NAME],
        register=lambda s: embedder_pb2_grpc.add_EmbedderServiceServicer_to_server(EmbedderServicer(core), s),
        metrics=metrics,
        load=core.load,
        on_close=core.close,
        port=port,
        core=core,
        per_message_methods=PER_MESSAGE_METHODS,
    )
    return server, server.port


def main(argv: Sequence[str] | None = None) -> int:
    settings = EmbedderSettings.from_args(argv, description="mediasearch embedder service")
    configure_logging("embedder", settings.log_level, settings.log_format)
    try:
        server, port = create_server(settings, port=None)
    except (ValueError, OSError) as error:
        print(f"embedder: {error}", file=sys.stderr)
        return 2
    log.info("embedder started", extra={"settings": settings.describe(), "port": port})
    return serve_until_signalled(server, settings.grace_period_s)
