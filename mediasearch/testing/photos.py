"""Photo-like test images: gradients, shapes and sensor-like noise, in the formats and orientations phones write.

Flat colours compress to nothing and exercise none of a real photo's cost,
so these carry grain: a 4000x3000 JPEG at quality 95 weighs 4-8 MB, like a
phone's. Used by the tests (small sizes) and bench/photos.py (12 MP).
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

import mediasearch.imaging  # noqa: F401 - registers the HEIF plugin, so these can be written as HEIC too

# How a stored (sideways) raster relates to the upright picture for each EXIF orientation we write:
# the viewer applies the inverse of this transpose.
_STORED_AS = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
_EXIF_ORIENTATION_TAG = 0x0112


def photo(seed: int, size: tuple[int, int] = (4000, 3000), grain: float = 12.0) -> Image.Image:
    """An upright RGB picture: a sky-to-ground gradient, a few shapes, and grain of `grain` levels (std)."""
    rng = np.random.default_rng(seed)
    width, height = size
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :, None]
    top, bottom = rng.uniform(40, 230, 3).astype(np.float32), rng.uniform(20, 200, 3).astype(np.float32)
    base = top * (1 - y) + bottom * y + 25 * np.sin(x * rng.uniform(2, 9)) * np.ones(3, np.float32)
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x0, y0 = int(rng.uniform(0, width * 0.8)), int(rng.uniform(0, height * 0.8))
        x1, y1 = x0 + int(rng.uniform(0.1, 0.4) * width), y0 + int(rng.uniform(0.1, 0.4) * height)
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)
    if grain > 0:
        # One grain field per size and strength, shared by every photo (they differ in everything else):
        # drawing 36 M normals per photo would dominate the bench.
        noisy = np.asarray(image, dtype=np.int16) + _grain_field(height, width, grain)
        image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")
    return image


_FIELDS: dict[tuple[int, int, float], np.ndarray] = {}


def _grain_field(height: int, width: int, grain: float) -> np.ndarray:
    key = (height, width, grain)
    if key not in _FIELDS:
        normal = np.random.default_rng(0).standard_normal((height, width, 3), dtype=np.float32)
        _FIELDS[key] = np.round(normal * np.float32(grain)).astype(np.int16)
    return _FIELDS[key]


def encode_photo(upright: Image.Image, fmt: str, *, orientation: int = 1, **save_args: object) -> bytes:
    """`upright` encoded as `fmt`; with orientation 3, 6 or 8 stored sideways and tagged, as a phone does."""
    stored = upright.transpose(_STORED_AS[orientation]) if orientation in _STORED_AS else upright
    if orientation != 1:
        exif = Image.Exif()
        exif[_EXIF_ORIENTATION_TAG] = orientation
        save_args.setdefault("exif", exif.tobytes())
    buffer = io.BytesIO()
    stored.save(buffer, format=fmt, **save_args)
    return buffer.getvalue()
