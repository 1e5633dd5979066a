"""Turning command-line query strings into `search.v1` requests.

The syntax is the shared rclip-style parser, `mediasearch.query_syntax`
(`"2:golden retriever" + ./pool.jpg - fruit`); file paths are read here, on the
client, and sent as image bytes, so the service never needs the caller's files.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from google.protobuf import timestamp_pb2

from mediasearch.query_syntax import TermKind, parse_query
from mediasearch.runtime.errors import InvalidArgument
from mediasearch.search.v1 import search_pb2


class QueryError(ValueError):
    """A query the command line cannot send (bad syntax, unreadable image file)."""


def query_terms(text: str) -> list[search_pb2.QueryTerm]:
    try:
        parsed = parse_query(text)
    except InvalidArgument as error:
        raise QueryError(str(error)) from None
    terms = []
    for term in parsed:
        if term.kind == TermKind.PATH:
            path = Path(str(term.value)).expanduser()
            try:
                terms.append(search_pb2.QueryTerm(weight=term.weight, image=path.read_bytes()))
            except OSError as error:
                raise QueryError(f"cannot read image {path}: {error.strerror}") from None
        elif term.kind == TermKind.ITEM:
            terms.append(search_pb2.QueryTerm(weight=term.weight, item_id=str(term.value)))
        else:
            terms.append(search_pb2.QueryTerm(weight=term.weight, text=str(term.value)))
    return terms


def stored_item_id(target: str) -> str:
    """The item id for a path given on the command line: absolute, as `index` stores it; a video frame's
    id (`clip.mp4#t=83.250`) keeps its time."""
    path, hash_mark, fragment = target.partition("#t=")
    video = Path(path).expanduser()
    if video.exists():
        return str(video.resolve()) + hash_mark + fragment
    return target


def _timestamp(value: str | None) -> timestamp_pb2.Timestamp | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise QueryError(f"not an ISO date or time: {value!r} (e.g. 2024-06-01 or 2024-06-01T12:00)") from None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment if moment.tzinfo else moment.astimezone())
    return stamp


# `--media`: a video's results are its frames grouped under it, so "video" allows both.
MEDIA_TYPES = {
    "image": [search_pb2.MEDIA_TYPE_IMAGE],
    "video": [search_pb2.MEDIA_TYPE_VIDEO_FRAME, search_pb2.MEDIA_TYPE_VIDEO],
}


def build_filter(
    *,
    tags_all: list[str],
    tags_any: list[str],
    path_prefix: str | None,
    after: str | None,
    before: str | None,
    taken_after: str | None = None,
    taken_before: str | None = None,
    media: str | None = None,
) -> search_pb2.Filter:
    """A filter from the command's options; every time is an ISO date or time, in this machine's zone unless
    it names one."""
    prefix = str(Path(path_prefix).expanduser().resolve()) if path_prefix else ""
    if media is not None and media not in MEDIA_TYPES:
        raise QueryError(f"--media must be one of {', '.join(MEDIA_TYPES)}, not {media!r}")
    item_filter = search_pb2.Filter(
        tags_all=tags_all, tags_any=tags_any, uri_prefix=prefix, media_types=MEDIA_TYPES.get(media or "", [])
    )
    times = (
        (after, item_filter.modify_time_after),
        (before, item_filter.modify_time_before),
        (taken_after, item_filter.capture_time_after),
        (taken_before, item_filter.capture_time_before),
    )
    for value, field in times:
        if (stamp := _timestamp(value)) is not None:
            field.CopyFrom(stamp)
    return item_filter
