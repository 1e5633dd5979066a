"""Crash-safe index snapshots with a checksummed manifest.

USearch's own `save()` overwrites in place and `load()` accepts damaged files,
so a snapshot is written as a new file (temp name, fsync, rename), and only
then does `snapshot.json` (itself written to a temp file, fsynced and renamed)
switch to it. The manifest holds the file's sha256, the store sequence number
the snapshot covers and its vector count. A crash at any point leaves either
the old complete snapshot or the new one; anything that fails verification is
reported as `SnapshotInvalid`, which the caller answers with a rebuild.

A checksum only proves the file is the one written, not that USearch can
read it: a damaged file with a recomputed checksum segfaulted the loader on
every restart. So the file's structure is checked first (`usearch_file`),
and the load runs inside `loading_guard`: a marker naming the snapshot is
written (fsynced) before and removed after. A marker still there at start
means the last load of that snapshot killed the process; it is never loaded
again, and the collection is rebuilt from the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import cast

from search_svc.core.durability import fsync_directory, fsync_file, write_atomically
from search_svc.core.index import IndexConfig, IndexDtype, IndexFileInvalid, IndexMetric, VectorIndex
from search_svc.core.usearch_file import UsearchFileInvalid, check_usearch_file

MANIFEST_NAME = "snapshot.json"
LOADING_MARKER = "loading.marker"
FORMAT_VERSION = 1
_SNAPSHOT_NAME = re.compile(r"index-\d{12}-\d+\.usearch")


class SnapshotInvalid(Exception):
    """No usable snapshot: missing, unreadable, damaged, or for another configuration."""


@dataclass(frozen=True)
class SnapshotManifest:
    file: str
    sha256: str
    seq: int
    count: int
    ndim: int
    dtype: str
    size_bytes: int
    created_at_ns: int
    format_version: int = FORMAT_VERSION
    # Manifests written before the metric was configurable describe cosine indexes.
    metric: str = "cos"


def write_snapshot(folder: Path, index: VectorIndex) -> SnapshotManifest:
    """Saves `index` durably and makes it the current snapshot; older snapshot files are removed.

    The caller must keep writers out for the duration so the contents match `index.applied_seq`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    created_at_ns = time.time_ns()
    name = f"index-{index.applied_seq:012d}-{created_at_ns}.usearch"
    temporary = folder / (name + ".tmp")
    index.save(temporary)
    fsync_file(temporary)
    manifest = SnapshotManifest(
        file=name,
        sha256=_sha256_of(temporary),
        seq=index.applied_seq,
        count=len(index),
        ndim=index.ndim,
        dtype=index.config.dtype,
        metric=index.config.metric,
        size_bytes=temporary.stat().st_size,
        created_at_ns=created_at_ns,
    )
    os.replace(temporary, folder / name)
    fsync_directory(folder)
    write_atomically(folder / MANIFEST_NAME, json.dumps(asdict(manifest), sort_keys=True).encode())
    _remove_stale_files(folder, keep=name)
    (folder / LOADING_MARKER).unlink(missing_ok=True)  # it named a snapshot that no longer exists
    return manifest


def read_manifest(folder: Path) -> SnapshotManifest:
    path = folder / MANIFEST_NAME
    if not path.exists():
        raise SnapshotInvalid("no snapshot manifest")
    try:
        manifest = SnapshotManifest(**json.loads(path.read_bytes()))
    except (ValueError, TypeError) as error:
        raise SnapshotInvalid(f"manifest unreadable: {error}") from error
    if manifest.format_version != FORMAT_VERSION:
        raise SnapshotInvalid(f"manifest format {manifest.format_version}, expected {FORMAT_VERSION}")
    if not _SNAPSHOT_NAME.fullmatch(manifest.file):
        raise SnapshotInvalid(f"manifest names an unexpected file {manifest.file!r}")
    return manifest


def load_snapshot(folder: Path, ndim: int, config: IndexConfig, *, store_seq: int) -> VectorIndex:
    """The verified snapshot as an index whose `applied_seq` is the manifest's sequence number.

    A snapshot written under another metric or storage type (an older default) keeps them: the index
    answers the same queries either way, and reloading beats rebuilding a large collection at start-up.
    The configured ones take over at the collection's next rebuild (compaction or recovery).
    """
    manifest = read_manifest(folder)
    if manifest.ndim != ndim:
        raise SnapshotInvalid(f"snapshot is {manifest.ndim}-d, configured {ndim}-d")
    try:
        # Strings from the file: IndexConfig checks them, and raises ValueError for any it does not know.
        config = replace(config, dtype=cast(IndexDtype, manifest.dtype), metric=cast(IndexMetric, manifest.metric))
    except ValueError as error:
        raise SnapshotInvalid(f"manifest describes no index this service can open: {error}") from error
    if manifest.seq > store_seq:
        raise SnapshotInvalid(f"snapshot covers seq {manifest.seq} but the store only reached {store_seq}")
    path = folder / manifest.file
    if not path.exists():
        raise SnapshotInvalid(f"snapshot file {manifest.file} is missing")
    if path.stat().st_size != manifest.size_bytes:
        raise SnapshotInvalid(f"snapshot file is {path.stat().st_size} bytes, manifest says {manifest.size_bytes}")
    if _sha256_of(path) != manifest.sha256:
        raise SnapshotInvalid("snapshot checksum mismatch")
    try:
        check_usearch_file(path, ndim=ndim, dtype=config.dtype, count=manifest.count, metric=config.metric)
    except UsearchFileInvalid as error:
        raise SnapshotInvalid(f"snapshot file {manifest.file} is unsound: {error}") from error
    try:
        return VectorIndex.load(path, ndim, config, expected_count=manifest.count, applied_seq=manifest.seq)
    except IndexFileInvalid as error:
        raise SnapshotInvalid(str(error)) from error


@contextmanager
def loading_guard(folder: Path) -> Iterator[None]:
    """Marks the current snapshot as being loaded for the duration; refuses one whose load crashed before.

    Wrap everything that touches the loaded graph before it is trusted (load, replay).
    An exception is not a crash: the marker goes, and the caller's rebuild handles it.
    """
    manifest = read_manifest(folder)
    marker = folder / LOADING_MARKER
    if marker.exists() and marker.read_text(errors="replace") == manifest.file:
        raise SnapshotInvalid(f"loading {manifest.file} killed the process last time; it is not loaded again")
    write_atomically(marker, manifest.file.encode())
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)
        fsync_directory(folder)


def snapshot_disk_bytes(folder: Path) -> int:
    if not folder.exists():
        return 0
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _remove_stale_files(folder: Path, keep: str) -> None:
    for path in folder.iterdir():
        stale_snapshot = _SNAPSHOT_NAME.fullmatch(path.name) and path.name != keep
        if stale_snapshot or path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
