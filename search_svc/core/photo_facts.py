"""What a photo's EXIF block says about it: when it was taken, with which camera, which way up.

Read from the bytes ingest already holds, through Pillow's lazy open: only the
header and the EXIF block are parsed, no pixels are decoded (the embedder
path and the preview decode them; this must not add a third decode). HEIC
and HEIF come through pillow-heif, registered by `mediasearch.imaging`.

Capture time: EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS", the camera's wall
clock), shifted by OffsetTimeOriginal ("+02:00") when the camera wrote one.
Without an offset the wall-clock time is read as UTC: the camera's zone is
unknown, and UTC at least gives every server the same answer for the same
bytes. A missing, blank or impossible value (cameras write
"0000:00:00 00:00:00") means no capture time, never an error: a photo with a
broken EXIF block is still a photo.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from PIL import Image

import mediasearch.imaging  # noqa: F401  # registers the HEIF opener, so HEIC EXIF reads here too

_EXIF_IFD = 0x8769
_MAKE, _MODEL, _ORIENTATION = 0x010F, 0x0110, 0x0112
_DATE_TIME_ORIGINAL, _OFFSET_TIME_ORIGINAL = 0x9003, 0x9011
_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
MAX_TEXT_CHARS = 128


@dataclass(frozen=True)
class PhotoFacts:
    """EXIF facts of one image; the empty value (all unset) for an image without them."""

    capture_time_ns: int | None = None
    # OffsetTimeOriginal as written ("+02:00"); "" when the time was read as UTC for want of one.
    capture_time_offset: str = ""
    camera_make: str = ""
    camera_model: str = ""
    # EXIF orientation 1 to 8; 0 when the image has none.
    orientation: int = 0


NO_FACTS = PhotoFacts()


def read_photo_facts(data: bytes) -> PhotoFacts:
    """The EXIF facts of encoded image bytes; NO_FACTS when there are none or the bytes are not an image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # decompression-bomb and EXIF warnings: nothing is decoded here
            with Image.open(io.BytesIO(data)) as image:
                exif = image.getexif()
                details = exif.get_ifd(_EXIF_IFD)
    except Exception:  # noqa: BLE001 - any parse failure means "no facts"; the embedder judges the image
        return NO_FACTS
    offset = _text(details.get(_OFFSET_TIME_ORIGINAL))
    capture_ns, offset = capture_time_ns(_text(details.get(_DATE_TIME_ORIGINAL)), offset)
    orientation = exif.get(_ORIENTATION, 0)
    return PhotoFacts(
        capture_time_ns=capture_ns,
        capture_time_offset=offset,
        camera_make=_text(exif.get(_MAKE)),
        camera_model=_text(exif.get(_MODEL)),
        orientation=orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 0,
    )


def capture_time_ns(wall_clock: str, offset: str) -> tuple[int | None, str]:
    """(ns since the epoch, the offset used) of an EXIF date-time; the offset is "" when it was unusable."""
    try:
        moment = datetime.strptime(wall_clock, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None, ""
    match = _OFFSET.fullmatch(offset)
    if match is None:
        zone, offset = UTC, ""
    else:
        sign, hours, minutes = match.groups()
        shift = timedelta(hours=int(hours), minutes=int(minutes))
        try:
            zone = timezone(-shift if sign == "-" else shift)
        except ValueError:  # beyond +-24 h
            zone, offset = UTC, ""
    return int(moment.replace(tzinfo=zone).timestamp()) * 1_000_000_000, offset


def _text(value: object) -> str:
    """An EXIF ASCII value as clean text: NULs and padding stripped, bytes decoded, bounded."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:MAX_TEXT_CHARS]
