"""Small WebP previews made at ingest from the bytes the service already holds.

Why here and not in a front end: the service is the only component that sees
every item's bytes (clients may send paths it reads itself), so a preview made
at ingest costs one decode of bytes already in memory, and it is stored in the
same transaction as the item, so an acknowledged item always has one and a
deleted item never leaves one behind. For a photo that is embedded, not even
that: the shrinker's decode for the model feeds the preview too
(`thumbnail_of`), unless draft mode left it too small (`can_derive`).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

THUMBNAIL_MIME_TYPE = "image/webp"
DEFAULT_MAX_PX = 256
DEFAULT_QUALITY = 70


@dataclass(frozen=True)
class ThumbnailSpec:
    """How previews are made: longest side in pixels and WebP quality (0 to 100)."""

    max_px: int = DEFAULT_MAX_PX
    quality: int = DEFAULT_QUALITY


DEFAULT_SPEC = ThumbnailSpec()


@dataclass(frozen=True)
class Thumbnail:
    """An encoded preview and its pixel size."""

    data: bytes
    width: int
    height: int
    mime_type: str = THUMBNAIL_MIME_TYPE


def make_thumbnail(data: bytes, spec: ThumbnailSpec = DEFAULT_SPEC) -> Thumbnail | None:
    """A WebP preview with EXIF orientation applied, or None for bytes PIL cannot decode.

    None rather than an error: the embedder is the judge of whether an image is
    usable, and an item without a preview is still an item.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data))
            # JPEG draft mode decodes at 1/2, 1/4 or 1/8 scale directly: most of the cost of a big photo skipped.
            source.draft("RGB", (spec.max_px, spec.max_px))
            upright: Image.Image = ImageOps.exif_transpose(source)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return thumbnail_of(upright, spec)


def can_derive(image: Image.Image, drafted: bool, spec: ThumbnailSpec = DEFAULT_SPEC) -> bool:
    """Whether an upright decode made for another use holds enough pixels for this preview.

    A full-resolution decode always does; one that JPEG draft mode shrank
    (for a model input smaller than the preview) does when its longer side
    still reaches the preview's, else the preview would come out smaller.
    """
    return not drafted or max(image.size) >= spec.max_px


def thumbnail_of(upright: Image.Image, spec: ThumbnailSpec = DEFAULT_SPEC) -> Thumbnail | None:
    """The WebP preview of an already decoded, upright image; shrinks `upright` in place (pass a copy to keep it)."""
    try:
        upright.thumbnail((spec.max_px, spec.max_px), Image.Resampling.LANCZOS)
        image = upright
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
        out = io.BytesIO()
        image.save(out, format="WEBP", quality=spec.quality, method=4)
    except (OSError, ValueError, SyntaxError):
        return None
    return Thumbnail(out.getvalue(), image.width, image.height)


DEFAULT_RESPONSE_BYTES = 1 << 20


@dataclass(frozen=True)
class ThumbnailBatch:
    """What one read returns: previews in request order, ids without one, and ids past the byte budget."""

    found: list[tuple[str, Thumbnail]]
    missing: list[str]
    deferred: list[str]


def within_budget(ids: list[str], stored: dict[str, Thumbnail], budget: int) -> ThumbnailBatch:
    """Previews in request order until `budget` bytes are spent; at least one is always returned, so paging ends."""
    found: list[tuple[str, Thumbnail]] = []
    missing: list[str] = []
    deferred: list[str] = []
    spent = 0
    for item_id in dict.fromkeys(ids):
        thumbnail = stored.get(item_id)
        if thumbnail is None:
            missing.append(item_id)
        elif found and (deferred or spent + len(thumbnail.data) > budget):
            deferred.append(item_id)
        else:
            found.append((item_id, thumbnail))
            spent += len(thumbnail.data)
    return ThumbnailBatch(found, missing, deferred)
