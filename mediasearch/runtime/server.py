"""Builds, starts and stops a service's gRPC server the same way for every service.

`build_server` starts serving at once with health NOT_SERVING, loads the
service's model or index on a background thread, then flips health to
SERVING; this lets Kubernetes probes and `mediasearch up` watch start-up.
Shutdown reverses it: NOT_SERVING first, so balancers drain the pod, then a
grace period for in-flight calls.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from mediasearch.runtime.auth import AuthInterceptor, Authorizer
from mediasearch.runtime.interceptors import (
    ErrorMappingInterceptor,
    LoadSheddingInterceptor,
    LoggingInterceptor,
    MetricsInterceptor,
)
from mediasearch.runtime.metrics import MetricsEndpoint, RpcMetrics
from mediasearch.runtime.settings import ServiceSettings
from mediasearch.runtime.tls import ServerTLS, TLSConfigError
from mediasearch.runtime.wellformed import RequestCheckInterceptor

log = logging.getLogger("mediasearch.server")

# Threads beyond the concurrency bound, so health checks and the immediate
# RESOURCE_EXHAUSTED answers never wait for a busy pool.
SPARE_THREADS = 8


@dataclass
class ManagedServer:
    """A started gRPC server with its health, metrics and lifecycle hooks."""

    grpc_server: grpc.Server
    port: int
    service_names: Sequence[str]
    health: health.HealthServicer
    metrics: RpcMetrics
    metrics_endpoint: MetricsEndpoint | None
    on_close: Callable[[], None] | None = None
    # The service's core object, for in-process tests and benchmarks.
    core: object = None
    # Plain-text health-only server for probes when the main port speaks TLS; see build_server.
    health_server: grpc.Server | None = None
    health_port: int | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    load_error: BaseException | None = None
    _stopped: threading.Event = field(default_factory=threading.Event)

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until loading finished; re-raise its error if it failed."""
        if not self.ready.wait(timeout):
            raise TimeoutError(f"service not ready after {timeout} s")
        if self.load_error is not None:
            raise self.load_error

    def set_serving(self, serving: bool) -> None:
        status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        for name in ("", *self.service_names):
            self.health.set(name, status)
        self.metrics.ready.set(1 if serving else 0)

    def stop(self, grace: float | None = None) -> threading.Event:
        """Report NOT_SERVING, stop taking calls, let in-flight ones finish within `grace` seconds."""
        if self._stopped.is_set():
            done = threading.Event()
            done.set()
            return done
        self._stopped.set()
        self.health.enter_graceful_shutdown()
        self.metrics.ready.set(0)
        done = self.grpc_server.stop(grace)
        done.wait()
        if self.health_server is not None:
            self.health_server.stop(0)
        if self.on_close is not None:
            self.on_close()
        if self.metrics_endpoint is not None:
            self.metrics_endpoint.close()
        return done

    def wait_for_termination(self, timeout: float | None = None) -> bool:
        return self.grpc_server.wait_for_termination(timeout)


def build_server(
    settings: ServiceSettings,
    *,
    service_names: Sequence[str],
    register: Callable[[grpc.Server], None],
    metrics: RpcMetrics,
    load: Callable[[], None] | None = None,
    on_close: Callable[[], None] | None = None,
    port: int | None = None,
    core: object = None,
    per_message_methods: Sequence[str] = (),
) -> ManagedServer:
    """Create and start a server; `register(server)` adds the service's servicers.

    `load` runs on a background thread; health turns SERVING when it returns.
    `port=None` uses `settings.port`; 0 binds a free port (tests).
    `per_message_methods` are request-streaming methods that answer a malformed
    message themselves instead of ending the stream (see `runtime.wellformed`).
    """
    mib = 1024 * 1024
    options = [
        ("grpc.max_receive_message_length", int(settings.max_receive_message_mb * mib)),
        ("grpc.max_send_message_length", int(settings.max_send_message_mb * mib)),
        ("grpc.so_reuseport", 0),
        # Clients (mediasearch.client) ping every 30 s to keep idle connections through
        # proxies; the server default would answer that with GOAWAY too_many_pings.
        ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
        ("grpc.keepalive_permit_without_calls", 1),
    ]
    if settings.max_connection_age_s > 0:
        # A client only re-resolves DNS when a connection closes: without an age limit it
        # never sees the pods an autoscaler adds behind a headless Service. At the age the
        # server sends GOAWAY, so new calls move to a fresh connection at once; calls already
        # running (an ingest stream can run for hours) keep the old one for the grace period.
        options += [
            ("grpc.max_connection_age_ms", int(settings.max_connection_age_s * 1000)),
            ("grpc.max_connection_age_grace_ms", int(settings.max_connection_age_grace_s * 1000)),
        ]
    credentials = server_credentials(settings)
    # Auth sits before load shedding, so calls without credentials never take a slot.
    auth = [AuthInterceptor(Authorizer(settings.auth_tokens_file, settings.auth_identities_file))] if settings.auth_enabled else []
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.max_concurrent_rpcs + SPARE_THREADS),
        interceptors=[
            MetricsInterceptor(metrics),
            LoggingInterceptor(),
            *auth,
            LoadSheddingInterceptor(settings.max_concurrent_rpcs, metrics),
            ErrorMappingInterceptor(),
            RequestCheckInterceptor(per_message_methods),
        ],
        options=options,
    )
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    register(server)
    if settings.reflection:
        reflection.enable_server_reflection(
            (*service_names, health.SERVICE_NAME, reflection.SERVICE_NAME), server
        )
    wanted = settings.port if port is None else port
    address = f"{settings.host}:{wanted}"
    bound = server.add_secure_port(address, credentials) if credentials else server.add_insecure_port(address)
    if bound == 0:
        raise OSError(f"could not bind {settings.host}:{wanted}")
    endpoint = None
    if settings.metrics_port >= 0:
        # Metrics bind where gRPC does: a service kept on loopback must not expose /metrics to the network.
        endpoint = MetricsEndpoint(metrics.registry, 0 if port == 0 else settings.metrics_port,
                                   host=settings.host.strip("[]"))
    managed = ManagedServer(
        grpc_server=server,
        port=bound,
        service_names=tuple(service_names),
        health=health_servicer,
        metrics=metrics,
        metrics_endpoint=endpoint,
        on_close=on_close,
        core=core,
    )
    if settings.health_port >= 0:
        managed.health_server, managed.health_port = _health_only_server(
            health_servicer, settings.host, 0 if port == 0 else settings.health_port)
    managed.set_serving(False)
    server.start()
    threading.Thread(target=_load_then_serve, args=(managed, load), name="service-load", daemon=True).start()
    log.info("listening", extra={"port": bound, "metrics_port": endpoint.port if endpoint else None})
    return managed


def _health_only_server(servicer: health.HealthServicer, host: str, port: int) -> tuple[grpc.Server, int]:
    """The same health answers on a plain-text port: kubelet's gRPC probes cannot do TLS, and health tells nothing
    secret. Only grpc.health.v1 is registered there, so no other RPC is reachable without TLS."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2), options=[("grpc.so_reuseport", 0)])
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise OSError(f"could not bind the health port {host}:{port}")
    server.start()
    return server, bound


def server_credentials(settings: ServiceSettings) -> grpc.ServerCredentials | None:
    """TLS credentials from the settings' files, None for plain text; TLSConfigError for settings that cannot work."""
    if not settings.tls_enabled:
        if settings.require_tls:
            raise TLSConfigError(
                "require_tls is set but no certificate is: set tls_cert_file and tls_key_file "
                f"({settings.env_prefix()}TLS_CERT_FILE, {settings.env_prefix()}TLS_KEY_FILE)"
            )
        if settings.auth_enabled:
            log.warning("auth is on without TLS: tokens cross the network in plain text")
        return None
    if not (settings.tls_cert_file and settings.tls_key_file):
        raise TLSConfigError("TLS needs both tls_cert_file and tls_key_file")
    return ServerTLS(settings.tls_cert_file, settings.tls_key_file, settings.tls_client_ca_file).credentials()


def _load_then_serve(managed: ManagedServer, load: Callable[[], None] | None) -> None:
    try:
        if load is not None:
            load()
        if not managed._stopped.is_set():
            managed.set_serving(True)
            log.info("serving", extra={"services": list(managed.service_names)})
    except BaseException as error:  # noqa: BLE001 - any load failure must be reported, not lost in a thread
        managed.load_error = error
        log.error("loading failed: %s", error, exc_info=not isinstance(error, (ValueError, OSError)))
    finally:
        managed.ready.set()


def serve_until_signalled(managed: ManagedServer, grace: float) -> int:
    """Run until SIGTERM/SIGINT, then shut down gracefully; 1 if loading failed."""
    stop_requested = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.info("signal received; shutting down", extra={"signal": signal.Signals(signum).name})
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    while not stop_requested.wait(0.2):
        if managed.ready.is_set() and managed.load_error is not None:
            managed.stop(0)
            return 1
    managed.stop(grace)
    log.info("stopped")
    return 0
