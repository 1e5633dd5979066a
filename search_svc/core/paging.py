"""Paging rules shared by search and listing: limits, and opaque list page tokens.

A list token encodes the last id returned and the uri prefix it was issued
for, so a token cannot silently be reused with another prefix.
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
    if not 1 <= top_k <= MAX_TOP_K:
        raise InvalidArgument.for_field("top_k", f"must be 1 to {MAX_TOP_K}, got {top_k}")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidArgument.for_field("offset", f"must be 0 to {MAX_OFFSET}, got {offset}")


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


def encode_page_token(after_id: str, uri_prefix: str) -> str:
    payload = json.dumps({"after": after_id, "prefix": uri_prefix}, ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_page_token(token: str, uri_prefix: str) -> str:
    if not token:
        return ""
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        after, prefix = payload["after"], payload["prefix"]
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise InvalidArgument.for_field("page_token", "is not a token this service issued") from error
    if prefix != uri_prefix:
        raise InvalidArgument.for_field("page_token", "was issued for a different uri_prefix")
    return str(after)
