"""Answers a unary call with DEADLINE_EXCEEDED at its server-side deadline, even while its handler still runs.

Python cannot stop a handler thread, so without this a caller with no
deadline of its own would wait as long as a stuck handler does. One thread
per server keeps the pending deadlines in a heap; when one passes with the
call still running, it ends the call with the status and message (the
handler's eventual answer is dropped by grpc). The handler keeps its slot
until it really returns: the slot count stays honest about threads in use.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time

import grpc

log = logging.getLogger("mediasearch.rpc")


class Watched:
    """A call under watch; `finish()` when its handler returns."""

    __slots__ = ("context", "message", "finished")

    def __init__(self, context: grpc.ServicerContext, message: str) -> None:
        self.context = context
        self.message = message
        self.finished = False

    def finish(self) -> None:
        self.finished = True


class DeadlineWatch:
    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Watched]] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, deadline: float, context: grpc.ServicerContext, message: str) -> Watched:
        """End the call at `deadline` (time.monotonic()) unless it finished by then."""
        watched = Watched(context, message)
        with self._changed:
            heapq.heappush(self._heap, (deadline, next(self._order), watched))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="deadline-watch", daemon=True)
                self._thread.start()
            if self._heap[0][2] is watched:
                self._changed.notify()
        return watched

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._heap:
                    self._changed.wait()
                deadline, _, watched = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._changed.wait(wait)
                    continue
                heapq.heappop(self._heap)
            if not watched.finished:
                _end_call(watched.context, watched.message)


def _end_call(context: grpc.ServicerContext, message: str) -> None:
    # grpc's public API can only cancel (the caller reads CANCELLED); its call object
    # can cancel with a status, which chttp2 sends to the client as the call's status.
    call = getattr(getattr(context, "_rpc_event", None), "call", None)
    try:
        from grpc._cython import cygrpc  # type: ignore[attr-defined]

        call.cancel(cygrpc.StatusCode.deadline_exceeded, message)  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - a grpc without that private API: cancel plainly
        log.debug("cancel with status unavailable; cancelling plainly", exc_info=True)
        context.cancel()
