"""Reading a gRPC request stream on a background thread.

A handler that both reads requests and yields responses must never block on
the next request while a response is ready: a client that sends one item and
waits for its answer would wait forever. `Prefetcher` drains the request
iterator into a bounded queue, so the handler can poll for requests and
answer in between.

It also bounds how long a handler waits for a client that sends nothing:
with `idle_timeout_s`, a blocking `get()` that sees no message for that long
raises `StreamIdle` (DEADLINE_EXCEEDED), so an idle or stopped client cannot
hold a concurrency slot forever.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from typing import Generic, TypeVar

from mediasearch.runtime.errors import DeadlineExceeded

T = TypeVar("T")


class StreamEnded(Exception):
    """The request stream is exhausted (or the client went away)."""


class StreamIdle(DeadlineExceeded):
    """The client sent nothing for the idle timeout while the server waited for it."""

    def __init__(self, idle_timeout_s: float) -> None:
        super().__init__(
            f"no request message for {idle_timeout_s:g} s while the server was waiting for one; "
            "the stream was ended to free its slot (send more often or close the stream when done)",
            reason="STREAM_IDLE",
        )


class Prefetcher(Generic[T]):
    """Reads `source` ahead on a daemon thread, holding at most `maxsize` items.

    `idle_timeout_s` (0 or None = wait forever) bounds a blocking `get()`.
    """

    _END = object()
    # How often a reader blocked on a full queue checks whether the handler gave up.
    _PUT_POLL_S = 0.5

    def __init__(self, source: Iterable[T], maxsize: int, idle_timeout_s: float | None = None) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=maxsize)
        self.error: BaseException | None = None
        self._ended = False
        self._closed = threading.Event()
        self._idle_timeout_s = idle_timeout_s or None
        threading.Thread(target=self._read, args=(source,), name="stream-reader", daemon=True).start()

    def _read(self, source: Iterable[T]) -> None:
        try:
            for item in source:
                if not self._put(item):
                    return
        except BaseException as error:  # noqa: BLE001 - surfaced to the handler via .error
            self.error = error
        finally:
            self._put(self._END)

    def _put(self, item: object) -> bool:
        """Queue `item`; False once the handler closed the stream (so this thread ends instead of blocking)."""
        while not self._closed.is_set():
            try:
                self._queue.put(item, timeout=self._PUT_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def close(self) -> None:
        """The handler is done: stop the reader even if the client keeps sending."""
        self._closed.set()

    def get(self, timeout: float | None = None) -> T:
        """The next item; `queue.Empty` on timeout, `StreamEnded` once the source is done.

        With no `timeout`, waits at most the idle timeout and then raises `StreamIdle`.
        """
        if self._ended:
            raise StreamEnded
        if timeout is None and self._idle_timeout_s is not None:
            try:
                item = self._queue.get(timeout=self._idle_timeout_s)
            except queue.Empty:
                self.close()
                raise StreamIdle(self._idle_timeout_s) from None
        else:
            item = self._queue.get(timeout=timeout)
        if item is self._END:
            self._ended = True
            raise StreamEnded
        return item  # type: ignore[return-value]  # anything but the _END sentinel is a T

    def get_nowait(self) -> T:
        """The next item if one is waiting; `queue.Empty` otherwise, `StreamEnded` once done."""
        if self._ended:
            raise StreamEnded
        item = self._queue.get_nowait()
        if item is self._END:
            self._ended = True
            raise StreamEnded
        return item  # type: ignore[return-value]  # anything but the _END sentinel is a T
