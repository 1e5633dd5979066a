"""Safe decoding: allowed formats decode, bad bytes fail alone with a clear reason."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from embedder_svc.core.images import ImageRejected, decode_image
from mediasearch.testing.images import encode_image, solid_image

LIMITS = {"target_size": 32, "max_bytes": 10_000_000, "max_pixels": 4_000_000}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF", "BMP"])
def test_allowed_formats_decode_to_rgb_with_true_size(fmt: str) -> None:
    decoded = decode_image(solid_image(size=(48, 40), fmt=fmt), **LIMITS)
    assert decoded.image.mode == "RGB"
    assert (decoded.width, decoded.height) == (48, 40)
    assert decoded.format == fmt


def test_format_outside_allow_list_is_rejected() -> None:
    with pytest.raises(ImageRejected) as caught:
        decode_image(solid_image(fmt="TIFF"), **LIMITS)
    assert caught.value.failure.reason == "IMAGE_FORMAT_UNSUPPORTED"
    assert caught.value.failure.code_name == "INVALID_ARGUMENT"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "IMAGE_EMPTY"),
        (b"definitely not an image", "IMAGE_FORMAT_UNSUPPORTED"),
        (solid_image(size=(200, 200), fmt="JPEG")[:300], "IMAGE_CORRUPT"),
        (solid_image(size=(200, 200), fmt="PNG")[:-40], "IMAGE_CORRUPT"),
    ],
    ids=["empty", "garbage", "truncated-jpeg", "truncated-png"],
)
def test_broken_bytes_get_a_specific_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImageRejected) as caught:
        decode_image(data, **LIMITS)
    assert caught.value.failure.reason == reason


def test_decompression_bomb_is_an_error_not_a_warning() -> None:
    # 3000x3000 of one colour compresses to a few KB but is 9 MP: over our 4 MP limit,
    # yet far below the 2x-default limit at which Pillow itself would raise.
    bomb = encode_image(Image.new("L", (3000, 3000), 0), "PNG", optimize=True)
    assert len(bomb) < 50_000
    with pytest.raises(ImageRejected) as caught:
        decode_image(bomb, **LIMITS)
    assert caught.value.failure.reason == "IMAGE_TOO_LARGE"
    assert "decompression bomb" in caught.value.failure.message


def test_byte_limit() -> None:
    with pytest.raises(ImageRejected) as caught:
        decode_image(solid_image(), target_size=32, max_bytes=10, max_pixels=10**6)
    assert caught.value.failure.reason == "IMAGE_TOO_LARGE"


def test_exif_orientation_is_applied() -> None:
    # Stored 60x20 with "rotate 90" (orientation 6): viewers show it 20x60.
    image = Image.new("RGB", (60, 20), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = 6
    decoded = decode_image(encode_image(image, "JPEG", exif=exif.tobytes()), **LIMITS)
    assert (decoded.width, decoded.height) == (20, 60)
    assert decoded.image.size == (20, 60)


def test_transparency_is_composited_over_white() -> None:
    transparent = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    decoded = decode_image(encode_image(transparent, "PNG"), **LIMITS)
    assert decoded.image.getpixel((4, 4)) == (255, 255, 255)


def test_gif_uses_first_frame() -> None:
    frames = [Image.new("RGB", (16, 16), c) for c in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    decoded = decode_image(buffer.getvalue(), **LIMITS)
    red, green, blue = decoded.image.getpixel((8, 8))
    assert red > 200 and blue < 50


def test_large_jpeg_is_decoded_at_reduced_size_via_draft() -> None:
    photo = encode_image(Image.new("RGB", (1600, 1200), (90, 120, 150)), "JPEG")
    decoded = decode_image(photo, target_size=224, max_bytes=10**8, max_pixels=10**8)
    assert (decoded.width, decoded.height) == (1600, 1200)  # reported size is the source's
    assert decoded.image.size[0] <= 800 and decoded.image.size[0] >= 224  # but DCT-scaled on decode
