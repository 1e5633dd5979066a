"""The durable item store through a real collection: upserts, dedupe, deletes, ids and paging."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from mediasearch.runtime.errors import InvalidArgument, NotFound
from search_svc.core.collection import Collection
from search_svc.core.records import IngestStatus, ItemMetadata, MediaType, NewItem
from tests.search.conftest import make_items, sha_of, unit_rows

DIM = 16


@pytest.fixture
def vectors() -> np.ndarray:
    return unit_rows(np.random.default_rng(3).normal(size=(20, DIM)))


def test_upsert_is_idempotent_and_reports_unchanged(new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    items = make_items(vectors[:5])
    first = collection.ingest(items)
    assert [r.status for r in first] == [IngestStatus.INDEXED] * 5
    seq = collection._store.last_seq()

    retried = collection.ingest(items)  # a client retry after a lost acknowledgement
    assert [r.status for r in retried] == [IngestStatus.UNCHANGED] * 5
    assert collection._store.last_seq() == seq, "an unchanged re-ingest must not write"
    assert collection.stats().item_count == 5 and collection.stats().index_size == 5
    plan = collection.plan_ingest(items[0].id, items[0].sha256, items[0].metadata)
    assert plan.unchanged and not plan.needs_embedding


def test_metadata_change_keeps_the_key_and_content_change_replaces_it(new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    item = make_items(vectors[:1])[0]
    collection.ingest([item])
    original = collection.records_by_id([item.id])[item.id]

    retagged = replace(item, metadata=replace(item.metadata, tags=("beach",)))
    assert collection.ingest([retagged])[0].status == IngestStatus.INDEXED
    updated = collection.records_by_id([item.id])[item.id]
    assert updated.key == original.key and updated.metadata.tags == ("beach",) and updated.seq > original.seq

    new_bytes = replace(retagged, sha256=sha_of("other bytes"), vector=vectors[1])
    assert collection.ingest([new_bytes])[0].status == IngestStatus.INDEXED
    replaced = collection.records_by_id([item.id])[item.id]
    assert replaced.key != original.key
    hit = collection.search_vector(vectors[1], top_k=1).hits[0]
    assert hit.record.id == item.id and hit.raw_cosine == pytest.approx(1.0, abs=1e-5)
    assert collection.stats().index_size == 1, "the old version must leave the index"


def test_identical_bytes_reuse_the_stored_vector(new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    original = make_items(vectors[:1])[0]
    collection.ingest([original])

    plan = collection.plan_ingest("copy", original.sha256, ItemMetadata(uri="/elsewhere/copy.jpg"))
    assert not plan.needs_embedding
    assert np.allclose(plan.reusable_vector, vectors[0], atol=1e-6)

    copy = NewItem(id="copy", sha256=original.sha256, metadata=ItemMetadata(uri="/elsewhere/copy.jpg"))
    result = collection.ingest([copy])[0]
    assert result.status == IngestStatus.INDEXED and result.embedding_reused
    assert np.allclose(collection.vectors_for_ids(["copy"])[0], vectors[0], atol=1e-6)
    stored_copy = collection.records_by_id(["copy"])["copy"]
    assert (stored_copy.width, stored_copy.height, stored_copy.size_bytes) == (
        original.width, original.height, original.size_bytes), "same bytes, same sizes, even when not decoded"
    hits = collection.search_vector(vectors[0], top_k=2).hits
    assert sorted(h.record.id for h in hits) == ["copy", original.id]


def test_one_bad_item_fails_only_itself(new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    good = make_items(vectors[:2])
    batch = [
        good[0],
        NewItem(id="no-vector", sha256=sha_of("never seen")),  # nothing stored to reuse
        replace(good[1], id="video", metadata=ItemMetadata(media_type=MediaType.VIDEO_FRAME)),
        replace(good[1], id="bad-sha", sha256="xyz"),
        replace(good[1], id="short", vector=np.ones(DIM - 1)),
        replace(good[1], id="nan", vector=np.full(DIM, np.nan)),
        good[1],
    ]
    results = collection.ingest(batch)
    assert [r.id for r in results] == [item.id for item in batch]
    assert [r.status for r in results] == [IngestStatus.INDEXED] + [IngestStatus.FAILED] * 5 + [IngestStatus.INDEXED]
    reasons = [r.error.reason for r in results[1:6]]
    assert reasons == ["EMBEDDING_REQUIRED", "MEDIA_TYPE_UNSUPPORTED", "SHA256_INVALID", "DIMENSION_MISMATCH",
                       "VECTOR_NOT_FINITE"]
    assert results[1].error.code_name == "FAILED_PRECONDITION" and results[3].error.code_name == "INVALID_ARGUMENT"
    assert set(collection.records_by_id([i.id for i in batch])) == {good[0].id, good[1].id}


def test_deletes_are_durable_and_keys_never_come_back(tmp_path: Path, new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    items = make_items(vectors[:6])
    collection.ingest(items)
    keys_before = {i: r.key for i, r in collection.records_by_id([i.id for i in items]).items()}

    result = collection.delete([items[0].id, items[1].id, items[1].id, "never-stored"])
    assert result.deleted_count == 2 and result.missing_ids == ["never-stored"]
    collection.close(snapshot=False)  # as if killed: no snapshot, only the store

    reopened = Collection.open(tmp_path / "photos")
    try:
        assert set(reopened.records_by_id([i.id for i in items])) == {i.id for i in items[2:]}
        assert reopened.stats().index_size == 4
        assert items[0].id not in {h.record.id for h in reopened.search_vector(vectors[0], top_k=6).hits}
        # id -> key mapping survives the restart
        assert {i: r.key for i, r in reopened.records_by_id([i.id for i in items[2:]]).items()} == {
            i.id: keys_before[i.id] for i in items[2:]}
        # re-ingesting a deleted id gets a fresh key: index keys are never reused
        reopened.ingest([items[0]])
        assert reopened.records_by_id([items[0].id])[items[0].id].key > max(keys_before.values())
        with pytest.raises(InvalidArgument):
            reopened.delete([])
    finally:
        reopened.close()


def test_listing_pages_by_id_with_a_prefix(new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    collection.ingest(make_items(vectors, metadata=lambda i: ItemMetadata(uri=f"/{'a' if i % 2 else 'b'}/{i}.jpg")))
    seen, token = [], ""
    while True:
        page = collection.list_items(page_size=3, page_token=token, uri_prefix="/a/")
        seen += [r.id for r in page.items]
        assert all(r.metadata.uri.startswith("/a/") for r in page.items)
        token = page.next_page_token
        if not token:
            break
    assert seen == sorted(f"item-{i}" for i in range(20) if i % 2)
    with pytest.raises(InvalidArgument) as error:
        collection.list_items(page_token="garbage!")
    assert error.value.violations[0].field == "page_token"
    first = collection.list_items(page_size=2, uri_prefix="/a/")
    with pytest.raises(InvalidArgument):
        collection.list_items(page_token=first.next_page_token, uri_prefix="/b/")
    with pytest.raises(InvalidArgument):
        collection.list_items(page_size=1001)


def test_unknown_item_ids_are_not_found(new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    collection.ingest(make_items(vectors[:1]))
    with pytest.raises(NotFound) as error:
        collection.vectors_for_ids(["item-0", "ghost"])
    assert "ghost" in error.value.message


def test_changes_since_reports_additions_and_removals(new_collection, vectors) -> None:
    collection = new_collection(dimension=DIM)
    items = make_items(vectors[:4])
    collection.ingest(items[:2])
    seq = collection._store.last_seq()
    old_key = collection.records_by_id([items[0].id])[items[0].id].key
    collection.ingest(items[2:])
    collection.delete([items[0].id])
    added, added_vectors, removed, last = collection._store.changes_since(seq)
    assert len(added) == 2 and added_vectors.shape == (2, DIM)
    assert removed.tolist() == [old_key] and last == collection._store.last_seq()
