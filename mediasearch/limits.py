"""Per-call limits of the v1 contracts, in one place for the service that enforces each and the clients
that split their work to fit it.

They are part of the API (each is written in its field's comment in protos/),
so they are the most a deployment accepts; a deployment may be set tighter
(SEARCH_MAX_DELETE_IDS, EMBEDDER_MAX_TEXTS, ...), and says its own limit when
it refuses a request over it, which `send_in_chunks` uses to split further.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

# BatchEmbedTexts: texts per call (embedder.proto).
EMBED_TEXTS_PER_CALL = 256
# BatchEmbedImages: images per call (embedder.proto).
EMBED_IMAGES_PER_CALL = 64
# DeleteItems: ids per call (search.proto).
DELETE_IDS_PER_CALL = 10_000
# BatchGetThumbnails: item names per call, and the largest byte budget of one response (search.proto).
THUMBNAIL_NAMES_PER_CALL = 1000
THUMBNAIL_RESPONSE_BYTES_MAX = 3 << 20

T = TypeVar("T")
R = TypeVar("R")


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive chunks of at most `size` values, in order. No values is one empty chunk, so a
    client still makes its call and the service, which owns the rule, rejects it."""
    for start in range(0, max(len(values), 1), size):
        yield values[start : start + size]


def send_in_chunks(
    values: Sequence[T],
    size: int,
    send: Callable[[Sequence[T]], R],
    limit_of: Callable[[Exception], int | None],
) -> list[R]:
    """`send` each consecutive chunk of at most `size` values, in order (none: one empty chunk, as `chunks`).

    When a chunk is refused as too large, `limit_of(error)` says so: with the
    service's limit (the rest goes in chunks of that), or 0 when it gave none
    (chunks of half the size, until one fits). Any other error, or a refused
    chunk of one value, is raised. A refused chunk did nothing, so it is sent
    again in the smaller size.
    """
    answers: list[R] = []
    start = 0
    while True:
        chunk = values[start : start + size]
        try:
            answers.append(send(chunk))
        except Exception as error:
            limit = limit_of(error)
            if limit is None or len(chunk) <= 1:
                raise
            size = limit if 0 < limit < len(chunk) else len(chunk) // 2
            continue
        start += len(chunk)
        if start >= len(values):
            return answers
