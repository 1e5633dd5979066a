"""A named collection: its durable item store plus the USearch index rebuilt from it.

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mediasearch.limits import DELETE_IDS_PER_CALL
from mediasearch.models import identity_fingerprint, legacy_id_matches, same_model
from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.filters import NO_FILTER, ItemFilter
from search_svc.core.image_calibration import SAMPLE_SIZE, derived_image_profile
from search_svc.core.index import IndexConfig, VectorIndex
from search_svc.core.ordering import ResultOrder, by_capture_time, effective_min_score
from search_svc.core.paging import (
    decode_page_token,
    encode_page_token,
    validate_page_size,
    validate_paging,
    validate_thresholds,
)
from search_svc.core.records import (
    DeleteResult,
    IngestPlan,
    IngestResult,
    ItemMetadata,
    ItemPage,
    ItemRecord,
    NewItem,
    VideoIngestInfo,
    as_unit_vector,
)
from search_svc.core.results import Hit, SearchOutcome
from search_svc.core.retrieval import RetrievalTuning, best_first, candidate_keys, exact_scores
from search_svc.core.snapshot import (
    SnapshotInvalid,
    load_snapshot,
    loading_guard,
    read_manifest,
    snapshot_disk_bytes,
    write_snapshot,
)
from search_svc.core.store import ItemStore
from search_svc.core.store_writes import IndexDelta
from search_svc.core.thumbnails import Thumbnail
from search_svc.core.views import ViewIndex, best_view_cosines

logger = logging.getLogger(__name__)

STORE_FILE = "items.sqlite3"
# A capture-time order's first candidate pool, whatever the page: grown 4x while its last candidate passes.
TIME_ORDER_FIRST_POOL = 256
INDEX_FOLDER = "index"


@dataclass(frozen=True)
class CollectionSettings:
    index: IndexConfig = IndexConfig()
    retrieval: RetrievalTuning = RetrievalTuning()
    # Rebuild instead of saving when this share of the graph is removed nodes.
    compaction_ratio: float = 0.25


@dataclass(frozen=True)
class CollectionStats:
    """Mirrors `search.v1.CollectionStats`."""

    name: str
    model_id: str
    dimension: int
    item_count: int
    index_size: int
    calibration: CalibrationProfile
    snapshot_at_ns: int | None
    disk_bytes: int


class Collection:
    """Store and index of one collection; create with `open` or `create`, not the constructor."""

    def __init__(self, folder: Path, store: ItemStore, settings: CollectionSettings) -> None:
        self.folder = folder
        self._store = store
        self._settings = settings
        self._write_lock = threading.Lock()
        self._snapshot_seq = -1
        self._snapshot_at_ns: int | None = None
        self.recovery = ""
        # The derived image calibration and the item count it was derived at (see `image_calibration`).
        self._derived_image: tuple[int, CalibrationProfile] | None = None
        self._index = self._recover()
        # Whether search must group frames under their videos; only ever turns on while open (a store
        # that loses its last video keeps grouping, which is then a no-op).
        self._has_videos = store.has_videos()
        # Region views for deep search (views.py): built from the store on first use, then kept in step.
        self._views: ViewIndex | None = None
        self._views_lock = threading.Lock()
        # Whether any item has views, known without a query per deep search; only ever turns on while open.
        self._has_views = store.has_views()

    @classmethod
    def open(cls, folder: Path, settings: CollectionSettings = CollectionSettings()) -> Collection:
        return cls(folder, ItemStore.open(folder / STORE_FILE), settings)

    @classmethod
    def create(
        cls,
        folder: Path,
        *,
        name: str,
        model_id: str,
        dimension: int,
        calibration: CalibrationProfile,
        settings: CollectionSettings = CollectionSettings(),
    ) -> Collection:
        store = ItemStore.create(
            folder / STORE_FILE, name=name, model_id=model_id, dimension=dimension, calibration=calibration
        )
        return cls(folder, store, settings)

    # ---- identity ---------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._store.info.name

    @property
    def model_id(self) -> str:
        return self._store.info.model_id

    @property
    def dimension(self) -> int:
        return self._store.info.dimension

    @property
    def calibration(self) -> CalibrationProfile:
        return self._store.info.calibration

    @property
    def image_calibration(self) -> CalibrationProfile:
        """The profile for image-to-image cosines: the one set or fitted, else derived from the collection.

        The derivation (image_calibration.py) samples up to 512 distinct images; it is redone when the item
        count has changed, for a large collection only once it changed by a tenth, so scores do not shift
        with every ingest.
        """
        stored = self._store.info.image_calibration
        if stored is not None:
            return stored
        count = self._store.live_count()
        cached = self._derived_image
        if cached is None or (
            cached[0] != count and (count <= 10 * SAMPLE_SIZE or abs(count - cached[0]) * 10 > cached[0])
        ):
            cached = (count, derived_image_profile(self._store.distinct_image_sample(SAMPLE_SIZE)))
            self._derived_image = cached
        return cached[1]

    def require_model(self, model_id: str, dimension: int) -> None:
        """FailedPrecondition unless the caller's embedding model is the one this collection is bound to.

        A collection bound before model ids were content fingerprints holds the
        folder or hub id its model was loaded from; when that names the model
        now served (same content where the old folder still exists, else the
        same name) and the dimension agrees, the binding moves to the
        fingerprint once, durably. Identities compare by fingerprint only, so
        a checkpoint folder that was renamed is still the same model.
        """
        if (
            dimension == self.dimension
            and identity_fingerprint(model_id)
            and identity_fingerprint(self.model_id) is None
            and legacy_id_matches(self.model_id, model_id)
        ):
            logger.info("collection %s: model binding %s migrated to %s", self.name, self.model_id, model_id)
            self._store.rebind_model(model_id)
        if not same_model(self.model_id, model_id) or dimension != self.dimension:
            raise FailedPrecondition(
                f"collection '{self.name}' is bound to model '{self.model_id}' (dimension {self.dimension}), "
                f"but the embedder serves '{model_id}' (dimension {dimension}); use a collection created "
                "with this model, or start the embedder with the collection's model",
                reason="MODEL_MISMATCH",
            )

    # ---- writes -----------------------------------------------------------------------------

    def plan_ingest(self, item_id: str, sha256: str, metadata: ItemMetadata) -> IngestPlan:
        """Whether an item can skip embedding: unchanged, or identical bytes already have a vector."""
        return self._store.plan_ingest(item_id, sha256, metadata)

    def ingest(self, items: Sequence[NewItem]) -> list[IngestResult]:
        """Durable idempotent upserts, one result per item in order; `vector=None` reuses stored bytes' vector."""
        with self._write_lock:
            results, delta = self._store.upsert(items)
            self._apply(delta)
        return results

    def stage_video_frames(self, video_sha256: str, frames: Sequence[tuple[int, NewItem]]) -> list[IngestResult]:
        """Durably staged (frame index, frame) pairs of a video version, invisible until `commit_video`."""
        return self._store.stage_video_frames(video_sha256, frames)

    def commit_video(self, video: NewItem, commit: VideoIngestInfo) -> IngestResult:
        """The video and its staged frames made visible at once, replacing its previous version."""
        with self._write_lock:
            result, delta = self._store.commit_video(video, commit)
            self._apply(delta)
            self._has_videos = self._has_videos or bool(delta.added_keys)
        return result

    @property
    def has_videos(self) -> bool:
        return self._has_videos

    def delete(self, ids: Sequence[str]) -> DeleteResult:
        if not 1 <= len(ids) <= DELETE_IDS_PER_CALL:
            raise InvalidArgument.for_field("ids", f"must name 1 to {DELETE_IDS_PER_CALL} items, got {len(ids)}")
        with self._write_lock:
            result, delta = self._store.delete(ids)
            self._apply(delta)
        return result

    def set_calibration(self, profile: CalibrationProfile) -> None:
        self._store.set_calibration(profile)

    def set_image_calibration(self, profile: CalibrationProfile) -> None:
        self._store.set_image_calibration(profile)

    # ---- reads ------------------------------------------------------------------------------

    def list_items(self, page_size: int = 0, page_token: str = "", uri_prefix: str = "") -> ItemPage:
        """Items ordered by id, page by page; the token also pins the uri prefix it was made with."""
        page_size = validate_page_size(page_size)
        after = decode_page_token(page_token, uri_prefix)
        records = self._store.page_after(after, page_size + 1, uri_prefix)
        more = len(records) > page_size
        records = records[:page_size]
        token = encode_page_token(records[-1].id, uri_prefix) if more else ""
        return ItemPage(records, token)

    def records_by_id(self, ids: Sequence[str]) -> dict[str, ItemRecord]:
        return self._store.records_by_id(ids)

    def thumbnails(self, ids: Sequence[str]) -> dict[str, Thumbnail]:
        """Stored previews by item id; ids without one are absent."""
        return self._store.thumbnails_by_id(ids)

    def records_by_key(self, keys: Sequence[int] | np.ndarray) -> dict[int, ItemRecord]:
        return self._store.records_by_key(keys)

    def keys_for_sha256(self, sha256: str) -> list[int]:
        return self._store.keys_for_sha256(sha256)

    def order_by_capture_time(self, keys: np.ndarray, order: ResultOrder) -> np.ndarray:
        """Positions of `keys` (best first) in `order` (see ordering.py)."""
        return by_capture_time(keys, self._store.capture_times(keys), order)

    def vectors_for_ids(self, ids: Sequence[str]) -> np.ndarray:
        """Stored vectors of `ids`, as rows in the same order; NotFound names any missing id."""
        found = self._store.vectors_by_id(ids)
        missing = [item_id for item_id in ids if item_id not in found]
        if missing:
            raise NotFound(
                f"collection '{self.name}' has no item(s) {', '.join(map(repr, missing[:10]))}", reason="ITEM_NOT_FOUND"
            )
        return np.stack([found[item_id] for item_id in ids]) if ids else np.empty((0, self.dimension), np.float32)

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

    def exact_scores(self, queries: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(keys still stored, their float32 vectors, cosines [keys x queries])."""
        return exact_scores(self._store, queries, keys)

    def search_vector(
        self,
        query: np.ndarray,
        *,
        top_k: int,
        offset: int = 0,
        min_score: float | None = None,
        min_cosine: float | None = None,
        item_filter: ItemFilter = NO_FILTER,
        exclude_keys: Sequence[int] = (),
        known_keys: Sequence[int] = (),
        calibration: CalibrationProfile | None = None,
        order: ResultOrder = ResultOrder.RELEVANCE,
    ) -> SearchOutcome:
        """The best items for one query vector, exactly re-scored, thresholded and paged.

        `calibration` defaults to the text profile. A capture-time `order` ranks every item that passes the
        threshold (0.5 when none is given), however deep in the similarity ranking it lies: the candidate
        pool grows until its least similar candidate falls below the threshold.
        """
        validate_paging(top_k, offset)
        validate_thresholds(min_score, min_cosine)
        query = as_unit_vector(query, self.dimension, "query")
        calibration = calibration or self.calibration
        min_score = effective_min_score(min_score, order)
        pool = offset + 2 * top_k + len(exclude_keys)
        if order.by_time:
            # Every page must see the same candidates, or over an approximate index an item near the cutoff
            # shows on two pages and another on none: the pool's growth starts from the same size for all.
            pool = TIME_ORDER_FIRST_POOL + len(exclude_keys)
        keys, cosines = self._scored_candidates(query, pool, item_filter, exclude_keys, known_keys)
        if order.by_time:
            cutoff = -np.inf if min_score is None else calibration.cosine_for_score(min_score)
            # Grow while more than half of the pool passes: an approximate index can miss an item just above
            # the cutoff while returning ones below it, so the pool must reach well past the cutoff, not just
            # to it (stopping at the first candidate below it lost one in 200 passing items).
            size = len(self._index)
            while (
                len(keys)
                and np.count_nonzero(cosines >= cutoff) > len(keys) / 2
                and pool < size
                and len(keys) + len(exclude_keys) < size
            ):
                pool *= 4
                keys, cosines = self._scored_candidates(query, pool, item_filter, exclude_keys, known_keys)
        ranked = best_first(keys, cosines)
        keys, cosines = keys[ranked], cosines[ranked]
        scores = calibration.score(cosines)
        passing = np.ones(len(keys), dtype=bool)
        if min_score is not None:
            passing &= scores >= min_score
        if min_cosine is not None:
            passing &= cosines >= min_cosine
        keys, cosines, scores = keys[passing], cosines[passing], scores[passing]
        if order.by_time:
            by_time = self.order_by_capture_time(keys, order)
            keys, cosines, scores = keys[by_time], cosines[by_time], scores[by_time]
        page = slice(offset, offset + top_k)
        records = self.records_by_key(keys[page])
        hits = [
            Hit(records[int(key)], offset + position + 1, float(cosine), float(score))
            for position, (key, cosine, score) in enumerate(zip(keys[page], cosines[page], scores[page], strict=True))
            if int(key) in records
        ]
        return SearchOutcome(hits, calibration, remaining=max(0, len(keys) - (offset + top_k)))

    def _scored_candidates(
        self,
        query: np.ndarray,
        pool: int,
        item_filter: ItemFilter,
        exclude_keys: Sequence[int],
        known_keys: Sequence[int] = (),
    ) -> tuple[np.ndarray, np.ndarray]:
        """(keys, exact cosines) of at least `pool` candidates where the collection has them, unordered;
        `known_keys` (the query item itself, for FindSimilar) are always scored, since an approximate index
        can miss even an exact match, as long as the filter allows them."""
        keys = self.candidates(query[None, :], pool, item_filter)[0]
        if len(known_keys):
            known = np.asarray(known_keys, dtype=np.int64)
            if not item_filter.is_empty:
                known = known[np.isin(known, self._store.filter_keys(item_filter))]
            keys = np.union1d(keys, known)
        keys, _, cosines = self.exact_scores(query[None, :], keys)
        cosines = cosines[:, 0]
        if len(exclude_keys):
            kept = ~np.isin(keys, np.asarray(exclude_keys, dtype=np.int64))
            keys, cosines = keys[kept], cosines[kept]
        return keys, cosines

    def stats(self) -> CollectionStats:
        return CollectionStats(
            self.name,
            self.model_id,
            self.dimension,
            self._store.live_count(),
            len(self._index),
            self.calibration,
            self._snapshot_at_ns,
            self._store.disk_bytes() + snapshot_disk_bytes(self.folder / INDEX_FOLDER),
        )

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
