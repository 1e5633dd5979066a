"""How a mediasearch collection is laid out in Milvus: schema, filter expressions, rows <-> records.

One Milvus collection per mediasearch collection (`items_collection_name`),
primary key the item id, so an upsert of the same id replaces its row: ids are
idempotent in Milvus itself. Every field a search filter reads is a scalar
field of its own (media type, tags as an array, uri, mtime and capture time as
nullable integers), so filters run inside Milvus, before the top-k, never
after it. The rest of a record travels as one JSON field; a preview as base64
text (Milvus has no binary scalar type), dropped when over VARCHAR's 64 KiB.

`key` is the int64 every layer above the store ranks with, and the primary
key: a 63-bit hash of the id, computed by any replica without a shared
counter, so an upsert of the same id replaces its row (ids are idempotent in
Milvus itself); a collision with another live item is probed away at write
time (`MilvusCollection`). Unlike the embedded store's, an item keeps its key
when its content changes: only the embedded index needs keys never reused.

Expressions: this Milvus Lite rejects filter templates and \\u escapes, so
user strings become literals by `literal`, which escapes only what the parser
knows (backslash, quote, \\n \\t \\r) and passes every other character as is.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import numpy as np

from search_svc.core.filters import ItemFilter
from search_svc.core.photo_facts import PhotoFacts
from search_svc.core.records import ItemMetadata, ItemRecord, MediaType, NewItem
from search_svc.core.thumbnails import Thumbnail

# Field sizes in bytes (Milvus VARCHAR lengths count UTF-8 bytes): 4 bytes a character at the character limits.
ID_BYTES = 4 * 1024
URI_BYTES = 4 * 4096
TAG_BYTES = 4 * 128
MAX_TAGS = 1024
THUMBNAIL_CHARS = 65_535
ITEM_FIELDS = ("id", "key", "sha256", "uri", "media_type", "tags", "mtime_ns", "capture_time_ns", "record")
# The collections' registry: one row per mediasearch collection, its binding and calibration (the search
# pods keep no state). Milvus wants a vector field in every collection, so it carries a 2-d placeholder.
REGISTRY = "mediasearch_collections"
REGISTRY_DIMENSION = 2
ITEMS_PREFIX = "ms_"
KEY_MASK = (1 << 63) - 1


def items_collection_name(name: str) -> str:
    """Milvus names allow letters, digits and '_': '_' and '-' are escaped, so the mapping is one to one."""
    return ITEMS_PREFIX + name.replace("_", "_0").replace("-", "_1")


def item_key(item_id: str, probe: int = 0) -> int:
    """A positive 63-bit key for this id; `probe` > 0 gives the alternatives after a collision."""
    digest = hashlib.blake2b(f"{item_id}\0{probe}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & KEY_MASK or 1


def literal(text: str) -> str:
    """`text` as a string literal of a Milvus filter expression."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped.replace("\r", "\\r") + '"'


def strings(values: Any) -> str:
    return "[" + ", ".join(literal(v) for v in values) + "]"


def ints(values: Any) -> str:
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


def prefix_successor(prefix: str) -> str | None:
    """The least string above every string that starts with `prefix` (code point order, which is UTF-8 byte
    order); None when there is none (a prefix of only U+10FFFF)."""
    stripped = prefix.rstrip("\U0010ffff")
    if not stripped:
        return None
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


def filter_expression(item_filter: ItemFilter) -> str:
    """The filter as a Milvus boolean expression over the item fields; "" when it allows everything.

    Absent times are NULL, and a comparison with NULL is false, as in the SQL of the embedded store.
    """
    clauses: list[str] = []
    if item_filter.media_types:
        clauses.append(f"media_type in {ints(sorted(item_filter.media_types))}")
    if item_filter.tags_any:
        clauses.append(f"ARRAY_CONTAINS_ANY(tags, {strings(sorted(item_filter.tags_any))})")
    if item_filter.tags_all:
        clauses.append(f"ARRAY_CONTAINS_ALL(tags, {strings(sorted(item_filter.tags_all))})")
    if item_filter.uri_prefix:
        # A range rather than LIKE: exact and case-sensitive, with no wildcard to escape in the prefix.
        clauses.append(f"uri >= {literal(item_filter.uri_prefix)}")
        upper = prefix_successor(item_filter.uri_prefix)
        if upper is not None:
            clauses.append(f"uri < {literal(upper)}")
    for field, bound, operator in (
        ("mtime_ns", item_filter.mtime_after_ns, ">="),
        ("mtime_ns", item_filter.mtime_before_ns, "<"),
        ("capture_time_ns", item_filter.capture_after_ns, ">="),
        ("capture_time_ns", item_filter.capture_before_ns, "<"),
    ):
        if bound is not None:
            clauses.append(f"{field} {operator} {int(bound)}")
    return " and ".join(f"({c})" for c in clauses)


def both(*expressions: str) -> str:
    return " and ".join(f"({e})" for e in expressions if e)


def item_row(item: NewItem, key: int, vector: np.ndarray, indexed_at_ns: int) -> dict[str, Any]:
    """The Milvus row of a validated item version."""
    metadata = item.metadata
    photo = item.photo
    record = {
        "attributes": dict(metadata.attributes),
        "parent_id": metadata.parent_id,
        "frame_time_ms": metadata.frame_time_ms,
        "size_bytes": item.size_bytes,
        "width": item.width,
        "height": item.height,
        "indexed_at_ns": indexed_at_ns,
        "photo": None if photo is None else photo.__dict__,
    }
    return {
        "id": item.id,
        "key": key,
        "sha256": item.sha256,
        "uri": metadata.uri,
        "media_type": int(metadata.media_type),
        "tags": list(metadata.tags),
        "mtime_ns": metadata.mtime_ns,
        "capture_time_ns": None if photo is None else photo.capture_time_ns,
        "record": record,
        "thumbnail": thumbnail_text(item.thumbnail),
        "vector": np.asarray(vector, dtype=np.float32).tolist(),
    }


def record_from_row(row: dict[str, Any]) -> ItemRecord:
    record = row["record"]
    if isinstance(record, str):
        record = json.loads(record)
    metadata = ItemMetadata(
        uri=row["uri"],
        media_type=MediaType(int(row["media_type"])),
        mtime_ns=row.get("mtime_ns"),
        tags=tuple(row["tags"]),
        attributes=dict(record["attributes"]),
        parent_id=record["parent_id"],
        frame_time_ms=int(record["frame_time_ms"]),
    )
    photo = record.get("photo")
    return ItemRecord(
        key=int(row["key"]),
        id=row["id"],
        metadata=metadata,
        sha256=row["sha256"],
        size_bytes=int(record["size_bytes"]),
        width=int(record["width"]),
        height=int(record["height"]),
        indexed_at_ns=int(record["indexed_at_ns"]),
        seq=0,  # Milvus orders writes itself; no sequence number is kept
        photo=None if photo is None else PhotoFacts(**photo),
    )


def thumbnail_text(thumbnail: Thumbnail | None) -> str:
    """A preview as JSON text: "" when there is none, or when it would not fit the field."""
    if thumbnail is None:
        return ""
    text = json.dumps(
        {
            "mime_type": thumbnail.mime_type,
            "width": thumbnail.width,
            "height": thumbnail.height,
            "data": base64.b64encode(thumbnail.data).decode("ascii"),
        }
    )
    return text if len(text) <= THUMBNAIL_CHARS else ""


def thumbnail_from_text(text: str) -> Thumbnail | None:
    if not text:
        return None
    fields = json.loads(text)
    return Thumbnail(base64.b64decode(fields["data"]), int(fields["width"]), int(fields["height"]), fields["mime_type"])
