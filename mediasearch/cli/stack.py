"""`mediasearch up`: the three services as supervised child processes, health-gated, with prefixed logs.

Each service runs as `python -m <package>` with the same interpreter, so the
stack uses exactly the installed code, bound to loopback. `up` owns its
children: every port is checked free before anything starts (a clash is one
line naming the port and how to move it), and a health answer counts only
from the child that `up` started and that holds the port, never from another
program's server. Start-up waits for every service to report SERVING and, if
one dies or times out instead, says which and shows its last log lines. A
child that crashes later is restarted with backoff, said on the console; one
that keeps crashing stops the stack. Shutdown sends SIGTERM to all (each
service drains in-flight calls) and SIGKILLs what has not exited in time.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from mediasearch.channels import ChannelSecurity
from mediasearch.cli.ports import listener_is, port_is_free
from mediasearch.client import make_channel

LOOPBACK = "127.0.0.1"


@dataclass
class ServiceSpec:
    """How to start one service and how to know it is ready."""

    name: str
    module: str
    port: int
    health_service: str
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    # How a user moves the gRPC port, named in the one-line clash message.
    port_option: str = ""
    metrics_port: int = -1
    metrics_port_option: str = "--metrics-base-port or MEDIASEARCH_METRICS_BASE_PORT (-1 disables metrics)"

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            self.module,
            "--host",
            LOOPBACK,
            "--port",
            str(self.port),
            "--metrics-port",
            str(self.metrics_port),
            "--log-format",
            "text",
            *self.args,
        ]


class StackError(RuntimeError):
    """A service failed to start; the message names it and quotes its last log lines."""


class PortInUse(StackError):
    """A port the stack needs is taken by another program; the message is one line naming it and the fix."""


@dataclass
class RestartPolicy:
    """Backoff for crashed children: 1, 2, 4... seconds up to `max_delay_s`; give up after `max_restarts` in `window_s`."""

    max_restarts: int = 5
    window_s: float = 120.0
    max_delay_s: float = 30.0
    _times: list[float] = field(default_factory=list)

    def next_delay(self, now: float) -> float | None:
        """Seconds to wait before the next restart, or None when the child crashed too often to try again."""
        self._times = [t for t in self._times if now - t < self.window_s]
        if len(self._times) >= self.max_restarts:
            return None
        delay = min(self.max_delay_s, 2.0 ** len(self._times))
        self._times.append(now)
        return delay


class _Child:
    def __init__(self, spec: ServiceSpec, emit: Callable[[str], None]) -> None:
        self.spec = spec
        env = {**os.environ, **spec.env}
        self.restarts = RestartPolicy()
        self.process = subprocess.Popen(
            spec.command(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
            start_new_session=True,  # Ctrl-C in the terminal reaches `up`, which then stops children in order
        )
        self.tail: collections.deque[str] = collections.deque(maxlen=20)
        self._pump = threading.Thread(target=self._forward, args=(emit,), daemon=True)
        self._pump.start()

    def _forward(self, emit: Callable[[str], None]) -> None:
        assert self.process.stdout is not None
        width = 10
        for line in self.process.stdout:
            line = line.rstrip("\n")
            self.tail.append(line)
            emit(f"[{self.spec.name:<{width}}] {line}")

    def health(self, channel: grpc.Channel) -> int | None:
        """The child's own health status; None while it is not (yet) the process listening on its port."""
        if self.process.poll() is not None or listener_is(self.process.pid, self.spec.port) is False:
            return None
        try:
            request = health_pb2.HealthCheckRequest(service=self.spec.health_service)
            return health_pb2_grpc.HealthStub(channel).Check(request, timeout=1).status
        except grpc.RpcError:
            return None


class Stack:
    """Starts services in order, waits for SERVING, stops them all cleanly."""

    def __init__(
        self, specs: Sequence[ServiceSpec], emit: Callable[[str], None] = print, security: ChannelSecurity | None = None
    ) -> None:
        self.specs = list(specs)
        self.security = security  # how `up` itself reaches its children's health checks
        self._emit = emit
        self._children: list[_Child] = []

    def check_ports(self) -> None:
        """Raise PortInUse, before anything starts, when a port the stack needs is taken."""
        for spec in self.specs:
            wanted = [(spec.port, spec.port_option, "")]
            if spec.metrics_port >= 0:
                wanted.append((spec.metrics_port, spec.metrics_port_option, " metrics"))
            for port, option, what in wanted:
                if not port_is_free(port, LOOPBACK):
                    raise PortInUse(
                        f"port {port} ({spec.name}{what}) is in use by another program: choose another with {option}"
                    )

    def start(self, timeout_s: float = 180.0) -> None:
        """Start every service and return once all are SERVING; raise StackError naming a failure."""
        self.check_ports()
        for spec in self.specs:
            self._children.append(_Child(spec, self._emit))
        deadline = time.monotonic() + timeout_s
        for child in self._children:
            self._wait_serving(child, deadline)

    def supervise(self, stop: threading.Event, poll_s: float = 0.5) -> list[str]:
        """Restart crashed children with backoff until `stop` is set; return the names that crashed too often."""
        while not stop.wait(poll_s):
            for index, child in enumerate(self._children):
                code = child.process.poll()
                if code is None:
                    continue
                delay = child.restarts.next_delay(time.monotonic())
                name = child.spec.name
                if delay is None:
                    self._emit(f"[{name:<10}] exited with code {code} again; not restarting it")
                    return [name]
                self._emit(f"[{name:<10}] exited with code {code}; restarting in {delay:.0f} s")
                if stop.wait(delay):
                    return []
                replacement = _Child(child.spec, self._emit)
                replacement.restarts = child.restarts
                self._children[index] = replacement
                try:
                    self._wait_serving(replacement, time.monotonic() + 180.0)
                except StackError as error:
                    self._emit(f"[{name:<10}] restart failed: {str(error).splitlines()[0]}")
        return []

    def _wait_serving(self, child: _Child, deadline: float) -> None:
        with make_channel(child.spec.address, retries=False, security=self.security) as channel:
            while True:
                if child.health(channel) == health_pb2.HealthCheckResponse.SERVING:
                    self._emit(f"[{child.spec.name:<10}] SERVING on {child.spec.address} (pid {child.process.pid})")
                    return
                code = child.process.poll()
                if code is not None:
                    time.sleep(0.2)  # let the pump thread read the last lines
                    raise StackError(
                        f"{child.spec.name} exited with code {code} during start-up:\n" + "\n".join(child.tail)
                    )
                if time.monotonic() > deadline:
                    raise StackError(
                        f"{child.spec.name} did not report SERVING on {child.spec.address} in time:\n"
                        + "\n".join(child.tail)
                    )
                time.sleep(0.2)

    def stop(self, grace_s: float = 15.0) -> dict[str, int]:
        """SIGTERM everything (search first, it calls the others), then SIGKILL stragglers; exit codes by name."""
        for child in reversed(self._children):
            if child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        codes = {}
        for child in reversed(self._children):
            try:
                codes[child.spec.name] = child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                codes[child.spec.name] = child.process.wait()
        return codes


def run_until_signalled(stack: Stack, on_ready: Callable[[], None]) -> int:
    """Start the stack, block until SIGINT/SIGTERM or a service dies, then stop it."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    try:
        stack.start()
    except PortInUse as error:
        print(f"mediasearch up: {error}", file=sys.stderr)
        return 2
    except StackError as error:
        stack.stop(grace_s=5)
        print(f"mediasearch up: {error}", file=sys.stderr)
        return 1
    on_ready()
    failed = stack.supervise(stop)
    if failed:
        print(f"mediasearch up: {', '.join(failed)} keeps crashing; stopping the stack", file=sys.stderr)
    codes = stack.stop()
    print("stack stopped: " + ", ".join(f"{name} exit {code}" for name, code in codes.items()), flush=True)
    return 1 if failed else 0


def stack_specs(
    *,
    data_dir: Path,
    model: str | None,
    ports: tuple[int, int, int],
    metrics_base_port: int = 9090,
    embedder_address: str | None = None,
    expansion_address: str | None = None,
    backend: str = "embedded",
    milvus_uri: str = "",
) -> list[ServiceSpec]:
    """The services to start on loopback, search last as it calls the others.

    An embedder or expansion address means that service runs elsewhere (a GPU
    embedder in a cluster, say): it is not started, and search is pointed at it.
    `backend` milvus keeps the collections in Milvus: Milvus Lite in DATA_DIR
    unless `milvus_uri` names a server or another file.
    """
    embedder_port, expansion_port, search_port = ports

    def metrics(offset: int) -> int:
        return -1 if metrics_base_port < 0 else metrics_base_port + offset

    def option(name: str) -> str:
        return f"--{name}-port or MEDIASEARCH_{name.upper()}_PORT"

    specs = []
    if embedder_address is None:
        model_args = ["--model", model] if model else []
        specs.append(
            ServiceSpec(
                "embedder",
                "embedder_svc",
                embedder_port,
                "mediasearch.embedder.v1.EmbedderService",
                model_args,
                port_option=option("embedder"),
                metrics_port=metrics(1),
            )
        )
    if expansion_address is None:
        specs.append(
            ServiceSpec(
                "expansion",
                "expansion_svc",
                expansion_port,
                "mediasearch.expansion.v1.ExpansionService",
                port_option=option("expansion"),
                metrics_port=metrics(2),
            )
        )
    specs.append(
        ServiceSpec(
            "search",
            "search_svc",
            search_port,
            "mediasearch.search.v1.SearchService",
            [
                "--data-dir",
                str(Path(data_dir).resolve()),
                "--embedder-address",
                embedder_address or f"{LOOPBACK}:{embedder_port}",
                "--expansion-address",
                expansion_address or f"{LOOPBACK}:{expansion_port}",
                "--backend",
                backend,
                *(["--milvus-uri", milvus_uri] if milvus_uri else []),
            ],
            port_option=option("search"),
            metrics_port=metrics(3),
        )
    )
    return specs
