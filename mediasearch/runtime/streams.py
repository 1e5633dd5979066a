"""Reading a gRPC request stream on a background thread.

A handler that both reads requests and yields responses must never block on
the next request while a response is ready: a client that sends one item and
waits for its answer would wait forever. `Prefetcher` drains the request
iterator into a bounded queue, so the handler can poll for requests and
answer in between.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class StreamEnded(Exception):
    """The request stream is exhausted (or the client went away)."""


class Prefetcher(Generic[T]):
    """Reads `source` ahead on a daemon thread, holding at most `maxsize` items."""

    _END = object()

    def __init__(self, source: Iterable[T], maxsize: int) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=maxsize)
        self.error: BaseException | None = None
        self._ended = False
        threading.Thread(target=self._read, args=(source,), name="stream-reader", daemon=True).start()

    def _read(self, source: Iterable[T]) -> None:
        try:
            for item in source:
                self._queue.put(item)
        except BaseException as error:  # noqa: BLE001 - surfaced to the handler via .error
            self.error = error
        finally:
            self._queue.put(self._END)

    def get(self, timeout: float | None = None) -> T:
        """The next item; `queue.Empty` on timeout, `StreamEnded` once the source is done."""
        if self._ended:
            raise StreamEnded
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
