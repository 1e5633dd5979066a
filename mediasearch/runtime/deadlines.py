"""The deadline of the call being served, so calls it makes downstream get only the time left.

The deadline interceptor sets it around each handler (the handler's thread
carries it in a context variable); clients of other services read it through
`downstream_timeout`. Free of grpc imports so cores and clients can use it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

from mediasearch.runtime.errors import DeadlineExceeded

_deadline: ContextVar[float | None] = ContextVar("mediasearch_call_deadline", default=None)


@contextlib.contextmanager
def call_deadline(deadline: float | None) -> Iterator[None]:
    """Run the block with `deadline` (time.monotonic() seconds, None = none) as the current call's."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        # grpc reuses its worker threads: the next call on this thread must not inherit ours.
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left for the current call, or None outside a call with a deadline."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def downstream_timeout(own_timeout: float, what: str = "downstream call") -> float:
    """`own_timeout`, shortened to the current call's remaining time; DeadlineExceeded when none is left."""
    left = remaining()
    if left is None:
        return own_timeout
    if left <= 0:
        raise DeadlineExceeded(f"no time left for the {what}: the call's deadline has passed", reason="DEADLINE_SPENT")
    return min(own_timeout, left)
