"""Getting images embedded: photos shrunk to the model's size, calls sized by bytes, deadlines that follow the work.

The search service, not the embedder, shrinks photos: it is where batches to
the embedder are made (so it is where bytes can be saved), it reads
path-ingested files locally, and it can keep what the item must record (the
original bytes' hash and size, the upright width and height) while sending a
few hundred KB instead of a 5-8 MB photo. It runs the embedder's own decode
and reduction (`mediasearch.imaging`) and sends the result losslessly, so
the model sees the same pixels whichever path a photo took. At ingest the
same decode also makes the item's preview, so a photo is decoded once.

Calls are packed under the embedder's message limit and an image count; a
call's deadline is a base plus the measured time per image times its images;
a call that times out (or is refused as too large) is halved and retried,
and only a single image that still cannot be embedded fails, on its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from mediasearch.imaging import ImageRejected, decode_upright, encode_reduced, for_model
from mediasearch.runtime.errors import DeadlineExceeded, ItemFailure, ResourceExhausted
from search_svc.core.ingest import ImageEmbedding
from search_svc.core.thumbnails import Thumbnail, ThumbnailSpec, can_derive, make_thumbnail, thumbnail_of

# What one call to the embedder does: images and a timeout in seconds -> one answer per image.
EmbedCall = Callable[[Sequence[bytes], float], list[ImageEmbedding]]
# Protobuf framing per image (id, tags, lengths) on top of its bytes, and for the call itself.
_PER_IMAGE_OVERHEAD = 64
_PER_CALL_OVERHEAD = 4096
# A deadline allows this many times the measured time per image, for queueing behind other callers.
_RATE_MARGIN = 3.0
_SMOOTHING = 0.3
# Per-image outcomes that say "not now" rather than "not this image": retried like a failed call.
_RETRYABLE = {"DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "UNAVAILABLE"}


@dataclass(frozen=True)
class ShrunkImage:
    """What travels to the embedder for one photo, and what the item records of the original."""

    data: bytes
    width: int = 0
    height: int = 0
    failure: ItemFailure | None = None
    thumbnail: Thumbnail | None = None


class PhotoShrinker:
    """Decodes and reduces photos on a thread pool (Pillow decodes outside the GIL)."""

    def __init__(self, *, max_bytes: int, max_pixels: int, workers: int) -> None:
        self._max_bytes = max_bytes
        self._max_pixels = max_pixels
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="shrink")

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def shrink_all(
        self, images: Sequence[bytes], target_size: int, previews: ThumbnailSpec | None = None
    ) -> list[ShrunkImage]:
        return list(self._pool.map(lambda data: self.shrink(data, target_size, previews), images))

    def shrink(self, data: bytes, target_size: int, previews: ThumbnailSpec | None = None) -> ShrunkImage:
        """The reduced image losslessly encoded, or the original bytes when those are smaller; with `previews`,
        the preview too, from the same decode.

        The decode is the model's (draft scale chosen for `target_size`), so
        the model's pixels never depend on the preview; only when that scale
        is too small for the preview is the photo decoded a second time.
        """
        try:
            upright = decode_upright(
                data, draft_size=target_size, max_bytes=self._max_bytes, max_pixels=self._max_pixels
            )
            decoded = for_model(upright, target_size)
        except ImageRejected as rejected:
            return ShrunkImage(b"", failure=rejected.failure)
        reduced = encode_reduced(decoded.image)
        thumbnail = None
        if previews is not None:
            # for_model made a new image, so the preview may shrink the upright decode in place.
            derivable = can_derive(upright.image, upright.drafted, previews)
            thumbnail = thumbnail_of(upright.image, previews) if derivable else make_thumbnail(data, previews)
        return ShrunkImage(min(reduced, data, key=len), decoded.width, decoded.height, thumbnail=thumbnail)


class DeadlinePlanner:
    """Seconds to allow a call of n images: a base plus the measured seconds per image, with a margin.

    Each answered call updates the rate; a call that timed out at least
    doubles it, so retried halves get longer deadlines and a slow model
    converges to deadlines it meets.
    """

    def __init__(self, base_timeout_s: float) -> None:
        self.base_timeout_s = base_timeout_s
        self._seconds_per_image = 0.0
        self._lock = threading.Lock()

    @property
    def seconds_per_image(self) -> float:
        return self._seconds_per_image

    def timeout_for(self, count: int) -> float:
        return self.base_timeout_s + _RATE_MARGIN * self._seconds_per_image * count

    def answered(self, count: int, elapsed_s: float) -> None:
        with self._lock:
            observed = elapsed_s / max(1, count)
            previous = self._seconds_per_image
            self._seconds_per_image = observed if previous == 0 else (1 - _SMOOTHING) * previous + _SMOOTHING * observed

    def timed_out(self, count: int, elapsed_s: float) -> None:
        with self._lock:
            self._seconds_per_image = max(2 * self._seconds_per_image, elapsed_s / max(1, count))


class ImageSender:
    """Embeds images for ingest and image queries: shrink, pack under the limits, send, split on failure."""

    def __init__(
        self,
        call: EmbedCall,
        *,
        target_size: Callable[[], int],
        shrinker: PhotoShrinker | None,
        max_images: int,
        max_message_bytes: int,
        deadlines: DeadlinePlanner,
        single_attempts: int = 3,
        on_split: Callable[[int, str], None] = lambda count, why: None,
    ) -> None:
        self._call = call
        self._target_size = target_size
        self._shrinker = shrinker
        self._max_images = max_images
        self._budget = max_message_bytes - _PER_CALL_OVERHEAD
        self.deadlines = deadlines
        self._single_attempts = single_attempts
        self._on_split = on_split
        # Calls retried (halved, or a single image again) since start; a sign the deadlines or limits are tight.
        self.retries = 0

    def __call__(self, images: Sequence[bytes], previews: ThumbnailSpec | None = None) -> list[ImageEmbedding]:
        """One answer per image, in order; with `previews`, answers carry previews from the shrinker's decode
        (none when photos are not shrunk: the caller makes its own)."""
        results: list[ImageEmbedding | None] = [None] * len(images)
        size = self._target_size() if self._shrinker is not None else 0
        shrunk = (
            self._shrinker.shrink_all(images, size, previews)
            if self._shrinker is not None and size > 0
            else [ShrunkImage(data) for data in images]
        )
        sendable: list[int] = []
        for position, image in enumerate(shrunk):
            if image.failure is not None:
                results[position] = ImageEmbedding(None, image.failure)
            elif self._cost(image.data) > self._budget:
                results[position] = ImageEmbedding(
                    None,
                    ItemFailure(
                        "RESOURCE_EXHAUSTED",
                        "IMAGE_TOO_LARGE",
                        f"image is {len(image.data)} bytes; one call to the embedder carries at most {self._budget}",
                    ),
                )
            else:
                sendable.append(position)
        for batch in self._pack(sendable, shrunk):
            self._send(batch, shrunk, results, attempt=1)
        return [
            r if r is not None else ImageEmbedding(None, ItemFailure("INTERNAL", "EMBEDDING_MISSING", "no answer"))
            for r in results
        ]

    @staticmethod
    def _cost(data: bytes) -> int:
        return len(data) + _PER_IMAGE_OVERHEAD

    def _pack(self, positions: list[int], shrunk: Sequence[ShrunkImage]) -> list[list[int]]:
        batches: list[list[int]] = []
        current: list[int] = []
        used = 0
        for position in positions:
            cost = self._cost(shrunk[position].data)
            if current and (len(current) >= self._max_images or used + cost > self._budget):
                batches.append(current)
                current, used = [], 0
            current.append(position)
            used += cost
        if current:
            batches.append(current)
        return batches

    def _send(
        self, batch: list[int], shrunk: Sequence[ShrunkImage], results: list[ImageEmbedding | None], attempt: int
    ) -> None:
        started = time.monotonic()
        try:
            answers = self._call([shrunk[p].data for p in batch], self.deadlines.timeout_for(len(batch)))
        except (DeadlineExceeded, ResourceExhausted) as error:
            if isinstance(error, DeadlineExceeded):
                self.deadlines.timed_out(len(batch), time.monotonic() - started)
            self._retry(batch, shrunk, results, attempt, ItemFailure.from_error(error))
            return
        again: list[int] = []
        failure: ItemFailure | None = None
        for position, answer in zip(batch, answers, strict=True):
            if answer.failure is not None and answer.failure.code_name in _RETRYABLE:
                # The embedder ran out of time (or queue) for this image inside an answered call.
                again.append(position)
                failure = answer.failure
                continue
            image = shrunk[position]
            # The embedder saw the reduced image; the item records the original's upright size.
            width, height = (image.width, image.height) if image.width else (answer.width, answer.height)
            results[position] = ImageEmbedding(answer.vector, answer.failure, width, height, image.thumbnail)
        if failure is None:
            self.deadlines.answered(len(batch), time.monotonic() - started)
            return
        if failure.code_name == "DEADLINE_EXCEEDED":
            self.deadlines.timed_out(len(batch), time.monotonic() - started)
        self._retry(again, shrunk, results, attempt, failure)

    def _retry(
        self,
        batch: list[int],
        shrunk: Sequence[ShrunkImage],
        results: list[ImageEmbedding | None],
        attempt: int,
        failure: ItemFailure,
    ) -> None:
        """Halve a batch and send both halves; a single image is sent again, and fails after its last attempt."""
        self.retries += 1
        if len(batch) > 1:
            self._on_split(len(batch), failure.code_name)
            middle = len(batch) // 2
            self._send(batch[:middle], shrunk, results, attempt)
            self._send(batch[middle:], shrunk, results, attempt)
        elif attempt < self._single_attempts:
            self._on_split(1, failure.code_name)
            time.sleep(min(2.0, 0.1 * 2**attempt))  # an embedder refusing work (queue full) gets a moment
            self._send(batch, shrunk, results, attempt + 1)
        else:
            results[batch[0]] = ImageEmbedding(None, failure)
