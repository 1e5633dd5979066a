"""Dynamic batching coalesces concurrent items, drops expired ones and sheds when full.

No assertion here reads a clock: a loaded CI machine may stall any thread for
a while. Tests hold the encoder at a gate to fix what is queued when, use
waiting windows far longer than any test runs (so "waited for the window"
shows up as a hang caught by `result(timeout=...)`), and assert which items
went into which batch.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from embedder_svc.core.batcher import DynamicBatcher, Preempted
from mediasearch.runtime.errors import DeadlineExceeded, ResourceExhausted


# Longer than any test may run: a batcher that waited this long for company would fail `result(timeout=...)`.
FOREVER_MS = 600_000


class RecordingEncoder:
    """Records each batch; `gate` holds a pass, `entered` says a pass has started (and with what)."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()

    def __call__(self, items):  # type: ignore[no-untyped-def]
        self.entered.set()
        self.gate.wait()
        self.batches.append(list(items))
        return np.array([[float(i), 1.0] for i in items], dtype=np.float32)


def test_items_arriving_during_a_pass_share_the_next_one() -> None:
    encoder = RecordingEncoder()
    encoder.gate.clear()
    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=1, max_queue=100, name="t")
    first = batcher.submit(0)
    assert encoder.entered.wait(30)  # item 0 is in a pass; the rest arrive during it
    rest = [batcher.submit(i) for i in range(1, 8)]
    encoder.gate.set()
    assert [f.result(timeout=30)[0] for f in [first, *rest]] == list(range(8))
    batcher.close()
    assert encoder.batches == [[0], list(range(1, 8))]


def test_a_lone_item_on_an_idle_model_does_not_wait_for_company() -> None:
    encoder = RecordingEncoder()
    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=FOREVER_MS, max_queue=100, name="t")
    assert batcher.submit(1).result(timeout=30)[0] == 1  # would hang for the window if it waited
    batcher.close()
    assert encoder.batches == [[1]]


def test_items_arriving_close_together_wait_for_company() -> None:
    encoder = RecordingEncoder()
    batcher = DynamicBatcher(encoder, max_batch_size=3, max_wait_ms=FOREVER_MS, max_queue=100, name="t")
    batcher.submit(0).result(timeout=30)
    # Item 1 follows item 0 within the window, so the worker waits for company until the batch is full,
    # however slowly items 2 and 3 are submitted.
    futures = [batcher.submit(i) for i in range(1, 4)]
    assert [f.result(timeout=30)[0] for f in futures] == [1, 2, 3]
    batcher.close()
    assert encoder.batches == [[0], [1, 2, 3]]


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
    batcher.submit(0)
    assert encoder.entered.wait(30)  # item 0 is taken by the worker, held at the gate
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


def test_foreground_items_queued_behind_background_ones_run_first() -> None:
    encoder = RecordingEncoder()
    encoder.gate.clear()
    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=0, max_queue=100, name="t",
                             max_background_batch_size=2)
    held = batcher.submit(0)
    assert encoder.entered.wait(30)  # item 0 is in a pass; what follows queues during it
    background = [batcher.submit(i, background=True) for i in (10, 11, 12, 13, 14)]
    foreground = [batcher.submit(i) for i in (1, 2, 3)]
    encoder.gate.set()
    for future in [held, *foreground, *background]:
        future.result(timeout=30)
    batcher.close()
    # The queries that arrived last went first, in one pass; background passes are small and never mixed in.
    assert encoder.batches == [[0], [1, 2, 3], [10, 11], [12, 13], [14]]


def test_background_waits_until_foreground_has_been_quiet() -> None:
    encoder = RecordingEncoder()
    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=0, max_queue=100, name="t",
                             background_idle_ms=FOREVER_MS)
    batcher.submit(1).result(timeout=30)
    waiting = batcher.submit(10, background=True)
    # Queries keep being served at once while the background item waits for a quiet spell.
    assert batcher.submit(2).result(timeout=30)[0] == 2
    assert not waiting.done()
    batcher.close()  # closing finishes what is queued, background too
    assert waiting.result(timeout=30)[0] == 10
    assert encoder.batches == [[1], [2], [10]]


def test_background_runs_on_an_idle_model_without_waiting() -> None:
    encoder = RecordingEncoder()
    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=FOREVER_MS, max_queue=100, name="t",
                             background_idle_ms=FOREVER_MS)
    # No query ever came: the quiet spell has lasted forever already.
    assert batcher.submit(7, background=True).result(timeout=30)[0] == 7
    batcher.close()


def test_a_full_background_queue_never_refuses_a_query() -> None:
    encoder = RecordingEncoder()
    encoder.gate.clear()
    batcher = DynamicBatcher(encoder, max_batch_size=1, max_wait_ms=0, max_queue=2, name="t")
    batcher.submit(0)
    assert encoder.entered.wait(30)
    batcher.submit(10, background=True)
    batcher.submit(11, background=True)
    with pytest.raises(ResourceExhausted, match="background"):
        batcher.submit(12, background=True)
    query = batcher.submit(1)
    encoder.gate.set()
    assert query.result(timeout=30)[0] == 1
    batcher.close()


def test_a_background_pass_gives_way_to_a_query_and_its_items_run_again() -> None:
    encoder = RecordingEncoder()
    started = threading.Event()
    passes: list[list[int]] = []

    def encode_background(items, give_way):  # type: ignore[no-untyped-def]
        passes.append(list(items))
        if len(passes) == 1:
            started.set()
            while not give_way():  # a layer boundary, reached again and again until a query waits
                time.sleep(0.001)
            raise Preempted("a query waits")
        return np.array([[float(i), 0.0] for i in items], dtype=np.float32)

    batcher = DynamicBatcher(encoder, max_batch_size=8, max_wait_ms=0, max_queue=100, name="t",
                             max_background_batch_size=2, encode_background=encode_background)
    background = [batcher.submit(i, background=True) for i in (10, 11)]
    assert started.wait(30)
    query = batcher.submit(1)
    assert query.result(timeout=30)[0] == 1
    assert [f.result(timeout=30)[0] for f in background] == [10, 11]
    batcher.close()
    assert passes == [[10, 11], [10, 11]] and encoder.batches == [[1]] and batcher.preempted == 1
