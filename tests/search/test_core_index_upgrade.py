"""Changing the index defaults keeps every stored collection readable, and moves it over at its next rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from search_svc.core.collection import INDEX_FOLDER, Collection, CollectionSettings
from search_svc.core.index import IndexConfig, VectorIndex
from search_svc.core.snapshot import MANIFEST_NAME, read_manifest
from tests.search.conftest import clustered_vectors, make_items, unit_rows

DIM = 16
COUNT = 300
# What the service wrote before the metric was configurable: cosine, f16, and no "metric" in the manifest.
OLD = IndexConfig(metric="cos", dtype="f16")
NEW = IndexConfig()  # today's defaults


def test_the_default_differs_from_what_older_releases_wrote() -> None:
    assert (NEW.metric, NEW.dtype) == ("ip", "bf16") != (OLD.metric, OLD.dtype)


@pytest.fixture
def vectors() -> np.ndarray:
    return unit_rows(np.random.default_rng(9).normal(size=(COUNT, DIM)))


@pytest.fixture
def old_collection(tmp_path: Path, new_collection, vectors: np.ndarray) -> Path:
    collection = new_collection(dimension=DIM, settings=CollectionSettings(index=OLD))
    collection.ingest(make_items(vectors))
    assert collection.snapshot()
    collection.close(snapshot=False)
    manifest_path = tmp_path / "photos" / INDEX_FOLDER / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    del manifest["metric"]  # byte for byte what the previous release wrote
    manifest_path.write_text(json.dumps(manifest, sort_keys=True))
    return tmp_path / "photos"


def _top_ids(collection: Collection, vectors: np.ndarray, positions: range) -> list[str]:
    return [collection.search_vector(vectors[i], top_k=1).hits[0].record.id for i in positions]


def test_an_index_written_with_the_old_configuration_opens_without_a_rebuild(
    old_collection: Path, vectors: np.ndarray
) -> None:
    collection = Collection.open(old_collection)  # the service's defaults
    try:
        assert collection.recovery.startswith("snapshot at seq"), collection.recovery
        assert "keeps its stored cos f16 index until the next rebuild" in collection.recovery
        assert collection.stats().index_size == COUNT
        assert _top_ids(collection, vectors, range(0, COUNT, 37)) == [f"item-{i}" for i in range(0, COUNT, 37)]
        hit = collection.search_vector(vectors[5], top_k=1).hits[0]
        assert hit.raw_cosine == pytest.approx(1.0, abs=1e-5)
        assert collection.snapshot(force=True)  # a snapshot of the stored configuration stays readable
        assert read_manifest(old_collection / INDEX_FOLDER).metric == "cos"
    finally:
        collection.close(snapshot=False)
    again = Collection.open(old_collection)
    try:
        assert again.recovery.startswith("snapshot at seq") and again.stats().index_size == COUNT
    finally:
        again.close(snapshot=False)


def test_the_next_rebuild_moves_the_collection_to_the_configured_index(
    old_collection: Path, vectors: np.ndarray
) -> None:
    settings = CollectionSettings(compaction_ratio=0.1)
    collection = Collection.open(old_collection, settings)
    collection.delete([f"item-{i}" for i in range(40)])
    assert collection.snapshot()  # past the compaction ratio: rebuilt from the store under the new config
    collection.close(snapshot=False)
    manifest = read_manifest(old_collection / INDEX_FOLDER)
    assert (manifest.metric, manifest.dtype) == (NEW.metric, NEW.dtype)

    reopened = Collection.open(old_collection, settings)
    try:
        assert reopened.recovery.startswith("snapshot at seq") and "keeps its stored" not in reopened.recovery
        assert reopened.stats().index_size == COUNT - 40
        assert _top_ids(reopened, vectors, range(40, COUNT, 37)) == [f"item-{i}" for i in range(40, COUNT, 37)]
    finally:
        reopened.close(snapshot=False)


@pytest.mark.parametrize("metric", ["cos", "ip"])
def test_both_metrics_report_the_cosine_of_unit_vectors(metric: str, vectors: np.ndarray) -> None:
    index = VectorIndex(DIM, IndexConfig(metric=metric, dtype="f32"))
    index.add(np.arange(COUNT), vectors)
    keys, cosines = index.search(vectors[:1], 5)[0]
    assert keys[0] == 0
    assert np.allclose(cosines, vectors[keys] @ vectors[0], atol=1e-5)


def test_an_unknown_metric_is_refused() -> None:
    with pytest.raises(ValueError, match="metric"):
        IndexConfig(metric="l2")


def test_an_i8_collection_snapshots_reopens_and_answers_like_exact_search(tmp_path: Path, new_collection) -> None:
    # SEARCH_INDEX_DTYPE=i8 end to end: past the exact-search size, through a snapshot and a reopen.
    rng = np.random.default_rng(12)
    centres = unit_rows(rng.normal(size=(20, 128)))
    data = clustered_vectors(rng, centres, 3000, spread=0.7)
    settings = CollectionSettings(index=IndexConfig(dtype="i8"))
    collection = new_collection(dimension=128, settings=settings)
    collection.ingest(make_items(data))
    assert collection.snapshot()
    collection.close(snapshot=False)
    assert read_manifest(tmp_path / "photos" / INDEX_FOLDER).dtype == "i8"
    reopened = Collection.open(tmp_path / "photos", settings)
    try:
        assert reopened.recovery.startswith("snapshot at seq") and reopened.stats().index_size == 3000
        found = 0
        for query in unit_rows(data[:100] + 0.3 * unit_rows(rng.normal(size=(100, 128)))):
            hits = reopened.search_vector(query, top_k=10).hits
            found += len({h.record.id for h in hits} & {f"item-{i}" for i in np.argsort(-(data @ query))[:10]})
            # Reported cosines are exact, from the store's float32 vectors, not i8 approximations.
            positions = [int(h.record.id.split("-")[1]) for h in hits]
            assert [h.raw_cosine for h in hits] == pytest.approx(data[positions] @ query, abs=1e-5)
        assert found / 1000 >= 0.99  # HNSW is approximate for every storage type (bf16 and f32 miss too)
    finally:
        reopened.close(snapshot=False)
