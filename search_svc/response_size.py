"""Keeping responses under the gRPC send limit by ending a page early.

Items carry caller metadata, so a page of `page_size` items can exceed the
send limit (SEARCH_MAX_SEND_MESSAGE_MB) even when each item is within the
request limits; grpc would then fail the whole call. ListItems and Search
instead return the longest prefix that fits and say where to continue
(ListItems' next_page_token, Search's `remaining`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from google.protobuf.message import Message

from mediasearch.runtime.errors import ResourceExhausted

M = TypeVar("M", bound=Message)

# Room for the response's other fields and gRPC framing beyond what ByteSize() counts.
HEADROOM_BYTES = 16 * 1024


def _varint_size(value: int) -> int:
    size = 1
    while value >= 0x80:
        value >>= 7
        size += 1
    return size


def fitting_prefix(entries: Sequence[M], budget: int) -> list[M]:
    """The longest prefix of `entries` whose encoding as a repeated field takes at most `budget` bytes.

    An entry that alone is over the budget cannot be sent at all: ResourceExhausted says so, instead
    of grpc failing the call with a bare message-size error.
    """
    kept: list[M] = []
    used = 0
    for entry in entries:
        size = entry.ByteSize()
        cost = 1 + _varint_size(size) + size  # field tag, length, body
        if used + cost > budget:
            if not kept:
                raise ResourceExhausted(
                    f"one result alone is {size} bytes, over the {budget}-byte response budget; raise "
                    "SEARCH_MAX_SEND_MESSAGE_MB or shrink the item's metadata",
                    reason="RESPONSE_TOO_LARGE",
                )
            break
        kept.append(entry)
        used += cost
    return kept


def response_budget(max_send_bytes: int, response: Message) -> int:
    """Bytes left for repeated entries in `response` (already holding its other fields)."""
    return max_send_bytes - HEADROOM_BYTES - response.ByteSize()
