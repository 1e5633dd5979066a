"""Dynamic micro-batching, as Triton's dynamic batcher does it, with a foreground and a background lane.

Concurrent callers submit items; one worker thread coalesces whatever is
queued into a single forward pass of up to `max_batch_size` items. While a
pass runs, new items queue and form the next batch by themselves. Waiting
for company (at most `max_wait_ms`) only pays when items arrive close
together, so the worker waits only if the item before this batch's first
arrived within that window: a lone query on an idle model runs at once
instead of paying the full wait. Items whose deadline has passed are
dropped before the forward pass, not computed.

Priorities. Foreground items (someone waits on them: a query) always go
first. Background items (nobody waits: warming a term store) run only when
no foreground item is queued and none has arrived or finished for
`background_idle_ms`, and then at most `max_background_batch_size` of them:
a forward pass cannot be interrupted, so what bounds a query's wait behind
background work is how short a background pass is and how rarely one starts
while queries are coming in. Where the encoder can stop between layers
(`encode_background`, the torch text tower), a background pass gives way as
soon as a foreground item arrives: its items go back to the head of their
lane, and the query waits one layer, not a pass. The lanes never share a pass (background items
would make a query's pass longer) and have separate queue bounds (background
work never makes a query RESOURCE_EXHAUSTED).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import numpy as np

from mediasearch.runtime.errors import DeadlineExceeded, ResourceExhausted, Unavailable

log = logging.getLogger(__name__)


class Preempted(Exception):
    """Raised by `encode_background` when it stopped early because foreground work waits."""


# encode_background(items, give_way) -> rows; checks give_way() as it goes and raises Preempted when it is true.
BackgroundEncode = Callable[[Sequence[Any], Callable[[], bool]], np.ndarray]


@dataclass
class _Pending:
    item: Any
    deadline: float | None  # time.monotonic() seconds; None = no deadline
    future: Future[np.ndarray]
    arrived: float = 0.0


class DynamicBatcher:
    """Coalesces single-item submissions into batched `encode(items) -> (n, d)` calls."""

    def __init__(
        self,
        encode: Callable[[Sequence[Any]], np.ndarray],
        *,
        max_batch_size: int,
        max_wait_ms: float,
        max_queue: int,
        name: str,
        on_batch: Callable[[int, float], None] | None = None,
        on_expired: Callable[[int], None] | None = None,
        max_background_batch_size: int = 1,
        background_idle_ms: float = 0.0,
        encode_background: BackgroundEncode | None = None,
    ) -> None:
        self._encode = encode
        self._encode_background = encode_background
        # Background passes given up for a query (each one's items were queued again).
        self.preempted = 0
        self._max_batch = max_batch_size
        self._max_wait = max_wait_ms / 1000.0
        self._max_queue = max_queue
        self._max_background_batch = max(1, min(max_background_batch_size, max_batch_size))
        self._background_idle = background_idle_ms / 1000.0
        self._foreground: deque[_Pending] = deque()
        self._background: deque[_Pending] = deque()
        self._ready = threading.Condition()
        self._on_batch = on_batch
        self._on_expired = on_expired
        self._closed = False
        self._previous_arrival = float("-inf")
        # When foreground work last arrived or finished: background waits until it has been quiet a while.
        self._foreground_seen = float("-inf")
        self._thread = threading.Thread(target=self._run, name=f"batcher-{name}", daemon=True)
        self._thread.start()

    def submit(self, item: Any, deadline: float | None = None, *, background: bool = False) -> Future[np.ndarray]:
        """Queue one item; the future resolves to its 1-D embedding."""
        now = time.monotonic()
        pending = _Pending(item, deadline, Future(), now)
        with self._ready:
            if self._closed:
                raise Unavailable("embedder is shutting down")
            lane = self._background if background else self._foreground
            if len(lane) >= self._max_queue:
                kind = "background " if background else ""
                raise ResourceExhausted(
                    f"{kind}embedding queue is full ({self._max_queue} items waiting); retry with backoff"
                )
            lane.append(pending)
            if not background:
                self._foreground_seen = now
            self._ready.notify()
        return pending.future

    def close(self) -> None:
        """Finish what is queued, then stop the worker."""
        with self._ready:
            self._closed = True
            self._ready.notify()
        self._thread.join(timeout=30)

    def _collect(self) -> tuple[list[_Pending], bool, bool]:
        """(batch, whether it is foreground, whether to stop once it is done)."""
        with self._ready:
            while True:
                if self._foreground:
                    return self._foreground_batch(), True, False
                if self._background:
                    quiet = time.monotonic() - self._foreground_seen
                    if self._closed or quiet >= self._background_idle:
                        count = min(len(self._background), self._max_background_batch)
                        return [self._background.popleft() for _ in range(count)], False, False
                    self._ready.wait(self._background_idle - quiet)
                    continue
                if self._closed:
                    return [], False, True
                self._ready.wait()

    def _foreground_batch(self) -> list[_Pending]:
        """Up to `max_batch_size` foreground items, waiting for company when items arrive close together.
        Called holding the lock, with at least one foreground item queued."""
        first = self._foreground.popleft()
        batch = [first]
        busy = first.arrived - self._previous_arrival < self._max_wait
        flush_at = time.monotonic() + (self._max_wait if busy else 0.0)
        while len(batch) < self._max_batch:
            if self._foreground:
                batch.append(self._foreground.popleft())
                continue
            remaining = flush_at - time.monotonic()
            if remaining <= 0 or self._closed:
                break
            self._ready.wait(remaining)
        self._previous_arrival = batch[-1].arrived
        return batch

    def _run(self) -> None:
        stop = False
        while not stop:
            batch, foreground, stop = self._collect()
            now = time.monotonic()
            live = []
            for pending in batch:
                if pending.deadline is not None and pending.deadline <= now:
                    pending.future.set_exception(DeadlineExceeded("deadline passed while queued; not computed"))
                elif pending.future.running() or pending.future.set_running_or_notify_cancel():
                    live.append(pending)  # running already: a preempted background item, queued again
            if self._on_expired and len(live) < len(batch):
                self._on_expired(len(batch) - len(live))
            if live and not foreground and self._encode_background is not None:
                self._run_background(live)
            elif live:
                self._run_batch(live)
            if foreground:
                with self._ready:
                    self._foreground_seen = time.monotonic()

    def _run_background(self, live: list[_Pending]) -> None:
        """A background pass that gives way to a query: on Preempted its items go back to the head of their lane."""
        assert self._encode_background is not None
        encode_background = self._encode_background

        def preemptible(items: Sequence[Any]) -> np.ndarray:
            return encode_background(items, lambda: bool(self._foreground))

        try:
            self._run_batch(live, preemptible)
        except Preempted:
            with self._ready:
                self.preempted += 1
                self._background.extendleft(reversed(live))

    def _run_batch(self, live: list[_Pending], encode: Callable[[Sequence[Any]], np.ndarray] | None = None) -> None:
        started = time.perf_counter()
        try:
            vectors = (encode or self._encode)([p.item for p in live])
        except Preempted:
            raise
        except Exception as error:  # noqa: BLE001 - every waiting caller must hear about the failure
            log.exception("batch of %d failed", len(live))
            for pending in live:
                pending.future.set_exception(error)
            return
        if self._on_batch:
            self._on_batch(len(live), time.perf_counter() - started)
        for pending, vector in zip(live, vectors, strict=True):
            pending.future.set_result(vector)
