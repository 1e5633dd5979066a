"""Search filters: which stored items a query may return.

One filter has two evaluations that must agree: `to_sql()` for the store,
which turns it into the set of allowed index keys, and `matches()`, a Python
predicate over an `ItemRecord`. All set conditions must hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mediasearch.runtime.errors import InvalidArgument
from search_svc.core.records import ItemRecord, MediaType


@dataclass(frozen=True)
class ItemFilter:
    """Mirrors `search.v1.Filter`. Times are ns since the epoch; `after` is inclusive, `before` exclusive.

    Items without an mtime never satisfy a modify-time condition; items without an EXIF capture time never
    satisfy a capture-time condition.
    """

    media_types: frozenset[MediaType] = frozenset()
    tags_any: frozenset[str] = frozenset()
    tags_all: frozenset[str] = frozenset()
    uri_prefix: str = ""
    mtime_after_ns: int | None = None
    mtime_before_ns: int | None = None
    capture_after_ns: int | None = None
    capture_before_ns: int | None = None

    @classmethod
    def build(
        cls,
        *,
        media_types: Iterable[int] = (),
        tags_any: Iterable[str] = (),
        tags_all: Iterable[str] = (),
        uri_prefix: str = "",
        mtime_after_ns: int | None = None,
        mtime_before_ns: int | None = None,
        capture_after_ns: int | None = None,
        capture_before_ns: int | None = None,
        field_path: str = "filter",
    ) -> ItemFilter:
        """A validated filter; bad parts raise InvalidArgument naming `field_path.<part>`."""
        types = []
        for position, value in enumerate(media_types):
            if value not in (MediaType.IMAGE, MediaType.VIDEO_FRAME, MediaType.VIDEO):
                raise InvalidArgument.for_field(
                    f"{field_path}.media_types[{position}]", f"must be a known, set media type, got {int(value)}"
                )
            types.append(MediaType(value))
        if mtime_after_ns is not None and mtime_before_ns is not None and mtime_after_ns >= mtime_before_ns:
            raise InvalidArgument.for_field(f"{field_path}.modify_time_before", "must be later than modify_time_after")
        if capture_after_ns is not None and capture_before_ns is not None and capture_after_ns >= capture_before_ns:
            raise InvalidArgument.for_field(
                f"{field_path}.capture_time_before", "must be later than capture_time_after"
            )
        return cls(
            frozenset(types),
            frozenset(tags_any),
            frozenset(tags_all),
            uri_prefix,
            mtime_after_ns,
            mtime_before_ns,
            capture_after_ns,
            capture_before_ns,
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.media_types
            or self.tags_any
            or self.tags_all
            or self.uri_prefix
            or self.mtime_after_ns is not None
            or self.mtime_before_ns is not None
            or self.capture_after_ns is not None
            or self.capture_before_ns is not None
        )

    def to_sql(self) -> tuple[str, list[object]]:
        """A boolean SQL expression over the `items` table and its parameters ("1" when empty)."""
        clauses: list[str] = []
        params: list[object] = []
        if self.media_types:
            clauses.append(f"items.media_type IN ({_marks(len(self.media_types))})")
            params.extend(sorted(int(t) for t in self.media_types))
        if self.tags_any:
            clauses.append(f"items.key IN (SELECT key FROM item_tags WHERE tag IN ({_marks(len(self.tags_any))}))")
            params.extend(sorted(self.tags_any))
        if self.tags_all:
            clauses.append(
                f"items.key IN (SELECT key FROM item_tags WHERE tag IN ({_marks(len(self.tags_all))}) "
                "GROUP BY key HAVING COUNT(*) = ?)"
            )
            params.extend(sorted(self.tags_all))
            params.append(len(self.tags_all))
        if self.uri_prefix:
            # The range test lets SQLite seek the uri index; substr makes the match exact and
            # case-sensitive, which LIKE (case-insensitive, with wildcards) would not be.
            clauses.append("(items.uri >= ? AND substr(items.uri, 1, ?) = ?)")
            params.extend([self.uri_prefix, len(self.uri_prefix), self.uri_prefix])
        if self.mtime_after_ns is not None:
            clauses.append("items.mtime_ns >= ?")
            params.append(self.mtime_after_ns)
        if self.mtime_before_ns is not None:
            clauses.append("items.mtime_ns < ?")
            params.append(self.mtime_before_ns)
        if self.capture_after_ns is not None:
            clauses.append("items.capture_time_ns >= ?")  # NULL (no capture time) never passes
            params.append(self.capture_after_ns)
        if self.capture_before_ns is not None:
            clauses.append("items.capture_time_ns < ?")
            params.append(self.capture_before_ns)
        return (" AND ".join(clauses) or "1"), params

    def matches(self, record: ItemRecord) -> bool:
        metadata = record.metadata
        tags = set(metadata.tags)
        mtime = metadata.mtime_ns
        taken = record.photo.capture_time_ns if record.photo is not None else None
        return (
            (not self.media_types or metadata.media_type in self.media_types)
            and (not self.tags_any or bool(tags & self.tags_any))
            and self.tags_all <= tags
            and metadata.uri.startswith(self.uri_prefix)
            and (self.mtime_after_ns is None or (mtime is not None and mtime >= self.mtime_after_ns))
            and (self.mtime_before_ns is None or (mtime is not None and mtime < self.mtime_before_ns))
            and (self.capture_after_ns is None or (taken is not None and taken >= self.capture_after_ns))
            and (self.capture_before_ns is None or (taken is not None and taken < self.capture_before_ns))
        )


NO_FILTER = ItemFilter()


def _marks(count: int) -> str:
    return ", ".join("?" * count)
