"""Fair sharing of a service's concurrency between callers.

One bound for the whole server (`limit` calls at once) and one per caller:
no caller key may hold more than `max(1, floor(share * limit))` of those
slots, so one client opening dozens of idle streams (or a stopped client)
uses up its own share and every other caller still finds free slots.

The caller key is a function of the call context, passed as `caller_key`
to `build_server`; nothing else in the limiter knows what a caller is. The
default (`server.identity_or_peer_host`) is the authenticated identity when
auth is on, else the peer's host (`peer_host`): all connections from one
address share one allowance, so opening more connections buys no slots.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import grpc

CallerKey = Callable[[grpc.ServicerContext], str]


def peer_host(context: grpc.ServicerContext) -> str:
    """The address part of `context.peer()`: 'ipv4:10.0.0.5:43122' -> '10.0.0.5', 'ipv6:[::1]:5000' -> '::1'."""
    peer = context.peer() or ""
    kind, _, address = peer.partition(":")
    if kind == "ipv6" and address.startswith("["):
        return address[1 : address.index("]")] if "]" in address else address
    if kind == "ipv4":
        return address.rpartition(":")[0] or address
    # unix sockets and anything unknown: one key per transport kind.
    return kind or "unknown"


@dataclass(frozen=True)
class Refusal:
    """Why a call got no slot; `message` is what the caller reads."""

    message: str


class FairShareLimiter:
    """Counts slots in use per caller key and overall; `on_saturation(full)` fires when the server fills or frees."""

    def __init__(
        self,
        limit: int,
        share: float,
        *,
        setting_hint: str = "",
        on_saturation: Callable[[bool], None] | None = None,
    ) -> None:
        self.limit = limit
        self.per_caller = max(1, int(share * limit))
        self._hint = f" ({setting_hint})" if setting_hint else ""
        self._in_use: dict[str, int] = {}
        self._total = 0
        self._lock = threading.Lock()
        self._on_saturation = on_saturation
        self._published_full = False
        self._publish_lock = threading.Lock()

    @property
    def in_use(self) -> int:
        return self._total

    def held_by(self, key: str) -> int:
        with self._lock:
            return self._in_use.get(key, 0)

    def acquire(self, key: str) -> Refusal | None:
        """Take a slot for `key`, or say why not; never waits."""
        with self._lock:
            held = self._in_use.get(key, 0)
            # With a share of the whole server, "its share" would only confuse: say the server is full.
            if held >= self.per_caller and self.per_caller < self.limit:
                return Refusal(
                    f"this caller already holds its share of {self.per_caller} of the server's "
                    f"{self.limit} concurrent calls{self._hint}; finish or close some calls, or retry with backoff"
                )
            if self._total >= self.limit:
                return Refusal(f"server is at its limit of {self.limit} concurrent calls; retry with backoff")
            self._in_use[key] = held + 1
            self._total += 1
        self._publish()
        return None

    def release(self, key: str) -> None:
        with self._lock:
            held = self._in_use.get(key, 0) - 1
            if held > 0:
                self._in_use[key] = held
            else:
                self._in_use.pop(key, None)
            self._total -= 1
        self._publish()

    def _publish(self) -> None:
        # Re-reads the count under its own lock, so concurrent fills and frees can
        # never leave the last published state stale (a call that fills the server
        # and one that frees it may publish in either order).
        with self._publish_lock:
            full = self._total >= self.limit
            if full != self._published_full:
                self._published_full = full
                if self._on_saturation is not None:
                    self._on_saturation(full)
