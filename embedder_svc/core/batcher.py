"""Dynamic micro-batching, as Triton's dynamic batcher does it.

Concurrent callers submit items; one worker thread coalesces whatever is
queued into a single forward pass of up to `max_batch_size` items. While a
pass runs, new items queue and form the next batch by themselves. Waiting
for company (at most `max_wait_ms`) only pays when items arrive close
together, so the worker waits only if the item before this batch's first
arrived within that window: a lone query on an idle model runs at once
instead of paying the full wait. Items whose deadline has passed are
dropped before the forward pass, not computed.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import numpy as np

from mediasearch.runtime.errors import DeadlineExceeded, ResourceExhausted, Unavailable

log = logging.getLogger(__name__)


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
    ) -> None:
        self._encode = encode
        self._max_batch = max_batch_size
        self._max_wait = max_wait_ms / 1000.0
        self._queue: queue.Queue[_Pending | None] = queue.Queue(maxsize=max_queue)
        self._on_batch = on_batch
        self._on_expired = on_expired
        self._closed = False
        self._previous_arrival = float("-inf")
        self._thread = threading.Thread(target=self._run, name=f"batcher-{name}", daemon=True)
        self._thread.start()

    def submit(self, item: Any, deadline: float | None = None) -> Future[np.ndarray]:
        """Queue one item; the future resolves to its 1-D embedding."""
        if self._closed:
            raise Unavailable("embedder is shutting down")
        pending = _Pending(item, deadline, Future(), time.monotonic())
        try:
            self._queue.put_nowait(pending)
        except queue.Full:
            raise ResourceExhausted(
                f"embedding queue is full ({self._queue.maxsize} items waiting); retry with backoff"
            ) from None
        return pending.future

    def close(self) -> None:
        """Finish what is queued, then stop the worker."""
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _collect(self) -> tuple[list[_Pending], bool]:
        first = self._queue.get()
        if first is None:
            return [], True
        batch = [first]
        busy = first.arrived - self._previous_arrival < self._max_wait
        flush_at = time.monotonic() + (self._max_wait if busy else 0.0)
        while len(batch) < self._max_batch:
            remaining = flush_at - time.monotonic()
            try:
                nxt = self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if nxt is None:
                self._previous_arrival = batch[-1].arrived
                return batch, True
            batch.append(nxt)
        self._previous_arrival = batch[-1].arrived
        return batch, False

    def _run(self) -> None:
        stop = False
        while not stop:
            batch, stop = self._collect()
            now = time.monotonic()
            live = []
            for pending in batch:
                if pending.deadline is not None and pending.deadline <= now:
                    pending.future.set_exception(DeadlineExceeded("deadline passed while queued; not computed"))
                elif pending.future.set_running_or_notify_cancel():
                    live.append(pending)
            if self._on_expired and len(live) < len(batch):
                self._on_expired(len(batch) - len(live))
            if live:
                self._run_batch(live)

    def _run_batch(self, live: list[_Pending]) -> None:
        started = time.perf_counter()
        try:
            vectors = self._encode([p.item for p in live])
        except Exception as error:  # noqa: BLE001 - every waiting caller must hear about the failure
            log.exception("batch of %d failed", len(live))
            for pending in live:
                pending.future.set_exception(error)
            return
        if self._on_batch:
            self._on_batch(len(live), time.perf_counter() - started)
        for pending, vector in zip(live, vectors, strict=True):
            pending.future.set_result(vector)
