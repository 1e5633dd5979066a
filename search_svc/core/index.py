"""The in-memory USearch HNSW index of one collection: a cache of the item store.

Inner product on bf16 vectors by default (IndexConfig says why); a loaded
snapshot keeps what it was written with. Mutations take the lock alone (USearch
may reallocate while adding, and has open reports of concurrent-add problems);
searches share it. Keys are the store's integer keys, which are never reused,
so a key present in the index always holds that item version's vector.

The installed USearch Python API (2.x) has no filtered-search predicate, so
filtering happens around it (see `retrieval`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from usearch.index import BatchMatches, Index, Matches, MetricKind, ScalarKind

from search_svc.core.locks import ReadWriteLock

_DTYPES = {"f16": ScalarKind.F16, "f32": ScalarKind.F32, "bf16": ScalarKind.BF16, "i8": ScalarKind.I8}
# Stored vectors and queries are unit length (records.as_unit_vector, query.combine), so the inner product is the
# cosine; "ip" skips the two norms "cos" recomputes per distance. Both report distance = 1 - similarity.
_METRICS = {"cos": MetricKind.Cos, "ip": MetricKind.IP}
IndexDtype = Literal["f16", "f32", "bf16", "i8"]
# Candidates the index returns per candidate asked for, by storage type. USearch stores an i8 vector as its unit
# vector times 127: one step is 1/127, a fifth of a 768-d component's typical size, so i8 distances misorder
# near neighbours the exact re-scoring would keep. Twice the pool lets the re-scoring recover them (100k clustered
# vectors, ef 32: recall@10 0.982 from 2*k candidates, 0.999 from 4*k; bf16 0.997 and 0.999).
_OVERSAMPLING = {"f16": 1, "f32": 1, "bf16": 1, "i8": 2}
# USearch's i8 inner-product distance is 1 - (the dot product of the two 127-scaled vectors); its i8 cosine
# distance is 1 - the cosine, as for every other type.
_I8_SCALE = 127.0
IndexMetric = Literal["cos", "ip"]

# ef_search chosen by size. A fixed ef loses recall as the graph grows: on clustered 768-d vectors with the
# default graph (ip bf16, M 16, ef_construction 256; docs/benchmarks.md) the lowest ef reaching recall@10 0.99
# is 32 at 100k and 200k and 96 at 1M (0.992; 64 gives 0.970, 112 0.996). It grows about as the square root of
# the size, so the rule scales the 1M point by sqrt(size / 1M), rounded up to 16s, and never goes below 64, which
# costs a few hundredths of a millisecond more than 32 at 100k and keeps a margin there. The cap bounds the cost
# (ef 512 is ~7 ms a query at 1M here, a tenth of a CPU text embedding).
AUTO_EF_AT_ANCHOR = 96
AUTO_EF_ANCHOR_SIZE = 1_000_000
AUTO_EF_FLOOR = 64
AUTO_EF_STEP = 16
AUTO_EF_MAX = 512


# The bounds of the HNSW parameters, checked here only (the SEARCH_INDEX_* settings build an IndexConfig):
# fewer than 4 links or an ef below 8 gives a graph whose recall collapses; more than 128 links only costs memory.
CONNECTIVITY_BOUNDS = (4, 128)
MIN_EXPANSION = 8


def auto_expansion_search(size: int) -> int:
    """ef_search for an index of `size` vectors: 96 * sqrt(size / 1M) rounded up to 16s, at least 64 (up to
    about 440k items), at most 512."""
    grown = AUTO_EF_AT_ANCHOR * math.sqrt(max(size, 0) / AUTO_EF_ANCHOR_SIZE)
    return min(AUTO_EF_MAX, max(AUTO_EF_FLOOR, AUTO_EF_STEP * math.ceil(grown / AUTO_EF_STEP)))


@dataclass(frozen=True)
class IndexConfig:
    """HNSW settings; the defaults are the fastest at equal recall in `python -m bench.index_config`.

    On 100k clustered 768-d vectors, one query thread, 2*k candidates re-scored exactly (docs/benchmarks.md):
    inner product skips the norms cosine recomputes (the vectors are unit length); bf16 halves f32's memory
    and its distances are cheaper here than f16's, whose conversions cost more than they save; 32 links bought
    recall per ef but cost more per step, and ef_construction 64 needed a higher ef_search for the same recall.
    i8, with the wider candidate pool it gets (`_OVERSAMPLING`), reaches the same recall in about half of bf16's
    memory and build time, and is 0.8x its p50 at 100k but no faster relative to FAISS at 1M. It is not the
    default because its step is fixed at 1/127 of a unit vector, so what it loses depends on how a model spreads
    its embeddings over the components, where bf16 keeps about three significant digits of any of them.
    ef_construction 256, not 128, is what a million vectors need: at 1M a 128 graph found fewer true neighbours
    per ef than FAISS's (recall@10 0.932 against 0.970 at ef 64) and needed ef 192 for 0.99, 2.1x FAISS's p50;
    a 256 graph matches FAISS's curve (0.970 at 64, 0.992 at 96) for a build twice as long (about 1.4 ms of
    CPU per vector added at 1M, beside ~100 ms to embed an image on a CPU).
    """

    dtype: IndexDtype = "bf16"
    metric: IndexMetric = "ip"
    connectivity: int = 16
    expansion_add: int = 256
    # 0: chosen by the index's size (auto_expansion_search); any other value is used as is.
    expansion_search: int = 0
    # Workers per add/search call; 0 lets USearch use every core.
    threads: int = 0

    def __post_init__(self) -> None:
        if self.dtype not in _DTYPES:
            raise ValueError(f"index dtype must be one of {sorted(_DTYPES)}, got {self.dtype!r}")
        if self.metric not in _METRICS:
            raise ValueError(f"index metric must be one of {sorted(_METRICS)}, got {self.metric!r}")
        low, high = CONNECTIVITY_BOUNDS
        if not low <= self.connectivity <= high:
            raise ValueError(f"index connectivity must be {low} to {high}, got {self.connectivity}")
        if self.expansion_add < MIN_EXPANSION:
            raise ValueError(f"index expansion_add must be at least {MIN_EXPANSION}, got {self.expansion_add}")
        if self.expansion_search != 0:
            _check_expansion_search(self.expansion_search)

    def expansion_search_for(self, size: int) -> int:
        """The ef_search an index of `size` vectors uses under this config."""
        return self.expansion_search or auto_expansion_search(size)


def _check_expansion_search(ef: int) -> None:
    if ef < MIN_EXPANSION:
        raise ValueError(f"index expansion_search must be 0 (by collection size) or at least {MIN_EXPANSION}, got {ef}")


class IndexFileInvalid(Exception):
    """A snapshot file that USearch refused, or that does not match the collection."""


class VectorIndex:
    """A USearch index plus the store sequence number its contents reflect."""

    def __init__(self, ndim: int, config: IndexConfig, *, applied_seq: int = 0) -> None:
        self.ndim = ndim
        self.config = config
        self.applied_seq = applied_seq
        # Graph nodes removed since the last full build; they still cost memory and search time.
        self.removed_since_build = 0
        # An ef_search set by set_expansion_search, which then no longer follows the size.
        self._pinned_ef: int | None = None
        self._lock = ReadWriteLock()
        self._index = Index(
            ndim=ndim,
            metric=_METRICS[config.metric],
            dtype=_DTYPES[config.dtype],
            connectivity=config.connectivity,
            expansion_add=config.expansion_add,
            expansion_search=config.expansion_search_for(0),
        )

    @classmethod
    def build(
        cls, ndim: int, config: IndexConfig, chunks: Iterable[tuple[np.ndarray, np.ndarray]], applied_seq: int
    ) -> VectorIndex:
        """A fresh index from (keys, vectors) chunks, e.g. `ItemStore.iter_vectors()`."""
        index = cls(ndim, config, applied_seq=applied_seq)
        for keys, vectors in chunks:
            index.add(keys, vectors)
        return index

    @classmethod
    def load(cls, path: Path, ndim: int, config: IndexConfig, *, expected_count: int, applied_seq: int) -> VectorIndex:
        """An index read from a snapshot file whose checksum the caller has verified."""
        index = cls(ndim, config, applied_seq=applied_seq)
        try:
            index._index.load(os.fspath(path))
        except (RuntimeError, ValueError, OSError) as error:
            raise IndexFileInvalid(f"USearch could not load {path.name}: {error}") from error
        # load() silently adopts the file's dimension and scalar type, so check them.
        if index._index.ndim != ndim:
            raise IndexFileInvalid(f"{path.name} has dimension {index._index.ndim}, expected {ndim}")
        if index._index.dtype != _DTYPES[config.dtype]:
            raise IndexFileInvalid(f"{path.name} stores {index._index.dtype}, configured {config.dtype}")
        if index._index.metric_kind != _METRICS[config.metric]:
            raise IndexFileInvalid(f"{path.name} uses metric {index._index.metric_kind}, configured {config.metric}")
        if len(index._index) != expected_count:
            raise IndexFileInvalid(f"{path.name} holds {len(index._index)} vectors, its manifest says {expected_count}")
        index._follow_size()  # the file carries the ef_search it was saved with
        return index

    def __len__(self) -> int:
        return len(self._index)

    @property
    def memory_bytes(self) -> int:
        """USearch's own accounting of the graph and vectors, in bytes."""
        return int(self._index.memory_usage)

    @property
    def distance_kernel(self) -> str:
        """The SIMD kernel family USearch picked for this CPU and storage type (e.g. "genoa", "haswell", "serial");
        distance cost, and so query time, depends on it."""
        return str(self._index.hardware_acceleration)

    @property
    def expansion_search(self) -> int:
        """The ef_search queries use now."""
        return int(self._index.expansion_search)

    def set_expansion_search(self, ef: int) -> None:
        """Trade recall for speed at query time (HNSW ef_search), without rebuilding; it stays until changed."""
        _check_expansion_search(ef)
        with self._lock.write():
            self._pinned_ef = int(ef)
            self._index.expansion_search = int(ef)  # type: ignore[misc]  # usearch's setter is apart from its getter; mypy misses it

    def _follow_size(self) -> None:
        """Set ef_search for the current size (caller holds the write lock, or owns the index alone)."""
        if self._pinned_ef is None:
            ef = self.config.expansion_search_for(len(self._index))
            if ef != self._index.expansion_search:
                self._index.expansion_search = ef  # type: ignore[misc]  # as in set_expansion_search

    def search_unlocked_raw(self, query: np.ndarray, count: int) -> object:
        """USearch's own search with no wrapper work, to measure the wrapper's overhead (benchmarks only)."""
        return self._index.search(np.asarray(query, dtype=np.float32), int(count))

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Adds vectors under keys that are not in the index yet; present keys are skipped."""
        keys = np.asarray(keys, dtype=np.uint64).reshape(-1)
        if keys.size == 0:
            return
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(keys), self.ndim)
        with self._lock.write():
            fresh = ~np.asarray(self._index.contains(keys), dtype=bool).reshape(-1)
            if fresh.any():
                self._index.add(keys[fresh], vectors[fresh], threads=self.config.threads)
                self._follow_size()

    def remove(self, keys: np.ndarray) -> int:
        keys = np.asarray(keys, dtype=np.uint64).reshape(-1)
        if keys.size == 0:
            return 0
        with self._lock.write():
            present = keys[np.asarray(self._index.contains(keys), dtype=bool).reshape(-1)]
            if present.size:
                self._index.remove(present)
                self._follow_size()
            self.removed_since_build += int(present.size)
            return int(present.size)

    def search(self, queries: np.ndarray, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per query row: (keys, approximate cosines), best first: `count` candidates for exact re-scoring, or
        a multiple of it where the storage type's distances need a wider pool (`_OVERSAMPLING`)."""
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.ndim)
        with self._lock.read():
            if len(self._index) == 0 or count <= 0:
                return [(np.zeros(0, np.int64), np.zeros(0, np.float32)) for _ in range(len(queries))]
            fetch = int(count) * _OVERSAMPLING[self.config.dtype]
            # USearch spreads a call's queries over its workers; one query cannot be split, so starting a pool
            # for it only adds the pool's cost (100k vectors, ef 64: p50 0.30 ms with every core, 0.26 with one).
            threads = 1 if len(queries) == 1 else self.config.threads
            matches = self._index.search(queries, fetch, threads=threads)
        scale = _I8_SCALE**2 if (self.config.dtype, self.config.metric) == ("i8", "ip") else 1.0
        if isinstance(matches, Matches):
            return [_keys_and_cosines(matches.keys, matches.distances, scale)]
        assert isinstance(matches, BatchMatches)
        return [
            _keys_and_cosines(
                matches.keys[row, : matches.counts[row]], matches.distances[row, : matches.counts[row]], scale
            )
            for row in range(len(queries))
        ]

    def save(self, path: Path) -> None:
        """Writes the index to `path` (not atomically: `snapshot.write_snapshot` handles that)."""
        with self._lock.read():
            self._index.save(os.fspath(path))

    def needs_compaction(self, ratio: float) -> bool:
        return self.removed_since_build > ratio * max(len(self), 1)


def _keys_and_cosines(keys: np.ndarray, distances: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    # USearch's cosine and inner-product metrics both report distance = 1 - similarity (unit vectors: the cosine),
    # the similarity of i8 vectors in their integer units (`scale` = 127 squared).
    return np.asarray(keys, dtype=np.int64), (1.0 - np.asarray(distances, dtype=np.float32)) / np.float32(scale)
