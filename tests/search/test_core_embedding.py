"""The search core's image sender against a real embedder core (tiny model, real forward passes), no gRPC."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pytest

from embedder_svc.core.embedder import EmbedderCore
from mediasearch.testing.photos import encode_photo, photo
from search_svc.core.embedding import DeadlinePlanner, ImageSender, PhotoShrinker
from search_svc.core.ingest import ImageEmbedding


class RecordingCall:
    """Calls the real embedder core and remembers each call's image count and bytes."""

    def __init__(self, core: EmbedderCore) -> None:
        self.core = core
        self.calls: list[tuple[int, int]] = []

    def __call__(self, images: Sequence[bytes], timeout_s: float) -> list[ImageEmbedding]:
        self.calls.append((len(images), sum(len(i) for i in images)))
        outcomes = self.core.embed_images([(str(i), d) for i, d in enumerate(images)],
                                          deadline=time.monotonic() + timeout_s)
        return [ImageEmbedding(o.vector, o.failure, o.width, o.height) for o in outcomes]


def test_calls_respect_bytes_and_count_and_answers_keep_their_order(embedder_core: EmbedderCore) -> None:
    images = [encode_photo(photo(i, (400, 300), grain=20), "JPEG", quality=95) for i in range(7)]
    budget = 3 * max(len(i) for i in images) + 4096 + 3 * 64  # room for three of these, never four
    call = RecordingCall(embedder_core)
    sender = ImageSender(call, target_size=lambda: 32, shrinker=None, max_images=16, max_message_bytes=budget,
                         deadlines=DeadlinePlanner(30.0))
    together = sender(images)
    assert [count for count, _ in call.calls] == [3, 3, 1]
    assert all(size <= budget for _, size in call.calls)
    alone = [RecordingCall(embedder_core)([image], 30.0)[0] for image in images]
    for packed, single in zip(together, alone):
        assert packed.vector is not None and single.vector is not None
        assert float(np.dot(packed.vector, single.vector)) > 0.9999
        assert (packed.width, packed.height) == (400, 300)


def test_shrunk_photos_keep_their_original_upright_size(embedder_core: EmbedderCore) -> None:
    shrinker = PhotoShrinker(max_bytes=1 << 26, max_pixels=50_000_000, workers=2)
    try:
        call = RecordingCall(embedder_core)
        sender = ImageSender(call, target_size=lambda: 32, shrinker=shrinker, max_images=16,
                             max_message_bytes=1 << 20, deadlines=DeadlinePlanner(30.0))
        rotated = encode_photo(photo(9, (1200, 900)), "JPEG", orientation=6, quality=95)
        [answer] = sender([rotated])
    finally:
        shrinker.close()
    assert (answer.width, answer.height) == (1200, 900)  # stored sideways, recorded as a viewer shows it
    assert call.calls[0][1] < len(rotated) // 50  # what travelled was the shrunk copy


def test_deadlines_grow_with_the_batch_and_at_least_double_after_a_timeout() -> None:
    planner = DeadlinePlanner(5.0)
    assert planner.timeout_for(16) == 5.0  # nothing measured yet: the base alone
    planner.answered(10, 2.0)  # 0.2 s per image
    assert planner.timeout_for(10) == pytest.approx(5.0 + 3 * 0.2 * 10)
    assert planner.timeout_for(20) > planner.timeout_for(10)
    planner.timed_out(4, 1.0)  # 0.25 s per image observed, but doubling 0.2 is more
    assert planner.seconds_per_image == pytest.approx(0.4)
    planner.timed_out(1, 3.0)
    assert planner.seconds_per_image == pytest.approx(3.0)
