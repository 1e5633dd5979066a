"""Server-side deadlines, their inheritance by downstream calls, shutdown past stuck handlers, start-up failures.

All against real servers; the shutdown and port tests start real processes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from mediasearch.runtime.server import EXIT_MARGIN_S
from tests.runtime import probe
from tests.runtime.helpers import wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def probe_server():  # type: ignore[no-untyped-def]
    server = probe.start(unary_deadline_s=0.5)
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        yield server, channel
    server.stop(0)


def test_unary_call_past_the_server_deadline_gets_deadline_exceeded(probe_server) -> None:  # type: ignore[no-untyped-def]
    server, channel = probe_server
    sleep = channel.unary_unary(probe.method("Sleep"))
    assert sleep(b"0", timeout=10) == b"done"
    with pytest.raises(grpc.RpcError) as late:
        sleep(b"0.8", timeout=10)  # the client would wait 10 s; the server allows 0.5 s
    assert late.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert "MEDIASEARCH_UNARY_DEADLINE_S" in late.value.details()
    wait_until(lambda: server.limiter.in_use == 0, "the slot freed when the sleeping handler returned")


def test_a_handler_still_running_at_the_deadline_is_answered_then_and_keeps_its_slot(probe_server) -> None:  # type: ignore[no-untyped-def]
    server, channel = probe_server
    probe.RELEASE.clear()
    try:
        with pytest.raises(grpc.RpcError) as late:
            # 20 s is only a liveness bound: the server's answer must come, with its own message.
            channel.unary_unary(probe.method("Block"))(b"", timeout=20)
        assert late.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert "MEDIASEARCH_UNARY_DEADLINE_S" in late.value.details()
        assert server.limiter.in_use == 1  # the thread is still busy, and is counted
    finally:
        probe.RELEASE.set()
    wait_until(lambda: server.limiter.in_use == 0, "the slot freed when the handler returned")


@pytest.fixture()
def wide_server():  # type: ignore[no-untyped-def]
    """A 5 s server deadline: room for a loaded machine, still far below the client's 30 s."""
    server = probe.start(unary_deadline_s=5)
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        yield channel
    server.stop(0)


def test_handlers_see_the_sooner_of_client_and_server_deadline(wide_server) -> None:  # type: ignore[no-untyped-def]
    remaining = wide_server.unary_unary(probe.method("Remaining"))
    assert 0 < float(remaining(b"", timeout=30)) <= 5  # the server's 5 s wins over the client's 30 s
    # The client's 2 s wins (grpc rounds the timeout it sends up a little).
    assert 0 < float(remaining(b"", timeout=2)) <= 2.5
    assert 0 < float(remaining(b"")) <= 5  # no client deadline: the server's


def test_downstream_calls_get_only_the_time_left(probe_server, wide_server, embedder_server) -> None:  # type: ignore[no-untyped-def]
    _, channel = probe_server
    _, embedder_port = embedder_server
    target = f"127.0.0.1:{embedder_port}"
    assert wide_server.unary_unary(probe.method("EmbedAfter"))(f"0 {target}".encode(), timeout=30) == b"(1, 32)"
    probe.EMBED_OUTCOMES.clear()
    with pytest.raises(grpc.RpcError) as spent:
        # Sleeps past the 0.5 s server deadline, then calls the embedder: nothing is left for it.
        channel.unary_unary(probe.method("EmbedAfter"))(f"0.6 {target}".encode(), timeout=30)
    assert spent.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    wait_until(lambda: bool(probe.EMBED_OUTCOMES), "the handler's embedder call")
    assert probe.EMBED_OUTCOMES == ["DeadlineExceeded: no time left for the embedder call: the call's deadline has passed"]


def test_sigterm_ends_the_process_even_with_a_handler_stuck_opening_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "never-written"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.runtime.probe", str(fifo)], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stuck = channel.unary_unary(probe.method("OpenFifo")).future(b"", timeout=60)
            assert process.stdout.readline().strip() == "opening fifo"
            process.send_signal(signal.SIGTERM)
            # grace 1 s + the exit margin, with generous slack for a loaded machine.
            process.wait(timeout=1.0 + EXIT_MARGIN_S + 20)
            assert stuck.exception(timeout=10) is not None
        assert process.returncode == 0
        assert "exiting anyway" in process.stderr.read()
    finally:
        process.kill()
        process.wait()


def _busy_port() -> socket.socket:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener


@pytest.mark.parametrize(
    ("module", "flags", "line"),
    [
        ("search_svc", ["--port", "{port}", "--metrics-port", "-1"], "search: port {port} is in use: set SEARCH_PORT or --port"),
        ("expansion_svc", ["--port", "0", "--metrics-port", "{port}"],
         "expansion: port {port} is in use: set EXPANSION_METRICS_PORT or --metrics-port"),
    ],
)
def test_a_busy_port_is_one_line_naming_the_setting_and_exit_code_2(
    tmp_path: Path, module: str, flags: list[str], line: str
) -> None:
    with _busy_port() as listener:
        port = listener.getsockname()[1]
        args = [flag.format(port=port) for flag in flags]
        if module == "search_svc":
            args += ["--data-dir", str(tmp_path / "data")]
        done = subprocess.run(
            [sys.executable, "-m", module, "--host", "127.0.0.1", *args], cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr == line.format(port=port) + "\n"
