"""Prometheus metrics: a registry per server, the standard RPC metrics, /metrics over HTTP.

A registry per server (not the global one) lets tests run several servers in
one process and read each one's numbers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

# Latency buckets from 1 ms to 30 s: search answers in ms, image batches in s.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass
class RpcMetrics:
    """The metrics every service exports, plus its registry for service-specific ones."""

    service: str
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.requests = Counter(
            "grpc_server_handled",
            "RPCs completed, by method and status code",
            ["grpc_method", "grpc_code"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "grpc_server_handling_seconds",
            "RPC latency in seconds, by method and status code",
            ["grpc_method", "grpc_code"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge("grpc_server_in_flight", "RPCs being served now", registry=self.registry)
        self.shed = Counter(
            "grpc_server_shed",
            "RPCs refused with RESOURCE_EXHAUSTED by the concurrency bound",
            ["grpc_method"],
            registry=self.registry,
        )
        self.ready = Gauge("service_ready", "1 when the service reports SERVING", registry=self.registry)

    def value(self, name: str, labels: dict[str, str] | None = None) -> float:
        """Current value of a sample (0 when absent); for tests and the stats RPCs."""
        found = self.registry.get_sample_value(name, labels or {})
        return 0.0 if found is None else found


class MetricsEndpoint:
    """The /metrics HTTP server; `port` is the bound port (useful with port 0)."""

    def __init__(self, registry: CollectorRegistry, port: int, host: str = "0.0.0.0") -> None:
        server, thread = start_http_server(port, addr=host, registry=registry)
        self._server: WSGIServer = server
        self._thread: threading.Thread = thread
        self.port: int = server.server_address[1]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
