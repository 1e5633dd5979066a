"""The durable item store of one collection: SQLite in WAL mode, the source of truth.

Every write runs in one `BEGIN IMMEDIATE` transaction on a single writer
connection with `synchronous=FULL`, so when a write method returns the change
is fsynced and survives a crash or SIGKILL. Writes are serialised by a lock;
reads use one connection per thread and, thanks to WAL, never wait for the
writer. The vector index is only a cache of what is stored here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument, ResourceExhausted, Unavailable
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.durability import fsync_directory
from search_svc.core.filters import ItemFilter
from search_svc.core.records import (
    DeleteResult,
    IngestPlan,
    IngestResult,
    ItemMetadata,
    ItemRecord,
    MediaType,
    NewItem,
    VideoIngestInfo,
    failed,
    unique_in_order,
    validate_batch,
    validate_new_item,
)
from search_svc.core.store_schema import (
    RECORD_COLUMNS,
    SCHEMA,
    SCHEMA_VERSION,
    CollectionInfo,
    blobs_to_matrix,
    keys_json,
    migrate,
    record_from_row,
    views_from_blob,
)
from search_svc.core.store_videos import commit_video, discard_staged_frames, stage_frames, staged_vector
from search_svc.core.store_writes import IndexDelta, WriteTransaction
from search_svc.core.thumbnails import Thumbnail


class StoreNotInitialized(Exception):
    """The database file has no collection row (for example, creation was interrupted)."""


class ItemStore:
    """Items, tombstones and the collection row of one collection, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        self._writer = _connect(self.path)
        try:
            self._writer.execute("PRAGMA journal_mode=WAL")
            self._writer.execute("PRAGMA synchronous=FULL")
            self._writer.execute("PRAGMA foreign_keys=ON")
            self._writer.executescript(SCHEMA)
            migrate(self._writer)
        except sqlite3.Error:
            self._writer.close()
            raise
        self.info: CollectionInfo

    @classmethod
    def open(cls, path: Path) -> ItemStore:
        """An existing store; StoreNotInitialized when the file or its collection row is missing."""
        if not Path(path).exists():
            raise StoreNotInitialized(f"no item store at {path}")
        store = cls(path)
        try:
            store.info = _read_info(store._writer, store.path)
        except StoreNotInitialized:
            store.close()
            raise
        return store

    @classmethod
    def create(
        cls, path: Path, *, name: str, model_id: str, dimension: int, calibration: CalibrationProfile
    ) -> ItemStore:
        """A store bound to `model_id`/`dimension`; completes a creation that a crash interrupted.

        If the collection row already exists it is kept as it is; callers compare the binding.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(path)
        with store._transaction() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO collection (singleton, name, model_id, dimension, calibration_json, "
                "created_at_ns, schema_version) VALUES (1, ?, ?, ?, ?, ?, ?)",
                (name, model_id, int(dimension), calibration.to_json(), time.time_ns(), SCHEMA_VERSION),
            )
            store.info = _read_info(connection, path)
        fsync_directory(path.parent)
        return store

    # ---- reads -----------------------------------------------------------------------------

    @property
    def dimension(self) -> int:
        return self.info.dimension

    def last_seq(self) -> int:
        return int(self._reader().execute("SELECT last_seq FROM collection").fetchone()[0])

    def live_count(self) -> int:
        return int(self._reader().execute("SELECT COUNT(*) FROM items").fetchone()[0])

    def records_by_id(self, ids: Sequence[str]) -> dict[str, ItemRecord]:
        rows = self._reader().execute(
            f"SELECT {RECORD_COLUMNS} FROM items WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)
        )
        return {record.id: record for record in map(record_from_row, rows)}

    def records_by_key(self, keys: Sequence[int] | np.ndarray) -> dict[int, ItemRecord]:
        rows = self._reader().execute(
            f"SELECT {RECORD_COLUMNS} FROM items WHERE key IN (SELECT value FROM json_each(?))", (keys_json(keys),)
        )
        return {record.key: record for record in map(record_from_row, rows)}

    def vectors_by_key(self, keys: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(keys found, their full-precision vectors as rows); deleted keys are simply absent."""
        rows = (
            self._reader()
            .execute(
                "SELECT key, vector FROM items WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key",
                (keys_json(keys),),
            )
            .fetchall()
        )
        return self._unzip(rows)

    def vectors_by_id(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        rows = (
            self._reader()
            .execute(
                "SELECT id, vector FROM items WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)
            )
            .fetchall()
        )
        return {item_id: blobs_to_matrix([blob], self.dimension)[0] for item_id, blob in rows}

    def vector_for_sha256(self, sha256: str) -> np.ndarray | None:
        """A stored vector for these bytes: an item's, or a staged video frame's."""
        connection = self._reader()
        row = connection.execute("SELECT vector FROM items WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone()
        if row is None:
            return staged_vector(connection, self.dimension, sha256)
        return blobs_to_matrix([row[0]], self.dimension)[0]

    def has_videos(self) -> bool:
        row = (
            self._reader()
            .execute("SELECT 1 FROM items WHERE media_type = ? LIMIT 1", (int(MediaType.VIDEO),))
            .fetchone()
        )
        return row is not None

    def keys_for_sha256(self, sha256: str) -> list[int]:
        """Index keys of the items whose bytes hash to `sha256` (the same file under any id)."""
        rows = self._reader().execute("SELECT key FROM items WHERE sha256 = ?", (sha256,)).fetchall()
        return [int(row[0]) for row in rows]

    def plan_ingest(self, item_id: str, sha256: str, metadata: ItemMetadata) -> IngestPlan:
        """Whether an ingest would change nothing, and a stored vector for these bytes if there is one.

        Advisory: `upsert` decides again under the write lock, so a race only costs an embedding.
        """
        record = self.records_by_id([item_id]).get(item_id)
        if record is not None and record.sha256 == sha256 and record.metadata == metadata.normalized():
            return IngestPlan(
                unchanged=True,
                reusable_vector=None,
                needs_thumbnail=not self._has_thumbnail(record.key),
                needs_photo_facts=record.photo is None,
            )
        return IngestPlan(unchanged=False, reusable_vector=self.vector_for_sha256(sha256))

    def capture_times(self, keys: Sequence[int] | np.ndarray) -> dict[int, int]:
        """Capture times (ns) of these keys; keys without one (or not stored) are absent."""
        rows = self._reader().execute(
            "SELECT key, capture_time_ns FROM items WHERE key IN (SELECT value FROM json_each(?)) "
            "AND capture_time_ns IS NOT NULL",
            (keys_json(keys),),
        )
        return {int(key): int(ns) for key, ns in rows}

    def distinct_image_sample(self, limit: int) -> np.ndarray:
        """Vectors of up to `limit` items with distinct bytes, a fixed pseudo-random choice (by sha256)."""
        rows = (
            self._reader()
            .execute("SELECT sha256, MIN(vector) FROM items GROUP BY sha256 ORDER BY sha256 LIMIT ?", (limit,))
            .fetchall()
        )
        return blobs_to_matrix([row[1] for row in rows], self.dimension)

    def thumbnails_by_id(self, ids: Sequence[str]) -> dict[str, Thumbnail]:
        """The stored previews of these items; items without one (or not stored) are absent."""
        rows = self._reader().execute(
            "SELECT items.id, t.mime_type, t.width, t.height, t.data FROM items JOIN thumbnails t ON t.key = items.key "
            "WHERE items.id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        )
        return {item_id: Thumbnail(bytes(data), width, height, mime) for item_id, mime, width, height, data in rows}

    def _has_thumbnail(self, key: int) -> bool:
        return self._reader().execute("SELECT 1 FROM thumbnails WHERE key = ?", (key,)).fetchone() is not None

    def filter_keys(self, item_filter: ItemFilter) -> np.ndarray:
        """Sorted keys of the live items the filter allows."""
        where, params = item_filter.to_sql()
        rows = self._reader().execute(f"SELECT key FROM items WHERE {where} ORDER BY key", params).fetchall()
        return np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))

    def page_after(self, after_id: str, limit: int, uri_prefix: str = "") -> list[ItemRecord]:
        where, params = ItemFilter(uri_prefix=uri_prefix).to_sql()
        rows = self._reader().execute(
            f"SELECT {RECORD_COLUMNS} FROM items WHERE id > ? AND {where} ORDER BY id LIMIT ?",
            [after_id, *params, limit],
        )
        return [record_from_row(row) for row in rows]

    def views_by_key(self, keys: Sequence[int] | np.ndarray) -> dict[int, np.ndarray]:
        """Region views of these item keys (views.py); keys without views are absent."""
        rows = self._reader().execute(
            "SELECT key, count, vectors FROM item_views WHERE key IN (SELECT value FROM json_each(?))",
            (keys_json(keys),),
        )
        return {int(key): views_from_blob(count, blob, self.dimension) for key, count, blob in rows}

    def has_views(self) -> bool:
        return self._reader().execute("SELECT 1 FROM item_views LIMIT 1").fetchone() is not None

    def iter_views(self, chunk_size: int = 1024) -> Iterator[tuple[int, np.ndarray]]:
        """Every live item's (key, views), in key order, for building the view index."""
        after = 0
        while True:
            rows = (
                self._reader()
                .execute(
                    "SELECT key, count, vectors FROM item_views WHERE key > ? ORDER BY key LIMIT ?", (after, chunk_size)
                )
                .fetchall()
            )
            if not rows:
                return
            for key, count, blob in rows:
                yield int(key), views_from_blob(count, blob, self.dimension)
            after = rows[-1][0]

    def iter_vectors(self, chunk_size: int = 4096) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every live (keys, vectors) chunk in key order, for rebuilding the index."""
        after = 0
        while True:
            rows = (
                self._reader()
                .execute("SELECT key, vector FROM items WHERE key > ? ORDER BY key LIMIT ?", (after, chunk_size))
                .fetchall()
            )
            if not rows:
                return
            yield self._unzip(rows)
            after = rows[-1][0]

    def changes_since(self, seq: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """(added keys, their vectors, removed keys, last seq) for changes after `seq`, read consistently."""
        connection = self._reader()
        connection.execute("BEGIN")
        try:
            added = connection.execute("SELECT key, vector FROM items WHERE seq > ? ORDER BY key", (seq,)).fetchall()
            removed = connection.execute("SELECT key FROM tombstones WHERE seq > ?", (seq,)).fetchall()
            last = connection.execute("SELECT last_seq FROM collection").fetchone()[0]
        finally:
            connection.execute("COMMIT")
        keys, vectors = self._unzip(added)
        return keys, vectors, np.array([row[0] for row in removed], dtype=np.int64), int(last)

    def disk_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())

    # ---- writes ----------------------------------------------------------------------------

    def upsert(self, items: Sequence[NewItem]) -> tuple[list[IngestResult], IndexDelta]:
        """Stores each valid item durably; one bad item fails only itself. Results follow the input order."""
        results, valid = validate_batch(items, self.dimension)
        with self._transaction() as connection:
            writer = WriteTransaction(connection, self.dimension)
            for position, item in valid:
                results[position] = writer.upsert(item)
            writer.finish()
        return [r for r in results if r is not None], writer.delta

    def stage_video_frames(self, video_sha256: str, frames: Sequence[tuple[int, NewItem]]) -> list[IngestResult]:
        """Stores (frame index, frame) pairs durably but out of search's sight until their video commits
        (store_videos.py)."""
        results: list[IngestResult | None] = [None] * len(frames)
        valid: list[tuple[int, tuple[int, NewItem]]] = []
        for position, (index, frame) in enumerate(frames):
            try:
                valid.append((position, (index, validate_new_item(frame, self.dimension, video=True))))
            except (InvalidArgument, FailedPrecondition) as error:
                results[position] = failed(frame.id, error, frame.sha256)
        with self._transaction() as connection:
            staged = stage_frames(connection, self.dimension, video_sha256, [pair for _, pair in valid])
        for (position, _), result in zip(valid, staged, strict=True):
            results[position] = result
        return [r for r in results if r is not None]

    def commit_video(self, video: NewItem, commit: VideoIngestInfo) -> tuple[IngestResult, IndexDelta]:
        """Makes a video and its staged frames visible, replacing its previous version, in one transaction."""
        try:
            video = validate_new_item(video, self.dimension, video=True)
        except (InvalidArgument, FailedPrecondition) as error:
            return failed(video.id, error, video.sha256), IndexDelta(seq=self.last_seq())
        with self._transaction() as connection:
            writer = WriteTransaction(connection, self.dimension)
            result = commit_video(connection, writer, self.dimension, video, commit)
            writer.finish()
        return result, writer.delta

    def delete(self, ids: Sequence[str]) -> tuple[DeleteResult, IndexDelta]:
        with self._transaction() as connection:
            writer = WriteTransaction(connection, self.dimension)
            requested = unique_in_order(ids)
            missing = [item_id for item_id in requested if not writer.delete(item_id)]
            discard_staged_frames(connection, requested)  # deleting a video also cancels its unfinished ingest
            writer.finish()
        # Counted by requested id: a video's frames go with it but are not items the caller named.
        return DeleteResult(len(requested) - len(missing), missing), writer.delta

    def rebind_model(self, model_id: str) -> None:
        """Record a new id for the same model (the migration of path-bound ids to content fingerprints)."""
        with self._transaction() as connection:
            connection.execute("UPDATE collection SET model_id = ?", (model_id,))
            self.info = _read_info(connection, self.path)

    def set_calibration(self, profile: CalibrationProfile) -> None:
        with self._transaction() as connection:
            connection.execute("UPDATE collection SET calibration_json = ?", (profile.to_json(),))
            self.info = _read_info(connection, self.path)

    def set_image_calibration(self, profile: CalibrationProfile) -> None:
        with self._transaction() as connection:
            connection.execute("UPDATE collection SET image_calibration_json = ?", (profile.to_json(),))
            self.info = _read_info(connection, self.path)

    def prune_tombstones(self, through_seq: int) -> int:
        """Drops tombstones an index snapshot already covers; a rebuild never needs them."""
        with self._transaction() as connection:
            return connection.execute("DELETE FROM tombstones WHERE seq <= ?", (through_seq,)).rowcount

    def close(self) -> None:
        with self._write_lock, self._readers_lock:
            if self._closed:
                return
            self._closed = True
            for connection in self._readers:
                connection.close()
            self._writer.close()

    # ---- internals -------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock:
            if self._closed:
                raise Unavailable("the item store is closed", reason="STORE_CLOSED")
            try:
                self._writer.execute("BEGIN IMMEDIATE")
                try:
                    yield self._writer
                except BaseException:
                    self._writer.execute("ROLLBACK")
                    raise
                self._writer.execute("COMMIT")
            except sqlite3.OperationalError as error:
                if "full" in str(error).lower():
                    raise ResourceExhausted(f"item store is out of space: {error}", reason="DISK_FULL") from error
                raise Unavailable(f"item store write failed: {error}", reason="STORE_WRITE_FAILED") from error

    def _reader(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            with self._readers_lock:
                if self._closed:
                    raise Unavailable("the item store is closed", reason="STORE_CLOSED")
                connection = _connect(self.path)
                connection.execute("PRAGMA query_only=ON")
                self._readers.append(connection)
            self._local.connection = connection
        return connection

    def _unzip(self, rows: list[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
        keys = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        return keys, blobs_to_matrix([row[1] for row in rows], self.dimension)


def _read_info(connection: sqlite3.Connection, path: Path) -> CollectionInfo:
    row = connection.execute(
        "SELECT name, model_id, dimension, calibration_json, created_at_ns, image_calibration_json FROM collection"
    ).fetchone()
    if row is None:
        raise StoreNotInitialized(f"{path} holds no collection row")
    name, model_id, dimension, calibration_json, created_at_ns, image_json = row
    image = CalibrationProfile.from_json(image_json) if image_json else None
    return CollectionInfo(
        name, model_id, dimension, CalibrationProfile.from_json(calibration_json), created_at_ns, image
    )


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode (isolation_level=None): transactions are begun explicitly, never implicitly.
    # check_same_thread=False only because close() runs on another thread; each reader stays on its own.
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection
