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


def photo_with_exif(
    *,
    taken: str = "",
    offset: str = "",
    make: str = "",
    model: str = "",
    orientation: int = 0,
    fmt: str = "JPEG",
    seed: int = 1,
    size: tuple[int, int] = (64, 48),
) -> bytes:
    """A real photo file with a real EXIF block written by Pillow: DateTimeOriginal ("YYYY:MM:DD HH:MM:SS"),
    OffsetTimeOriginal, Make, Model and Orientation, each only when given. HEIF needs pillow-heif's opener
    (importing mediasearch.imaging registers it)."""
    exif = Image.Exif()
    if make:
        exif[0x010F] = make
    if model:
        exif[0x0110] = model
    if orientation:
        exif[0x0112] = orientation
    details = exif.get_ifd(0x8769)
    if taken:
        details[0x9003] = taken
    if offset:
        details[0x9011] = offset
    image = Image.open(io.BytesIO(pattern_image(seed, size))).convert("RGB")
    return encode_image(image, fmt, exif=exif.tobytes())
