"""Keyframes of a video for search, decoded with PyAV: chosen by scene change, capped, near-duplicates dropped.

Where decoding happens: in the client (`mediasearch index`), which sends the
kept frames as images with `IngestRequest.video` set. The search service then
stays free of codecs (no FFmpeg in its image, no decoder bugs in the process
that owns the data) and a frame costs the embedder what a photo does.

How frames are chosen, streaming, one decoded frame at a time:
- at most `analysis_fps` frames per second are examined, each reduced at once
  to a `signature_side`² RGB thumbnail by FFmpeg's scaler (nothing
  full-size is kept or converted);
- a frame is kept when it differs from the previous examined one by more than
  `cut_threshold` (a cut), or from the last kept one by more than
  `drift_threshold` (a slow pan), and always the first;
- a candidate within `duplicate_threshold` of the last kept frame is the same
  picture and is dropped (a cut back and forth to the same shot);
- at most `max_per_minute` kept frames in any 60 s of video, and
  `max_frames` in all;
- kept frames are scaled so their shorter side is at most `frame_side` (the
  embedder needs 224-384 px) and encoded as JPEG.
Differences are mean absolute differences of the signatures, in [0, 1].

Bounds per file: memory is one decoded frame (plus the decoder's own
reference frames), whatever the length; time is `time_budget_s`: past half of
it only key frames are decoded (much cheaper, coarser), past all of it the file
fails with VIDEO_TIME_BUDGET. Broken, truncated or undecodable files raise
`VideoError` with a reason, for the caller to report per file.
"""

from __future__ import annotations

import io
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mediasearch import query_syntax

VIDEO_EXTENSIONS = query_syntax.VIDEO_EXTENSIONS


@dataclass(frozen=True)
class KeyframeSettings:
    """How keyframes are chosen and bounded; see the module docstring."""

    analysis_fps: float = 4.0
    cut_threshold: float = 0.08
    drift_threshold: float = 0.2
    duplicate_threshold: float = 0.04
    max_per_minute: int = 12
    max_frames: int = 2000
    frame_side: int = 384
    jpeg_quality: int = 90
    time_budget_s: float = 300.0
    signature_side: int = 16


DEFAULT_KEYFRAMES = KeyframeSettings()


@dataclass(frozen=True)
class Keyframe:
    """A kept frame: where it is in the video and its JPEG bytes."""

    time_ms: int
    jpeg: bytes
    width: int
    height: int


@dataclass(frozen=True)
class VideoFacts:
    """What the container says about the video stream."""

    width: int
    height: int
    duration_s: float
    codec: str


class VideoError(Exception):
    """A video that cannot be indexed; `reason` is an ItemError-style reason code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


class KeyframeReader:
    """Opens a video and yields its keyframes (`iter`); `position_s` follows the decoding for progress."""

    def __init__(self, path: Path, settings: KeyframeSettings = DEFAULT_KEYFRAMES) -> None:
        import av

        self.settings = settings
        self.position_s = 0.0
        self.examined = 0
        self.keyframes_only = False
        try:
            self._container = av.open(str(path), mode="r", metadata_errors="ignore")
        except av.error.FFmpegError as error:
            raise VideoError("VIDEO_CORRUPT", f"cannot open: {error}") from None
        except OSError as error:
            raise VideoError("VIDEO_UNREADABLE", f"cannot read: {error.strerror or error}") from None
        if not self._container.streams.video:
            self._container.close()
            raise VideoError("VIDEO_FORMAT_UNSUPPORTED", "the file has no video stream")
        self._stream = self._container.streams.video[0]
        context = self._stream.codec_context
        if context is None or not context.codec.is_decoder:
            self._container.close()
            raise VideoError("VIDEO_CODEC_UNSUPPORTED", f"no decoder for codec {self._stream.codec_context.name!r}")
        self._stream.thread_type = "AUTO"
        duration = 0.0
        if self._stream.duration is not None and self._stream.time_base is not None:
            duration = float(self._stream.duration * self._stream.time_base)
        elif self._container.duration is not None:
            duration = self._container.duration / 1_000_000
        self.facts = VideoFacts(context.width, context.height, duration, context.name)

    def close(self) -> None:
        self._container.close()

    def __enter__(self) -> KeyframeReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Keyframe]:
        import av

        settings = self.settings
        started = time.monotonic()
        step = 1.0 / settings.analysis_fps
        next_examined = 0.0
        previous: np.ndarray | None = None
        last_kept: np.ndarray | None = None
        kept_times: deque[float] = deque()
        kept = 0
        try:
            for frame in self._container.decode(self._stream):
                elapsed = time.monotonic() - started
                if elapsed > settings.time_budget_s:
                    raise VideoError(
                        "VIDEO_TIME_BUDGET",
                        f"not decoded within {settings.time_budget_s:.0f} s (at {self.position_s:.0f} s)",
                    )
                if not self.keyframes_only and elapsed > settings.time_budget_s / 2:
                    self.keyframes_only = True  # slow file: finish it coarsely rather than not at all
                    self._stream.codec_context.skip_frame = "NONKEY"
                seconds = float(frame.time) if frame.time is not None else next_examined
                self.position_s = seconds
                if seconds + 1e-6 < next_examined:
                    continue
                next_examined = seconds + step
                self.examined += 1
                signature = _signature(frame, settings.signature_side)
                if not _keep(signature, previous, last_kept, settings):
                    previous = signature
                    continue
                previous = signature
                while kept_times and kept_times[0] <= seconds - 60.0:
                    kept_times.popleft()
                if len(kept_times) >= settings.max_per_minute:
                    continue
                kept_times.append(seconds)
                last_kept = signature
                kept += 1
                yield _encode(frame, seconds, settings)
                if kept >= settings.max_frames:
                    return
        except av.error.FFmpegError as error:
            raise VideoError("VIDEO_CORRUPT", f"decoding failed at {self.position_s:.1f} s: {error}") from None
        if self.examined == 0:
            raise VideoError("VIDEO_CORRUPT", "no frame could be decoded")


def _keep(
    signature: np.ndarray, previous: np.ndarray | None, last_kept: np.ndarray | None, settings: KeyframeSettings
) -> bool:
    if last_kept is None:
        return True
    from_kept = _difference(signature, last_kept)
    if from_kept <= settings.duplicate_threshold:
        return False
    cut = previous is not None and _difference(signature, previous) > settings.cut_threshold
    return cut or from_kept > settings.drift_threshold


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a - b)))


def _signature(frame: object, side: int) -> np.ndarray:
    small = frame.reformat(width=side, height=side, format="rgb24", interpolation="AREA")  # type: ignore[attr-defined]
    return small.to_ndarray().astype(np.float32) / 255.0


def _encode(frame: object, seconds: float, settings: KeyframeSettings) -> Keyframe:
    width, height = frame.width, frame.height  # type: ignore[attr-defined]
    scale = min(1.0, settings.frame_side / max(1, min(width, height)))
    size = (max(2, round(width * scale)), max(2, round(height * scale)))
    image = frame.reformat(  # type: ignore[attr-defined]
        width=size[0], height=size[1], format="rgb24", interpolation="AREA"
    ).to_image()
    rotation = int(getattr(frame, "rotation", 0) or 0)
    if rotation % 360:
        image = image.rotate(rotation, expand=True)  # phones store portrait video as landscape plus a rotation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=settings.jpeg_quality)
    return Keyframe(round(seconds * 1000), buffer.getvalue(), image.width, image.height)


def format_time(milliseconds: int) -> str:
    """00:01:23 (hours always shown, as players do for seeking)."""
    seconds = milliseconds // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
