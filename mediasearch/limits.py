"""Per-call limits of the v1 contracts, in one place for the service that enforces each and the clients
that split their work to fit it.

They are part of the API (each is written in its field's comment in protos/),
so they are constants, not settings: a client cannot ask a deployment for them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive chunks of at most `size` values, in order. No values is one empty chunk, so a
    client still makes its call and the service, which owns the rule, rejects it."""
    for start in range(0, max(len(values), 1), size):
        yield values[start : start + size]
