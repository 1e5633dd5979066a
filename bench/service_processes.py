"""The three services as separate processes, deployment-shaped, for benchmarks whose figures the GIL would skew.

In a deployment the embedder, the expansion service and the search service
are separate pods; run in one process they share one interpreter, so the
search service's background work (warming: gRPC calls, SQLite writes) and
the Python parts of every service compete for one lock with the foreground
path. Here each service is its own process (`python -m <service>`, flags as
its settings class reads them), started on a free port and SERVING before
it is used; the benchmark's client stays in the calling process.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from bench.e2e_parts import RunningSearch
from bench.load import service
from mediasearch.client import make_channel
from mediasearch.search.v1 import search_pb2_grpc
from tests.servers import free_port


def flags(**settings: Any) -> list[str]:
    """`--name value` for each setting, as every service's `from_args` reads them (None: left at its default)."""
    return [item for name, value in settings.items() if value is not None
            for item in (f"--{name.replace('_', '-')}", str(value))]


@dataclass
class ProcessSearch(RunningSearch):
    """A search service in its own process: searched over gRPC, measured through its Prometheus endpoint."""

    metrics_port: int = 0

    def metric(self, name: str, labels: dict[str, str]) -> float:
        text = urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=10).read().decode()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == name and sample.labels == labels:
                    return float(sample.value)
        raise LookupError(f"{name} {labels} is not among the search service's metrics")


@contextmanager
def embedder_process(**settings: Any) -> Iterator[str]:
    """An embedder process on a free loopback port; yields its address."""
    port = free_port()
    with service("embedder_svc", port, *flags(host="127.0.0.1", metrics_port=-1, **settings)):
        yield f"127.0.0.1:{port}"


@contextmanager
def expansion_process() -> Iterator[str]:
    """An expansion service process (the real lexicon) on a free loopback port; yields its address."""
    port = free_port()
    with service("expansion_svc", port, *flags(host="127.0.0.1", metrics_port=-1)):
        yield f"127.0.0.1:{port}"


@contextmanager
def search_process(data_dir: Path, embedder: str, expansion: str, **settings: Any) -> Iterator[ProcessSearch]:
    """A search service process over `data_dir`, with its metrics endpoint on a free port."""
    port, metrics_port = free_port(), free_port()
    with ExitStack() as stack:
        stack.enter_context(service("search_svc", port, *flags(
            host="127.0.0.1", metrics_port=metrics_port, data_dir=data_dir, embedder_address=embedder,
            expansion_address=expansion, **settings)))
        channel = make_channel(f"127.0.0.1:{port}")
        stack.callback(channel.close)
        yield ProcessSearch(None, search_pb2_grpc.SearchServiceStub(channel), metrics_port)
