"""Fair sharing of a server's slots between callers, on real servers with two real peer addresses."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import grpc
import pytest

from mediasearch.runtime.fairness import FairShareLimiter, peer_host
from mediasearch.runtime.status import BUSY_RETRY_AFTER_S, retry_delay_s
from tests.runtime import probe
from tests.runtime.helpers import IPV4_CALLER, IPV6_CALLER, address, health_of, require_ipv6_loopback, wait_until


class _Peer:
    def __init__(self, peer: str) -> None:
        self._peer = peer

    def peer(self) -> str:
        return self._peer


@pytest.mark.parametrize(
    ("peer", "host"),
    [
        ("ipv4:10.0.0.5:43122", "10.0.0.5"),
        ("ipv6:[::1]:5000", "::1"),
        ("ipv6:[fe80::1%eth0]:80", "fe80::1%eth0"),
        ("ipv6:[::ffff:127.0.0.1]:1", "::ffff:127.0.0.1"),
        ("unix:/tmp/socket", "unix"),
        ("", "unknown"),
    ],
)
def test_peer_host_drops_the_port_so_new_connections_buy_no_slots(peer: str, host: str) -> None:
    assert peer_host(_Peer(peer)) == host  # type: ignore[arg-type]


def test_limiter_caps_each_key_and_the_total_and_reports_saturation() -> None:
    events: list[bool] = []
    limiter = FairShareLimiter(4, 0.5, setting_hint="X_SHARE", on_saturation=events.append)
    assert limiter.per_caller == 2
    assert limiter.acquire("a") is None and limiter.acquire("a") is None
    refusal = limiter.acquire("a")
    assert refusal is not None and "share of 2" in refusal.message and "X_SHARE" in refusal.message
    assert limiter.acquire("b") is None and limiter.acquire("b") is None
    assert events == [True]
    refusal = limiter.acquire("c")
    assert refusal is not None and "limit of 4" in refusal.message
    limiter.release("a")
    assert events == [True, False] and limiter.held_by("a") == 1 and limiter.in_use == 3
    assert limiter.acquire("c") is None
    # A tiny share still lets every caller make one call.
    assert FairShareLimiter(3, 0.01).per_caller == 1


def _hold_stream(channel: grpc.Channel, release: threading.Event) -> grpc.Future:
    def requests() -> Iterator[bytes]:
        yield b"hello"
        release.wait(30)

    return channel.stream_stream(probe.method("Echo"))(requests())


def test_a_caller_at_its_share_is_refused_while_others_work_and_health_tracks_saturation() -> None:
    require_ipv6_loopback()
    server = probe.start(host="localhost", max_concurrent_rpcs=4, max_caller_share=0.5)
    release_v4, release_v6 = threading.Event(), threading.Event()
    try:
        with grpc.insecure_channel(address(IPV4_CALLER, server.port)) as v4, \
                grpc.insecure_channel(address(IPV6_CALLER, server.port)) as v6:
            held = [_hold_stream(v4, release_v4) for _ in range(2)]
            for call in held:
                assert next(call) == b"hello"
            assert server.limiter.held_by(IPV4_CALLER) == 2
            # The IPv4 caller is at its share: refused at once, with the reason and the setting.
            with pytest.raises(grpc.RpcError) as refused:
                v4.unary_unary(probe.method("Sleep"))(b"0", timeout=10)
            assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert "share of 2" in refused.value.details() and "MEDIASEARCH_MAX_CALLER_SHARE" in refused.value.details()
            assert retry_delay_s(refused.value) == BUSY_RETRY_AFTER_S  # google.rpc.RetryInfo says when to ask again
            # ...while the other caller still gets its slots, and the server still takes work.
            assert v6.unary_unary(probe.method("Sleep"))(b"0", timeout=10) == b"done"
            assert health_of(v6, probe.SERVICE) == "SERVING"

            others = [_hold_stream(v6, release_v6) for _ in range(2)]
            for call in others:
                assert next(call) == b"hello"
            # Every slot taken: no new work here (readiness), but the process is alive (liveness).
            assert health_of(v6, probe.SERVICE) == "NOT_SERVING"
            assert health_of(v6, "") == "SERVING"
            with pytest.raises(grpc.RpcError) as full:
                v6.unary_unary(probe.method("Sleep"))(b"0", timeout=10)
            assert full.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED

            release_v4.set()
            for call in held:
                assert list(call) == []
            wait_until(lambda: health_of(v6, probe.SERVICE) == "SERVING", "health back to SERVING")
            assert v4.unary_unary(probe.method("Sleep"))(b"0", timeout=10) == b"done"
            release_v6.set()
            for call in others:
                assert list(call) == []
            wait_until(lambda: server.limiter.in_use == 0, "every slot released")
    finally:
        release_v4.set()
        release_v6.set()
        server.stop(0)


def test_with_access_control_each_identity_has_its_own_share_even_from_one_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mediasearch.runtime.auth import Role, require, token_line

    require(probe.SERVICE, reader=("Sleep", "Echo"))
    tokens = tmp_path / "tokens"
    tokens.write_text(f"{token_line('alice', Role.READER, 'tok-alice')}\n{token_line('bob', Role.READER, 'tok-bob')}\n")
    server = probe.start(max_concurrent_rpcs=4, max_caller_share=0.5, auth_tokens_file=str(tokens))
    release = threading.Event()
    alice, bob = [("authorization", "Bearer tok-alice")], [("authorization", "Bearer tok-bob")]

    def requests() -> Iterator[bytes]:
        yield b"hello"
        release.wait(30)

    try:
        with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            held = [channel.stream_stream(probe.method("Echo"))(requests(), metadata=alice) for _ in range(2)]
            for call in held:
                assert next(call) == b"hello"
            assert server.limiter.held_by("identity:alice") == 2
            with pytest.raises(grpc.RpcError) as refused:
                channel.unary_unary(probe.method("Sleep"))(b"0", timeout=10, metadata=alice)
            assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            # Same address, same connection, another identity: its own share.
            assert channel.unary_unary(probe.method("Sleep"))(b"0", timeout=10, metadata=bob) == b"done"
            release.set()
            for call in held:
                assert list(call) == []
    finally:
        release.set()
        server.stop(0)
