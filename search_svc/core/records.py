"""Value types of the item store: metadata, stored records, ingest and delete outcomes.

They mirror `mediasearch.search.v1` messages without importing them, so the
core stays free of protobuf and gRPC. Times are integer nanoseconds since the
Unix epoch (`Timestamp.ToNanoseconds()` on the proto side).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum

import numpy as np

from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument, ItemFailure
from search_svc.core.photo_facts import PhotoFacts
from search_svc.core.thumbnails import Thumbnail

MAX_ID_CHARS = 1024
MAX_TAG_CHARS = 128
# Frames one video may commit: bounds the commit transaction and the staging table per video.
MAX_VIDEO_FRAMES = 10_000
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class MediaType(IntEnum):
    """Same numbers as `search.v1.MediaType`."""

    UNSPECIFIED = 0
    IMAGE = 1
    VIDEO_FRAME = 2
    VIDEO = 3


VIDEO_TYPES = (MediaType.VIDEO_FRAME, MediaType.VIDEO)


class IngestStatus(IntEnum):
    """Same numbers as `search.v1.IngestStatus`."""

    INDEXED = 1
    UNCHANGED = 2
    FAILED = 3
    VIDEO_FRAME_STAGED = 4


@dataclass(frozen=True)
class ItemMetadata:
    """What the client says about an item; compared field by field to detect no-op re-ingests."""

    uri: str = ""
    media_type: MediaType = MediaType.IMAGE
    mtime_ns: int | None = None
    tags: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)
    parent_id: str = ""
    frame_time_ms: int = 0

    def normalized(self) -> ItemMetadata:
        """Canonical form: tags sorted and unique (tag filters are set operations), unset type = IMAGE."""
        media_type = MediaType.IMAGE if self.media_type == MediaType.UNSPECIFIED else MediaType(self.media_type)
        return replace(
            self,
            media_type=media_type,
            tags=tuple(sorted(set(self.tags))),
            attributes=dict(sorted(self.attributes.items())),
        )


@dataclass(frozen=True)
class NewItem:
    """One item to upsert. `vector=None` asks the store to reuse the vector of identical bytes."""

    id: str
    sha256: str
    metadata: ItemMetadata = field(default_factory=ItemMetadata)
    vector: np.ndarray | None = None
    size_bytes: int = 0
    width: int = 0
    height: int = 0
    # A preview of the bytes (see thumbnails.py); None when they could not be decoded here.
    thumbnail: Thumbnail | None = None
    # EXIF facts of the bytes (see photo_facts.py); None when they were not read.
    photo: PhotoFacts | None = None
    # Unit vectors of the image's region views (views.py), [views x dimension]; None when not embedded.
    views: np.ndarray | None = None


@dataclass(frozen=True)
class VideoIngestInfo:
    """Mirrors `search.v1.VideoIngestInfo`: which video version a message belongs to; the rest on a commit only."""

    video_sha256: str
    frame_count: int = 0
    size_bytes: int = 0
    width: int = 0
    height: int = 0
    frame_index: int = 0


@dataclass(frozen=True)
class ItemRecord:
    """A stored item version. `key` is the index key; it changes when the content changes."""

    key: int
    id: str
    metadata: ItemMetadata
    sha256: str
    size_bytes: int
    width: int
    height: int
    indexed_at_ns: int
    seq: int
    # None for an item stored before EXIF facts were read (re-ingesting its bytes fills them in).
    photo: PhotoFacts | None = None


@dataclass(frozen=True)
class IngestPlan:
    """What an ingest of (id, sha256, metadata) needs before any embedding is computed."""

    unchanged: bool
    reusable_vector: np.ndarray | None
    # An unchanged item stored before previews existed: the pipeline sends one along (the backfill).
    needs_thumbnail: bool = False
    # An unchanged item stored before EXIF facts were read: the pipeline reads and sends them (the backfill).
    needs_photo_facts: bool = False

    @property
    def needs_embedding(self) -> bool:
        return not self.unchanged and self.reusable_vector is None


@dataclass(frozen=True)
class IngestResult:
    """The outcome for one item, in request order."""

    id: str
    status: IngestStatus
    sha256: str = ""
    embedding_reused: bool = False
    error: ItemFailure | None = None


@dataclass(frozen=True)
class DeleteResult:
    deleted_count: int
    missing_ids: list[str]


@dataclass(frozen=True)
class ItemPage:
    items: list[ItemRecord]
    next_page_token: str


def validate_item_id(item_id: str, field_path: str = "id") -> None:
    if not item_id:
        raise InvalidArgument.for_field(field_path, "must not be empty", reason="ID_EMPTY")
    if len(item_id) > MAX_ID_CHARS:
        raise InvalidArgument.for_field(
            field_path, f"is {len(item_id)} characters, the limit is {MAX_ID_CHARS}", reason="ID_TOO_LONG"
        )


def validate_metadata(metadata: ItemMetadata, field_path: str = "metadata", *, video: bool = False) -> ItemMetadata:
    """Checks what Ingest accepts and returns the canonical form.

    Video frames and videos are stored only through a video's staged commit (`video=True`, see
    store_videos.py), so that a search never sees half a video; a plain upsert refuses them.
    """
    if metadata.media_type in VIDEO_TYPES and not video:
        raise InvalidArgument.for_field(
            f"{field_path}.media_type",
            "video frames and videos are stored through a video ingest (IngestRequest.video)",
            reason="MEDIA_TYPE_UNSUPPORTED",
        )
    if metadata.media_type == MediaType.VIDEO_FRAME:
        if not metadata.parent_id:
            raise InvalidArgument.for_field(
                f"{field_path}.video_item_id", "a video frame names its video", reason="VIDEO_ITEM_ID_MISSING"
            )
        if metadata.frame_time_ms < 0:
            raise InvalidArgument.for_field(f"{field_path}.frame_time_ms", "must not be negative")
    if metadata.media_type not in (MediaType.UNSPECIFIED, MediaType.IMAGE, *VIDEO_TYPES):
        raise InvalidArgument.for_field(f"{field_path}.media_type", f"unknown value {int(metadata.media_type)}")
    for position, tag in enumerate(metadata.tags):
        if not 1 <= len(tag) <= MAX_TAG_CHARS:
            raise InvalidArgument.for_field(
                f"{field_path}.tags[{position}]", f"must be 1 to {MAX_TAG_CHARS} characters", reason="TAG_INVALID"
            )
    return metadata.normalized()


def validate_sha256(value: str, field_path: str) -> None:
    if not _SHA256_HEX.fullmatch(value):
        raise InvalidArgument.for_field(field_path, "must be 64 lowercase hex digits", reason="SHA256_INVALID")


def as_unit_vector(vector: np.ndarray, dimension: int, field_path: str = "vector") -> np.ndarray:
    """A finite, non-zero vector of the collection's dimension, scaled to length 1 (cosine = dot product)."""
    flat = np.asarray(vector, dtype=np.float32).reshape(-1)
    if flat.shape[0] != dimension:
        raise FailedPrecondition(
            f"{field_path} has dimension {flat.shape[0]} but the collection stores dimension {dimension}",
            reason="DIMENSION_MISMATCH",
        )
    if not np.all(np.isfinite(flat)):
        raise InvalidArgument.for_field(field_path, "contains NaN or infinity", reason="VECTOR_NOT_FINITE")
    norm = float(np.linalg.norm(flat))
    if norm == 0.0:
        raise InvalidArgument.for_field(field_path, "is all zeros", reason="VECTOR_ZERO")
    return (flat / norm).astype(np.float32)


def validate_new_item(item: NewItem, dimension: int, *, video: bool = False) -> NewItem:
    """The item in canonical form, or an InvalidArgument / FailedPrecondition naming the bad field."""
    validate_item_id(item.id)
    validate_sha256(item.sha256, "sha256")
    for name in ("size_bytes", "width", "height"):
        if getattr(item, name) < 0:
            raise InvalidArgument.for_field(name, "must not be negative")
    vector = None if item.vector is None else as_unit_vector(item.vector, dimension)
    return replace(item, metadata=validate_metadata(item.metadata, video=video), vector=vector)


def validate_batch(
    items: Sequence[NewItem], dimension: int
) -> tuple[list[IngestResult | None], list[tuple[int, NewItem]]]:
    """Per position, a FAILED result for each invalid item (None elsewhere); and the valid ones in canonical form."""
    results: list[IngestResult | None] = [None] * len(items)
    valid: list[tuple[int, NewItem]] = []
    for position, item in enumerate(items):
        try:
            valid.append((position, validate_new_item(item, dimension)))
        except (InvalidArgument, FailedPrecondition) as error:
            results[position] = failed(item.id, error, item.sha256)
    return results, valid


def failed(item_id: str, error: InvalidArgument | FailedPrecondition, sha256: str = "") -> IngestResult:
    return IngestResult(item_id, IngestStatus.FAILED, sha256=sha256, error=ItemFailure.from_error(error))


def unique_in_order(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))
