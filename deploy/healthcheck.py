"""Container health check: asks a service's grpc.health.v1 endpoint whether it is SERVING.

Docker's HEALTHCHECK runs this inside the image (grpc_health_probe is not on
PyPI, and the image already has grpcio and grpcio-health-checking), so
`docker ps` and compose show the same readiness that the Kubernetes gRPC
probes see. Exit status 0 means SERVING; 1 means anything else: NOT_SERVING
while the model or index loads, an unknown service name, or no answer.

    python healthcheck.py mediasearch.embedder.v1.EmbedderService --port 50051 --port-env EMBEDDER_PORT

`--port-env` names the variable the service reads its port from, so an image
started with a different port is still checked on the port it listens on.

A name starting with "/" is an HTTP path instead (the web component): exit 0
on a 200 answer. `--https-env` names the variable whose being set means the
server speaks HTTPS; the certificate is not verified (the check asks itself).

    python healthcheck.py /healthz --port 8080 --port-env WEB_PORT --https-env WEB_TLS_CERT_FILE
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def resolve_port(default_port: int, port_env: str | None, environ: Mapping[str, str]) -> int:
    """The port the service listens on: its environment variable when set, else the default."""
    configured = environ.get(port_env, "").strip() if port_env else ""
    return int(configured) if configured else default_port


def check(address: str, service: str, timeout_s: float) -> tuple[bool, str]:
    """(serving, reason) for one health Check call."""
    try:
        with grpc.insecure_channel(address) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            response = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout_s)
    except grpc.RpcError as error:
        return False, f"{error.code().name}: {error.details()}"
    status = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
    return response.status == health_pb2.HealthCheckResponse.SERVING, status


def check_http(host: str, port: int, path: str, https: bool, timeout_s: float) -> tuple[bool, str]:
    """(answered 200, reason) for one GET of `path`."""
    import http.client
    import ssl

    if https:
        context = ssl._create_unverified_context()  # noqa: S323  # the container asks itself, by address
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(host, port, timeout=timeout_s, context=context)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout_s)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
    except (OSError, http.client.HTTPException) as error:
        return False, f"no answer: {error}"
    finally:
        connection.close()
    return response.status == 200, f"HTTP {response.status}"


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Exit 0 when a gRPC service reports SERVING (or an HTTP path answers 200).")
    parser.add_argument("service", nargs="?", default="", help='gRPC service name; "" asks about the whole server')
    parser.add_argument("--host", default="127.0.0.1", help="address to check (the container itself)")
    parser.add_argument("--port", type=int, required=True, help="port when --port-env is unset or empty")
    parser.add_argument("--port-env", default=None, help="environment variable holding the service's port")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds to wait for the answer")
    parser.add_argument("--https-env", default=None, help="for an HTTP path: variable that, when set, means HTTPS")
    args = parser.parse_args(argv)
    environ = os.environ if environ is None else environ
    port = resolve_port(args.port, args.port_env, environ)
    if args.service.startswith("/"):
        https = bool(environ.get(args.https_env, "").strip()) if args.https_env else False
        serving, reason = check_http(args.host, port, args.service, https, args.timeout)
    else:
        serving, reason = check(f"{args.host}:{port}", args.service, args.timeout)
    print(f"{args.service or '<server>'} at {args.host}:{port}: {reason}", file=sys.stdout if serving else sys.stderr)
    return 0 if serving else 1


if __name__ == "__main__":
    raise SystemExit(main())
