"""The embedder's core: prompts, validation, decode pool, and the two dynamic batchers.

Decoding and preprocessing run on a thread pool separate from the model's
forward pass, so the model never waits on a JPEG decoder and vice versa.
"""

from __future__ import annotations

import queue
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from embedder_svc.core.batcher import BackgroundEncode, DynamicBatcher
from embedder_svc.core.model import ModelInfo, SiglipCheckpoint, l2_normalise
from mediasearch.imaging import ImageRejected, decode_image
from mediasearch.limits import EMBED_IMAGES_PER_CALL, EMBED_TEXTS_PER_CALL
from mediasearch.runtime.errors import (
    DeadlineExceeded,
    DomainError,
    FieldViolation,
    InvalidArgument,
    ItemFailure,
    Unavailable,
)
from mediasearch.runtime.streams import Prefetcher, StreamEnded

PLACEHOLDER = "{}"
# How often a stream with answers pending checks for the next request, in seconds.
_POLL_S = 0.002


@dataclass(frozen=True)
class EmbedderLimits:
    """Batching and input limits; mirrors the EMBEDDER_* settings."""

    max_batch_size: int = 32
    max_batch_wait_ms: float = 5.0
    max_queue: int = 1024
    # Background texts (warming) per forward pass, and the quiet time they wait for (batcher.py).
    max_background_batch_size: int = 1
    background_idle_ms: float = 0.0
    decode_workers: int = 2
    max_image_bytes: int = 32 * 1024 * 1024
    max_image_pixels: int = 50_000_000
    max_texts: int = EMBED_TEXTS_PER_CALL
    max_text_chars: int = 1000
    max_images: int = EMBED_IMAGES_PER_CALL
    max_prompt_templates: int = 16
    max_prompt_template_chars: int = 256
    stream_window: int = 64
    # Seconds a stream may leave the embedder waiting for its next image; 0 = forever.
    stream_idle_timeout_s: float = 0.0
    prompt_templates: tuple[str, ...] = ("This is a photo of {}.",)


@dataclass
class ImageOutcome:
    """The result for one image: a vector, or the reason it has none."""

    id: str
    vector: np.ndarray | None = None
    failure: ItemFailure | None = None
    width: int = 0
    height: int = 0
    format: str = ""


@dataclass
class _Prepared:
    outcome: ImageOutcome
    vector_future: Future[np.ndarray] | None = field(default=None)


BatchHook = Callable[[str, int, float], None]


class EmbedderCore:
    """Embeds texts and images with one checkpoint; safe to call from many threads."""

    def __init__(
        self,
        checkpoint: SiglipCheckpoint,
        limits: EmbedderLimits,
        *,
        on_batch: BatchHook | None = None,
        on_expired: Callable[[str, int], None] | None = None,
    ) -> None:
        self.checkpoint = checkpoint
        self.limits = limits
        self._decode_pool = ThreadPoolExecutor(limits.decode_workers, thread_name_prefix="decode")

        def batcher(
            kind: str, encode: Callable[[Sequence[Any]], np.ndarray], encode_background: BackgroundEncode | None = None
        ) -> DynamicBatcher:
            return DynamicBatcher(
                encode,
                max_batch_size=limits.max_batch_size,
                max_wait_ms=limits.max_batch_wait_ms,
                max_queue=limits.max_queue,
                name=kind,
                on_batch=(lambda n, s: on_batch(kind, n, s)) if on_batch else None,
                on_expired=(lambda n: on_expired(kind, n)) if on_expired else None,
                max_background_batch_size=limits.max_background_batch_size,
                background_idle_ms=limits.background_idle_ms,
                encode_background=encode_background,
            )

        self._text_batcher = batcher("text", checkpoint.encode_texts, checkpoint.encode_texts)
        self._image_batcher = batcher("image", checkpoint.encode_images)

    # -- lifecycle -----------------------------------------------------------
    def load(self) -> None:
        self.checkpoint.load()

    def close(self) -> None:
        self._text_batcher.close()
        self._image_batcher.close()
        self._decode_pool.shutdown(wait=True, cancel_futures=True)

    @property
    def info(self) -> ModelInfo:
        if self.checkpoint.info is None:
            raise Unavailable("the model is still loading; retry shortly")
        return self.checkpoint.info

    # -- texts ---------------------------------------------------------------
    def embed_texts(
        self,
        texts: Sequence[str],
        *,
        prompt_templates: Sequence[str] = (),
        no_prompt: bool = False,
        deadline: float | None = None,
        background: bool = False,
    ) -> np.ndarray:
        """(len(texts), dim) L2-normalised rows; a template ensemble is averaged then renormalised.
        `background` texts wait until no foreground work does (batcher.py)."""
        self.info  # noqa: B018 - raises UNAVAILABLE while loading
        templates = self._templates(texts, prompt_templates, no_prompt)
        futures = [
            [
                self._text_batcher.submit(t.replace(PLACEHOLDER, text), deadline, background=background)
                for t in templates
            ]
            for text in texts
        ]
        rows = []
        for per_text in futures:
            vectors = np.stack([_wait(f, deadline) for f in per_text])
            rows.append(vectors.mean(axis=0))
        return l2_normalise(np.stack(rows))

    def _templates(self, texts: Sequence[str], templates: Sequence[str], no_prompt: bool) -> list[str]:
        limits = self.limits
        violations = []
        if not 1 <= len(texts) <= limits.max_texts:
            violations.append(
                FieldViolation("texts", f"give 1 to {limits.max_texts} texts, got {len(texts)}", limit=limits.max_texts)
            )
        for i, text in enumerate(texts):
            if not text.strip():
                violations.append(FieldViolation(f"texts[{i}]", "is empty"))
            elif len(text) > limits.max_text_chars:
                violations.append(
                    FieldViolation(f"texts[{i}]", f"is {len(text)} characters; the limit is {limits.max_text_chars}")
                )
        if no_prompt and templates:
            violations.append(FieldViolation("prompt_templates", "must be empty when no_prompt is set"))
        if len(templates) > limits.max_prompt_templates:
            violations.append(
                FieldViolation(
                    "prompt_templates", f"has {len(templates)} templates; the limit is {limits.max_prompt_templates}"
                )
            )
        for i, template in enumerate(templates):
            if len(template) > limits.max_prompt_template_chars:
                violations.append(
                    FieldViolation(
                        f"prompt_templates[{i}]",
                        f"is {len(template)} characters; the limit is {limits.max_prompt_template_chars}",
                    )
                )
            elif template.count(PLACEHOLDER) != 1:
                violations.append(FieldViolation(f"prompt_templates[{i}]", "needs exactly one {} placeholder"))
        if violations:
            raise InvalidArgument("; ".join(f"{v.field}: {v.description}" for v in violations), violations)
        if no_prompt:
            return [PLACEHOLDER]
        return list(templates) or list(limits.prompt_templates)

    # -- images --------------------------------------------------------------
    def embed_images(self, images: Sequence[tuple[str, bytes]], *, deadline: float | None = None) -> list[ImageOutcome]:
        self.info  # noqa: B018 - raises UNAVAILABLE while loading
        if not 1 <= len(images) <= self.limits.max_images:
            raise InvalidArgument.for_field("images", f"give 1 to {self.limits.max_images} images, got {len(images)}")
        prepared = [self._decode_pool.submit(self._prepare, image_id, data, deadline) for image_id, data in images]
        return [self._finish(_wait(p, deadline), deadline) for p in prepared]

    def embed_image_stream(
        self, images: Iterable[tuple[str, bytes | ItemFailure]], *, deadline: float | None = None
    ) -> Iterator[ImageOutcome]:
        """Results in arrival order, each as soon as it and those before it are done.

        At most `stream_window` images are in flight, bounding memory. Requests
        are read on a background thread, so a client that waits for each answer
        before sending the next image gets it without delay.
        """
        self.info  # noqa: B018 - raises UNAVAILABLE while loading
        requests: Prefetcher[tuple[str, bytes | ItemFailure]] = Prefetcher(
            images, self.limits.stream_window, self.limits.stream_idle_timeout_s
        )
        window: deque[Future[_Prepared]] = deque()
        ended = False
        try:
            while window or not ended:
                if window and _ready(window[0]):
                    yield self._finish(window.popleft().result(), deadline)
                elif not ended and len(window) < self.limits.stream_window:
                    try:
                        # Block for the next request only when nothing is waiting to be answered
                        # (then at most the idle timeout: StreamIdle ends the stream).
                        image_id, data = requests.get(timeout=_POLL_S if window else None)
                    except queue.Empty:
                        continue
                    except StreamEnded:
                        ended = True
                        continue
                    window.append(self._decode_pool.submit(self._prepare, image_id, data, deadline))
                else:
                    yield self._finish(_wait(window.popleft(), deadline), deadline)
        finally:
            requests.close()

    def _prepare(self, image_id: str, data: bytes | ItemFailure, deadline: float | None) -> _Prepared:
        """Decode + preprocess on the pool, then queue for the model; never raises.

        `data` is an ItemFailure when the request was refused before it got here (a malformed message).
        """
        outcome = ImageOutcome(id=image_id)
        if isinstance(data, ItemFailure):
            outcome.failure = data
            return _Prepared(outcome)
        try:
            decoded = decode_image(
                data,
                target_size=self.info.image_size,
                max_bytes=self.limits.max_image_bytes,
                max_pixels=self.limits.max_image_pixels,
            )
        except ImageRejected as rejected:
            outcome.failure, outcome.format = rejected.failure, rejected.format
            return _Prepared(outcome)
        outcome.width, outcome.height, outcome.format = decoded.width, decoded.height, decoded.format
        try:
            inputs = self.checkpoint.preprocess_image(decoded.image)
            return _Prepared(outcome, self._image_batcher.submit(inputs, deadline))
        except DomainError as error:
            outcome.failure = ItemFailure.from_error(error)
        except Exception as error:  # noqa: BLE001 - a preprocessing failure is this image's problem only
            outcome.failure = ItemFailure(
                "INVALID_ARGUMENT", "IMAGE_CORRUPT", f"image could not be preprocessed: {error}"
            )
        return _Prepared(outcome)

    @staticmethod
    def _finish(prepared: _Prepared, deadline: float | None) -> ImageOutcome:
        if prepared.vector_future is not None:
            try:
                prepared.outcome.vector = _wait(prepared.vector_future, deadline)
            except DomainError as error:
                prepared.outcome.failure = ItemFailure.from_error(error)
        return prepared.outcome


def _ready(future: Future[_Prepared]) -> bool:
    """Decoded and, if it went to the model, embedded."""
    if not future.done():
        return False
    vector_future = future.result().vector_future
    return vector_future is None or vector_future.done()


def _wait(future: Future, deadline: float | None):
    timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        raise DeadlineExceeded("deadline exceeded while waiting for the model") from None
