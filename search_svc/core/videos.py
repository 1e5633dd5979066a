"""Search results for videos: frame hits grouped under their video, each video listing its best moments.

Frames are stored and searched as images (so calibration, deep search and
filters apply to them unchanged); grouping happens on the ranked hits. Why
after ranking and over a window: a video's frames crowd the top of a list
(its scenes repeat), so a page of 10 results needs more than 10 hits. The
search runs for `FETCH_FACTOR` hits per result up to the page's end (at most
`paging.MAX_TOP_K`), groups them in rank order and pages over the groups, so
a video appears once, at the rank of its best hit, with its frames that
matched as moments (best first). A video item's own hit (its mean vector)
joins the same group and adds no moment. Collections without videos skip all
this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from mediasearch.runtime.errors import InvalidArgument
from search_svc.core.collection import Collection
from search_svc.core.paging import MAX_TOP_K, validate_paging
from search_svc.core.records import MediaType
from search_svc.core.results import Hit, Moment, SearchOutcome

DEFAULT_MOMENTS = 3
MAX_MOMENTS = 20
FETCH_FACTOR = 8

# Runs the underlying search for (top_k, offset).
Ranker = Callable[[int, int], SearchOutcome]


def moments_limit(requested: int) -> int:
    """`SearchRequest.max_video_moments`: 0 means the default."""
    if not 0 <= requested <= MAX_MOMENTS:
        raise InvalidArgument.for_field("max_video_moments", f"must be 0 to {MAX_MOMENTS}, got {requested}")
    return requested or DEFAULT_MOMENTS


def grouped_search(
    collection: Collection, rank: Ranker, *, top_k: int, offset: int, max_moments: int = DEFAULT_MOMENTS
) -> SearchOutcome:
    """`rank(top_k, offset)` as is for a collection without videos; else one page of video-grouped results."""
    if not collection.has_videos:
        return rank(top_k, offset)
    validate_paging(top_k, offset)
    end = offset + top_k
    outcome = rank(min(MAX_TOP_K, end * FETCH_FACTOR), 0)
    groups = group_hits(collection, outcome.hits, max_moments)
    page = [replace(hit, rank=offset + position + 1) for position, hit in enumerate(groups[offset:end])]
    # Hits beyond the window may each start a group: counted so that a next page is offered.
    return replace(outcome, hits=page, remaining=max(0, len(groups) - end) + outcome.remaining)


def group_hits(collection: Collection, hits: Sequence[Hit], max_moments: int) -> list[Hit]:
    """Hits in rank order, frames folded into one result per video (ranked by its best hit)."""
    video_ids = {h.record.metadata.parent_id for h in hits if h.record.metadata.media_type == MediaType.VIDEO_FRAME}
    videos = collection.records_by_id(sorted(video_ids)) if video_ids else {}
    groups: dict[str, Hit] = {}
    for hit in hits:
        metadata = hit.record.metadata
        if metadata.media_type == MediaType.VIDEO_FRAME:
            video = videos.get(metadata.parent_id)
            if video is None:  # its video was deleted between the ranking and this read
                continue
            group = groups.setdefault(video.id, replace(hit, record=video, moments=[], duplicate_ids=[]))
            if len(group.moments) < max_moments:
                group.moments.append(Moment(hit.record, hit.raw_cosine, hit.score))
            group.duplicate_ids.extend(hit.duplicate_ids)
        else:
            groups.setdefault(hit.record.id, replace(hit, moments=[]))
    return list(groups.values())
