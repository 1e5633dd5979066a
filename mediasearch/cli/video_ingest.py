"""`mediasearch index` for one video: keyframes decoded here, sent as the frames of one atomic video ingest.

One Ingest stream per video: its kept frames (images with `video` set, each
staged by the service as it arrives, so nothing is held here but the frame in
flight), then the commit that makes the video and exactly those frames
searchable together. A file that cannot be decoded, or whose decoding runs out
of its time budget, sends no commit: its previous version, if any, stays as it
was, and the error is reported for this file alone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from google.protobuf import timestamp_pb2

from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.video import DEFAULT_KEYFRAMES, VIDEO_EXTENSIONS, KeyframeReader, KeyframeSettings, VideoError

VIDEO_SUFFIXES = frozenset(VIDEO_EXTENSIONS)
HASH_CHUNK_BYTES = 1 << 20

# (path, seconds decoded, video duration in seconds or 0 when unknown)
PositionCallback = Callable[[Path, float, float], None]


@dataclass
class VideoOutcome:
    """What happened to one video: `status` is "indexed", "unchanged" or "failed" (then `error` says why)."""

    status: str
    frames: int = 0
    error: str = ""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def frame_item_id(video_id: str, time_ms: int) -> str:
    """A frame's id: the video's with a media-fragment time, `clip.mp4#t=83.250`."""
    return f"{video_id}#t={time_ms / 1000:.3f}"


def ingest_video(
    stub: search_pb2_grpc.SearchServiceStub,
    collection: str,
    path: Path,
    stat: os.stat_result,
    *,
    tags: Sequence[str] = (),
    timeout_s: float = 60.0,
    settings: KeyframeSettings = DEFAULT_KEYFRAMES,
    on_position: PositionCallback = lambda path, done, total: None,
) -> VideoOutcome:
    """Decode, send and commit one video; never raises for a bad file (gRPC errors of the call do raise)."""
    try:
        sha256 = file_sha256(path)
        reader = KeyframeReader(path, settings)
    except OSError as error:
        return VideoOutcome("failed", error=f"cannot read: {error.strerror or error}")
    except ImportError:
        return VideoOutcome("failed", error="VIDEO_SUPPORT_MISSING: videos need PyAV: pip install 'mediasearch[cli]'")
    except VideoError as error:
        return VideoOutcome("failed", error=str(error))
    video_id = str(path)
    mtime = timestamp_pb2.Timestamp()
    mtime.FromNanoseconds(stat.st_mtime_ns)
    parent = collection_name(collection)
    problems: list[str] = []
    sent = 0

    def requests() -> Iterator[search_pb2.IngestRequest]:
        nonlocal sent
        with reader:
            try:
                for keyframe in reader:
                    on_position(path, reader.position_s, reader.facts.duration_s)
                    metadata = search_pb2.ItemMetadata(
                        uri=video_id,
                        media_type=search_pb2.MEDIA_TYPE_VIDEO_FRAME,
                        modify_time=mtime,
                        tags=list(tags),
                        video_item_id=video_id,
                        frame_time_ms=keyframe.time_ms,
                    )
                    yield search_pb2.IngestRequest(
                        parent=parent,
                        item_id=frame_item_id(video_id, keyframe.time_ms),
                        data=keyframe.jpeg,
                        metadata=metadata,
                        video=search_pb2.VideoIngestInfo(video_sha256=sha256, frame_index=sent),
                    )
                    sent += 1
            except VideoError as error:
                problems.append(str(error))
                return
        on_position(path, reader.facts.duration_s, reader.facts.duration_s)
        metadata = search_pb2.ItemMetadata(
            uri=video_id, media_type=search_pb2.MEDIA_TYPE_VIDEO, modify_time=mtime, tags=list(tags)
        )
        facts = reader.facts
        commit = search_pb2.VideoIngestInfo(
            video_sha256=sha256, frame_count=sent, size_bytes=stat.st_size, width=facts.width, height=facts.height
        )
        yield search_pb2.IngestRequest(parent=parent, item_id=video_id, metadata=metadata, video=commit)

    commit_response: search_pb2.IngestResponse | None = None
    # The stream lasts as long as the decoding: it gets the decoding budget on top of the per-call deadline.
    for response in stub.Ingest(requests(), timeout=timeout_s + settings.time_budget_s):
        if response.status == search_pb2.INGEST_STATUS_FAILED and not problems:
            problems.append(f"{response.error.reason}: {response.error.message} ({response.item_id})")
        if response.item_id == video_id:
            commit_response = response
    if problems:
        return VideoOutcome("failed", sent, problems[0])
    if commit_response is None:
        return VideoOutcome("failed", sent, "the service did not answer the video's commit")
    unchanged = commit_response.status == search_pb2.INGEST_STATUS_UNCHANGED
    return VideoOutcome("unchanged" if unchanged else "indexed", sent)
