"""Dynamic batching coalesces concurrent items, drops expired ones and sheds when full."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from embedder_svc.core.batcher import DynamicBatcher
from mediasearch.runtime.errors import DeadlineExceeded, ResourceExhausted


class RecordingEncoder:
    def __init__(self, delay: float = 0.0) -> None:
        self.batches: list[list[int]] = []
        self.delay = delay
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, items):  # type: ignore[no-untyped-def]
        self.gate.wait()
        time.sleep(self.delay)
        self.batches.append(list(items))
        return np.array([[float(i), 1.0] for i in items], dtype=np.float32)


def test_items_arriving_during_a_pass_share_the_next_one() -> None:
    encoder = RecordingEncoder(delay=0.1)
    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=200, max_queue=100, name="t")
    futures = [batcher.submit(i) for i in range(8)]
    assert [f.result(timeout=5)[0] for f in futures] == list(range(8))
    batcher.close()
    assert len(encoder.batches) <= 2, encoder.batches


def test_a_lone_item_on_an_idle_model_does_not_wait_for_company() -> None:
    encoder = RecordingEncoder()
    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=500, max_queue=100, name="t")
    started = time.monotonic()
    batcher.submit(1).result(timeout=5)
    assert time.monotonic() - started < 0.25  # far below the 500 ms window
    batcher.close()


def test_items_arriving_close_together_wait_for_company() -> None:
    encoder = RecordingEncoder()
    batcher = DynamicBatcher(encoder, max_batch_size=4, max_wait_ms=300, max_queue=100, name="t")
    batcher.submit(0).result(timeout=5)
    # The next arrivals follow closely, so the worker waits and gathers them into one pass.
    futures = []
    for i in range(1, 4):
        futures.append(batcher.submit(i))
        time.sleep(0.02)
    for f in futures:
        f.result(timeout=5)
    batcher.close()
    assert encoder.batches[-1] == [1, 2, 3], encoder.batches


def test_batches_never_exceed_the_maximum() -> None:
    encoder = RecordingEncoder()
    encoder.gate.clear()  # hold the first batch so the rest queue up
    batcher = DynamicBatcher(encoder, max_batch_size=4, max_wait_ms=50, max_queue=100, name="t")
    futures = [batcher.submit(i) for i in range(10)]
    encoder.gate.set()
    for f in futures:
        f.result(timeout=5)
    batcher.close()
    assert all(len(b) <= 4 for b in encoder.batches)
    assert sorted(i for b in encoder.batches for i in b) == list(range(10))


def test_expired_items_are_dropped_not_computed() -> None:
    encoder = RecordingEncoder()
    expired: list[int] = []
    batcher = DynamicBatcher(encoder, max_batch_size=4, max_wait_ms=1, max_queue=10, name="t", on_expired=expired.append)
    late = batcher.submit(99, deadline=time.monotonic() - 1)
    fresh = batcher.submit(1)
    with pytest.raises(DeadlineExceeded):
        late.result(timeout=5)
    assert fresh.result(timeout=5)[0] == 1
    batcher.close()
    assert 99 not in [i for b in encoder.batches for i in b]
    assert sum(expired) == 1


def test_full_queue_is_resource_exhausted() -> None:
    encoder = RecordingEncoder()
    encoder.gate.clear()
    batcher = DynamicBatcher(encoder, max_batch_size=1, max_wait_ms=0, max_queue=2, name="t")
    batcher.submit(0)  # taken by the worker, blocked at the gate
    time.sleep(0.05)
    batcher.submit(1)
    batcher.submit(2)
    with pytest.raises(ResourceExhausted):
        batcher.submit(3)
    encoder.gate.set()
    batcher.close()


def test_encoder_failure_reaches_every_caller_in_the_batch() -> None:
    def broken(items):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    batcher = DynamicBatcher(broken, max_batch_size=4, max_wait_ms=20, max_queue=10, name="t")
    futures = [batcher.submit(i) for i in range(3)]
    for f in futures:
        with pytest.raises(RuntimeError, match="boom"):
            f.result(timeout=5)
    batcher.close()
