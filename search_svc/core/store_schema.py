"""SQLite schema of a collection's item store, and conversion of its rows.

One database file per collection. `collection` holds the single row that binds
the collection to a model and carries the counters: `last_seq` (every change,
insert, update or delete, takes the next sequence number, so an index snapshot
can say exactly which changes it covers) and `next_key` (index keys only grow,
so a key names one item version forever and is never reused).
`thumbnails` hangs off an item version's key with ON DELETE CASCADE, so a
preview is written in the item's transaction and can never outlive it; the
table is created on open, so stores made before it existed gain it empty.

Schema version 2 adds each item's EXIF facts (capture time and its offset,
camera make and model, orientation; `orientation` NULL means never read) and
the collection's image calibration (`image_calibration_json`, NULL for the
derived default). `migrate` adds these columns to a version-1 store on open,
in place: old rows keep everything and read as "facts not read yet".
`item_views` holds an item version's region views (views.py), count x
dimension float32 in one blob, with the same lifetime as its thumbnail.
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
from search_svc.core.photo_facts import PhotoFacts
from search_svc.core.records import ItemMetadata, ItemRecord, MediaType

SCHEMA_VERSION = 2
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
    next_key INTEGER NOT NULL DEFAULT 1,
    image_calibration_json TEXT
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
    vector BLOB NOT NULL,
    capture_time_ns INTEGER,
    capture_offset TEXT NOT NULL DEFAULT '',
    camera_make TEXT NOT NULL DEFAULT '',
    camera_model TEXT NOT NULL DEFAULT '',
    orientation INTEGER
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
CREATE TABLE IF NOT EXISTS item_views (
    key INTEGER PRIMARY KEY REFERENCES items (key) ON DELETE CASCADE,
    count INTEGER NOT NULL,
    vectors BLOB NOT NULL
);
"""

# Columns a version-1 store lacks, with their definitions (ALTER TABLE ADD COLUMN, in this order).
ADDED_COLUMNS = {
    "collection": (("image_calibration_json", "TEXT"),),
    "items": (
        ("capture_time_ns", "INTEGER"),
        ("capture_offset", "TEXT NOT NULL DEFAULT ''"),
        ("camera_make", "TEXT NOT NULL DEFAULT ''"),
        ("camera_model", "TEXT NOT NULL DEFAULT ''"),
        ("orientation", "INTEGER"),
    ),
}
# After the columns exist: on a version-1 store the CREATE TABLE above does not add them.
INDEXES_AFTER_MIGRATION = "CREATE INDEX IF NOT EXISTS items_by_capture_time ON items (capture_time_ns);"

RECORD_COLUMNS = (
    "key, id, uri, media_type, sha256, size_bytes, width, height, mtime_ns, tags_json, "
    "attributes_json, parent_id, frame_time_ms, indexed_at_ns, seq, "
    "capture_time_ns, capture_offset, camera_make, camera_model, orientation"
)
PHOTO_COLUMNS = ("capture_time_ns", "capture_offset", "camera_make", "camera_model", "orientation")


@dataclass(frozen=True)
class CollectionInfo:
    """The collection row: what the collection is bound to and the calibration in force."""

    name: str
    model_id: str
    dimension: int
    calibration: CalibrationProfile
    created_at_ns: int
    # The image calibration set or fitted for this collection; None while the derived default applies.
    image_calibration: CalibrationProfile | None = None


def migrate(connection: sqlite3.Connection) -> None:
    """Brings a store of an older schema version to this one in place; nothing stored is changed or lost."""
    for table, columns in ADDED_COLUMNS.items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        for name, definition in columns:
            if name not in present:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")
    connection.executescript(INDEXES_AFTER_MIGRATION)
    connection.execute("UPDATE collection SET schema_version = ? WHERE schema_version < ?", (SCHEMA_VERSION,) * 2)


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
        capture_time_ns,
        capture_offset,
        camera_make,
        camera_model,
        orientation,
    ) = row
    metadata = metadata_from_columns(uri, media_type, mtime_ns, tags_json, attributes_json, parent_id, frame_time_ms)
    photo = (
        None
        if orientation is None
        else PhotoFacts(capture_time_ns, capture_offset, camera_make, camera_model, orientation)
    )
    return ItemRecord(key, item_id, metadata, sha256, size_bytes, width, height, indexed_at_ns, seq, photo)


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


def photo_columns(photo: PhotoFacts | None) -> tuple[object, ...]:
    """Values of PHOTO_COLUMNS; unread facts are stored as unread (orientation NULL)."""
    if photo is None:
        return (None, "", "", "", None)
    return (photo.capture_time_ns, photo.capture_time_offset, photo.camera_make, photo.camera_model, photo.orientation)


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


def views_from_blob(count: int, blob: bytes, dimension: int) -> np.ndarray:
    """An `item_views` row's vectors as a [count x dimension] float32 matrix."""
    return np.frombuffer(blob, dtype=VECTOR_DTYPE).reshape(count, dimension).astype(np.float32)


def keys_json(keys: object) -> str:
    """Keys as one JSON array parameter for `IN (SELECT value FROM json_each(?))`: no 999-parameter limit."""
    return json.dumps([int(k) for k in np.asarray(keys, dtype=np.int64).reshape(-1)])
