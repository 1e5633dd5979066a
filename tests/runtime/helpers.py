"""Small helpers for runtime and abuse tests: two distinct callers on one machine, waiting with a bound."""

from __future__ import annotations

import socket

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.servers import wait_until

__all__ = ["IPV4_CALLER", "IPV6_CALLER", "address", "health_of", "require_ipv6_loopback", "wait_until"]

# A server bound to "localhost" listens on 127.0.0.1 and ::1 with one port; a
# client of each address is a different peer host, hence a different caller.
IPV4_CALLER, IPV6_CALLER = "127.0.0.1", "::1"


def require_ipv6_loopback() -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("two distinct callers need the IPv6 loopback ::1, which this machine lacks")


def address(caller: str, port: int) -> str:
    return f"[{caller}]:{port}" if ":" in caller else f"{caller}:{port}"


def health_of(channel, service: str) -> str:  # type: ignore[no-untyped-def]
    response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
    return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
