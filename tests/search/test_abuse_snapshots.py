"""Crafted and crash-causing snapshots: a snapshot that killed the loader once is never loaded again.

A crafted snapshot is damaged where USearch trusts it most (neighbour slots)
and its manifest checksum recomputed, so only the structural check or the
loading marker can stop it.
"""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import grpc
import numpy as np
import pytest

from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from mediasearch.names import calibration_name, collection_name, item_name
from search_svc.core.collection import INDEX_FOLDER, Collection
from search_svc.core.snapshot import LOADING_MARKER, MANIFEST_NAME, read_manifest
from search_svc.server import create_server
from tests.search.conftest import make_items, unit_rows
from tests.servers import search_settings

DIM = 16
COUNT = 300
ROOT = Path(__file__).resolve().parents[2]


def _poison_neighbours(path: Path) -> None:
    """Points every level-0 neighbour slot far past the end of the graph, keeping the layout intact."""
    data = bytearray(path.read_bytes())
    rows, row_bytes = struct.unpack_from("<II", data, 0)
    graph = 8 + rows * row_bytes + 64
    size, connectivity, base, _, _ = struct.unpack_from("<QQQQQ", data, graph)
    levels = struct.unpack_from(f"<{size}h", data, graph + 40)
    at = graph + 40 + 2 * size
    for level in levels:
        count = struct.unpack_from("<I", data, at + 10)[0]
        for slot in range(count):
            struct.pack_into("<I", data, at + 14 + 4 * slot, 0x7FFF0000 + slot)
        at += 10 + 4 + 4 * base + level * (4 + 4 * connectivity)
    path.write_bytes(bytes(data))


def _craft(folder: Path) -> None:
    """Poison the current snapshot of the collection in `folder` and recompute its manifest checksum."""
    index_folder = folder / INDEX_FOLDER
    manifest = read_manifest(index_folder)
    path = index_folder / manifest.file
    _poison_neighbours(path)
    fields = json.loads((index_folder / MANIFEST_NAME).read_text())
    fields["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (index_folder / MANIFEST_NAME).write_text(json.dumps(fields))


@pytest.fixture
def snapshotted(tmp_path: Path, new_collection) -> tuple[Path, np.ndarray]:
    vectors = unit_rows(np.random.default_rng(3).normal(size=(COUNT, DIM)))
    collection = new_collection(dimension=DIM)
    collection.ingest(make_items(vectors[: COUNT - 20]))
    assert collection.snapshot()
    # Items stored after the snapshot make the next start replay into the loaded graph.
    collection.ingest(make_items(vectors[COUNT - 20:], start=COUNT - 20))
    collection.close(snapshot=False)
    return tmp_path / "photos", vectors


def _serves_everything(collection: Collection, vectors: np.ndarray) -> None:
    assert collection.stats().index_size == COUNT == collection.stats().item_count
    for position in (0, COUNT // 2, COUNT - 1):
        assert collection.search_vector(vectors[position], top_k=1).hits[0].record.id == f"item-{position}"


def test_crafted_snapshot_is_refused_before_usearch_reads_it(snapshotted) -> None:  # type: ignore[no-untyped-def]
    folder, vectors = snapshotted
    _craft(folder)
    collection = Collection.open(folder)
    try:
        assert "unsound" in collection.recovery and "neighbour slot" in collection.recovery
        _serves_everything(collection, vectors)
    finally:
        collection.close()


def test_a_marker_left_by_a_crashed_load_means_rebuild_then_normal_loads(snapshotted) -> None:  # type: ignore[no-untyped-def]
    folder, vectors = snapshotted
    index_folder = folder / INDEX_FOLDER
    (index_folder / LOADING_MARKER).write_text(read_manifest(index_folder).file)
    collection = Collection.open(folder)
    try:
        assert "killed the process" in collection.recovery
        _serves_everything(collection, vectors)
    finally:
        collection.close(snapshot=False)
    assert not (index_folder / LOADING_MARKER).exists()
    again = Collection.open(folder)  # the rebuilt snapshot is trusted again
    try:
        assert again.recovery.startswith("snapshot at seq")
        _serves_everything(again, vectors)
    finally:
        again.close()


OPEN_WITHOUT_STRUCTURE_CHECK = textwrap.dedent("""
    import sys
    from pathlib import Path
    import search_svc.core.snapshot as snapshot
    # Stands for damage the structural check cannot see: USearch gets the poisoned file.
    snapshot.check_usearch_file = lambda *args, **kwargs: None
    from search_svc.core.collection import Collection
    collection = Collection.open(Path(sys.argv[1]))
    print(collection.recovery)
    print(collection.stats().index_size)
""")


def test_a_snapshot_that_segfaults_the_loader_is_skipped_on_the_next_start(snapshotted) -> None:  # type: ignore[no-untyped-def]
    folder, _ = snapshotted
    _craft(folder)

    def start() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", OPEN_WITHOUT_STRUCTURE_CHECK, str(folder)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT)})

    first = start()
    assert first.returncode < 0, f"the poisoned graph did not crash USearch: {first.stdout} {first.stderr}"
    assert (folder / INDEX_FOLDER / LOADING_MARKER).exists()
    second = start()
    assert second.returncode == 0, second.stderr
    recovery, size = second.stdout.split("\n")[:2]
    assert "killed the process" in recovery and int(size) == COUNT


def test_service_restarted_over_a_crashed_load_serves_every_item(tmp_path: Path, embedder_server) -> None:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    settings = search_settings(tmp_path / "data", embedder_port)
    ids = [f"p{n}" for n in range(8)]

    def run(check) -> None:  # type: ignore[no-untyped-def]
        server, port = create_server(settings, port=0)
        server.wait_ready(60)
        try:
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                check(search_pb2_grpc.SearchServiceStub(channel))
        finally:
            server.stop(0)

    def seed(stub: search_pb2_grpc.SearchServiceStub) -> None:
        requests = [search_pb2.IngestRequest(parent=collection_name("photos"), item_id=i, data=pattern_image(n)) for n, i in enumerate(ids)]
        assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(requests)))

    run(seed)  # closing writes a snapshot
    index_folder = tmp_path / "data" / "collections" / "photos" / INDEX_FOLDER
    _craft(index_folder.parent)
    (index_folder / LOADING_MARKER).write_text(read_manifest(index_folder).file)

    def serves(stub: search_pb2_grpc.SearchServiceStub) -> None:
        listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name("photos")))
        assert [item.id for item in listed.items] == ids
        stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("photos"))).collection
        assert stats.index_size == stats.item_count == len(ids)
        found = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"),
                                                     terms=[search_pb2.QueryTerm(image=pattern_image(5))], page_size=1))
        assert found.results[0].item.id == "p5"

    run(serves)


def test_a_sound_snapshot_with_removed_vectors_is_loaded_not_rebuilt(tmp_path: Path, new_collection) -> None:  # type: ignore[no-untyped-def]
    """Removed vectors stay in the file as tombstones: the structural check must accept them."""
    vectors = unit_rows(np.random.default_rng(4).normal(size=(COUNT, DIM)))
    collection = new_collection(dimension=DIM)
    collection.ingest(make_items(vectors))
    collection.delete([f"item-{n}" for n in range(0, 40, 2)])  # below the compaction ratio
    assert collection.snapshot()
    collection.close(snapshot=False)
    reopened = Collection.open(tmp_path / "photos")
    try:
        assert reopened.recovery.startswith("snapshot at seq"), reopened.recovery
        assert reopened.stats().index_size == COUNT - 20
    finally:
        reopened.close()
