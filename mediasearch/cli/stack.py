"""`mediasearch up`: the three services as child processes, health-gated, with prefixed logs.

Each service runs as `python -m <package>` with the same interpreter, so the
stack uses exactly the installed code. Start-up waits for every service's
gRPC health to report SERVING and, if one dies or times out instead, says
which and shows its last log lines. Shutdown sends SIGTERM to all (each
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


@dataclass
class ServiceSpec:
    """How to start one service and how to know it is ready."""

    name: str
    module: str
    port: int
    health_service: str
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


class StackError(RuntimeError):
    """A service failed to start; the message names it and quotes its last log lines."""


class _Child:
    def __init__(self, spec: ServiceSpec, emit: Callable[[str], None]) -> None:
        self.spec = spec
        env = {**os.environ, **spec.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", spec.module, "--port", str(spec.port), "--log-format", "text", *spec.args],
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
        try:
            request = health_pb2.HealthCheckRequest(service=self.spec.health_service)
            return health_pb2_grpc.HealthStub(channel).Check(request, timeout=1).status
        except grpc.RpcError:
            return None


class Stack:
    """Starts services in order, waits for SERVING, stops them all cleanly."""

    def __init__(self, specs: Sequence[ServiceSpec], emit: Callable[[str], None] = print) -> None:
        self.specs = list(specs)
        self._emit = emit
        self._children: list[_Child] = []

    def start(self, timeout_s: float = 180.0) -> None:
        """Start every service and return once all are SERVING; raise StackError naming a failure."""
        for spec in self.specs:
            self._children.append(_Child(spec, self._emit))
        deadline = time.monotonic() + timeout_s
        for child in self._children:
            self._wait_serving(child, deadline)

    def _wait_serving(self, child: _Child, deadline: float) -> None:
        with grpc.insecure_channel(child.spec.address) as channel:
            while True:
                if child.health(channel) == health_pb2.HealthCheckResponse.SERVING:
                    self._emit(f"[{child.spec.name:<10}] SERVING on {child.spec.address}")
                    return
                code = child.process.poll()
                if code is not None:
                    time.sleep(0.2)  # let the pump thread read the last lines
                    raise StackError(f"{child.spec.name} exited with code {code} during start-up:\n" + "\n".join(child.tail))
                if time.monotonic() > deadline:
                    raise StackError(
                        f"{child.spec.name} did not report SERVING on {child.spec.address} in time:\n" + "\n".join(child.tail)
                    )
                time.sleep(0.2)

    def dead(self) -> list[str]:
        """Names of services that have exited."""
        return [c.spec.name for c in self._children if c.process.poll() is not None]

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
    except StackError as error:
        stack.stop(grace_s=5)
        print(f"mediasearch up: {error}", file=sys.stderr)
        return 1
    on_ready()
    failed: list[str] = []
    while not stop.wait(0.5):
        failed = stack.dead()
        if failed:
            print(f"mediasearch up: {', '.join(failed)} exited; stopping the stack", file=sys.stderr)
            break
    codes = stack.stop()
    print("stack stopped: " + ", ".join(f"{name} exit {code}" for name, code in codes.items()), flush=True)
    return 1 if failed else 0


def stack_specs(
    *, data_dir: Path, model: str | None, ports: tuple[int, int, int], metrics_base_port: int = 9090,
    embedder_address: str | None = None, expansion_address: str | None = None,
) -> list[ServiceSpec]:
    """The services to start on loopback, search last as it calls the others.

    An embedder or expansion address means that service runs elsewhere (a GPU
    embedder in a cluster, say): it is not started, and search is pointed at it.
    """
    embedder_port, expansion_port, search_port = ports

    def metrics(offset: int) -> list[str]:
        return ["--metrics-port", str(-1 if metrics_base_port < 0 else metrics_base_port + offset)]

    specs = []
    if embedder_address is None:
        model_args = ["--model", model] if model else []
        specs.append(ServiceSpec("embedder", "embedder_svc", embedder_port, "mediasearch.embedder.v1.EmbedderService",
                                 [*metrics(1), *model_args]))
    if expansion_address is None:
        specs.append(ServiceSpec("expansion", "expansion_svc", expansion_port,
                                 "mediasearch.expansion.v1.ExpansionService", metrics(2)))
    specs.append(ServiceSpec(
        "search", "search_svc", search_port, "mediasearch.search.v1.SearchService",
        [*metrics(3), "--data-dir", str(Path(data_dir).resolve()),
         "--embedder-address", embedder_address or f"127.0.0.1:{embedder_port}",
         "--expansion-address", expansion_address or f"127.0.0.1:{expansion_port}"],
    ))
    return specs
