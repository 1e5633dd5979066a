"""A named collection: the storage boundary, and the search logic every storage backend shares.

`Collection` is what everything above storage (calibration, normal and deep
search, fusion, explanations, the RPCs) talks to. What a backend must provide
is the set of abstract methods below, the storage boundary:

- durable, idempotent upserts by item id (an acknowledged item survives a
  crash), deletes, staged video commits where the backend supports videos;
- reads by id and by key (a key names one item version, never reused for
  other content), listing by id with paging, thumbnails;
- filtered candidate keys for query vectors (top-k by cosine), the
  full-precision vectors of keys, and which keys a filter allows;
- counts, and the collection row: model binding and calibration profiles.

The backends: `embedded.EmbeddedCollection` (SQLite source of truth plus a
USearch cache, one data folder) and `milvus_collection.MilvusCollection` (one
Milvus collection, the search process keeps no state). Scoring, thresholds,
paging and capture-time ordering happen here, once, on exact cosines.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
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
from search_svc.core.index import IndexConfig
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
from search_svc.core.retrieval import RetrievalTuning, best_first
from search_svc.core.store_schema import CollectionInfo
from search_svc.core.thumbnails import Thumbnail

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


class Collection(ABC):
    """One collection over some storage backend; `open` and `create` give the embedded one."""

    # The backend's name, for messages that say what it cannot do ("embedded", "milvus").
    backend = ""
    # How the collection came to serve (recovered from a snapshot, rebuilt, connected); for logs and tests.
    recovery = ""

    def __init__(self) -> None:
        # The derived image calibration and the item count it was derived at (see `image_calibration`).
        self._derived_image: tuple[int, CalibrationProfile] | None = None

    @classmethod
    def open(cls, folder: Path, settings: CollectionSettings = CollectionSettings()) -> Collection:
        """The embedded collection stored in `folder` (the default backend)."""
        from search_svc.core.embedded import EmbeddedCollection  # imported here: that module imports this one
        from search_svc.core.store import ItemStore

        return EmbeddedCollection(folder, ItemStore.open(folder / STORE_FILE), settings)

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
        """A new embedded collection in `folder`, or the existing one there (callers compare the binding)."""
        from search_svc.core.embedded import EmbeddedCollection
        from search_svc.core.store import ItemStore

        store = ItemStore.create(
            folder / STORE_FILE, name=name, model_id=model_id, dimension=dimension, calibration=calibration
        )
        return EmbeddedCollection(folder, store, settings)

    # ---- the storage boundary ---------------------------------------------------------------

    @property
    @abstractmethod
    def info(self) -> CollectionInfo:
        """The collection row: name, model binding, dimension, calibration profiles."""

    @abstractmethod
    def rebind_model(self, model_id: str) -> None:
        """Durably records a new id for the same model."""

    @abstractmethod
    def set_calibration(self, profile: CalibrationProfile) -> None: ...

    @abstractmethod
    def set_image_calibration(self, profile: CalibrationProfile) -> None: ...

    @abstractmethod
    def live_count(self) -> int:
        """Items stored and visible to search."""

    @abstractmethod
    def index_size(self) -> int:
        """Vectors the search index holds (equals `live_count` once caught up)."""

    @abstractmethod
    def disk_bytes(self) -> int: ...

    @property
    def snapshot_at_ns(self) -> int | None:
        """When the index was last saved; None where the backend has no snapshots of its own."""
        return None

    @abstractmethod
    def distinct_image_sample(self, limit: int) -> np.ndarray:
        """Vectors of up to `limit` items with distinct bytes, the same choice while the items are the same."""

    @abstractmethod
    def plan_ingest(self, item_id: str, sha256: str, metadata: ItemMetadata) -> IngestPlan:
        """Whether an item can skip embedding: unchanged, or identical bytes already have a vector."""

    @abstractmethod
    def ingest(self, items: Sequence[NewItem]) -> list[IngestResult]:
        """Durable idempotent upserts, one result per item in order; `vector=None` reuses stored bytes' vector."""

    @abstractmethod
    def stage_video_frames(self, video_sha256: str, frames: Sequence[tuple[int, NewItem]]) -> list[IngestResult]:
        """Durably staged (frame index, frame) pairs of a video version, invisible until `commit_video`."""

    @abstractmethod
    def commit_video(self, video: NewItem, commit: VideoIngestInfo) -> IngestResult:
        """The video and its staged frames made visible at once, replacing its previous version."""

    @property
    @abstractmethod
    def has_videos(self) -> bool:
        """Whether search must group frames under their videos."""

    @abstractmethod
    def _delete(self, ids: Sequence[str]) -> DeleteResult: ...

    @abstractmethod
    def _page_after(self, after_id: str, limit: int, uri_prefix: str) -> list[ItemRecord]:
        """Up to `limit` records with ids after `after_id` and uris under `uri_prefix`, ordered by id."""

    @abstractmethod
    def records_by_id(self, ids: Sequence[str]) -> dict[str, ItemRecord]: ...

    @abstractmethod
    def records_by_key(self, keys: Sequence[int] | np.ndarray) -> dict[int, ItemRecord]: ...

    @abstractmethod
    def thumbnails(self, ids: Sequence[str]) -> dict[str, Thumbnail]:
        """Stored previews by item id; ids without one are absent."""

    @abstractmethod
    def keys_for_sha256(self, sha256: str) -> list[int]:
        """Keys of the items whose bytes hash to `sha256` (the same file under any id)."""

    @abstractmethod
    def _capture_times(self, keys: np.ndarray) -> dict[int, int]:
        """Capture times (ns) of these keys; keys without one are absent."""

    @abstractmethod
    def _vectors_by_id(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    @abstractmethod
    def _vectors_by_key(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(keys found in ascending order, their float32 vectors as rows); deleted keys are absent."""

    @abstractmethod
    def allowed_keys(self, keys: np.ndarray, item_filter: ItemFilter) -> np.ndarray:
        """Those of `keys` the filter allows."""

    @abstractmethod
    def candidates(self, queries: np.ndarray, pool: int, item_filter: ItemFilter = NO_FILTER) -> list[np.ndarray]:
        """Candidate keys per query row, unordered: at least `pool` of the best where the filter allows them."""

    @property
    def keeps_views(self) -> bool:
        """Whether the backend stores region views (views.py); ingest embeds none for one that does not."""
        return True

    def view_candidates(self, queries: np.ndarray, pool: int, item_filter: ItemFilter = NO_FILTER) -> list[np.ndarray]:
        """Per query row, item keys whose region views are nearest; none where the backend keeps no views."""
        return []

    def with_views(self, queries: np.ndarray, keys: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        """`cosines` [keys x queries] raised to the best of each item's region views (none kept: unchanged)."""
        return cosines

    def snapshot(self, *, force: bool = False) -> bool:
        """Saves the index if the backend keeps one of its own; True when one was written."""
        return False

    @abstractmethod
    def close(self, *, snapshot: bool = True) -> None: ...

    # ---- identity ---------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def model_id(self) -> str:
        return self.info.model_id

    @property
    def dimension(self) -> int:
        return self.info.dimension

    @property
    def calibration(self) -> CalibrationProfile:
        return self.info.calibration

    @property
    def image_calibration(self) -> CalibrationProfile:
        """The profile for image-to-image cosines: the one set or fitted, else derived from the collection.

        The derivation (image_calibration.py) samples up to 512 distinct images; it is redone when the item
        count has changed, for a large collection only once it changed by a tenth, so scores do not shift
        with every ingest.
        """
        stored = self.info.image_calibration
        if stored is not None:
            return stored
        count = self.live_count()
        cached = self._derived_image
        if cached is None or (
            cached[0] != count and (count <= 10 * SAMPLE_SIZE or abs(count - cached[0]) * 10 > cached[0])
        ):
            cached = (count, derived_image_profile(self.distinct_image_sample(SAMPLE_SIZE)))
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
            self.rebind_model(model_id)
        if not same_model(self.model_id, model_id) or dimension != self.dimension:
            raise FailedPrecondition(
                f"collection '{self.name}' is bound to model '{self.model_id}' (dimension {self.dimension}), "
                f"but the embedder serves '{model_id}' (dimension {dimension}); use a collection created "
                "with this model, or start the embedder with the collection's model",
                reason="MODEL_MISMATCH",
            )

    # ---- writes -----------------------------------------------------------------------------

    def delete(self, ids: Sequence[str]) -> DeleteResult:
        if not 1 <= len(ids) <= DELETE_IDS_PER_CALL:
            raise InvalidArgument.for_field("ids", f"must name 1 to {DELETE_IDS_PER_CALL} items, got {len(ids)}")
        return self._delete(ids)

    # ---- reads ------------------------------------------------------------------------------

    def list_items(self, page_size: int = 0, page_token: str = "", uri_prefix: str = "") -> ItemPage:
        """Items ordered by id, page by page; the token also pins the uri prefix it was made with."""
        page_size = validate_page_size(page_size)
        after = decode_page_token(page_token, uri_prefix)
        records = self._page_after(after, page_size + 1, uri_prefix)
        more = len(records) > page_size
        records = records[:page_size]
        token = encode_page_token(records[-1].id, uri_prefix) if more else ""
        return ItemPage(records, token)

    def order_by_capture_time(self, keys: np.ndarray, order: ResultOrder) -> np.ndarray:
        """Positions of `keys` (best first) in `order` (see ordering.py)."""
        return by_capture_time(keys, self._capture_times(keys), order)

    def vectors_for_ids(self, ids: Sequence[str]) -> np.ndarray:
        """Stored vectors of `ids`, as rows in the same order; NotFound names any missing id."""
        found = self._vectors_by_id(ids)
        missing = [item_id for item_id in ids if item_id not in found]
        if missing:
            raise NotFound(
                f"collection '{self.name}' has no item(s) {', '.join(map(repr, missing[:10]))}", reason="ITEM_NOT_FOUND"
            )
        return np.stack([found[item_id] for item_id in ids]) if ids else np.empty((0, self.dimension), np.float32)

    def exact_scores(self, queries: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(keys still stored, their float32 vectors, cosines [keys x queries])."""
        found, vectors = self._vectors_by_key(np.unique(np.asarray(keys, dtype=np.int64)))
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.dimension)
        return found, vectors, vectors @ queries.T

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
            size = self.index_size()
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
                known = self.allowed_keys(known, item_filter)
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
            self.live_count(),
            self.index_size(),
            self.calibration,
            self.snapshot_at_ns,
            self.disk_bytes(),
        )
