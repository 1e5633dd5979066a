"""The body of one store write transaction: upserts and deletes, and the index changes they imply.

Rules that keep the index a pure cache of the store:
- A key names one item version: new content (another sha256) gets a new key
  and the old key becomes a tombstone, so an index key's vector never changes.
- A metadata-only change keeps the key (the vector is the same) and only
  bumps the row's sequence number.
- Every change takes the next sequence number; tombstones carry theirs, so a
  snapshot taken at sequence S is brought up to date by replaying rows and
  tombstones with seq > S.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field, replace

import numpy as np

from mediasearch.runtime.errors import FailedPrecondition
from search_svc.core.records import IngestResult, IngestStatus, ItemRecord, MediaType, NewItem, failed
from search_svc.core.store_schema import (
    PHOTO_COLUMNS,
    RECORD_COLUMNS,
    VECTOR_DTYPE,
    blobs_to_matrix,
    metadata_columns,
    photo_columns,
    record_from_row,
    vector_to_blob,
    views_from_blob,
)


@dataclass
class IndexDelta:
    """What the committed transaction changed for the index, and the sequence number it reached."""

    added_keys: list[int] = field(default_factory=list)
    added_vectors: list[np.ndarray] = field(default_factory=list)
    removed_keys: list[int] = field(default_factory=list)
    # Region views written in this transaction, by the key of their item (views.py).
    added_views: dict[int, np.ndarray] = field(default_factory=dict)
    seq: int = 0


class WriteTransaction:
    """Applies changes on a connection inside an open transaction; `finish()` stores the counters."""

    def __init__(self, connection: sqlite3.Connection, dimension: int) -> None:
        self._connection = connection
        self._dimension = dimension
        self._seq, self._next_key = connection.execute("SELECT last_seq, next_key FROM collection").fetchone()
        self._now_ns = time.time_ns()
        self.delta = IndexDelta(seq=self._seq)

    def upsert(self, item: NewItem) -> IngestResult:
        """One validated item: UNCHANGED, INDEXED, or FAILED when it needs a vector nobody has stored."""
        row = self._connection.execute(f"SELECT {RECORD_COLUMNS} FROM items WHERE id = ?", (item.id,)).fetchone()
        existing = None if row is None else record_from_row(row)
        if existing is not None and existing.sha256 == item.sha256:
            # Same bytes, same key: a preview missing from before thumbnails existed is filled in (the backfill).
            self._write_thumbnail(existing.key, item, replace_existing=False)
            if existing.photo is None and item.photo is not None:  # stored before EXIF facts were read
                self._write_photo_facts(existing.key, item)
            if existing.metadata == item.metadata:
                return IngestResult(item.id, IngestStatus.UNCHANGED, item.sha256)
            self._update_metadata(existing.key, with_known_sizes(item, existing))
            return IngestResult(item.id, IngestStatus.INDEXED, item.sha256, embedding_reused=item.vector is None)

        vector, reused = item.vector, False
        if vector is None:
            source = self._same_bytes(item.sha256)
            if source is None:
                return embedding_required(item)
            vector, reused = source[0], True
            item = with_known_sizes(item, source[1])
            if item.views is None:  # the same bytes have the same views
                item = replace(item, views=self._views_of(source[1].key))
        if existing is not None:
            self.delete(existing.id)
        self.insert(item, vector)
        return IngestResult(item.id, IngestStatus.INDEXED, item.sha256, embedding_reused=reused)

    def delete(self, item_id: str) -> bool:
        """Deletes the item, and when it is a video its frames too; False when no such id is stored."""
        row = self._connection.execute("SELECT key, media_type FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            return False
        self._remove(row[0], item_id)
        if row[1] == MediaType.VIDEO:
            self.delete_frames(item_id)
        return True

    def delete_frames(self, video_id: str) -> None:
        """Deletes the stored frames of a video (a commit replacing them, or the video's deletion)."""
        rows = self._connection.execute(
            "SELECT key, id FROM items WHERE parent_id = ? AND media_type = ?", (video_id, int(MediaType.VIDEO_FRAME))
        ).fetchall()
        for key, frame_id in rows:
            self._remove(key, frame_id)

    def finish(self) -> None:
        self._connection.execute("UPDATE collection SET last_seq = ?, next_key = ?", (self._seq, self._next_key))
        self.delta.seq = self._seq

    def insert(self, item: NewItem, vector: np.ndarray) -> None:
        """Stores a new item version under a new key; the caller has removed any version with its id."""
        key = self._next_key
        self._next_key += 1
        self._seq += 1
        self._connection.execute(
            "INSERT INTO items (key, id, uri, media_type, mtime_ns, tags_json, attributes_json, parent_id, "
            f"frame_time_ms, sha256, size_bytes, width, height, indexed_at_ns, seq, vector, {', '.join(PHOTO_COLUMNS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                item.id,
                *metadata_columns(item.metadata),
                item.sha256,
                item.size_bytes,
                item.width,
                item.height,
                self._now_ns,
                self._seq,
                vector_to_blob(vector),
                *photo_columns(item.photo),
            ),
        )
        self._write_tags(key, item.metadata.tags)
        self._write_thumbnail(key, item, replace_existing=True)
        if item.views is not None:
            views = np.asarray(item.views, dtype=VECTOR_DTYPE)
            self._connection.execute(
                "INSERT INTO item_views (key, count, vectors) VALUES (?, ?, ?)", (key, len(views), views.tobytes())
            )
            self.delta.added_views[key] = views
        self.delta.added_keys.append(key)
        self.delta.added_vectors.append(vector)

    def _update_metadata(self, key: int, item: NewItem) -> None:
        self._seq += 1
        self._connection.execute(
            "UPDATE items SET uri = ?, media_type = ?, mtime_ns = ?, tags_json = ?, attributes_json = ?, "
            "parent_id = ?, frame_time_ms = ?, size_bytes = ?, width = ?, height = ?, indexed_at_ns = ?, seq = ? "
            "WHERE key = ?",
            (*metadata_columns(item.metadata), item.size_bytes, item.width, item.height, self._now_ns, self._seq, key),
        )
        self._connection.execute("DELETE FROM item_tags WHERE key = ?", (key,))
        self._write_tags(key, item.metadata.tags)

    def _remove(self, key: int, item_id: str) -> None:
        self._seq += 1
        self._connection.execute("DELETE FROM items WHERE key = ?", (key,))
        self._connection.execute(
            "INSERT INTO tombstones (key, id, seq, deleted_at_ns) VALUES (?, ?, ?, ?)",
            (key, item_id, self._seq, self._now_ns),
        )
        self.delta.removed_keys.append(key)
        if key in self.delta.added_keys:
            # Added and replaced within this same transaction: the index never needs to see it.
            position = self.delta.added_keys.index(key)
            del self.delta.added_keys[position]
            del self.delta.added_vectors[position]
            self.delta.added_views.pop(key, None)

    def _write_photo_facts(self, key: int, item: NewItem) -> None:
        # Facts derive from the bytes, which are unchanged: the index needs no new sequence number.
        assignments = ", ".join(f"{column} = ?" for column in PHOTO_COLUMNS)
        self._connection.execute(f"UPDATE items SET {assignments} WHERE key = ?", (*photo_columns(item.photo), key))

    def _write_tags(self, key: int, tags: tuple[str, ...]) -> None:
        self._connection.executemany("INSERT INTO item_tags (key, tag) VALUES (?, ?)", [(key, t) for t in tags])

    def _write_thumbnail(self, key: int, item: NewItem, *, replace_existing: bool) -> None:
        thumbnail = item.thumbnail
        if thumbnail is None:
            return
        verb = "INSERT OR REPLACE" if replace_existing else "INSERT OR IGNORE"
        self._connection.execute(
            f"{verb} INTO thumbnails (key, mime_type, width, height, data) VALUES (?, ?, ?, ?, ?)",
            (key, thumbnail.mime_type, thumbnail.width, thumbnail.height, thumbnail.data),
        )

    def _views_of(self, key: int) -> np.ndarray | None:
        row = self._connection.execute("SELECT count, vectors FROM item_views WHERE key = ?", (key,)).fetchone()
        return None if row is None else views_from_blob(row[0], row[1], self._dimension)

    def _same_bytes(self, sha256: str) -> tuple[np.ndarray, ItemRecord] | None:
        """The vector and record of a stored item with these exact bytes, if any."""
        row = self._connection.execute(
            f"SELECT vector, {RECORD_COLUMNS} FROM items WHERE sha256 = ? LIMIT 1", (sha256,)
        ).fetchone()
        return None if row is None else (blobs_to_matrix([row[0]], self._dimension)[0], record_from_row(row[1:]))


def embedding_required(item: NewItem) -> IngestResult:
    """The failure of an item sent without a vector whose bytes no stored item has."""
    error = FailedPrecondition(
        f"no stored embedding for sha256 {item.sha256}; the item needs one", reason="EMBEDDING_REQUIRED"
    )
    return failed(item.id, error, item.sha256)


def with_known_sizes(item: NewItem, same_bytes: ItemRecord) -> NewItem:
    """Sizes the caller left at 0 (it skipped decoding), and EXIF facts it did not read, taken from a stored
    item with the same bytes."""
    return replace(
        item,
        size_bytes=item.size_bytes or same_bytes.size_bytes,
        width=item.width or same_bytes.width,
        height=item.height or same_bytes.height,
        photo=item.photo if item.photo is not None else same_bytes.photo,
    )
