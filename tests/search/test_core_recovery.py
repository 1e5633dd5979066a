"""Index snapshots and start-up recovery: the index is a cache that the store can always rebuild."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from search_svc.core.collection import INDEX_FOLDER, Collection, CollectionSettings
from search_svc.core.index import IndexConfig, IndexFileInvalid, VectorIndex
from search_svc.core.snapshot import MANIFEST_NAME, SnapshotInvalid, load_snapshot, read_manifest
from search_svc.core.records import IngestStatus
from tests.search.conftest import ids_of, make_items, sha_of, unit_rows

DIM = 16
COUNT = 300


@pytest.fixture
def vectors() -> np.ndarray:
    return unit_rows(np.random.default_rng(5).normal(size=(COUNT, DIM)))


@pytest.fixture
def snapshotted(tmp_path: Path, new_collection, vectors) -> Path:
    """A closed collection with COUNT items whose snapshot covers all of them."""
    collection = new_collection(dimension=DIM)
    collection.ingest(make_items(vectors))
    assert collection.snapshot()
    collection.close(snapshot=False)
    return tmp_path / "photos"


def _snapshot_file(folder: Path) -> Path:
    return folder / INDEX_FOLDER / read_manifest(folder / INDEX_FOLDER).file


def _assert_serves_every_item(collection: Collection, vectors: np.ndarray, ids: list[str]) -> None:
    assert collection.stats().index_size == len(ids)
    for position in (0, len(ids) // 2, len(ids) - 1):
        top = collection.search_vector(vectors[position], top_k=1).hits[0]
        assert top.record.id == ids[position] and top.raw_cosine == pytest.approx(1.0, abs=1e-5)


def test_clean_restart_loads_the_snapshot_without_rebuilding(snapshotted: Path, vectors) -> None:
    collection = Collection.open(snapshotted)
    try:
        assert collection.recovery.startswith("snapshot at seq")
        assert collection.stats().snapshot_at_ns is not None
        _assert_serves_every_item(collection, vectors, [f"item-{i}" for i in range(COUNT)])
    finally:
        collection.close()


@pytest.mark.parametrize("damage", ["flip_bytes", "truncate", "delete_file", "delete_manifest", "garble_manifest"])
def test_damaged_or_missing_snapshot_is_rebuilt_from_the_store(snapshotted: Path, vectors, damage: str) -> None:
    snapshot = _snapshot_file(snapshotted)
    manifest = snapshotted / INDEX_FOLDER / MANIFEST_NAME
    if damage == "flip_bytes":
        data = bytearray(snapshot.read_bytes())
        for offset in range(len(data) // 3, len(data) // 3 + 64):
            data[offset] ^= 0xFF
        snapshot.write_bytes(bytes(data))
    elif damage == "truncate":
        snapshot.write_bytes(snapshot.read_bytes()[: snapshot.stat().st_size // 2])
    elif damage == "delete_file":
        snapshot.unlink()
    elif damage == "delete_manifest":
        manifest.unlink()
    else:
        manifest.write_text("{not json")

    collection = Collection.open(snapshotted)
    try:
        assert collection.recovery.startswith("rebuilt from the store")
        _assert_serves_every_item(collection, vectors, [f"item-{i}" for i in range(COUNT)])
        # The rebuild wrote a fresh, verifiable snapshot.
        index = load_snapshot(snapshotted / INDEX_FOLDER, DIM, IndexConfig(), store_seq=collection._store.last_seq())
        assert len(index) == COUNT
    finally:
        collection.close()


def test_flipped_bytes_are_caught_by_the_checksum_not_by_usearch(snapshotted: Path) -> None:
    snapshot = _snapshot_file(snapshotted)
    data = bytearray(snapshot.read_bytes())
    data[-100] ^= 0x01  # one bit inside the vector data
    snapshot.write_bytes(bytes(data))
    with pytest.raises(SnapshotInvalid, match="checksum"):
        load_snapshot(snapshotted / INDEX_FOLDER, DIM, IndexConfig(), store_seq=10**9)


def test_snapshot_from_the_future_is_rejected(snapshotted: Path, vectors) -> None:
    manifest_path = snapshotted / INDEX_FOLDER / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    manifest["seq"] += 1000  # claims changes the store never made
    manifest_path.write_text(json.dumps(manifest))
    collection = Collection.open(snapshotted)
    try:
        assert "only reached" in collection.recovery
        _assert_serves_every_item(collection, vectors, [f"item-{i}" for i in range(COUNT)])
    finally:
        collection.close()


def test_changes_after_the_snapshot_are_replayed(snapshotted: Path, vectors) -> None:
    collection = Collection.open(snapshotted)
    extra = unit_rows(np.random.default_rng(6).normal(size=(20, DIM)))
    collection.ingest(make_items(extra, prefix="new"))
    collection.delete([f"item-{i}" for i in range(10)])
    moved = replace(make_items(extra[:1], prefix="item", start=50)[0], sha256=sha_of("edited"))
    assert collection.ingest([moved])[0].status == IngestStatus.INDEXED  # item-50 gets new content
    collection.close(snapshot=False)  # as if killed after the acknowledgements

    reopened = Collection.open(snapshotted)
    try:
        assert reopened.recovery.startswith("snapshot at seq") and "replayed 21 additions and 11 removals" in \
            reopened.recovery
        assert reopened.stats().index_size == COUNT - 10 + 20
        hits = reopened.search_vector(extra[0], top_k=2).hits
        assert sorted(ids_of(hits)) == ["item-50", "new-0"]
        assert not {f"item-{i}" for i in range(10)} & set(ids_of(reopened.search_vector(vectors[3], top_k=20).hits))
    finally:
        reopened.close()


def test_a_stale_snapshot_cannot_resurrect_deleted_items(snapshotted: Path, tmp_path: Path, vectors) -> None:
    stale = tmp_path / "stale-index"
    shutil.copytree(snapshotted / INDEX_FOLDER, stale)
    collection = Collection.open(snapshotted)
    collection.delete(["item-7"])
    assert collection.snapshot()  # covers the delete and prunes its tombstone
    collection.close(snapshot=False)
    shutil.rmtree(snapshotted / INDEX_FOLDER)
    shutil.copytree(stale, snapshotted / INDEX_FOLDER)  # e.g. an old backup restored

    reopened = Collection.open(snapshotted)
    try:
        assert "after replay" in reopened.recovery and reopened.recovery.startswith("rebuilt")
        assert "item-7" not in ids_of(reopened.search_vector(vectors[7], top_k=5).hits)
    finally:
        reopened.close()


def test_snapshot_compacts_an_index_full_of_removed_nodes(tmp_path: Path, new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM, settings=CollectionSettings(compaction_ratio=0.2))
    collection.ingest(make_items(vectors))
    collection.delete([f"item-{i}" for i in range(100)])
    assert collection._index.removed_since_build == 100
    collection.snapshot()
    assert collection._index.removed_since_build == 0 and len(collection._index) == COUNT - 100
    _assert_serves_every_item(collection, vectors[100:], [f"item-{i}" for i in range(100, COUNT)])


def test_index_rejects_a_file_of_another_dimension(tmp_path: Path, vectors) -> None:
    index = VectorIndex(DIM, IndexConfig())
    index.add(np.arange(10), vectors[:10])
    index.save(tmp_path / "index.usearch")
    with pytest.raises(IndexFileInvalid, match="dimension"):
        VectorIndex.load(tmp_path / "index.usearch", DIM * 2, IndexConfig(), expected_count=10, applied_seq=0)
