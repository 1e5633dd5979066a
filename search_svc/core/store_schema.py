"""SQLite schema of a collection's item store, and conversion of its rows.

One database file per collection. `collection` holds the single row that binds
the collection to a model and carries the counters: `last_seq` (every change,
insert, update or delete, takes the next sequence number, so an index snapshot
can say exactly which changes it covers) and `next_key` (index keys only grow,
so a key names one item version forever and is never reused).
`thumbnails` hangs off an item version's key with ON DELETE CASCADE, so a
preview is written in the item's transaction and can never outlive it; the
table is created on open, so stores made before it existed gain it empty.
`video_frames_staged` holds the frames of videos whose ingest has not
committed yet: invisible to search and to the index, moved into `items` in
the commit's transaction (see store_videos.py).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import numpy as np

from search_svc.core.calibration import CalibrationProfile
from search_svc.core.records import ItemMetadata, ItemRecord, MediaType

SCHEMA_VERSION = 1
VECTOR_DTYPE = np.dtype("<f4")

SCHEMA = """
CREATE TABLE IF NOT EXISTS collection (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    name TEXT NOT NULL,
    model_id TEXT NOT NULL,
    dimension INTEGER NOT NULL CHECK (dimension > 0),
    calibration_json TEXT NOT NULL,
    created_at_ns INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    next_key INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS items (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    uri TEXT NOT NULL,
    media_type INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    mtime_ns INTEGER,
    tags_json TEXT NOT NULL,
    attributes_json TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    frame_time_ms INTEGER NOT NULL,
    indexed_at_ns INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS items_by_seq ON items (seq);
CREATE INDEX IF NOT EXISTS items_by_sha256 ON items (sha256);
CREATE INDEX IF NOT EXISTS items_by_uri ON items (uri);
CREATE INDEX IF NOT EXISTS items_by_mtime ON items (mtime_ns);
CREATE TABLE IF NOT EXISTS item_tags (
    key INTEGER NOT NULL REFERENCES items (key) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (tag, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_tags_by_key ON item_tags (key);
CREATE TABLE IF NOT EXISTS tombstones (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted_at_ns INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tombstones_by_seq ON tombstones (seq);
CREATE TABLE IF NOT EXISTS video_frames_staged (
    video_id TEXT NOT NULL,
    video_sha256 TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    frame_id TEXT NOT NULL,
    uri TEXT NOT NULL,
    media_type INTEGER NOT NULL,
    mtime_ns INTEGER,
    tags_json TEXT NOT NULL,
    attributes_json TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    frame_time_ms INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    vector BLOB NOT NULL,
    thumbnail_mime_type TEXT,
    thumbnail_width INTEGER,
    thumbnail_height INTEGER,
    thumbnail_data BLOB,
    PRIMARY KEY (video_id, frame_id)
);
CREATE INDEX IF NOT EXISTS video_frames_staged_by_sha256 ON video_frames_staged (sha256);
CREATE INDEX IF NOT EXISTS items_by_parent ON items (parent_id);
CREATE TABLE IF NOT EXISTS thumbnails (
    key INTEGER PRIMARY KEY REFERENCES items (key) ON DELETE CASCADE,
    mime_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    data BLOB NOT NULL
);
"""

RECORD_COLUMNS = (
    "key, id, uri, media_type, sha256, size_bytes, width, height, mtime_ns, tags_json, "
    "attributes_json, parent_id, frame_time_ms, indexed_at_ns, seq"
)


@dataclass(frozen=True)
class CollectionInfo:
    """The collection row: what the collection is bound to and the calibration in force."""

    name: str
    model_id: str
    dimension: int
    calibration: CalibrationProfile
    created_at_ns: int


def record_from_row(row: sqlite3.Row | tuple) -> ItemRecord:
    (
        key,
        item_id,
        uri,
        media_type,
        sha256,
        size_bytes,
        width,
        height,
        mtime_ns,
        tags_json,
        attributes_json,
        parent_id,
        frame_time_ms,
        indexed_at_ns,
        seq,
    ) = row
    metadata = metadata_from_columns(uri, media_type, mtime_ns, tags_json, attributes_json, parent_id, frame_time_ms)
    return ItemRecord(key, item_id, metadata, sha256, size_bytes, width, height, indexed_at_ns, seq)


def metadata_from_columns(
    uri: str,
    media_type: int,
    mtime_ns: int | None,
    tags_json: str,
    attributes_json: str,
    parent_id: str,
    frame_time_ms: int,
) -> ItemMetadata:
    """The inverse of `metadata_columns`."""
    return ItemMetadata(
        uri=uri,
        media_type=MediaType(media_type),
        mtime_ns=mtime_ns,
        tags=tuple(json.loads(tags_json)),
        attributes=json.loads(attributes_json),
        parent_id=parent_id,
        frame_time_ms=frame_time_ms,
    )


def metadata_columns(metadata: ItemMetadata) -> tuple[object, ...]:
    """(uri, media_type, mtime_ns, tags_json, attributes_json, parent_id, frame_time_ms) of canonical metadata."""
    return (
        metadata.uri,
        int(metadata.media_type),
        metadata.mtime_ns,
        json.dumps(list(metadata.tags), ensure_ascii=False),
        json.dumps(dict(metadata.attributes), ensure_ascii=False, sort_keys=True),
        metadata.parent_id,
        metadata.frame_time_ms,
    )


def vector_to_blob(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype=VECTOR_DTYPE).tobytes()


def blobs_to_matrix(blobs: list[bytes], dimension: int) -> np.ndarray:
    """Stacked float32 rows; one join and one frombuffer instead of one array per row."""
    if not blobs:
        return np.empty((0, dimension), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype=VECTOR_DTYPE).reshape(len(blobs), dimension).astype(np.float32)


def keys_json(keys: object) -> str:
    """Keys as one JSON array parameter for `IN (SELECT value FROM json_each(?))`: no 999-parameter limit."""
    return json.dumps([int(k) for k in np.asarray(keys, dtype=np.int64).reshape(-1)])
