"""Videos in the item store: frames staged out of sight, then committed with their video in one transaction.

Why staging: a video arrives as many Ingest messages (its kept frames, then a
commit). Were frames written to `items` as they came, a search during the
ingest, or after it was interrupted, would see half a video, or frames of two
versions at once. So frames wait in `video_frames_staged`, keyed by (video
id, frame id) and tagged with the video file's SHA-256; the commit checks
that exactly the announced number of frames of that version is staged, then
in one transaction removes the video's previous frames and item, inserts the
staged frames and the video item (its vector the normalised mean of its
frames'), and clears the staging rows. A search sees the old version or the
new one, never a mix.

Resuming: staged rows survive a crash (they are committed like any write),
and a re-sent frame whose bytes are already staged or stored reuses that
vector, so an interrupted ingest re-sent from the start embeds only what it
had not reached. Each send starts at frame index 0, which opens a new
attempt: only the latest attempt's frames count at the commit, so frames an
interrupted attempt staged but this one did not choose never slip in.
Frames staged for another version of the same video are dropped when the
first frame of a new version arrives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from mediasearch.runtime.errors import FailedPrecondition
from search_svc.core.records import (
    IngestResult,
    IngestStatus,
    ItemMetadata,
    MediaType,
    NewItem,
    VideoIngestInfo,
    failed,
)
from search_svc.core.store_schema import (
    RECORD_COLUMNS,
    blobs_to_matrix,
    metadata_columns,
    metadata_from_columns,
    record_from_row,
    vector_to_blob,
)
from search_svc.core.store_writes import WriteTransaction
from search_svc.core.thumbnails import Thumbnail

_STAGED_COLUMNS = (
    "frame_id, uri, media_type, mtime_ns, tags_json, attributes_json, parent_id, frame_time_ms, sha256, size_bytes, "
    "width, height, vector, thumbnail_mime_type, thumbnail_width, thumbnail_height, thumbnail_data"
)


def staged_vector(connection: sqlite3.Connection, dimension: int, sha256: str) -> np.ndarray | None:
    """The vector of a staged frame with these bytes, if any (a resumed ingest re-sends them)."""
    row = connection.execute("SELECT vector FROM video_frames_staged WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone()
    return None if row is None else blobs_to_matrix([row[0]], dimension)[0]


def stage_frames(
    connection: sqlite3.Connection, dimension: int, video_sha256: str, frames: Sequence[tuple[int, NewItem]]
) -> list[IngestResult]:
    """Stages validated (frame index, frame) pairs in order; a frame without a vector reuses one stored or
    staged for its bytes. Frame index 0 starts a new attempt (see `VideoIngestInfo.frame_index`)."""
    results = []
    for frame_index, frame in frames:
        video_id = frame.metadata.parent_id
        connection.execute(
            "DELETE FROM video_frames_staged WHERE video_id = ? AND video_sha256 != ?", (video_id, video_sha256)
        )
        attempt = _latest_attempt(connection, video_id) + (1 if frame_index == 0 else 0)
        vector = frame.vector
        if vector is None:
            vector = _stored_vector(connection, dimension, frame.sha256)
            if vector is None:
                error = FailedPrecondition(
                    f"no stored embedding for sha256 {frame.sha256}; the frame needs one", reason="EMBEDDING_REQUIRED"
                )
                results.append(failed(frame.id, error, frame.sha256))
                continue
        thumbnail = frame.thumbnail
        connection.execute(
            f"INSERT OR REPLACE INTO video_frames_staged (video_id, video_sha256, attempt, {_STAGED_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                video_id,
                video_sha256,
                max(attempt, 1),
                frame.id,
                *metadata_columns(frame.metadata),
                frame.sha256,
                frame.size_bytes,
                frame.width,
                frame.height,
                vector_to_blob(vector),
                thumbnail.mime_type if thumbnail else None,
                thumbnail.width if thumbnail else None,
                thumbnail.height if thumbnail else None,
                thumbnail.data if thumbnail else None,
            ),
        )
        results.append(
            IngestResult(frame.id, IngestStatus.VIDEO_FRAME_STAGED, frame.sha256, embedding_reused=frame.vector is None)
        )
    return results


def commit_video(
    connection: sqlite3.Connection, writer: WriteTransaction, dimension: int, video: NewItem, commit: VideoIngestInfo
) -> IngestResult:
    """Replaces the video `video.id` and all its frames by the staged frames of `commit.video_sha256`."""
    rows = connection.execute(
        f"SELECT {_STAGED_COLUMNS} FROM video_frames_staged WHERE video_id = ? AND video_sha256 = ? AND attempt = ? "
        "ORDER BY frame_time_ms, frame_id",
        (video.id, commit.video_sha256, _latest_attempt(connection, video.id)),
    ).fetchall()
    if len(rows) != commit.frame_count:
        error = FailedPrecondition(
            f"video {video.id!r} announces {commit.frame_count} frames but {len(rows)} of this version are staged; "
            "send its frames again, then the commit",
            reason="VIDEO_INCOMPLETE",
        )
        return failed(video.id, error, commit.video_sha256)
    frames, vectors = _frames_from_rows(rows, dimension)
    if _unchanged(connection, video, commit, frames):
        discard_staged_frames(connection, [video.id])
        return IngestResult(video.id, IngestStatus.UNCHANGED, commit.video_sha256)
    writer.delete(video.id)
    writer.delete_frames(video.id)  # frames left by an earlier commit whose parent was replaced by an image
    for frame, vector in zip(frames, vectors, strict=True):
        writer.insert(frame, vector)
    parent = NewItem(
        video.id,
        commit.video_sha256,
        video.metadata,
        size_bytes=commit.size_bytes,
        width=commit.width,
        height=commit.height,
        thumbnail=frames[0].thumbnail,
    )
    writer.insert(parent, _mean_direction(vectors))
    discard_staged_frames(connection, [video.id])
    return IngestResult(video.id, IngestStatus.INDEXED, commit.video_sha256)


def discard_staged_frames(connection: sqlite3.Connection, video_ids: Sequence[str]) -> None:
    connection.executemany("DELETE FROM video_frames_staged WHERE video_id = ?", [(v,) for v in video_ids])


def _latest_attempt(connection: sqlite3.Connection, video_id: str) -> int:
    row = connection.execute("SELECT MAX(attempt) FROM video_frames_staged WHERE video_id = ?", (video_id,)).fetchone()
    return int(row[0] or 0)


def _stored_vector(connection: sqlite3.Connection, dimension: int, sha256: str) -> np.ndarray | None:
    row = connection.execute("SELECT vector FROM items WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone()
    if row is not None:
        return blobs_to_matrix([row[0]], dimension)[0]
    return staged_vector(connection, dimension, sha256)


def _frames_from_rows(rows: list[tuple], dimension: int) -> tuple[list[NewItem], np.ndarray]:
    frames = []
    for row in rows:
        frame_id, metadata = row[0], metadata_from_columns(*row[1:8])
        sha256, size_bytes, width, height, _vector, mime, thumb_width, thumb_height, thumb_data = row[8:]
        thumbnail = None if thumb_data is None else Thumbnail(bytes(thumb_data), thumb_width, thumb_height, mime)
        frames.append(NewItem(frame_id, sha256, metadata, None, size_bytes, width, height, thumbnail))
    return frames, blobs_to_matrix([row[12] for row in rows], dimension)


def _unchanged(connection: sqlite3.Connection, video: NewItem, commit: VideoIngestInfo, frames: list[NewItem]) -> bool:
    """The stored video has these bytes and metadata, and exactly these frames (ids, bytes, metadata)."""
    stored = [
        record_from_row(row)
        for row in connection.execute(
            f"SELECT {RECORD_COLUMNS} FROM items WHERE id = ? OR (parent_id = ? AND media_type = ?)",
            (video.id, video.id, int(MediaType.VIDEO_FRAME)),
        )
    ]
    parents = [r for r in stored if r.id == video.id]
    if len(parents) != 1 or parents[0].sha256 != commit.video_sha256 or parents[0].metadata != video.metadata:
        return False
    stored_frames = {(r.id, r.sha256, _metadata_key(r.metadata)) for r in stored if r.id != video.id}
    return stored_frames == {(f.id, f.sha256, _metadata_key(f.metadata)) for f in frames}


def _mean_direction(vectors: np.ndarray) -> np.ndarray:
    """The normalised mean of unit vectors; the first vector when they cancel out."""
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 1e-6 else vectors[0]


def _metadata_key(metadata: ItemMetadata) -> tuple[object, ...]:
    """A hashable form of metadata (its stored columns), for comparing sets of frames."""
    return metadata_columns(metadata)
