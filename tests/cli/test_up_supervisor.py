"""`mediasearch up` as a supervisor: port clashes, a foreign server on its port, crash and restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediasearch.cli.ports import listener_is, port_is_free
from mediasearch.cli.stack import RestartPolicy
from tests.cli.up_output import UpOutput
from tests.servers import free_port

CLI = [sys.executable, "-m", "mediasearch.cli"]


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port held by a plain listening socket: another program, as far as `up` can tell."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_port_checks_see_a_listener_and_who_holds_it(busy_port: int) -> None:
    assert not port_is_free(busy_port)
    assert listener_is(os.getpid(), busy_port) is True
    other = free_port()
    assert port_is_free(other)
    assert listener_is(os.getpid(), other) is False


def test_restart_backoff_doubles_then_gives_up() -> None:
    policy = RestartPolicy(max_restarts=4, window_s=60.0, max_delay_s=5.0)
    assert [policy.next_delay(10.0) for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, None]
    assert policy.next_delay(100.0) == 1.0  # crashes older than the window are forgiven


@pytest.mark.parametrize("via", ["flag", "environment"])
def test_port_clash_is_one_line_exit_2_naming_the_fix(busy_port: int, tmp_path: Path, via: str) -> None:
    env = {**os.environ}
    args = [*CLI, "up", "--data-dir", str(tmp_path), "--embedder-port", str(free_port()),
            "--expansion-port", str(free_port()), "--metrics-base-port", "-1"]
    if via == "flag":
        args += ["--search-port", str(busy_port)]
    else:
        env["MEDIASEARCH_SEARCH_PORT"] = str(busy_port)
    started = time.monotonic()
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert time.monotonic() - started < 30  # liveness only: nothing was started, nothing was waited for
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"port {busy_port} (search)" in lines[0] and "MEDIASEARCH_SEARCH_PORT" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_crashed_child_is_restarted_and_said_so(embedder_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    expansion_port, search_port = free_port(), free_port()
    process = subprocess.Popen(
        [*CLI, "up", "--data-dir", str(tmp_path / "data"), "--embedder-address", f"127.0.0.1:{embedder_port}",
         "--expansion-port", str(expansion_port), "--search-port", str(search_port), "--metrics-base-port", "-1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = UpOutput(process)
    try:
        serving = output.wait_for(lambda line: line.startswith("[search") and "SERVING" in line)
        ready = output.wait_for(lambda line: line.startswith("stack ready"))
        assert "loopback only" in ready
        pid = int(serving.rsplit("(pid ", 1)[1].rstrip(")\n"))
        os.kill(pid, signal.SIGKILL)
        output.wait_for(lambda line: line.startswith("[search") and "restarting in" in line)
        again = output.wait_for(lambda line: line.startswith("[search") and "SERVING" in line)
        assert int(again.rsplit("(pid ", 1)[1].rstrip(")\n")) != pid
        env = {**os.environ, "MEDIASEARCH_EMBEDDER_ADDRESS": f"127.0.0.1:{embedder_port}",
               "MEDIASEARCH_EXPANSION_ADDRESS": f"127.0.0.1:{expansion_port}",
               "MEDIASEARCH_SEARCH_ADDRESS": f"127.0.0.1:{search_port}"}
        status = subprocess.run([*CLI, "status"], env=env, capture_output=True, text=True, timeout=60)
        assert status.returncode == 0 and status.stdout.count("SERVING") == 3
    finally:
        process.send_signal(signal.SIGTERM)
        rest = process.communicate(timeout=60)[0]
    assert process.returncode == 0, "".join(output.drain()) + (rest or "")


def test_demo_ports_move_off_busy_defaults(busy_port: int) -> None:
    env = {**os.environ, "MEDIASEARCH_SEARCH_PORT": str(busy_port)}
    result = subprocess.run([sys.executable, "-m", "mediasearch.cli.demo_ports"], env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    exports = dict(part.split("=", 1) for line in result.stdout.splitlines()
                   if line.startswith("export ") for part in line.split()[1:])
    chosen = int(exports["MEDIASEARCH_SEARCH_PORT"])
    assert chosen != busy_port and port_is_free(chosen)
    assert exports["MEDIASEARCH_SEARCH_ADDRESS"] == f"127.0.0.1:{chosen}"
    assert "default ports are busy" in result.stdout  # an echo line the demo script evals
