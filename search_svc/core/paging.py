"""Paging rules shared by search and listing: limits, and opaque page tokens (AIP-158).

A list token encodes the last id returned and the uri prefix it was issued
for, so a token cannot silently be reused with another prefix. A search
token encodes the offset of the next page and a fingerprint of the query it
was issued for (the caller hashes every request field but the paging ones),
so a token from one query is refused by another instead of paging it.
"""

from __future__ import annotations

import base64
import binascii
import json

from mediasearch.runtime.errors import InvalidArgument

MAX_TOP_K = 1000
MAX_OFFSET = 10_000
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100


def validate_paging(top_k: int, offset: int) -> None:
    """`top_k` results from `offset`: the page size and the position a page token stands for."""
    if not 1 <= top_k <= MAX_TOP_K:
        raise InvalidArgument.for_field("page_size", f"must be 0 to {MAX_TOP_K}, got {top_k}")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidArgument.for_field("page_token", f"points past the last pageable result ({MAX_OFFSET})")


def validate_thresholds(min_score: float | None = None, min_cosine: float | None = None) -> None:
    """A calibrated score lies in [0, 1], a cosine in [-1, 1]; None means no threshold."""
    if min_score is not None and not 0.0 <= min_score <= 1.0:
        raise InvalidArgument.for_field("min_score", f"must be in [0, 1], got {min_score}")
    if min_cosine is not None and not -1.0 <= min_cosine <= 1.0:
        raise InvalidArgument.for_field("min_cosine", f"must be in [-1, 1], got {min_cosine}")


def validate_page_size(page_size: int) -> int:
    """The page size to use: 0 means the default."""
    page_size = page_size or DEFAULT_PAGE_SIZE
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidArgument.for_field("page_size", f"must be 0 to {MAX_PAGE_SIZE}, got {page_size}")
    return page_size


def _encode(payload: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")


def _decode(token: str, *keys: str) -> list[object]:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return [payload[key] for key in keys]
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise InvalidArgument.for_field("page_token", "is not a token this service issued") from error


def encode_page_token(after_id: str, uri_prefix: str) -> str:
    return _encode({"after": after_id, "prefix": uri_prefix})


def decode_page_token(token: str, uri_prefix: str) -> str:
    if not token:
        return ""
    after, prefix = _decode(token, "after", "prefix")
    if prefix != uri_prefix:
        raise InvalidArgument.for_field("page_token", "was issued for a different uri_prefix")
    return str(after)


def encode_offset_token(offset: int, fingerprint: str) -> str:
    """The token for the page starting at `offset` of the query with this fingerprint."""
    return _encode({"offset": offset, "query": fingerprint})


def decode_offset_token(token: str, fingerprint: str) -> int:
    """The offset a token stands for (0 for no token); refused when it was issued for another query."""
    if not token:
        return 0
    offset, query = _decode(token, "offset", "query")
    if query != fingerprint:
        raise InvalidArgument.for_field("page_token", "was issued for a different query", reason="PAGE_TOKEN_MISMATCH")
    if not isinstance(offset, int) or not 0 < offset <= MAX_OFFSET:
        raise InvalidArgument.for_field("page_token", "is not a token this service issued")
    return offset


def next_offset(offset: int, page_size: int, remaining: int) -> int | None:
    """Where the next page starts, or None when this page is the last one that can be served."""
    following = offset + page_size
    return following if remaining > 0 and following <= MAX_OFFSET else None
