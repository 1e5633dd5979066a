"""Videos end to end: real files encoded with PyAV, indexed by the CLI's code through real services.

Each generated video shows test-pattern pictures for known spans (H.264 in
MP4, VP9 in WebM, HEVC in MOV). The tiny test SigLIP tells the patterns
apart, so a search with a pattern's picture must return the video that shows
it, with its best moment inside that span. A folder of photos and videos
indexes both; broken files fail alone; a video whose ingest stopped before
its commit is never half visible, and indexing again completes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import grpc
import pytest

from mediasearch.cli.indexing import index_paths
from mediasearch.cli.video_ingest import file_sha256, frame_item_id
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from mediasearch.testing.videos import Segment, write_video
from search_svc.server import create_server
from tests.servers import search_settings

pytest.importorskip("av")

COLLECTION = "media"
SECONDS = 2.5
VIDEOS = {"clip.mp4": ("h264", (0, 1, 2, 3)), "clip.webm": ("vp9", (4, 5, 6)), "clip.mov": ("hevc", (7, 1))}
PHOTOS = {"photo-a.png": 10, "photo-b.png": 11}


def write_media(folder: Path) -> dict[int, dict[str, tuple[float, float]]]:
    """Photos and videos in `folder`; returns where each video pattern is: {file: (start s, end s)}."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, seed in PHOTOS.items():
        (folder / name).write_bytes(pattern_image(seed))
    shown: dict[int, dict[str, tuple[float, float]]] = {}
    for name, (codec, seeds) in VIDEOS.items():
        spans = write_video(folder / name, [Segment(pattern_image(s), SECONDS) for s in seeds], codec=codec)
        for seed, (start, end) in zip(seeds, spans, strict=True):
            shown.setdefault(seed, {})[str(folder / name)] = (start, end)
    return shown


def search_by_picture(stub: search_pb2_grpc.SearchServiceStub, seed: int, **request: object) -> search_pb2.SearchResponse:
    term = search_pb2.QueryTerm(image=pattern_image(seed))
    return stub.Search(search_pb2.SearchRequest(parent=collection_name(COLLECTION), terms=[term], **request))


@pytest.fixture()
def service(tmp_path: Path, embedder_server) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    """Starts search services on one data folder (a restart is a second call); stops them all."""
    started = []

    def start() -> search_pb2_grpc.SearchServiceStub:
        for running, _ in started:
            running.stop(grace=1).wait()  # one process owns a data folder at a time
        server, port = create_server(search_settings(tmp_path / "data", embedder_server[1]), port=0)
        server.wait_ready(60)
        channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.max_send_message_length", 64 << 20)])
        started.append((server, channel))
        return search_pb2_grpc.SearchServiceStub(channel)

    yield start
    for server, channel in started:
        channel.close()
        server.stop(0)


def test_a_folder_of_photos_and_videos_indexes_both_and_finds_each_moment(tmp_path: Path, service) -> None:
    stub = service()
    shown = write_media(tmp_path / "media")
    report = index_paths(stub, COLLECTION, [tmp_path / "media"])
    assert report.errors == [] and report.indexed == len(PHOTOS) + len(VIDEOS)

    for seed, spans in shown.items():
        response = search_by_picture(stub, seed, page_size=3)
        best = response.results[0]
        assert best.item.id in spans and best.item.metadata.media_type == search_pb2.MEDIA_TYPE_VIDEO, seed
        start, end = spans[best.item.id]
        moment = best.video_moments[0]
        assert start * 1000 <= moment.frame_time_ms < end * 1000, (seed, moment.frame_time_ms, start, end)
        assert best.score == pytest.approx(moment.score) and best.rank == 1
        ids = [r.item.id for r in response.results]
        assert len(ids) == len(set(ids)), "a video is one result, however many frames match"
        frame = stub.BatchGetThumbnails(
            search_pb2.BatchGetThumbnailsRequest(parent=collection_name(COLLECTION), names=[moment.name])
        )
        assert frame.thumbnails and frame.thumbnails[0].data, "each moment has its frame's preview"

    # Deep search folds frames into videos the same way (its expansion service is down here: image terms only).
    deep = search_by_picture(stub, 6, page_size=3, mode=search_pb2.SEARCH_MODE_DEEP)
    assert deep.results[0].item.id in shown[6] and deep.results[0].video_moments
    start, end = shown[6][deep.results[0].item.id]
    assert start * 1000 <= deep.results[0].video_moments[0].frame_time_ms < end * 1000

    # Pattern 1 is in two videos: both come back, each with its own moment.
    both = {r.item.id for r in search_by_picture(stub, 1, page_size=5).results[:2]}
    assert both == {str(tmp_path / "media" / "clip.mp4"), str(tmp_path / "media" / "clip.mov")}

    only_photos = search_by_picture(stub, 2, filter=search_pb2.Filter(media_types=[search_pb2.MEDIA_TYPE_IMAGE]))
    assert {r.item.metadata.media_type for r in only_photos.results} == {search_pb2.MEDIA_TYPE_IMAGE}

    # Similar from a frame: its own video's scene first (the frame itself left out), as a moment.
    first = search_by_picture(stub, 5).results[0]
    frame_id = first.video_moments[0].name.rsplit("/", 1)[-1]
    similar = stub.FindSimilar(
        search_pb2.FindSimilarRequest(parent=collection_name(COLLECTION), item_id=unquote(frame_id))
    )
    assert similar.results and all(r.item.metadata.media_type != search_pb2.MEDIA_TYPE_VIDEO_FRAME for r in similar.results)

    again = index_paths(stub, COLLECTION, [tmp_path / "media"])
    assert again.skipped_unread == len(PHOTOS) + len(VIDEOS) and again.indexed == 0


def test_corrupt_truncated_and_unsupported_videos_fail_alone(tmp_path: Path, service) -> None:
    stub = service()
    folder = tmp_path / "media"
    folder.mkdir()
    write_video(folder / "good.mp4", [Segment(pattern_image(s), SECONDS) for s in (0, 1)])
    whole = (folder / "good.mp4").read_bytes()
    (folder / "truncated.mp4").write_bytes(whole[: len(whole) // 2])
    (folder / "garbage.webm").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.mov").write_bytes(b"")
    report = index_paths(stub, COLLECTION, [folder])
    assert report.indexed == 1
    reasons = {Path(path).name: why.split(":")[0] for path, why in report.errors}
    assert reasons == {"truncated.mp4": "VIDEO_CORRUPT", "garbage.webm": "VIDEO_CORRUPT", "empty.mov": "VIDEO_CORRUPT"}
    listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name(COLLECTION))).items
    assert {Path(i.metadata.uri).name for i in listed} == {"good.mp4"}


def frames_of(stub: search_pb2_grpc.SearchServiceStub, video: str) -> set[str]:
    items = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name(COLLECTION), page_size=1000)).items
    return {i.id for i in items if i.metadata.video_item_id == video}


def test_an_interrupted_video_ingest_is_never_half_visible_and_resumes_after_a_restart(
    tmp_path: Path, service
) -> None:
    stub = service()
    folder = tmp_path / "media"
    folder.mkdir()
    video = folder / "clip.mp4"
    write_video(video, [Segment(pattern_image(s), SECONDS) for s in (0, 1)])
    assert index_paths(stub, COLLECTION, [folder]).indexed == 1
    old_frames = frames_of(stub, str(video))
    assert len(old_frames) == 2

    # A new version of the file; its ingest stops after two frames, before the commit (the client died).
    write_video(video, [Segment(pattern_image(s), SECONDS) for s in (2, 3, 4, 5)])
    new_sha = file_sha256(video)
    partial = [
        search_pb2.IngestRequest(
            parent=collection_name(COLLECTION),
            item_id=frame_item_id(str(video), t),
            data=pattern_image(seed, fmt="JPEG"),
            metadata=search_pb2.ItemMetadata(
                uri=str(video), media_type=search_pb2.MEDIA_TYPE_VIDEO_FRAME, video_item_id=str(video),
                frame_time_ms=t,
            ),
            video=search_pb2.VideoIngestInfo(video_sha256=new_sha, frame_index=index),
        )
        for index, (seed, t) in enumerate(((2, 0), (3, 2500)))
    ]
    statuses = [r.status for r in stub.Ingest(iter(partial))]
    assert statuses == [search_pb2.INGEST_STATUS_VIDEO_FRAME_STAGED] * 2
    assert frames_of(stub, str(video)) == old_frames, "staged frames stay out of sight"
    top = search_by_picture(stub, 3).results[0]
    assert all(m.name.rsplit("/", 1)[-1] not in {"clip.mp4%23t%3D2.500"} for m in top.video_moments)

    # A commit announcing more frames than were staged is refused, and changes nothing.
    commit = search_pb2.IngestRequest(
        parent=collection_name(COLLECTION), item_id=str(video),
        metadata=search_pb2.ItemMetadata(uri=str(video), media_type=search_pb2.MEDIA_TYPE_VIDEO),
        video=search_pb2.VideoIngestInfo(video_sha256=new_sha, frame_count=4),
    )
    refused = next(iter(stub.Ingest(iter([commit]))))
    assert refused.status == search_pb2.INGEST_STATUS_FAILED and refused.error.reason == "VIDEO_INCOMPLETE"
    assert frames_of(stub, str(video)) == old_frames

    stub = service()  # the service restarts; the next index run resumes the video and completes it
    report = index_paths(stub, COLLECTION, [folder])
    assert report.errors == [] and report.indexed == 1, report.errors
    new_frames = frames_of(stub, str(video))
    assert len(new_frames) == 4  # the new version whole: none of the interrupted attempt's frames beyond it
    best = search_by_picture(stub, 4).results[0]
    assert best.item.id == str(video) and 5000 <= best.video_moments[0].frame_time_ms < 7500


def test_video_messages_are_checked(tmp_path: Path, service) -> None:
    stub = service()
    parent = collection_name(COLLECTION)
    frame_without_video = search_pb2.IngestRequest(
        parent=parent, item_id="v#t=0", data=pattern_image(1),
        metadata=search_pb2.ItemMetadata(media_type=search_pb2.MEDIA_TYPE_VIDEO_FRAME, video_item_id="v"),
    )
    commit_with_bytes = search_pb2.IngestRequest(
        parent=parent, item_id="v", data=pattern_image(1),
        metadata=search_pb2.ItemMetadata(media_type=search_pb2.MEDIA_TYPE_VIDEO),
        video=search_pb2.VideoIngestInfo(video_sha256="0" * 64, frame_count=1),
    )
    bad_sha = search_pb2.IngestRequest(
        parent=parent, item_id="v#t=0", data=pattern_image(1),
        metadata=search_pb2.ItemMetadata(media_type=search_pb2.MEDIA_TYPE_VIDEO_FRAME, video_item_id="v"),
        video=search_pb2.VideoIngestInfo(video_sha256="not hex"),
    )
    answers = list(stub.Ingest(iter([frame_without_video, commit_with_bytes, bad_sha])))
    assert [a.error.reason for a in answers] == ["MEDIA_TYPE_UNSUPPORTED", "INVALID_ARGUMENT", "SHA256_INVALID"]
    assert all(a.status == search_pb2.INGEST_STATUS_FAILED for a in answers)
