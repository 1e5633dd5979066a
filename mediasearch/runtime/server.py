"""Builds, starts and stops a service's gRPC server the same way for every service.

`build_server` starts serving at once with health NOT_SERVING, loads the
service's model or index on a background thread, then flips health to
SERVING; this lets Kubernetes probes and `mediasearch up` watch start-up.
Shutdown reverses it: NOT_SERVING first, so balancers drain the pod, then a
grace period for in-flight calls; a handler stuck past it (a blocking read
that never returns) cannot keep the process alive, see `serve_until_signalled`.

While every concurrency slot is taken the named services report NOT_SERVING
(readiness: send new work elsewhere); the "" service stays SERVING, because
Kubernetes' liveness probe asks it and a busy pod must not be restarted.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from mediasearch.runtime.auth import AuthInterceptor, Authorizer, current_identity
from mediasearch.runtime.fairness import CallerKey, FairShareLimiter, peer_host
from mediasearch.runtime.interceptors import (
    DeadlineInterceptor,
    ErrorMappingInterceptor,
    FairShareInterceptor,
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
# After a stop request, the process exits at most this long after the grace
# period, even when a handler thread is stuck in a read that never returns.
EXIT_MARGIN_S = 3.0


class PortInUse(OSError):
    """A port the service must listen on is taken; the message names the setting that moves it."""

    def __init__(self, port: int, env_name: str, flag: str) -> None:
        super().__init__(f"port {port} is in use: set {env_name} or {flag}")
        self.port = port


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
    limiter: FairShareLimiter | None = None
    _stopped: threading.Event = field(default_factory=threading.Event)
    _loaded: bool = False
    _saturated: bool = False
    _health_lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until loading finished; re-raise its error if it failed."""
        if not self.ready.wait(timeout):
            raise TimeoutError(f"service not ready after {timeout} s")
        if self.load_error is not None:
            raise self.load_error

    def set_serving(self, serving: bool) -> None:
        """Loading finished (True) or the service must stop taking work (False)."""
        with self._health_lock:
            self._loaded = serving
            self._publish_health()

    def set_saturated(self, saturated: bool) -> None:
        """Every slot is taken (True) or one is free again (False); called by the limiter."""
        with self._health_lock:
            self._saturated = saturated
            self._publish_health()

    def _publish_health(self) -> None:
        if self._stopped.is_set():
            return
        alive = health_pb2.HealthCheckResponse.SERVING if self._loaded else health_pb2.HealthCheckResponse.NOT_SERVING
        takes_work = self._loaded and not self._saturated
        status = health_pb2.HealthCheckResponse.SERVING if takes_work else health_pb2.HealthCheckResponse.NOT_SERVING
        self.health.set("", alive)
        for name in self.service_names:
            self.health.set(name, status)
        self.metrics.ready.set(1 if takes_work else 0)

    def stop(self, grace: float | None = None) -> threading.Event:
        """Report NOT_SERVING, stop taking calls, let in-flight ones finish within `grace` seconds."""
        if self._stopped.is_set():
            done = threading.Event()
            done.set()
            return done
        with self._health_lock:
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
    caller_key: CallerKey | None = None,
) -> ManagedServer:
    """Create and start a server; `register(server)` adds the service's servicers.

    `load` runs on a background thread; health turns SERVING when it returns.
    `port=None` uses `settings.port`; 0 binds a free port (tests).
    `per_message_methods` are request-streaming methods that answer a malformed
    message themselves instead of ending the stream (see `runtime.wellformed`).
    `caller_key` names the caller whose share of the slots a call uses (see
    `mediasearch.runtime.fairness`); by default the authenticated identity,
    else the peer's address. Raises `PortInUse` when a port is taken.
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
        # The server pings every connection and closes those whose client does not answer
        # (a crashed host, a SIGSTOPped process): their calls end and their slots come back.
        # Without max_pings_without_data=0 the server would stop pinging an idle connection
        # after two pings and never notice.
        ("grpc.keepalive_time_ms", int(settings.keepalive_time_s * 1000)),
        ("grpc.keepalive_timeout_ms", int(settings.keepalive_timeout_s * 1000)),
        # grpc core times out the keepalive ping itself with this (default 60 s), not keepalive_timeout_ms.
        ("grpc.http2.ping_timeout_ms", int(settings.keepalive_timeout_s * 1000)),
        ("grpc.http2.max_pings_without_data", 0),
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
    # Auth sits before the fair share, so calls without credentials never take a slot.
    auth = (
        [AuthInterceptor(Authorizer(settings.auth_tokens_file, settings.auth_identities_file))]
        if settings.auth_enabled
        else []
    )
    prefix = settings.env_prefix()
    wanted = settings.port if port is None else port
    if wanted != 0:
        _check_port_free(settings.host, wanted, f"{prefix}PORT", "--port")
    metrics_port = 0 if port == 0 else settings.metrics_port
    if metrics_port > 0:
        _check_port_free(settings.host, metrics_port, f"{prefix}METRICS_PORT", "--metrics-port")
    if port != 0 and settings.health_port > 0:
        _check_port_free(settings.host, settings.health_port, f"{prefix}HEALTH_PORT", "--health-port")
    managed: ManagedServer | None = None

    def on_saturation(full: bool) -> None:
        if managed is not None:
            managed.set_saturated(full)

    limiter = FairShareLimiter(
        settings.max_concurrent_rpcs,
        settings.max_caller_share,
        setting_hint=f"{prefix}MAX_CALLER_SHARE x {prefix}MAX_CONCURRENT_RPCS",
        on_saturation=on_saturation,
    )
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.max_concurrent_rpcs + SPARE_THREADS),
        interceptors=[
            MetricsInterceptor(metrics),
            LoggingInterceptor(),
            *auth,
            FairShareInterceptor(limiter, caller_key or identity_or_peer_host, metrics),
            DeadlineInterceptor(settings.unary_deadline_s, f"{prefix}UNARY_DEADLINE_S"),
            ErrorMappingInterceptor(),
            RequestCheckInterceptor(per_message_methods),
        ],
        options=options,
    )
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    register(server)
    if settings.reflection:
        reflection.enable_server_reflection((*service_names, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    address = f"{settings.host}:{wanted}"
    try:
        bound = server.add_secure_port(address, credentials) if credentials else server.add_insecure_port(address)
    except RuntimeError:
        bound = 0
    if bound == 0:
        raise PortInUse(wanted, f"{prefix}PORT", "--port") if wanted else OSError(f"could not bind {settings.host}:0")
    endpoint = None
    if settings.metrics_port >= 0:
        # Metrics bind where gRPC does: a service kept on loopback must not expose /metrics to the network.
        try:
            endpoint = MetricsEndpoint(metrics.registry, metrics_port, host=settings.host.strip("[]"))
        except OSError as error:
            server.stop(None)
            raise PortInUse(metrics_port, f"{prefix}METRICS_PORT", "--metrics-port") from error
    managed = ManagedServer(
        grpc_server=server,
        port=bound,
        service_names=tuple(service_names),
        health=health_servicer,
        metrics=metrics,
        metrics_endpoint=endpoint,
        on_close=on_close,
        core=core,
        limiter=limiter,
    )
    if settings.health_port >= 0:
        managed.health_server, managed.health_port = _health_only_server(
            health_servicer, settings.host, 0 if port == 0 else settings.health_port
        )
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


def identity_or_peer_host(context: grpc.ServicerContext) -> str:
    """The fair-share key: who the auth interceptor (outside the fair share) says is calling, else their address."""
    identity = current_identity.get()
    return f"identity:{identity}" if identity else peer_host(context)


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
    _exit_after(grace + EXIT_MARGIN_S, 0)
    managed.stop(grace)
    log.info("stopped")
    return 0


def _exit_after(seconds: float, code: int) -> None:
    """End the process after `seconds` whatever its threads are doing.

    A handler blocked in a read that never returns (a FIFO, a stalled network
    mount) cannot be interrupted from Python; its grpc worker thread is not a
    daemon, so a normal exit would wait for it forever. When everything stops
    in time the process has exited before this fires.
    """

    def hard_exit() -> None:
        log.warning("threads still busy %.1f s after the stop request; exiting anyway", seconds)
        logging.shutdown()
        sys.stderr.flush()
        os._exit(code)

    timer = threading.Timer(seconds, hard_exit)
    timer.daemon = True
    timer.start()


def _check_port_free(host: str, port: int, env_name: str, flag: str) -> None:
    """Raise PortInUse when something already listens on `port`, before grpc logs its own bind errors."""
    address = host.strip("[]") or "::"
    try:
        infos = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return  # grpc will report the unusable host itself
    for family, kind, proto, _, sockaddr in infos:
        with socket.socket(family, kind, proto) as probe:
            # grpc binds with SO_REUSEADDR too, so only a live listener makes this fail.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(sockaddr)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise PortInUse(port, env_name, flag) from None
                raise
