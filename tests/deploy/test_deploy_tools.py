"""The script the images run: the health check, against a real gRPC health server."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from tests.deploy.deploy_support import DEPLOY, load_deploy_script

SERVICE = "mediasearch.embedder.v1.EmbedderService"
healthcheck = load_deploy_script("healthcheck.py")


@pytest.fixture(scope="module")
def health_server() -> Iterator[tuple[health.HealthServicer, int]]:
    """A gRPC server with only the standard health service, as the runtime registers it."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield servicer, port
    server.stop(0)


def set_status(servicer: health.HealthServicer, serving: bool) -> None:
    status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
    for name in ("", SERVICE):
        servicer.set(name, status)


def test_exit_zero_only_when_serving(health_server: tuple[health.HealthServicer, int]) -> None:
    servicer, port = health_server
    set_status(servicer, serving=False)
    assert healthcheck.main([SERVICE, "--port", str(port)], environ={}) == 1, "loading: NOT_SERVING"
    set_status(servicer, serving=True)
    assert healthcheck.main([SERVICE, "--port", str(port)], environ={}) == 0
    assert healthcheck.main(["--port", str(port)], environ={}) == 0, "no name asks about the whole server"
    assert healthcheck.main(["mediasearch.nothing.v1.NoService", "--port", str(port)], environ={}) == 1


def test_port_comes_from_the_service_variable_when_set(health_server: tuple[health.HealthServicer, int]) -> None:
    servicer, port = health_server
    set_status(servicer, serving=True)
    args = [SERVICE, "--port", "1", "--port-env", "EMBEDDER_PORT", "--timeout", "1"]
    assert healthcheck.main(args, environ={"EMBEDDER_PORT": str(port)}) == 0
    assert healthcheck.main(args, environ={"EMBEDDER_PORT": ""}) == 1, "empty means unset: port 1 has no server"


def test_nothing_listening_is_unhealthy(capsys: pytest.CaptureFixture[str]) -> None:
    assert healthcheck.main([SERVICE, "--port", str(free_port()), "--timeout", "1"], environ={}) == 1
    assert re.search(r"UNAVAILABLE|DEADLINE_EXCEEDED", capsys.readouterr().err)


def test_runs_as_the_image_runs_it(health_server: tuple[health.HealthServicer, int]) -> None:
    servicer, port = health_server
    set_status(servicer, serving=True)
    done = subprocess.run(
        [sys.executable, str(DEPLOY / "healthcheck.py"), SERVICE, "--port", str(port)],
        capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert "SERVING" in done.stdout


def free_port() -> int:
    """A port that was free a moment ago, with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_http_path_is_healthy_only_on_200() -> None:
    """The web image's check: a path instead of a gRPC name, HTTPS only when the named variable is set."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (the http.server hook's name)
            self.send_response(200 if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = str(server.server_address[1])
    try:
        assert healthcheck.main(["/healthz", "--port", port], environ={}) == 0
        assert healthcheck.main(["/missing", "--port", port], environ={}) == 1
        https = ["/healthz", "--port", port, "--https-env", "WEB_TLS_CERT_FILE", "--timeout", "2"]
        assert healthcheck.main(https, environ={"WEB_TLS_CERT_FILE": ""}) == 0
        assert healthcheck.main(https, environ={"WEB_TLS_CERT_FILE": "/tls/tls.crt"}) == 1, "TLS to a plain server"
    finally:
        server.shutdown()
