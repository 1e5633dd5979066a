"""Safe image decoding shared by the embedder and the search service: one decode, one reduction.

An allow-list of the formats photo libraries hold, size limits, EXIF
orientation, alpha, JPEG draft decoding, and the reduction to the model's
input size. Both services run exactly these steps, so a photo that the
search service shrinks before sending reaches the model as the very same
pixels as one the embedder decodes itself: the embedding does not depend on
which path it took. Every failure is an `ItemFailure` for that one image, so
a batch with a bad image still embeds the good ones.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError
from PIL.JpegImagePlugin import JpegImageFile

from mediasearch.runtime.errors import ItemFailure

# HEIC/HEIF is how phones store photos; Pillow has no HEVC decoder of its own.
# AVIF needs no plugin: Pillow (>= 11.3 wheels) decodes it natively, and
# pillow-heif 1.x no longer registers it.
pillow_heif.register_heif_opener(thumbnails=False)

# Formats a user's photo library holds; anything else (PSD, EPS, ICO, ...)
# widens the attack surface of Pillow's decoders for no search benefit.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF", "AVIF")
# EXIF orientations 5-8 rotate by 90 degrees, so width and height swap.
_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}
_EXIF_ORIENTATION_TAG = 0x0112
# Lossless, and at level 1 cheap to write: a reduced photo must reach the model unchanged.
REDUCED_FORMAT = "PNG"

# Truncated files must fail, not be silently padded with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False


@dataclass(frozen=True)
class DecodedImage:
    """An RGB image reduced for the model, with the source's true (upright) size and format."""

    image: Image.Image
    width: int
    height: int
    format: str


class ImageRejected(Exception):
    """Raised by `decode_image`; `failure` says why, for the per-item result."""

    def __init__(self, failure: ItemFailure, fmt: str = "") -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.format = fmt


def _reject(reason: str, message: str, code: str = "INVALID_ARGUMENT", fmt: str = "") -> ImageRejected:
    return ImageRejected(ItemFailure(code, reason, message), fmt)


@dataclass(frozen=True)
class UprightImage:
    """A decoded image turned upright, before any conversion or reduction; `drafted` if JPEG draft shrank it.

    `width` and `height` are the source's true upright size, whatever scale it was decoded at.
    """

    image: Image.Image
    width: int
    height: int
    format: str
    drafted: bool


def decode_image(data: bytes, *, target_size: int, max_bytes: int, max_pixels: int) -> DecodedImage:
    """Decode `data` upright into RGB, its shorter side reduced to `target_size` (never enlarged)."""
    upright = decode_upright(data, draft_size=target_size, max_bytes=max_bytes, max_pixels=max_pixels)
    return for_model(upright, target_size)


def for_model(upright: UprightImage, target_size: int) -> DecodedImage:
    """The model's pixels of an image decoded by `decode_upright` with `draft_size=target_size`; a new image."""
    try:
        rgb = reduce_to_model(_to_rgb(upright.image), target_size)
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as error:
        raise _reject("IMAGE_CORRUPT", f"image data is corrupt or truncated: {error}", fmt=upright.format) from None
    return DecodedImage(rgb, upright.width, upright.height, upright.format)


def decode_upright(data: bytes, *, draft_size: int, max_bytes: int, max_pixels: int) -> UprightImage:
    """Decode `data` upright; a JPEG at the smallest DCT scale whose shorter side is still >= `draft_size`."""
    if not data:
        raise _reject("IMAGE_EMPTY", "image data is empty")
    if len(data) > max_bytes:
        raise _reject("IMAGE_TOO_LARGE", f"image is {len(data)} bytes; the limit is {max_bytes}")
    try:
        with warnings.catch_warnings():
            # Pillow only raises at twice its limit and warns below it; we enforce our own limit below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except UnidentifiedImageError:
        raise _reject(
            "IMAGE_FORMAT_UNSUPPORTED",
            f"not a readable {'/'.join(ALLOWED_FORMATS)} image (unknown format or corrupt header)",
        ) from None
    except Image.DecompressionBombError as error:
        raise _reject("IMAGE_TOO_LARGE", f"decompression bomb: {error}") from None
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as error:
        raise _reject("IMAGE_CORRUPT", f"image header is corrupt or truncated: {error}") from None
    fmt = image.format or ""
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _reject("IMAGE_CORRUPT", "image has no pixels", fmt=fmt)
    if width * height > max_pixels:
        raise _reject(
            "IMAGE_TOO_LARGE",
            f"image is {width}x{height} = {width * height} pixels; the limit is {max_pixels} (decompression bomb guard)",
            fmt=fmt,
        )
    try:
        if isinstance(image, JpegImageFile):  # JPEG and MPO (the multi-picture JPEG many phones write)
            # DCT-domain downscaling to the smallest scale still >= the model's size: a 12 MP photo decodes
            # about 4x faster (bench/photos.py).
            image.draft("RGB", (draft_size, draft_size))
        drafted = image.size != (width, height)
        image.load()
        # Read after load: TIFF applies its orientation while loading and then drops the tag.
        orientation = _orientation(image)
        if orientation in _SWAPPING_ORIENTATIONS:
            width, height = height, width
        if orientation not in (0, 1):
            image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as error:
        raise _reject("IMAGE_CORRUPT", f"image data is corrupt or truncated: {error}", fmt=fmt) from None
    return UprightImage(image, width, height, fmt, drafted)


def reduce_to_model(image: Image.Image, target_size: int) -> Image.Image:
    """Shrink so the shorter side is `target_size`, keeping the aspect; smaller images are left alone.

    Idempotent (a reduced image is returned unchanged), which is what makes
    "reduce, encode losslessly, decode, reduce" give the same pixels as "reduce".
    """
    width, height = image.size
    shorter = min(width, height)
    if shorter <= target_size:
        return image
    scale = target_size / shorter
    size = (max(target_size, round(width * scale)), max(target_size, round(height * scale)))
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=None)


def encode_reduced(image: Image.Image) -> bytes:
    """Lossless bytes of a decoded, reduced RGB image, for the embedder to decode to identical pixels."""
    buffer = io.BytesIO()
    image.save(buffer, format=REDUCED_FORMAT, compress_level=1)
    return buffer.getvalue()


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(_EXIF_ORIENTATION_TAG, 1))
    except Exception:  # noqa: BLE001 - a broken EXIF block must not fail an otherwise good image
        return 1


def _to_rgb(image: Image.Image) -> Image.Image:
    """Composite any transparency over white (how viewers show it), else plain convert."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if not has_alpha:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")
