"""The Milvus backend: each collection is a Milvus collection, so the search service keeps no state.

The same code talks to Milvus Lite (a local `.db` file, one process per file,
for laptops and tests) and to a Milvus cluster (`http://host:19530`).

Consistency: every collection is created with consistency level Strong, and
every read asks for it. Milvus acknowledges a write once it is in its log;
Strong makes a search wait until the query nodes have applied everything
acknowledged before it started. With several stateless search replicas behind
a load balancer, an item acknowledged by one replica must be in the very next
search, wherever it lands; Bounded or Eventually would let a search on another
replica miss it for up to seconds. The cost is a few milliseconds a query.

Index: HNSW (M 16, efConstruction 128, inner product on unit vectors = cosine),
searched with ef = max(pool, 64); docs/scaling.md says why HNSW over the IVF
family for a cluster. Vectors are stored as float32, so the cosines reported
above this layer are exact, as in the embedded store.

Not supported yet: region views (deep search then scores whole images, as it
does for an embedded item without views) and videos (frames and commits are
refused with FAILED_PRECONDITION naming the backend).
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from mediasearch.runtime.errors import FailedPrecondition, Unavailable
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection
from search_svc.core.filters import NO_FILTER, ItemFilter
from search_svc.core.milvus_schema import (
    ID_BYTES,
    ITEM_FIELDS,
    MAX_TAGS,
    REGISTRY,
    REGISTRY_DIMENSION,
    TAG_BYTES,
    THUMBNAIL_CHARS,
    URI_BYTES,
    both,
    filter_expression,
    ints,
    item_key,
    item_row,
    items_collection_name,
    literal,
    record_from_row,
    strings,
    thumbnail_from_text,
)
from search_svc.core.records import (
    DeleteResult,
    IngestPlan,
    IngestResult,
    IngestStatus,
    ItemMetadata,
    ItemRecord,
    NewItem,
    VideoIngestInfo,
    failed,
    unique_in_order,
    validate_batch,
)
from search_svc.core.retrieval import RetrievalTuning
from search_svc.core.store_schema import CollectionInfo
from search_svc.core.store_writes import embedding_required, with_known_sizes
from search_svc.core.thumbnails import Thumbnail

logger = logging.getLogger(__name__)


class _LiteTimestampNotice(logging.Filter):
    """Milvus Lite gives query iterators no server timestamp (its AllocTimestamp is not implemented); pymilvus
    warns and Lite's in-process gRPC server logs a traceback on every scan, to no purpose (reads are Strong)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "failed to get mvccTs" not in message and "calling application: Method not implemented" not in message


_LITE_NOTICE = _LiteTimestampNotice()


CONSISTENCY = "Strong"
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 128
MIN_EF = 64
FILTERED_EF_FACTOR = 4
# Milvus caps a search's limit (topk) and one query's result window at 16384.
MAX_TOPK = 16_384
# Ids or keys per `in [...]` expression: keeps each expression well under Milvus's size limits.
CHUNK = 1000
# How long a replica trusts its copy of the collection row; another replica's calibration change shows after it.
INFO_TTL_S = 2.0


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def unsupported(what: str) -> FailedPrecondition:
    return FailedPrecondition(
        f"{what} is not supported by the milvus search backend yet; use SEARCH_BACKEND=embedded for it",
        reason="BACKEND_UNSUPPORTED",
    )


class MilvusStore:
    """One Milvus deployment: the client, the registry of collections, and the item collections' schema."""

    def __init__(self, uri: str, *, token: str = "", timeout_s: float = 30.0) -> None:
        from pymilvus import MilvusClient  # imported here: the embedded default must not need pymilvus

        self.uri = uri
        self.timeout_s = timeout_s
        # A local .db path is Milvus Lite, in this process; anything else is a server.
        self.is_cluster = "://" in uri
        if not self.is_cluster:
            for name in ("pymilvus.client.iterator.query_iterator", "grpc._server"):
                logging.getLogger(name).addFilter(_LITE_NOTICE)  # the same object: added once however often
        try:
            self.client = MilvusClient(uri=uri, token=token, timeout=timeout_s)
        except Exception as error:  # noqa: BLE001 - pymilvus raises its own and gRPC's errors alike
            raise Unavailable(f"cannot reach Milvus at {uri}: {error}", reason="MILVUS_UNAVAILABLE") from error
        self._lock = threading.Lock()
        self.call(self._ensure_registry)

    def call(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        """A client call; Milvus's failures become UNAVAILABLE (the caller may retry), never UNKNOWN."""
        from pymilvus.exceptions import MilvusException

        try:
            return function(*args, **kwargs)
        except MilvusException as error:
            raise Unavailable(f"Milvus at {self.uri} failed: {error}", reason="MILVUS_FAILED") from error

    def _ensure_registry(self) -> None:
        from pymilvus import DataType

        if self.client.has_collection(REGISTRY):
            self.client.load_collection(REGISTRY)
            return
        schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("name", DataType.VARCHAR, is_primary=True, max_length=256)
        schema.add_field("info", DataType.JSON)
        schema.add_field("placeholder", DataType.FLOAT_VECTOR, dim=REGISTRY_DIMENSION)
        index = self.client.prepare_index_params()
        index.add_index("placeholder", index_type="FLAT", metric_type="L2")
        self.client.create_collection(REGISTRY, schema=schema, index_params=index, consistency_level=CONSISTENCY)

    def names(self) -> list[str]:
        rows = self.call(self.client.query, REGISTRY, filter='name != ""', output_fields=["name"], limit=MAX_TOPK)
        return sorted(row["name"] for row in rows)

    def read_info(self, name: str) -> CollectionInfo | None:
        rows = self.call(
            self.client.query,
            REGISTRY,
            filter=f"name == {literal(name)}",
            output_fields=["info"],
            consistency_level=CONSISTENCY,
        )
        if not rows:
            return None
        info = rows[0]["info"]
        image = info.get("image_calibration")
        return CollectionInfo(
            name,
            info["model_id"],
            int(info["dimension"]),
            CalibrationProfile.from_json(info["calibration"]),
            int(info["created_at_ns"]),
            CalibrationProfile.from_json(image) if image else None,
        )

    def write_info(self, info: CollectionInfo) -> None:
        row = {
            "name": info.name,
            "info": {
                "model_id": info.model_id,
                "dimension": info.dimension,
                "calibration": info.calibration.to_json(),
                "created_at_ns": info.created_at_ns,
                "image_calibration": info.image_calibration.to_json() if info.image_calibration else None,
                "items": items_collection_name(info.name),
            },
            "placeholder": [0.0] * REGISTRY_DIMENSION,
        }
        self.call(self.client.upsert, REGISTRY, [row])

    def ensure_items(self, name: str, dimension: int) -> str:
        """The item collection of `name`, created (and loaded) if a crash or another replica has not yet."""
        from pymilvus import DataType

        collection = items_collection_name(name)
        with self._lock:
            if self.call(self.client.has_collection, collection):
                self.call(self.client.load_collection, collection)
                return collection
            schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
            # The int64 key is the primary key: pymilvus pages its query iterators by primary key with an
            # unescaped literal, which a string id with a quote in it breaks.
            schema.add_field("key", DataType.INT64, is_primary=True)
            schema.add_field("id", DataType.VARCHAR, max_length=ID_BYTES)
            schema.add_field("sha256", DataType.VARCHAR, max_length=64)
            schema.add_field("uri", DataType.VARCHAR, max_length=URI_BYTES)
            schema.add_field("media_type", DataType.INT64)
            schema.add_field(
                "tags", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=MAX_TAGS, max_length=TAG_BYTES
            )
            schema.add_field("mtime_ns", DataType.INT64, nullable=True)
            schema.add_field("capture_time_ns", DataType.INT64, nullable=True)
            schema.add_field("record", DataType.JSON)
            schema.add_field("thumbnail", DataType.VARCHAR, max_length=THUMBNAIL_CHARS)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
            index = self.client.prepare_index_params()
            index.add_index(
                "vector",
                index_type="HNSW",
                metric_type="IP",
                params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION},
            )
            # Inverted indexes for the fields looked up or filtered on; Milvus Lite indexes no arrays.
            for scalar in ("id", "sha256", "media_type", *(("tags",) if self.is_cluster else ())):
                index.add_index(scalar, index_type="INVERTED")
            self.call(
                self.client.create_collection,
                collection,
                schema=schema,
                index_params=index,
                consistency_level=CONSISTENCY,
            )
            return collection

    def drop(self, name: str) -> None:
        """Removes a collection and its row (the migration's undo of a half-copied target)."""
        self.call(self.client.drop_collection, items_collection_name(name))
        self.call(self.client.delete, REGISTRY, filter=f"name == {literal(name)}")

    def close(self) -> None:
        self.client.close()
        if not self.is_cluster:  # Lite serves from threads of this process until released
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(self.uri)


class MilvusCollection(Collection):
    """A collection whose items, vectors, previews and collection row all live in Milvus."""

    backend = "milvus"

    def __init__(self, store: MilvusStore, info: CollectionInfo) -> None:
        super().__init__()
        self._milvus = store
        self._client = store.client
        self._info = info
        self._info_read_at = time.monotonic()
        self._items = store.ensure_items(info.name, info.dimension)
        self._write_lock = threading.Lock()
        self.recovery = f"milvus collection {self._items} at {store.uri}"

    @classmethod
    def open_in(cls, store: MilvusStore, name: str) -> MilvusCollection | None:
        info = store.read_info(name)
        return None if info is None else cls(store, info)

    @classmethod
    def create_in(
        cls, store: MilvusStore, *, name: str, model_id: str, dimension: int, calibration: CalibrationProfile
    ) -> MilvusCollection:
        """The collection `name`, created and bound now unless it exists (callers compare the binding).

        The item collection is made before the row that announces it, so a crash in between leaves an
        empty item collection that the next creation adopts, never a row without its items.
        """
        existing = store.read_info(name)
        if existing is not None:
            return cls(store, existing)
        store.ensure_items(name, dimension)
        store.write_info(CollectionInfo(name, model_id, dimension, calibration, time.time_ns()))
        info = store.read_info(name)
        assert info is not None  # written just above, read with Strong consistency
        return cls(store, info)

    # ---- the collection row -----------------------------------------------------------------

    @property
    def info(self) -> CollectionInfo:
        if time.monotonic() - self._info_read_at > INFO_TTL_S:
            fresh = self._milvus.read_info(self._info.name)
            if fresh is not None:
                self._info = fresh
            self._info_read_at = time.monotonic()
        return self._info

    def _write_info(self, info: CollectionInfo) -> None:
        self._milvus.write_info(info)
        self._info, self._info_read_at = info, time.monotonic()

    def rebind_model(self, model_id: str) -> None:
        self._write_info(replace(self.info, model_id=model_id))

    def set_calibration(self, profile: CalibrationProfile) -> None:
        self._write_info(replace(self.info, calibration=profile))

    def set_image_calibration(self, profile: CalibrationProfile) -> None:
        self._write_info(replace(self.info, image_calibration=profile))

    def live_count(self) -> int:
        rows = self._query("", ["count(*)"])
        return int(rows[0]["count(*)"])

    def index_size(self) -> int:
        # Milvus indexes what it stores (a Strong read sees every acknowledged row); there is no separate cache.
        return self.live_count()

    def disk_bytes(self) -> int:
        return 0  # Milvus does not report a collection's storage through its client API

    def distinct_image_sample(self, limit: int) -> np.ndarray:
        # The same choice as the embedded store's: the first `limit` distinct sha256 values in order.
        first: dict[str, int] = {}
        for batch in self._scan("", ["sha256", "key"]):
            for row in batch:
                sha = row["sha256"]
                if sha not in first or row["key"] < first[sha]:
                    first[sha] = int(row["key"])
        chosen = [first[sha] for sha in sorted(first)[:limit]]
        return self._vectors_by_key(np.asarray(chosen, dtype=np.int64))[1]

    # ---- writes -----------------------------------------------------------------------------

    def plan_ingest(self, item_id: str, sha256: str, metadata: ItemMetadata) -> IngestPlan:
        rows = self._query(f"id == {literal(item_id)}", [*ITEM_FIELDS, "thumbnail"]) if item_id else []
        if rows:
            record = record_from_row(rows[0])
            if record.sha256 == sha256 and record.metadata == metadata.normalized():
                return IngestPlan(
                    unchanged=True,
                    reusable_vector=None,
                    needs_thumbnail=not rows[0]["thumbnail"],
                    needs_photo_facts=record.photo is None,
                )
        same = self._same_bytes(sha256)
        return IngestPlan(unchanged=False, reusable_vector=None if same is None else same[0])

    def ingest(self, items: Sequence[NewItem]) -> list[IngestResult]:
        """Validated items upserted in one call; when it returns, Milvus has them in its log (durable)."""
        results, valid = validate_batch(items, self.dimension)
        with self._write_lock:  # one writer per replica; replicas writing one id race as any two clients do
            existing = self._rows_by_id([item.id for _, item in valid], with_vectors=True)
            rows: dict[str, dict[str, Any]] = {}
            now = time.time_ns()
            for position, item in valid:
                result, row = self._upsert_one(item, existing.get(item.id), now)
                results[position] = result
                if row is not None:
                    rows[item.id] = row  # a later duplicate id in the same batch wins, as in the embedded store
            self._assign_keys(rows, existing)
            if rows:
                self._milvus.call(self._client.upsert, self._items, list(rows.values()))
        return [r for r in results if r is not None]

    def _upsert_one(
        self, item: NewItem, stored: dict[str, Any] | None, now: int
    ) -> tuple[IngestResult, dict[str, Any] | None]:
        """The result for one item and the row to write (None: nothing to write)."""
        if stored is not None and stored["sha256"] == item.sha256:
            record = record_from_row(stored)
            keep = with_known_sizes(item, record)
            if stored["thumbnail"]:  # a stored preview stays; a missing one is filled in (the backfill)
                keep = replace(keep, thumbnail=thumbnail_from_text(stored["thumbnail"]))
            backfill = (not stored["thumbnail"] and item.thumbnail is not None) or (
                record.photo is None and item.photo is not None
            )
            unchanged = record.metadata == item.metadata
            if unchanged and not backfill:
                return IngestResult(item.id, IngestStatus.UNCHANGED, item.sha256), None
            at = record.indexed_at_ns if unchanged else now
            row = item_row(keep, record.key, np.asarray(stored["vector"], dtype=np.float32), at)
            status = IngestStatus.UNCHANGED if unchanged else IngestStatus.INDEXED
            return IngestResult(
                item.id, status, item.sha256, embedding_reused=not unchanged and item.vector is None
            ), row
        vector, reused = item.vector, False
        if vector is None:
            same = self._same_bytes(item.sha256)
            if same is None:
                return embedding_required(item), None
            (vector, source), reused = same, True
            item = with_known_sizes(item, source)
        # A stored id keeps its key (the primary key, so the upsert replaces the row); a new one gets it later.
        row = item_row(item, int(stored["key"]) if stored is not None else 0, vector, now)
        return IngestResult(item.id, IngestStatus.INDEXED, item.sha256, embedding_reused=reused), row

    def _assign_keys(self, rows: dict[str, dict[str, Any]], existing: dict[str, dict[str, Any]]) -> None:
        """Gives each new id the hash of its id as key; one that another item already holds (a 63-bit
        collision) takes its next probe. Stored ids keep theirs, so an upsert replaces the row in place."""
        pending = [item_id for item_id in rows if item_id not in existing]
        probes = dict.fromkeys(pending, 0)
        assigned: set[int] = set()
        for _ in range(8):
            if not pending:
                return
            keys = {item_id: item_key(item_id, probes[item_id]) for item_id in pending}
            holders = {
                int(hit["key"]): hit["id"]
                for chunk in _chunks(list(keys.values()))
                for hit in self._query(f"key in {ints(chunk)}", ["key", "id"])
            }
            clashing = []
            for item_id, key in keys.items():
                if key in assigned or holders.get(key, item_id) != item_id:
                    probes[item_id] += 1
                    clashing.append(item_id)
                else:
                    rows[item_id]["key"] = key
                    assigned.add(key)
            pending = clashing
        if pending:
            raise Unavailable("could not find a free item key after 8 probes", reason="KEY_COLLISION")

    def stage_video_frames(self, video_sha256: str, frames: Sequence[tuple[int, NewItem]]) -> list[IngestResult]:
        return [failed(frame.id, unsupported("video ingest"), frame.sha256) for _, frame in frames]

    def commit_video(self, video: NewItem, commit: VideoIngestInfo) -> IngestResult:
        return failed(video.id, unsupported("video ingest"), video.sha256)

    @property
    def has_videos(self) -> bool:
        return False

    @property
    def keeps_views(self) -> bool:
        return False

    def _delete(self, ids: Sequence[str]) -> DeleteResult:
        requested = unique_in_order(ids)
        with self._write_lock:
            rows = self._rows_by_id(requested, with_vectors=False)
            present = set(rows)
            for chunk in _chunks([int(row["key"]) for row in rows.values()]):
                self._milvus.call(self._client.delete, self._items, filter=f"key in {ints(chunk)}")
        missing = [item_id for item_id in requested if item_id not in present]
        return DeleteResult(len(requested) - len(missing), missing)

    # ---- reads ------------------------------------------------------------------------------

    def _query(self, expression: str, fields: Sequence[str], limit: int | None = None) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"consistency_level": CONSISTENCY}
        if limit is not None:
            kwargs["limit"] = limit
        return list(
            self._milvus.call(self._client.query, self._items, filter=expression, output_fields=list(fields), **kwargs)
        )

    def _scan(self, expression: str, fields: Sequence[str]) -> Iterator[list[dict[str, Any]]]:
        """Every matching row in batches, past the 16384 rows one query may return."""
        iterator = self._milvus.call(
            self._client.query_iterator,
            self._items,
            batch_size=4096,
            filter=expression,
            output_fields=list(fields),
            consistency_level=CONSISTENCY,
        )
        try:
            while batch := self._milvus.call(iterator.next):
                yield batch
        finally:
            iterator.close()

    def _rows_by_id(self, ids: Sequence[str], *, with_vectors: bool) -> dict[str, dict[str, Any]]:
        fields = [*ITEM_FIELDS, "thumbnail", *(["vector"] if with_vectors else [])]
        return {
            row["id"]: row for chunk in _chunks(list(ids)) for row in self._query(f"id in {strings(chunk)}", fields)
        }

    def _same_bytes(self, sha256: str) -> tuple[np.ndarray, ItemRecord] | None:
        """The vector and record of a stored item with these exact bytes, if any."""
        rows = self._query(f"sha256 == {literal(sha256)}", [*ITEM_FIELDS, "vector"], limit=1)
        return None if not rows else (np.asarray(rows[0]["vector"], dtype=np.float32), record_from_row(rows[0]))

    def _page_after(self, after_id: str, limit: int, uri_prefix: str) -> list[ItemRecord]:
        # Milvus Lite ignores a query's order_by, so the page is the `limit` least ids of a scan of the ids:
        # a page costs a pass over the ids after the token (docs/scaling.md).
        expression = both(f"id > {literal(after_id)}", filter_expression(ItemFilter(uri_prefix=uri_prefix)))
        least = heapq.nsmallest(limit, (row["id"] for batch in self._scan(expression, ["id"]) for row in batch))
        found = self.records_by_id(least)
        return [found[item_id] for item_id in least if item_id in found]

    def records_by_id(self, ids: Sequence[str]) -> dict[str, ItemRecord]:
        return {item_id: record_from_row(row) for item_id, row in self._rows_by_id(ids, with_vectors=False).items()}

    def records_by_key(self, keys: Sequence[int] | np.ndarray) -> dict[int, ItemRecord]:
        found: dict[int, ItemRecord] = {}
        for chunk in _chunks([int(k) for k in keys]):
            for row in self._query(f"key in {ints(chunk)}", ITEM_FIELDS):
                found[int(row["key"])] = record_from_row(row)
        return found

    def thumbnails(self, ids: Sequence[str]) -> dict[str, Thumbnail]:
        found = {}
        for chunk in _chunks(list(ids)):
            for row in self._query(f"id in {strings(chunk)}", ["id", "thumbnail"]):
                thumbnail = thumbnail_from_text(row["thumbnail"])
                if thumbnail is not None:
                    found[row["id"]] = thumbnail
        return found

    def keys_for_sha256(self, sha256: str) -> list[int]:
        return [int(row["key"]) for batch in self._scan(f"sha256 == {literal(sha256)}", ["key"]) for row in batch]

    def _capture_times(self, keys: np.ndarray) -> dict[int, int]:
        found = {}
        for chunk in _chunks([int(k) for k in keys]):
            for row in self._query(f"key in {ints(chunk)} and capture_time_ns is not null", ["key", "capture_time_ns"]):
                found[int(row["key"])] = int(row["capture_time_ns"])
        return found

    def _vectors_by_id(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return {
            item_id: np.asarray(row["vector"], dtype=np.float32)
            for item_id, row in self._rows_by_id(ids, with_vectors=True).items()
        }

    def _vectors_by_key(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows = [
            row
            for chunk in _chunks([int(k) for k in np.unique(keys)])
            for row in self._query(f"key in {ints(chunk)}", ["key", "vector"])
        ]
        rows.sort(key=lambda row: int(row["key"]))
        found = np.fromiter((int(row["key"]) for row in rows), dtype=np.int64, count=len(rows))
        vectors = np.asarray([row["vector"] for row in rows], dtype=np.float32).reshape(len(rows), self.dimension)
        return found, vectors

    def allowed_keys(self, keys: np.ndarray, item_filter: ItemFilter) -> np.ndarray:
        allowed = {
            int(row["key"])
            for chunk in _chunks([int(k) for k in keys])
            for row in self._query(both(f"key in {ints(chunk)}", filter_expression(item_filter)), ["key"])
        }
        return np.asarray([k for k in keys if int(k) in allowed], dtype=np.int64)

    def _filter_keys(self, item_filter: ItemFilter) -> np.ndarray:
        keys = [int(row["key"]) for batch in self._scan(filter_expression(item_filter), ["key"]) for row in batch]
        return np.asarray(sorted(keys), dtype=np.int64)

    def candidates(self, queries: np.ndarray, pool: int, item_filter: ItemFilter = NO_FILTER) -> list[np.ndarray]:
        """Per query row: Milvus's filtered top-`pool`; every allowed key instead (scored exactly above) when the
        filter allows few items, when Milvus finds fewer than `pool`, or when the pool is past one search's limit."""
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.dimension)
        if pool > MAX_TOPK:
            return [self._filter_keys(item_filter)] * len(queries)
        expression = filter_expression(item_filter)
        if expression and self._few_allowed(expression):
            # As the embedded backend does (retrieval.py): a selective filter scores every allowed item exactly,
            # so it never yields a short or approximate page.
            return [self._filter_keys(item_filter)] * len(queries)
        # A filtered HNSW walk skips the nodes the filter rejects, so it needs a wider beam for the same recall.
        ef = max(pool, MIN_EF) * (FILTERED_EF_FACTOR if expression else 1)
        hits = self._milvus.call(
            self._client.search,
            self._items,
            data=queries.tolist(),
            limit=max(1, pool),
            filter=expression,
            output_fields=["key"],
            search_params={"metric_type": "IP", "params": {"ef": ef}},
            consistency_level=CONSISTENCY,
        )
        result: list[np.ndarray] = []
        everything: np.ndarray | None = None
        for row in hits:
            keys = np.asarray([int(hit["entity"]["key"]) for hit in row], dtype=np.int64)
            if len(keys) < pool:
                everything = self._filter_keys(item_filter) if everything is None else everything
                keys = everything
            result.append(keys)
        return result

    def _few_allowed(self, expression: str) -> bool:
        allowed = int(self._query(expression, ["count(*)"])[0]["count(*)"])
        tuning = RetrievalTuning()
        return allowed <= max(tuning.exact_min, tuning.exact_fraction * self.live_count())

    def close(self, *, snapshot: bool = True) -> None:
        """Nothing to save: Milvus holds everything. The client is the manager's, shared by its collections."""
