"""`mediasearch index`: walk folders, stream changed images and videos to the search service, report per-file errors.

Videos are decoded here into keyframes and sent one video per stream
(video_ingest.py); photos travel as they are, 64 a stream.

Incremental: the service's stored size and modification time for each path are fetched
first (ListItems), so unchanged files are skipped without being read; changed
files are streamed, and the service itself answers UNCHANGED when the bytes
hash the same. One bad file is one error line, never the end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from google.protobuf import timestamp_pb2

from mediasearch.cli.video_ingest import VIDEO_SUFFIXES, PositionCallback, ingest_video
from mediasearch.limits import DELETE_IDS_PER_CALL, chunks, send_in_chunks
from mediasearch.names import collection_name
from mediasearch.query_syntax import IMAGE_EXTENSIONS
from mediasearch.runtime.status import exceeded_limit
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.video import DEFAULT_KEYFRAMES, KeyframeSettings

IMAGE_SUFFIXES = frozenset(IMAGE_EXTENSIONS)  # what the query syntax also reads as an image file
MEDIA_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES
LIST_PAGE = 1000
# Files per Ingest stream. Every call has the same deadline (--timeout), so a stream's work must be
# bounded: 64 images take a few seconds on a CPU with a base-size SigLIP, well inside the 60 s default.
INGEST_FILES_PER_CALL = 64
# One file travels as one Ingest message; a larger one would end the whole stream with RESOURCE_EXHAUSTED
# (the channel's 64 MiB limit, less room for the message's other fields), so it is reported here instead.
MAX_FILE_BYTES = 64 * 1024 * 1024 - 64 * 1024


@dataclass
class DeleteOutcome:
    """What deleting a list of items did, summed over the calls it took."""

    deleted_count: int = 0
    missing_names: list[str] = field(default_factory=list)


@dataclass
class IndexReport:
    """What one `index` run did."""

    indexed: int = 0
    unchanged: int = 0
    skipped_unread: int = 0
    removed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.indexed + self.unchanged + self.skipped_unread + len(self.errors)


def walk_media(roots: Sequence[Path]) -> list[Path]:
    """Image and video files under the roots (recursively), sorted, symlinks to files followed but not into folders."""
    found: set[Path] = set()
    for root in roots:
        root = root.resolve()
        if root.is_file():
            found.add(root)
            continue
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = Path(folder) / name
                if path.suffix.lower() in MEDIA_SUFFIXES:
                    found.add(path)
    return sorted(found)


def stored_items(stub: search_pb2_grpc.SearchServiceStub, collection: str, prefix: str) -> dict[str, search_pb2.Item]:
    """Every stored image and video whose uri starts with `prefix`, by uri (a video's frames share its uri)."""
    items: dict[str, search_pb2.Item] = {}
    token = ""
    while True:
        page = stub.ListItems(
            search_pb2.ListItemsRequest(
                parent=collection_name(collection), page_size=LIST_PAGE, page_token=token, uri_prefix=prefix
            )
        )
        items.update(
            {i.metadata.uri: i for i in page.items if i.metadata.media_type != search_pb2.MEDIA_TYPE_VIDEO_FRAME}
        )
        token = page.next_page_token
        if not token:
            return items


def _mtime(stat: os.stat_result) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromNanoseconds(stat.st_mtime_ns)
    return stamp


def _unchanged(stored: search_pb2.Item | None, stat: os.stat_result) -> bool:
    return (
        stored is not None
        and stored.size_bytes == stat.st_size
        and stored.metadata.modify_time.ToNanoseconds() == stat.st_mtime_ns
    )


def index_paths(
    stub: search_pb2_grpc.SearchServiceStub,
    collection: str,
    roots: Sequence[Path],
    *,
    tags: Sequence[str] = (),
    remove_missing: bool = False,
    reread: bool = False,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
    on_video_position: PositionCallback = lambda path, done, total: None,
    timeout_s: float = 60.0,
    keyframes: KeyframeSettings = DEFAULT_KEYFRAMES,
) -> IndexReport:
    """Index every image and video under `roots` into `collection`; `on_progress(done, total)` after each file,
    `on_video_position(path, seconds, duration)` as a video decodes."""
    report = IndexReport()
    files = walk_media(roots)
    stored: dict[str, search_pb2.Item] = {}
    collection_exists = True
    for root in roots:
        try:
            stored.update(stored_items(stub, collection, str(root.resolve())))
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:  # a new collection has nothing stored yet
                raise
            collection_exists = False
    to_send: list[tuple[Path, os.stat_result]] = []
    videos: list[tuple[Path, os.stat_result]] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError as error:
            report.errors.append((str(path), f"cannot stat: {error.strerror}"))
            continue
        if not reread and _unchanged(stored.get(str(path)), stat):
            report.skipped_unread += 1
        elif path.suffix.lower() in VIDEO_SUFFIXES:
            videos.append((path, stat))  # read a frame at a time, so no size limit
        elif stat.st_size > MAX_FILE_BYTES:
            report.errors.append(
                (
                    str(path),
                    f"IMAGE_TOO_LARGE: file is {stat.st_size} bytes; one message carries at most {MAX_FILE_BYTES}",
                )
            )
        else:
            to_send.append((path, stat))
    total = len(files)
    on_progress(report.seen, total)

    def requests(batch: Sequence[tuple[Path, os.stat_result]]) -> Iterator[search_pb2.IngestRequest]:
        for path, stat in batch:
            try:
                data = path.read_bytes()
            except OSError as error:
                report.errors.append((str(path), f"cannot read: {error.strerror}"))
                on_progress(report.seen, total)
                continue
            metadata = search_pb2.ItemMetadata(uri=str(path), modify_time=_mtime(stat), tags=list(tags))
            yield search_pb2.IngestRequest(
                parent=collection_name(collection), item_id=str(path), data=data, metadata=metadata
            )

    # One stream per INGEST_FILES_PER_CALL files, so each call's work is bounded and one deadline fits all.
    for batch in chunks(to_send, INGEST_FILES_PER_CALL) if to_send else ():
        for response in stub.Ingest(requests(batch)):
            if response.status == search_pb2.INGEST_STATUS_INDEXED:
                report.indexed += 1
            elif response.status == search_pb2.INGEST_STATUS_UNCHANGED:
                report.unchanged += 1
            else:
                report.errors.append((response.item_id, f"{response.error.reason}: {response.error.message}"))
            on_progress(report.seen, total)
    for path, stat in videos:
        outcome = ingest_video(
            stub,
            collection,
            path,
            stat,
            tags=tags,
            timeout_s=timeout_s,
            settings=keyframes,
            on_position=on_video_position,
        )
        if outcome.status == "failed":
            report.errors.append((str(path), outcome.error))
        elif outcome.status == "unchanged":
            report.unchanged += 1
        else:
            report.indexed += 1
        on_progress(report.seen, total)
    if remove_missing and collection_exists:
        present = {str(p) for p in files}
        gone = [item.name for uri, item in stored.items() if uri not in present]
        report.removed = delete_items(stub, collection, gone).deleted_count
    return report


def delete_items(stub: search_pb2_grpc.SearchServiceStub, collection: str, names: Sequence[str]) -> DeleteOutcome:
    """Delete any number of items by resource name (none: no call), in calls of at most DELETE_IDS_PER_CALL,
    or of the service's own SEARCH_MAX_DELETE_IDS once it refuses a larger call."""
    outcome = DeleteOutcome()

    def delete(chunk: Sequence[str]) -> None:
        request = search_pb2.BatchDeleteItemsRequest(parent=collection_name(collection), names=list(chunk))
        response = stub.BatchDeleteItems(request)
        outcome.deleted_count += response.deleted_count
        outcome.missing_names += response.missing_names

    if names:
        send_in_chunks(names, DELETE_IDS_PER_CALL, delete, lambda error: exceeded_limit(error, "names"))
    return outcome
