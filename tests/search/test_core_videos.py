"""Videos in the search core: staged frames stay invisible until their commit, which replaces a video whole.

Real collections (SQLite file + USearch index) with deterministic vectors; the
frames of a video are near one direction per scene, so a query for a scene
must return the video with a moment inside that scene.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection
from search_svc.core.filters import ItemFilter
from search_svc.core.records import IngestStatus, ItemMetadata, MediaType, NewItem, VideoIngestInfo
from search_svc.core.search import find_similar
from search_svc.core.videos import grouped_search, moments_limit
from tests.search.conftest import make_items, sha_of, unit_rows

DIM = 16


def scene_vectors(seed: int = 5) -> np.ndarray:
    return unit_rows(np.random.default_rng(seed).normal(size=(6, DIM)))


def frames(video_id: str, version: str, scenes: np.ndarray, times_ms: list[int]) -> list[NewItem]:
    """One frame per time; frame k shows scene k (its vector a slight variation of the scene's)."""
    noise = np.random.default_rng(len(times_ms)).normal(size=(len(times_ms), DIM)) * 0.05
    vectors = unit_rows(scenes[: len(times_ms)] + noise)
    return [
        NewItem(
            f"{video_id}#t={t}",
            sha_of(f"{version}-{t}"),
            ItemMetadata(uri=f"/videos/{video_id}", media_type=MediaType.VIDEO_FRAME, parent_id=video_id,
                         frame_time_ms=t),
            vector,
            size_bytes=500,
            width=64,
            height=36,
        )
        for t, vector in zip(times_ms, vectors, strict=True)
    ]


def commit(collection: Collection, video_id: str, version: str, count: int, tags: tuple[str, ...] = ()):
    video = NewItem(video_id, sha_of(version), ItemMetadata(uri=f"/videos/{video_id}", media_type=MediaType.VIDEO,
                                                            tags=tags))
    return collection.commit_video(video, VideoIngestInfo(sha_of(version), count, size_bytes=12345, width=640,
                                                          height=360))


def ingest_video(collection: Collection, video_id: str, version: str, scenes: np.ndarray, times: list[int]):
    staged = collection.stage_video_frames(sha_of(version), list(enumerate(frames(video_id, version, scenes, times))))
    assert {r.status for r in staged} == {IngestStatus.VIDEO_FRAME_STAGED}
    return commit(collection, video_id, version, len(times))


def search(collection: Collection, vector: np.ndarray, top_k: int = 10, **kwargs):
    def rank(k: int, start: int):
        return collection.search_vector(vector, top_k=k, offset=start, **kwargs)

    return grouped_search(collection, rank, top_k=top_k, offset=0).hits


def test_frames_are_invisible_until_the_commit_then_found_as_moments(new_collection) -> None:
    collection = new_collection(dimension=DIM)
    scenes = scene_vectors()
    collection.ingest(make_items(unit_rows(np.random.default_rng(9).normal(size=(5, DIM)))))
    staged = collection.stage_video_frames(sha_of("v1"), list(enumerate(frames("clip.mp4", "v1", scenes, [0, 4000, 8000]))))
    assert [r.status for r in staged] == [IngestStatus.VIDEO_FRAME_STAGED] * 3
    assert collection.stats().item_count == 5 and collection.stats().index_size == 5
    assert all(h.record.metadata.media_type == MediaType.IMAGE for h in search(collection, scenes[1]))

    assert commit(collection, "clip.mp4", "v1", 3).status == IngestStatus.INDEXED
    assert collection.stats().item_count == 5 + 3 + 1 and collection.stats().index_size == 9
    hits = search(collection, scenes[1])
    top = hits[0]
    assert top.record.id == "clip.mp4" and top.record.metadata.media_type == MediaType.VIDEO
    assert top.rank == 1 and top.moments[0].frame.metadata.frame_time_ms == 4000
    assert top.score == top.moments[0].score
    assert [h.record.id for h in hits].count("clip.mp4") == 1, "one result per video"
    assert all(h.record.metadata.media_type != MediaType.VIDEO_FRAME for h in hits)
    video = collection.records_by_id(["clip.mp4"])["clip.mp4"]
    assert (video.size_bytes, video.width, video.height) == (12345, 640, 360)


def test_an_incomplete_commit_fails_and_a_resumed_ingest_after_a_restart_completes(tmp_path: Path) -> None:
    scenes = scene_vectors()
    collection = Collection.create(tmp_path / "c", name="c", model_id="m", dimension=DIM,
                                   calibration=CalibrationProfile.fixed_temperature())
    ingest_video(collection, "clip.mp4", "v1", scenes, [0, 1000])
    new_frames = frames("clip.mp4", "v2", scenes[::-1].copy(), [0, 2000, 4000, 6000])
    # Interrupted after three frames, one of which (t=9999) the resumed attempt will not choose again.
    stray = frames("clip.mp4", "v2", scenes, [9999])[0]
    collection.stage_video_frames(sha_of("v2"), list(enumerate([*new_frames[:2], stray])))
    result = commit(collection, "clip.mp4", "v2", 3 + 1)
    assert result.status == IngestStatus.FAILED and result.error is not None
    assert result.error.reason == "VIDEO_INCOMPLETE" and result.error.code_name == "FAILED_PRECONDITION"
    collection.close()

    collection = Collection.open(tmp_path / "c")  # the process restarted
    try:
        before = {r.id for r in collection.list_items(page_size=100).items}
        assert before == {"clip.mp4", "clip.mp4#t=0", "clip.mp4#t=1000"}, "the old version stays whole"
        # Resume: the client sends everything again; frames staged before need no vector.
        resent = [NewItem(f.id, f.sha256, f.metadata, None, f.size_bytes, f.width, f.height) for f in new_frames[:2]]
        staged = collection.stage_video_frames(sha_of("v2"), list(enumerate(resent + new_frames[2:])))
        assert [r.embedding_reused for r in staged] == [True, True, False, False]
        assert commit(collection, "clip.mp4", "v2", 4).status == IngestStatus.INDEXED
        after = {r.id for r in collection.list_items(page_size=100).items}
        assert after == {"clip.mp4", *(f"clip.mp4#t={t}" for t in (0, 2000, 4000, 6000))}
        assert collection.stats().index_size == 5
        assert collection._store._reader().execute("SELECT COUNT(*) FROM video_frames_staged").fetchone()[0] == 0
    finally:
        collection.close()


def test_reindexing_replaces_every_frame_and_an_unchanged_video_writes_nothing(new_collection) -> None:
    collection = new_collection(dimension=DIM)
    scenes = scene_vectors()
    ingest_video(collection, "a.webm", "v1", scenes, [0, 3000, 6000])
    seq = collection._store.last_seq()
    assert ingest_video(collection, "a.webm", "v1", scenes, [0, 3000, 6000]).status == IngestStatus.UNCHANGED
    assert collection._store.last_seq() == seq

    assert ingest_video(collection, "a.webm", "v2", scenes[3:].copy(), [500, 1500]).status == IngestStatus.INDEXED
    ids = {r.id for r in collection.list_items(page_size=100).items}
    assert ids == {"a.webm", "a.webm#t=500", "a.webm#t=1500"}
    assert collection.stats().index_size == 3


def test_deleting_a_video_deletes_its_frames_and_cancels_a_staged_version(new_collection) -> None:
    collection = new_collection(dimension=DIM)
    scenes = scene_vectors()
    ingest_video(collection, "a.mp4", "v1", scenes, [0, 1000, 2000])
    collection.stage_video_frames(sha_of("v2"), list(enumerate(frames("a.mp4", "v2", scenes, [0]))))
    result = collection.delete(["a.mp4"])
    assert result.deleted_count == 1 and result.missing_ids == []
    assert collection.stats().item_count == 0 and collection.stats().index_size == 0
    assert commit(collection, "a.mp4", "v2", 1).error.reason == "VIDEO_INCOMPLETE"


def test_filters_similar_and_limits(new_collection) -> None:
    collection = new_collection(dimension=DIM)
    scenes = scene_vectors()
    ingest_video(collection, "a.mp4", "v1", scenes, [0, 1000, 2000, 3000])
    collection.ingest(make_items(scenes[2:3]))  # a photo of scene 2

    def rank_filtered(types):
        item_filter = ItemFilter.build(media_types=types)
        return [h.record.metadata.media_type for h in search(collection, scenes[2], item_filter=item_filter)]

    assert set(rank_filtered([MediaType.IMAGE])) == {MediaType.IMAGE}
    assert set(rank_filtered([MediaType.VIDEO_FRAME])) == {MediaType.VIDEO}  # frames come back as their video

    def rank_similar(k: int, start: int):
        return find_similar(collection, item_id="a.mp4#t=2000", top_k=k, offset=start)

    similar = grouped_search(collection, rank_similar, top_k=5, offset=0).hits
    assert similar[0].record.id == "item-0"  # the photo of the same scene, ahead of the video's other frames
    assert moments_limit(0) == 3
    with pytest.raises(Exception, match="max_video_moments"):
        moments_limit(21)
