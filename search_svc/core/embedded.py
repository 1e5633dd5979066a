"""The embedded backend: a collection's durable SQLite item store plus the USearch index rebuilt from it.

Write path: the store commits (fsynced) first, then the index is updated, all
under one writer lock, so an acknowledged item is durable even if the process
dies before the index sees it; the next start replays it. Searches run
concurrently with each other and only wait for the index mutation itself.

Start-up: load the verified snapshot, replay store changes newer than it, and
check that the index holds exactly the live items; any failure means a full
rebuild from the store, never a crash.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import INDEX_FOLDER, Collection, CollectionSettings
from search_svc.core.filters import NO_FILTER, ItemFilter
from search_svc.core.index import VectorIndex
from search_svc.core.records import (
    DeleteResult,
    IngestPlan,
    IngestResult,
    ItemMetadata,
    ItemRecord,
    NewItem,
    VideoIngestInfo,
)
from search_svc.core.retrieval import candidate_keys
from search_svc.core.snapshot import (
    SnapshotInvalid,
    load_snapshot,
    loading_guard,
    read_manifest,
    snapshot_disk_bytes,
    write_snapshot,
)
from search_svc.core.store import ItemStore
from search_svc.core.store_schema import CollectionInfo
from search_svc.core.store_writes import IndexDelta
from search_svc.core.thumbnails import Thumbnail
from search_svc.core.views import ViewIndex, best_view_cosines

logger = logging.getLogger(__name__)


class EmbeddedCollection(Collection):
    """Store and index of one collection in one folder; create with `Collection.open` or `Collection.create`."""

    backend = "embedded"

    def __init__(self, folder: Path, store: ItemStore, settings: CollectionSettings) -> None:
        super().__init__()
        self.folder = folder
        self._store = store
        self._settings = settings
        self._write_lock = threading.Lock()
        self._snapshot_seq = -1
        self._snapshot_at_ns: int | None = None
        self._index = self._recover()
        # Whether search must group frames under their videos; only ever turns on while open (a store
        # that loses its last video keeps grouping, which is then a no-op).
        self._has_videos = store.has_videos()
        # Region views for deep search (views.py): built from the store on first use, then kept in step.
        self._views: ViewIndex | None = None
        self._views_lock = threading.Lock()
        # Whether any item has views, known without a query per deep search; only ever turns on while open.
        self._has_views = store.has_views()

    # ---- the collection row -----------------------------------------------------------------

    @property
    def info(self) -> CollectionInfo:
        return self._store.info

    def rebind_model(self, model_id: str) -> None:
        self._store.rebind_model(model_id)

    def set_calibration(self, profile: CalibrationProfile) -> None:
        self._store.set_calibration(profile)

    def set_image_calibration(self, profile: CalibrationProfile) -> None:
        self._store.set_image_calibration(profile)

    def live_count(self) -> int:
        return self._store.live_count()

    def index_size(self) -> int:
        return len(self._index)

    def disk_bytes(self) -> int:
        return self._store.disk_bytes() + snapshot_disk_bytes(self.folder / INDEX_FOLDER)

    @property
    def snapshot_at_ns(self) -> int | None:
        return self._snapshot_at_ns

    def distinct_image_sample(self, limit: int) -> np.ndarray:
        return self._store.distinct_image_sample(limit)

    # ---- writes -----------------------------------------------------------------------------

    def plan_ingest(self, item_id: str, sha256: str, metadata: ItemMetadata) -> IngestPlan:
        return self._store.plan_ingest(item_id, sha256, metadata)

    def ingest(self, items: Sequence[NewItem]) -> list[IngestResult]:
        with self._write_lock:
            results, delta = self._store.upsert(items)
            self._apply(delta)
        return results

    def stage_video_frames(self, video_sha256: str, frames: Sequence[tuple[int, NewItem]]) -> list[IngestResult]:
        return self._store.stage_video_frames(video_sha256, frames)

    def commit_video(self, video: NewItem, commit: VideoIngestInfo) -> IngestResult:
        with self._write_lock:
            result, delta = self._store.commit_video(video, commit)
            self._apply(delta)
            self._has_videos = self._has_videos or bool(delta.added_keys)
        return result

    @property
    def has_videos(self) -> bool:
        return self._has_videos

    def _delete(self, ids: Sequence[str]) -> DeleteResult:
        with self._write_lock:
            result, delta = self._store.delete(ids)
            self._apply(delta)
        return result

    # ---- reads ------------------------------------------------------------------------------

    def _page_after(self, after_id: str, limit: int, uri_prefix: str) -> list[ItemRecord]:
        return self._store.page_after(after_id, limit, uri_prefix)

    def records_by_id(self, ids: Sequence[str]) -> dict[str, ItemRecord]:
        return self._store.records_by_id(ids)

    def thumbnails(self, ids: Sequence[str]) -> dict[str, Thumbnail]:
        return self._store.thumbnails_by_id(ids)

    def records_by_key(self, keys: Sequence[int] | np.ndarray) -> dict[int, ItemRecord]:
        return self._store.records_by_key(keys)

    def keys_for_sha256(self, sha256: str) -> list[int]:
        return self._store.keys_for_sha256(sha256)

    def _capture_times(self, keys: np.ndarray) -> dict[int, int]:
        return self._store.capture_times(keys)

    def _vectors_by_id(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self._store.vectors_by_id(ids)

    def _vectors_by_key(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._store.vectors_by_key(keys)

    def allowed_keys(self, keys: np.ndarray, item_filter: ItemFilter) -> np.ndarray:
        return keys[np.isin(keys, self._store.filter_keys(item_filter))]

    def candidates(self, queries: np.ndarray, pool: int, item_filter: ItemFilter = NO_FILTER) -> list[np.ndarray]:
        """Candidate keys per query row (see `retrieval.candidate_keys`)."""
        return candidate_keys(self._store, self._index, queries, pool, item_filter, self._settings.retrieval)

    def view_candidates(self, queries: np.ndarray, pool: int, item_filter: ItemFilter = NO_FILTER) -> list[np.ndarray]:
        """Per query row, item keys whose region views are nearest (none when no item has views)."""
        views = self._view_index()
        if views is None:
            return []
        found = views.candidates(queries, pool)
        if item_filter.is_empty:
            return found
        allowed = self._store.filter_keys(item_filter)
        return [keys[np.isin(keys, allowed)] for keys in found]

    def with_views(self, queries: np.ndarray, keys: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        """`cosines` [keys x queries] raised to the best of each item's region views where it has them."""
        if self._view_index() is None or not len(keys):
            return cosines
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.dimension)
        return best_view_cosines(queries, keys, self._store.views_by_key(keys), cosines)

    def _view_index(self) -> ViewIndex | None:
        with self._views_lock:
            if self._views is None and self._has_views:
                with self._write_lock:  # no write may land between the build's read and its first update
                    self._views = ViewIndex.build(self.dimension, self._settings.index, self._store.iter_views())
            return self._views

    # ---- index lifecycle --------------------------------------------------------------------

    def snapshot(self, *, force: bool = False) -> bool:
        """Writes a snapshot if the index changed since the last one; compacts first if needed."""
        with self._write_lock:
            if not force and self._index.applied_seq == self._snapshot_seq:
                return False
            if self._index.needs_compaction(self._settings.compaction_ratio):
                self._index = self._rebuild()
            self._write_snapshot()
            return True

    def close(self, *, snapshot: bool = True) -> None:
        try:
            if snapshot:
                self.snapshot()
        finally:
            self._store.close()

    def _write_snapshot(self) -> None:
        manifest = write_snapshot(self.folder / INDEX_FOLDER, self._index)
        self._snapshot_seq, self._snapshot_at_ns = manifest.seq, manifest.created_at_ns
        self._store.prune_tombstones(manifest.seq)

    def _apply(self, delta: IndexDelta) -> None:
        try:
            self._index.remove(np.asarray(delta.removed_keys, dtype=np.int64))
            if delta.added_keys:
                self._index.add(np.asarray(delta.added_keys, dtype=np.int64), np.stack(delta.added_vectors))
            self._index.applied_seq = delta.seq
        except Exception:  # noqa: BLE001 - the store already holds the change; the cache must catch up
            logger.exception("index update failed for collection %s; rebuilding from the store", self.name)
            self._index = self._rebuild()
        self._has_views = self._has_views or bool(delta.added_views)
        if self._views is not None:
            try:
                self._views.remove(delta.removed_keys)
                self._views.add(list(delta.added_views), list(delta.added_views.values()))
            except Exception:  # noqa: BLE001 - as above: dropped, and rebuilt from the store when next needed
                logger.exception("view index update failed for collection %s; rebuilt on next use", self.name)
                self._views = None

    def _recover(self) -> VectorIndex:
        index_folder = self.folder / INDEX_FOLDER
        try:
            with loading_guard(index_folder):
                index = load_snapshot(
                    index_folder, self.dimension, self._settings.index, store_seq=self._store.last_seq()
                )
                snapshot_seq = index.applied_seq
                added, vectors, removed, last_seq = self._store.changes_since(snapshot_seq)
                index.remove(removed)
                index.add(added, vectors)
                index.applied_seq = last_seq
            live = self._store.live_count()
            if len(index) != live:
                raise SnapshotInvalid(f"index holds {len(index)} vectors after replay, the store {live} items")
        except SnapshotInvalid as reason:
            self.recovery = f"rebuilt from the store: {reason}"
            # A new, empty collection has no snapshot yet; only a lost one is worth a warning.
            level = logging.WARNING if self._store.live_count() else logging.INFO
            logger.log(level, "collection %s: %s", self.name, self.recovery)
            index = self._rebuild()
            self._index = index
            try:
                self._write_snapshot()
            except OSError:  # e.g. a full disk: serve from memory, the next snapshot or start retries
                logger.exception("collection %s: could not write a snapshot after the rebuild", self.name)
            return index
        self._snapshot_seq = snapshot_seq
        self._snapshot_at_ns = read_manifest(index_folder).created_at_ns
        self.recovery = f"snapshot at seq {snapshot_seq}, replayed {len(added)} additions and {len(removed)} removals"
        stored, configured = index.config, self._settings.index
        if (stored.metric, stored.dtype) != (configured.metric, configured.dtype):
            self.recovery += (
                f"; keeps its stored {stored.metric} {stored.dtype} index until the next rebuild "
                f"(configured {configured.metric} {configured.dtype})"
            )
        logger.info("collection %s: %s", self.name, self.recovery)
        return index

    def _rebuild(self) -> VectorIndex:
        return VectorIndex.build(
            self.dimension, self._settings.index, self._store.iter_vectors(), applied_seq=self._store.last_seq()
        )
