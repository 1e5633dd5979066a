"""Safe decoding: allowed formats decode, bad bytes fail alone with a clear reason."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mediasearch.imaging import ImageRejected, decode_image, encode_reduced, reduce_to_model
from mediasearch.testing.images import encode_image, solid_image

LIMITS = {"target_size": 32, "max_bytes": 10_000_000, "max_pixels": 4_000_000}


PHOTO_FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF", "AVIF"]


@pytest.mark.parametrize("fmt", PHOTO_FORMATS)
def test_allowed_formats_decode_to_rgb_with_true_size(fmt: str) -> None:
    decoded = decode_image(solid_image(size=(48, 40), fmt=fmt), **LIMITS)
    assert decoded.image.mode == "RGB"
    assert (decoded.width, decoded.height) == (48, 40)
    assert decoded.format == fmt


def test_format_outside_allow_list_is_rejected() -> None:
    with pytest.raises(ImageRejected) as caught:
        decode_image(solid_image(fmt="PPM"), **LIMITS)
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


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF", "HEIF", "AVIF"])
def test_exif_orientation_is_applied(fmt: str) -> None:
    # Stored 60x20 with its top half green and "rotate 90 clockwise" (orientation 6): viewers show it
    # 20x60 with green on the right. HEIF and TIFF apply the rotation while loading, the others by tag.
    image = Image.new("RGB", (60, 20), (0, 0, 0))
    image.paste((10, 200, 10), (0, 0, 60, 10))
    exif = Image.Exif()
    exif[0x0112] = 6
    decoded = decode_image(encode_image(image, fmt, exif=exif.tobytes()), **LIMITS)
    assert (decoded.width, decoded.height) == (20, 60)
    assert decoded.image.size == (20, 60)
    right, left = decoded.image.getpixel((17, 30)), decoded.image.getpixel((2, 30))
    assert right[1] > 150 and left[1] < 60


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


def test_large_jpeg_is_drafted_then_reduced_to_the_model_size() -> None:
    photo = encode_image(Image.new("RGB", (1600, 1200), (90, 120, 150)), "JPEG")
    decoded = decode_image(photo, target_size=224, max_bytes=10**8, max_pixels=10**8)
    assert (decoded.width, decoded.height) == (1600, 1200)  # reported size is the source's
    assert decoded.image.size == (299, 224)  # shorter side at the model's size, aspect kept


def test_truncated_heif_is_corrupt_not_a_crash() -> None:
    heif = encode_image(Image.new("RGB", (64, 48), (90, 120, 150)), "HEIF")
    with pytest.raises(ImageRejected) as caught:
        decode_image(heif[: len(heif) // 2], **LIMITS)
    assert caught.value.failure.reason in {"IMAGE_CORRUPT", "IMAGE_FORMAT_UNSUPPORTED"}


def test_reduction_survives_a_lossless_round_trip_unchanged() -> None:
    # What makes the search service's shrinking invisible to the model: the embedder, decoding the
    # reduced PNG, reduces again and must arrive at exactly the same pixels.
    photo = encode_image(Image.effect_noise((900, 700), 60).convert("RGB"), "JPEG", quality=95)
    first = decode_image(photo, **LIMITS)
    again = decode_image(encode_reduced(first.image), **LIMITS)
    assert first.image.size == again.image.size == (41, 32)
    assert first.image.tobytes() == again.image.tobytes()
    assert reduce_to_model(first.image, 32) is first.image
