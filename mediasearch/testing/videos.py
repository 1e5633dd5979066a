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


def write_video(
    path: Path, segments: Sequence[Segment], *, codec: str = "h264", fps: int = 10, size: tuple[int, int] = (160, 96)
) -> list[tuple[float, float]]:
    """Encodes the segments one after another; returns each segment's (start, end) in seconds."""
    import av

    _suffix, encoder = CODECS[codec]
    spans = []
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(encoder, rate=fps)
        assert isinstance(stream, av.VideoStream)  # an encoder of video makes a video stream
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        if codec == "hevc":
            stream.codec_tag = "hvc1"  # how Apple players expect HEVC in MOV
            stream.options = {"x265-params": "log-level=error"}
        start = 0.0
        index = 0
        for segment in segments:
            picture = Image.open(io.BytesIO(segment.image)).convert("RGB").resize(size)
            frames = round(segment.seconds * fps)
            for _ in range(frames):
                frame = av.VideoFrame.from_image(picture)
                frame.pts = index
                index += 1
                container.mux(stream.encode(frame))
            spans.append((start, start + frames / fps))
            start += frames / fps
        container.mux(stream.encode(None))
    return spans
