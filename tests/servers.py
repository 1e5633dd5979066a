"""Services for tests and benchmarks: settings for in-process servers, and services run as processes.

Here, not in the shared package: these import the service packages, and the
shared package must not (tests/contract/test_import_rules.py).
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable
import sys
from pathlib import Path
from typing import Any


def embedder_settings(model_dir: Path | str, **overrides: Any):
    """EmbedderSettings for a test server on loopback with a free metrics port and one CPU thread."""
    from embedder_svc.settings import EmbedderSettings

    values: dict[str, Any] = {
        "model": str(model_dir),
        "host": "127.0.0.1",
        "metrics_port": 0,
        "cpu_threads": 1,
        "log_format": "text",
        "grace_period_s": 1.0,
    }
    values.update(overrides)
    return EmbedderSettings(**values)


def search_settings(data_dir: Path | str, embedder_port: int, expansion_port: int = 1, **overrides: Any):
    """SearchSettings for a test server; expansion_port=1 points deep search at nothing (degraded mode)."""
    from search_svc.settings import SearchSettings

    values: dict[str, Any] = {
        "data_dir": str(data_dir),
        "host": "127.0.0.1",
        "metrics_port": 0,
        "embedder_address": f"127.0.0.1:{embedder_port}",
        "expansion_address": f"127.0.0.1:{expansion_port}",
        "log_format": "text",
        "grace_period_s": 1.0,
        "expansion_timeout_s": 0.5,
        # Warming embeds thousands of terms in the background; the tests that need it turn it on.
        "term_warming": "off",
    }
    values.update(overrides)
    return SearchSettings(**values)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = 30.0) -> None:
    """Poll `condition` until true; a generous liveness bound, not a speed assertion."""
    import time

    give_up = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"{what} did not happen within {timeout_s} s")
        time.sleep(0.02)


def wait_serving(port: int, service: str, process: subprocess.Popen[str] | None = None, timeout_s: float = 90.0) -> None:
    """Wait until a service on loopback reports SERVING; fail early, with its stderr, if `process` exits."""
    import time

    from mediasearch.client import health_status

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{service} exited with {process.returncode}: "
                                 f"{process.stderr.read() if process.stderr else ''}")
        if health_status(f"127.0.0.1:{port}", service, timeout_s=1.0) == "SERVING":
            return
        time.sleep(0.1)
    raise AssertionError(f"{service} on port {port} did not become SERVING within {timeout_s} s")


def start_service(module: str, service: str, *args: str, timeout_s: float = 90.0,
                  stdout: int | None = subprocess.DEVNULL) -> tuple[subprocess.Popen[str], int]:
    """`python -m <module>` on loopback with a free port, no metrics port and `args`, once SERVING.

    Its stderr is a pipe: `stop_with_sigterm` returns it. Killed if it never gets to SERVING.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--host", "127.0.0.1", "--port", str(port), "--metrics-port", "-1", *args],
        stdout=stdout, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_serving(port, service, process, timeout_s=timeout_s)
    except BaseException:
        process.kill()
        raise
    return process, port


def stop_with_sigterm(process: subprocess.Popen[str], timeout_s: float = 30.0) -> str:
    """SIGTERM, as Kubernetes stops a pod; asserts a clean exit (status 0) and returns the stderr."""
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=timeout_s)
    finally:
        process.kill()
    stderr = process.stderr.read() if process.stderr else ""
    assert code == 0, f"exit status {code} after SIGTERM:\n{stderr[-2000:]}"
    return stderr
