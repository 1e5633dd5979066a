"""Real encoded image bytes for tests and benchmarks, made with Pillow."""

from __future__ import annotations

import io

from PIL import Image


def encode_image(image: Image.Image, fmt: str = "PNG", **save_args: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_args)
    return buffer.getvalue()


def solid_image(
    color: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (48, 40), fmt: str = "PNG"
) -> bytes:
    return encode_image(Image.new("RGB", size, color), fmt)


def pattern_image(seed: int, size: tuple[int, int] = (64, 64), fmt: str = "PNG") -> bytes:
    """A deterministic image that differs per seed (stripes and blocks), so embeddings differ too."""
    image = Image.new("RGB", size)
    pixels = image.load()
    assert pixels is not None  # None only for images without pixel data
    for x in range(size[0]):
        for y in range(size[1]):
            pixels[x, y] = ((x * (seed % 7 + 1) * 9) % 256, (y * (seed % 5 + 2) * 7) % 256, ((x + y) * seed * 13) % 256)
    return encode_image(image, fmt)
