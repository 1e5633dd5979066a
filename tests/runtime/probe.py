"""A minimal service on the shared runtime, to test the runtime's own behaviour with real servers.

Its handlers do what no well-behaved service should, on purpose: sleep or
block past their deadline, report the deadline they inherited, block forever opening a
FIFO. `python -m tests.runtime.probe FIFO` runs it as a real process that
prints its port and shuts down through `serve_until_signalled`.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

import grpc

from mediasearch.client import EmbedderClient
from mediasearch.runtime import deadlines
from mediasearch.runtime.errors import DomainError
from mediasearch.runtime.metrics import RpcMetrics
from mediasearch.runtime.server import ManagedServer, build_server, serve_until_signalled
from mediasearch.runtime.settings import ServiceSettings

SERVICE = "mediasearch.test.v1.ProbeService"


def method(name: str) -> str:
    return f"/{SERVICE}/{name}"


def _sleep(request: bytes, context: grpc.ServicerContext) -> bytes:
    time.sleep(float(request.decode()))
    return b"done"


# Released by a test once it has its answer: a handler that outlives its deadline.
RELEASE = threading.Event()


def _block(request: bytes, context: grpc.ServicerContext) -> bytes:
    RELEASE.wait(60)
    return b"released"


def _remaining(request: bytes, context: grpc.ServicerContext) -> bytes:
    return repr(deadlines.remaining()).encode()


# What EmbedAfter's embedder call ended with, for tests: the caller may have had its answer long before.
EMBED_OUTCOMES: list[str] = []


def _embed_after(request: bytes, context: grpc.ServicerContext) -> bytes:
    """Sleep, then call the embedder at the address in the request, as the search service would."""
    seconds, address = request.decode().split(" ", 1)
    time.sleep(float(seconds))
    client = EmbedderClient(address, timeout_s=30)
    try:
        shape = str(client.embed_texts(["a dog"]).shape)
        EMBED_OUTCOMES.append(shape)
        return shape.encode()
    except DomainError as error:
        EMBED_OUTCOMES.append(f"{type(error).__name__}: {error.message}")
        raise
    finally:
        client.close()


def _open_fifo(fifo: Path | None):  # type: ignore[no-untyped-def]
    def handler(request: bytes, context: grpc.ServicerContext) -> bytes:
        assert fifo is not None
        print("opening fifo", flush=True)
        with open(fifo, "rb") as stuck:  # blocks until a writer opens it: never, in the test
            return stuck.read()

    return handler


def _idle_stream(requests: Any, context: grpc.ServicerContext):  # type: ignore[no-untyped-def]
    yield from requests


def start(fifo: Path | None = None, port: int | None = 0, **settings: Any) -> ManagedServer:
    values: dict[str, Any] = {"host": "127.0.0.1", "metrics_port": -1, "log_format": "text", "grace_period_s": 1.0}
    values.update(settings)
    handlers = {
        "Sleep": grpc.unary_unary_rpc_method_handler(_sleep),
        "Block": grpc.unary_unary_rpc_method_handler(_block),
        "Remaining": grpc.unary_unary_rpc_method_handler(_remaining),
        "EmbedAfter": grpc.unary_unary_rpc_method_handler(_embed_after),
        "OpenFifo": grpc.unary_unary_rpc_method_handler(_open_fifo(fifo)),
        "Echo": grpc.stream_stream_rpc_method_handler(_idle_stream),
    }
    server = build_server(
        ServiceSettings(**values),
        service_names=[SERVICE],
        register=lambda s: s.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),)),
        metrics=RpcMetrics("probe"),
        port=port,
    )
    server.wait_ready(10)
    return server


def main() -> int:
    fifo = Path(sys.argv[1])
    server = start(fifo)
    print(server.port, flush=True)
    return serve_until_signalled(server, grace=1.0)


if __name__ == "__main__":
    raise SystemExit(main())
