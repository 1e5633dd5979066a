"""Client channel security: TLS (with a client certificate for mTLS) and a bearer token, re-read when files change.

A service's long-lived channels (search -> embedder, search -> expansion) must
follow certificate rotation like its server does. gRPC fixes a channel's
credentials when it is made, so `ReloadingChannel` keeps one inner channel and
builds a new one when the TLS files change on disk; calls already running
finish on the old one, which is closed after a grace period. Stubs made once
keep working because its callables look up the current channel at each call.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc

from mediasearch.runtime.reloading import ReloadingFile
from mediasearch.runtime.tls import ClientTLS

# What `ChannelSecurity.from_env` reads, after its prefix (MEDIASEARCH_ for every client); deploy manifests
# that configure a client (the web component) are checked against it.
CLIENT_ENV_SUFFIXES = ("TLS", "TLS_CA_FILE", "TLS_CERT_FILE", "TLS_KEY_FILE", "TLS_SERVER_NAME", "TOKEN", "TOKEN_FILE")
RECHECK_S = 5.0  # how often, at most, the TLS files' signature is looked at
OLD_CHANNEL_GRACE_S = 60.0


@dataclass(frozen=True)
class ChannelSecurity:
    """How a client proves itself and checks the server: TLS files and a bearer token (literal or file)."""

    tls: ClientTLS | None = None
    token: str = ""
    token_file: str = ""

    @classmethod
    def from_env(cls, prefix: str = "MEDIASEARCH_") -> ChannelSecurity | None:
        """MEDIASEARCH_TLS_CA_FILE, _TLS_CERT_FILE, _TLS_KEY_FILE, _TLS_SERVER_NAME, _TOKEN, _TOKEN_FILE."""
        get = lambda name: os.environ.get(prefix + name, "")  # noqa: E731  # a local shorthand
        tls = ClientTLS(get("TLS_CA_FILE"), get("TLS_CERT_FILE"), get("TLS_KEY_FILE"), get("TLS_SERVER_NAME"))
        use_tls = bool(tls.files()) or get("TLS") in ("1", "true")
        security = cls(tls if use_tls else None, get("TOKEN"), get("TOKEN_FILE"))
        return security if (security.tls or security.token or security.token_file) else None

    def current_token(self) -> str:
        if self.token_file:
            return _token_file(self.token_file).value()  # a rotated Secret takes effect at the next call
        return self.token


@functools.cache
def _token_file(path: str) -> ReloadingFile[str]:
    """One reader per token file for the process, so each call costs a stat, not a read."""
    return ReloadingFile(path, str.strip)


class _TokenInterceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds `authorization: Bearer <token>` to every call (works over TLS and over loopback plain text)."""

    def __init__(self, token: Callable[[], str]) -> None:
        self._token = token

    def _with_token(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = [*(details.metadata or ()), ("authorization", f"Bearer {self._token()}")]
        return _CallDetails(
            details.method,
            details.timeout,
            metadata,
            details.credentials,
            getattr(details, "wait_for_ready", None),
            getattr(details, "compression", None),
        )

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self._with_token(details), request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self._with_token(details), request_iterator)


@dataclass(frozen=True)
class _CallDetails(grpc.ClientCallDetails):
    method: str
    timeout: float | None
    metadata: Any
    credentials: Any
    wait_for_ready: Any
    compression: Any


def secure_channel(address: str, security: ChannelSecurity, options: list[tuple[str, Any]]) -> grpc.Channel:
    """One channel with the security's TLS credentials (plain text without TLS) and token header."""
    if security.tls is not None:
        if security.tls.server_name:
            options = [*options, ("grpc.ssl_target_name_override", security.tls.server_name)]
        channel = grpc.secure_channel(address, security.tls.credentials(), options=options)
    else:
        channel = grpc.insecure_channel(address, options=options)
    if security.token or security.token_file:
        channel = grpc.intercept_channel(channel, _TokenInterceptor(security.current_token))
    return channel


class _Callable:
    """A multicallable that resolves the current inner channel at every call."""

    def __init__(self, owner: ReloadingChannel, kind: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self._owner, self._kind, self._args, self._kwargs = owner, kind, args, kwargs
        self._built_for: grpc.Channel | None = None
        self._built: Any = None

    def _target(self) -> Any:
        channel = self._owner.current()
        if channel is not self._built_for:  # made once per inner channel: building one per call is costly
            self._built = getattr(channel, self._kind)(*self._args, **self._kwargs)
            self._built_for = channel
        return self._built

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._target()(*args, **kwargs)

    def with_call(self, *args: Any, **kwargs: Any) -> Any:
        return self._target().with_call(*args, **kwargs)

    def future(self, *args: Any, **kwargs: Any) -> Any:
        return self._target().future(*args, **kwargs)


class ReloadingChannel(grpc.Channel):
    """A channel that rebuilds its TLS channel when the certificate files change; see the module docstring."""

    def __init__(self, address: str, security: ChannelSecurity, options: list[tuple[str, Any]]) -> None:
        self._address, self._security, self._options = address, security, options
        self._lock = threading.Lock()
        self._signature = security.tls.signature() if security.tls else ()
        self._channel = secure_channel(address, security, options)
        self._checked = time.monotonic()
        self._retired: list[tuple[float, grpc.Channel]] = []

    def current(self) -> grpc.Channel:
        now = time.monotonic()
        with self._lock:
            if self._security.tls is not None and now - self._checked >= RECHECK_S:
                self._checked = now
                try:
                    signature = self._security.tls.signature()
                    if signature != self._signature:
                        fresh = secure_channel(self._address, self._security, self._options)
                        self._retired.append((now, self._channel))
                        self._channel, self._signature = fresh, signature
                except (OSError, ValueError):
                    pass  # files mid-update: keep the working channel, look again later
            while self._retired and now - self._retired[0][0] > OLD_CHANNEL_GRACE_S:
                self._retired.pop(0)[1].close()
            return self._channel

    def subscribe(self, callback: Any, try_to_connect: bool = False) -> None:
        self.current().subscribe(callback, try_to_connect)

    def unsubscribe(self, callback: Any) -> None:
        self.current().unsubscribe(callback)

    def unary_unary(self, *args: Any, **kwargs: Any) -> Any:
        return _Callable(self, "unary_unary", args, kwargs)

    def unary_stream(self, *args: Any, **kwargs: Any) -> Any:
        return _Callable(self, "unary_stream", args, kwargs)

    def stream_unary(self, *args: Any, **kwargs: Any) -> Any:
        return _Callable(self, "stream_unary", args, kwargs)

    def stream_stream(self, *args: Any, **kwargs: Any) -> Any:
        return _Callable(self, "stream_stream", args, kwargs)

    def close(self) -> None:
        with self._lock:
            for _, channel in self._retired:
                channel.close()
            self._channel.close()

    def __enter__(self) -> ReloadingChannel:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
