"""Checks a USearch snapshot file's structure before USearch itself reads it.

USearch trusts its files: a graph whose neighbour slots point past the end
loads fine and then segfaults the first search that walks it (seen with a
damaged payload whose manifest checksum had been recomputed). This parser
reads the layout USearch 2.x writes and refuses a file whose headers,
sizes or neighbour lists cannot be right, so such a file is rebuilt from the
store instead of loaded. It checks structure only; a file that passes can
still hold wrong vectors, which the loader's other checks and the loading
marker (`snapshot.py`) cover.

Layout (little-endian): vectors matrix (rows u32, row bytes u32, rows * row
bytes); a 64-byte head ("usearch", version, metric, scalar, key and slot
kinds, present and deleted counts, dimensions); the graph header (size,
connectivity, base connectivity, max level, entry slot, all u64); one i16
level per node; then each node: key u64, level i16, and per level 0..level
a u32 neighbour count and `connectivity` (base at level 0) u32 slots.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

_HEAD = struct.Struct("<7sHHHBBBBQQQ?")
_HEAD_BYTES = 64
_GRAPH = struct.Struct("<QQQQQ")
_METRIC_KIND = {"cos": ord("c"), "ip": ord("i")}
_KEY_U64, _SLOT_U32 = 14, 15
_SCALAR_KIND = {"f32": (11, 4), "f16": (12, 2), "bf16": (4, 2), "i8": (23, 1)}
_NODE_HEAD = 10  # key u64 + level i16
_CHUNK = 1 << 15


class UsearchFileInvalid(Exception):
    """The file cannot be a sound USearch index of the expected shape."""


def check_usearch_file(path: Path, *, ndim: int, dtype: str, count: int, metric: str = "cos") -> None:
    """Raises UsearchFileInvalid unless `path` is a structurally sound `metric` index of `count` live vectors.

    Removed vectors stay in the file as tombstones until compaction, so the file holds `count` plus them.
    """
    try:
        data = np.memmap(path, dtype=np.uint8, mode="r")  # pages in only what the checks touch
        _check(data, data.data, ndim=ndim, dtype=dtype, count=count, metric=metric)
    except (struct.error, ValueError, IndexError) as error:
        raise UsearchFileInvalid(f"truncated or garbled: {error}") from error


def _check(data: np.ndarray, raw: bytes | memoryview, *, ndim: int, dtype: str, count: int, metric: str) -> None:
    if dtype not in _SCALAR_KIND or metric not in _METRIC_KIND:
        raise UsearchFileInvalid(f"unknown dtype {dtype} or metric {metric}")
    scalar_kind, scalar_bytes = _SCALAR_KIND[dtype]
    rows, row_bytes = struct.unpack_from("<II", raw, 0)
    if rows < count or row_bytes != ndim * scalar_bytes:
        raise UsearchFileInvalid(
            f"vector matrix is {rows} x {row_bytes} bytes, expected at least {count} x {ndim * scalar_bytes}"
        )
    head = 8 + rows * row_bytes
    magic, _, _, _, metric_kind, scalar, key, slot, present, deleted, dimensions, _ = _HEAD.unpack_from(raw, head)
    if magic != b"usearch" or (metric_kind, scalar, key, slot) != (
        _METRIC_KIND[metric],
        scalar_kind,
        _KEY_U64,
        _SLOT_U32,
    ):
        raise UsearchFileInvalid("head names another format, metric, scalar, key or slot kind")
    if present != count or present + deleted != rows or dimensions != ndim:
        raise UsearchFileInvalid(
            f"head says {present} present, {deleted} deleted, {dimensions} dimensions; the matrix has {rows} rows"
        )
    graph = head + _HEAD_BYTES
    size, connectivity, base, max_level, entry = _GRAPH.unpack_from(raw, graph)
    if size != rows or not 2 <= connectivity <= 4096 or not connectivity <= base <= 8192 or max_level > 64:
        raise UsearchFileInvalid(
            f"graph header out of range: size {size}, connectivity {connectivity}/{base}, max level {max_level}"
        )
    if size and entry >= size:
        raise UsearchFileInvalid(f"entry slot {entry} beyond {size} nodes")
    levels_at = graph + _GRAPH.size
    levels = np.frombuffer(raw, dtype="<i2", count=size, offset=levels_at).astype(np.int64)
    if size and (levels.min() < 0 or levels.max() > max_level):
        raise UsearchFileInvalid("a node level lies outside [0, max level]")
    base_block, upper_block = 4 + 4 * base, 4 + 4 * connectivity
    node_sizes = _NODE_HEAD + base_block + levels * upper_block
    nodes_at = levels_at + 2 * size
    if nodes_at + int(node_sizes.sum()) != data.size:
        raise UsearchFileInvalid(f"nodes take {int(node_sizes.sum())} bytes, the file leaves {data.size - nodes_at}")
    starts = nodes_at + np.concatenate(([0], np.cumsum(node_sizes)[:-1])).astype(np.int64)
    stored_levels = _u16(data, starts + 8).astype(np.int16).astype(np.int64)
    if not np.array_equal(stored_levels, levels):
        raise UsearchFileInvalid("a node's own level differs from the level table")
    _check_neighbours(data, starts + _NODE_HEAD, base, size)
    for level in range(1, int(levels.max(initial=0)) + 1):
        holders = starts[levels >= level]
        _check_neighbours(data, holders + _NODE_HEAD + base_block + (level - 1) * upper_block, connectivity, size)


def _check_neighbours(data: np.ndarray, blocks: np.ndarray, capacity: int, size: int) -> None:
    """Each block is a u32 count then `capacity` u32 slots: count within capacity, used slots below `size`."""
    for first in range(0, len(blocks), _CHUNK):
        chunk = blocks[first : first + _CHUNK]
        counts = _u32(data, chunk)
        if counts.size and counts.max() > capacity:
            raise UsearchFileInvalid(f"a node lists {int(counts.max())} neighbours, capacity {capacity}")
        positions = chunk[:, None] + 4 + 4 * np.arange(capacity, dtype=np.int64)[None, :]
        used = np.arange(capacity)[None, :] < counts[:, None]
        slots = _u32(data, positions[used])
        if slots.size and slots.max() >= size:
            raise UsearchFileInvalid(f"a neighbour slot {int(slots.max())} lies beyond {size} nodes")


def _u16(data: np.ndarray, at: np.ndarray) -> np.ndarray:
    return data[at].astype(np.uint32) | (data[at + 1].astype(np.uint32) << 8)


def _u32(data: np.ndarray, at: np.ndarray) -> np.ndarray:
    return (
        data[at].astype(np.uint64)
        | (data[at + 1].astype(np.uint64) << 8)
        | (data[at + 2].astype(np.uint64) << 16)
        | (data[at + 3].astype(np.uint64) << 24)
    )
