"""What only the Milvus backend has to get right: literals in expressions, key collisions, what it refuses,
and several stateless replicas sharing one Milvus (Milvus Lite here, served in this process)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from search_svc.core import milvus_collection
from search_svc.core.backends import MilvusBackend
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.filters import ItemFilter
from search_svc.core.manager import CollectionManager
from search_svc.core.milvus_schema import items_collection_name, prefix_successor
from search_svc.core.records import IngestStatus, ItemMetadata, MediaType, NewItem, VideoIngestInfo
from search_svc.core.thumbnails import Thumbnail
from tests.search.conftest import make_items, sha_of, unit_rows

DIM = 8
AWKWARD = ['quo"te', "back\\slash", "new\nline\ttab\rcr", "ünï", "ctl\x01\x7f", "percent%_under", "emoji-🙂"]


@pytest.fixture
def collection(milvus_backend: MilvusBackend):  # type: ignore[no-untyped-def]
    made = milvus_backend.create("awkward", model_id="m", dimension=DIM, calibration=CalibrationProfile.fixed_temperature())
    yield made
    milvus_backend.store.drop("awkward")


def test_awkward_ids_tags_and_prefixes_round_trip(collection) -> None:  # type: ignore[no-untyped-def]
    vectors = unit_rows(np.random.default_rng(1).normal(size=(len(AWKWARD), DIM)))
    items = [
        NewItem(text, sha_of(text), ItemMetadata(uri=f"/{text}/x.jpg", tags=(text,)), vector)
        for text, vector in zip(AWKWARD, vectors, strict=True)
    ]
    assert {r.status for r in collection.ingest(items)} == {IngestStatus.INDEXED}
    assert set(collection.records_by_id(AWKWARD)) == set(AWKWARD)
    for text, vector in zip(AWKWARD, vectors, strict=True):
        only = ItemFilter.build(tags_all=[text], uri_prefix=f"/{text}/")
        assert [h.record.id for h in collection.search_vector(vector, top_k=5, item_filter=only).hits] == [text]
    listed = collection.list_items(page_size=3)
    second = collection.list_items(page_size=10, page_token=listed.next_page_token)
    assert [r.id for r in listed.items + second.items] == sorted(AWKWARD)
    assert collection.delete(AWKWARD + ["ghost"]).missing_ids == ["ghost"]
    assert collection.live_count() == 0


def test_prefix_ranges_end_exactly_where_the_prefix_does() -> None:
    assert prefix_successor("/a/") == "/a0"
    assert prefix_successor("z\U0010ffff") == "{"
    assert prefix_successor("\U0010ffff") is None
    assert len({items_collection_name(n) for n in ("a_1", "a-1", "a_01", "a__1")}) == 4


def test_a_key_collision_moves_the_new_item_to_another_key(collection, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = milvus_collection.item_key
    monkeypatch.setattr(milvus_collection, "item_key", lambda item_id, probe=0: 42 if probe == 0 else real(item_id, probe))
    vectors = unit_rows(np.random.default_rng(2).normal(size=(2, DIM)))
    collection.ingest(make_items(vectors[:1], prefix="first"))
    collection.ingest(make_items(vectors[1:], prefix="second"))
    first, second = collection.records_by_id(["first-0"])["first-0"], collection.records_by_id(["second-0"])["second-0"]
    assert first.key == 42 and second.key != 42
    assert [h.record.id for h in collection.search_vector(vectors[1], top_k=1).hits] == ["second-0"]


def test_videos_are_refused_per_item_naming_the_backend(collection) -> None:  # type: ignore[no-untyped-def]
    frame = NewItem("v#1", sha_of("f"), ItemMetadata(media_type=MediaType.VIDEO_FRAME, parent_id="v"), np.ones(DIM))
    staged = collection.stage_video_frames(sha_of("v"), [(0, frame)])
    committed = collection.commit_video(NewItem("v", sha_of("v")), VideoIngestInfo(sha_of("v"), frame_count=1))
    for result in staged + [committed]:
        assert result.status == IngestStatus.FAILED
        assert result.error.code_name == "FAILED_PRECONDITION" and "milvus" in result.error.message
    assert not collection.keeps_views and collection.view_candidates(np.ones((1, DIM)), 5) == []


def test_previews_and_backfills_are_stored_in_milvus(collection) -> None:  # type: ignore[no-untyped-def]
    item = make_items(unit_rows(np.ones((1, DIM))))[0]
    collection.ingest([item])
    assert collection.thumbnails([item.id]) == {}
    assert collection.plan_ingest(item.id, item.sha256, item.metadata).needs_thumbnail
    preview = Thumbnail(b"\x00webp\xff" * 10, 4, 3)
    assert collection.ingest([replace(item, vector=None, thumbnail=preview)])[0].status == IngestStatus.UNCHANGED
    assert collection.thumbnails([item.id]) == {item.id: preview}


def test_replicas_share_collections_writes_and_calibration(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(milvus_collection, "INFO_TTL_S", 0.0)
    uri = str(tmp_path / "shared.db")
    one, two = CollectionManager(tmp_path, backend=MilvusBackend(uri)), CollectionManager(tmp_path, backend=MilvusBackend(uri))
    one.open_all()
    two.open_all()
    created = one.get_or_create("shared", model_id="m", dimension=DIM, calibration=CalibrationProfile.fixed_temperature())
    vector = unit_rows(np.ones((1, DIM)))
    created.ingest(make_items(vector))
    # The other replica started before the collection existed: it finds it, and the acknowledged item, at once.
    assert two.names() == ["shared"]
    seen = two.get("shared")
    assert [h.record.id for h in seen.search_vector(vector[0], top_k=1).hits] == ["item-0"]
    created.set_calibration(CalibrationProfile.platt(3.0, -1.0))
    assert seen.calibration == CalibrationProfile.platt(3.0, -1.0)
    two.close()
    one.close()
