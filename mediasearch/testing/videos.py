"""Real video files for tests and benchmarks, encoded with PyAV: known pictures at known times."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

# (container suffix, encoder) per codec the tests cover; each encoder ships in PyAV's wheel.
CODECS = {
    "h264": (".mp4", "libx264"),
    "vp9": (".webm", "libvpx-vp9"),
    "hevc": (".mov", "libx265"),
}


@dataclass(frozen=True)
class Segment:
    """One shot: `image` (encoded bytes) shown for `seconds`."""

    image: bytes
    seconds: float


# Encoder options for speed: tests and benchmarks measure decoding, not encoding.
FAST = {
    "libx264": {"preset": "veryfast"},
    "libvpx-vp9": {"deadline": "realtime", "cpu-used": "8"},
    "libx265": {"preset": "veryfast", "x265-params": "log-level=error"},
}


def write_video(
    path: Path,
    segments: Sequence[Segment],
    *,
    codec: str = "h264",
    fps: int = 10,
    size: tuple[int, int] = (160, 96),
    pan_px_per_s: float = 0.0,
    grain: float = 0.0,
) -> list[tuple[float, float]]:
    """Encodes the segments one after another; returns each segment's (start, end) in seconds.

    `pan_px_per_s` moves a crop slowly across each picture (shown 25% larger) and `grain` adds
    sensor-like noise (standard deviation in levels), so frames of one shot differ as a camera's do.
    """
    import av
    import numpy as np

    _suffix, encoder = CODECS[codec]
    spans = []
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(encoder, rate=fps)
        assert isinstance(stream, av.VideoStream)  # an encoder of video makes a video stream
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.options = dict(FAST.get(encoder, {}))
        if codec == "hevc":
            stream.codec_tag = "hvc1"  # how Apple players expect HEVC in MOV
        start = 0.0
        index = 0
        noise = np.random.default_rng(0)
        margin = (size[0] // 4, size[1] // 4) if pan_px_per_s else (0, 0)
        for segment in segments:
            picture = Image.open(io.BytesIO(segment.image)).convert("RGB")
            picture = picture.resize((size[0] + margin[0], size[1] + margin[1]))
            frames = round(segment.seconds * fps)
            for number in range(frames):
                shift = min(margin[0], round(number / fps * pan_px_per_s))
                pixels = np.asarray(picture.crop((shift, 0, shift + size[0], size[1])), dtype=np.float32)
                if grain:
                    pixels = pixels + noise.normal(0.0, grain, pixels.shape).astype(np.float32)
                frame = av.VideoFrame.from_ndarray(np.clip(pixels, 0, 255).astype(np.uint8), format="rgb24")
                frame.pts = index
                index += 1
                container.mux(stream.encode(frame))
            spans.append((start, start + frames / fps))
            start += frames / fps
        container.mux(stream.encode(None))
    return spans
