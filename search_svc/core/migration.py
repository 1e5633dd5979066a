"""Copying a collection between storage backends (embedded <-> Milvus), resumable and verified.

Items are read from the source in id order, a page at a time, and upserted
into the target with their vectors, previews and EXIF facts, so the target
needs no embedder. Upserts are idempotent: a run that stopped part way is
resumed by running it again, and the items already copied answer UNCHANGED
without being rewritten. Items the target holds but the source no longer does
(deleted since an earlier run) are deleted from the target, so the two end
equal. Verification: the live counts and a SHA-256 over the sorted ids of
both sides must agree.

Not copied: region views (Milvus keeps none; deep search then scores whole
images) and videos with their frames (the Milvus backend refuses videos);
they are counted as skipped, and the verification leaves them out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mediasearch.runtime.errors import FailedPrecondition
from search_svc.core.backends import CollectionBackend
from search_svc.core.collection import Collection
from search_svc.core.paging import MAX_PAGE_SIZE
from search_svc.core.records import VIDEO_TYPES, IngestStatus, ItemRecord, NewItem


@dataclass
class MigrationReport:
    name: str
    copied: int = 0
    unchanged: int = 0
    skipped_videos: int = 0
    removed_from_target: int = 0
    source_count: int = 0
    target_count: int = 0
    source_checksum: str = ""
    target_checksum: str = ""

    @property
    def verified(self) -> bool:
        return self.source_count == self.target_count and self.source_checksum == self.target_checksum


def pages(collection: Collection, page_size: int = MAX_PAGE_SIZE) -> Iterator[list[ItemRecord]]:
    token = ""
    while True:
        page = collection.list_items(page_size, token)
        if page.items:
            yield page.items
        token = page.next_page_token
        if not token:
            return


def id_checksum(ids: list[str]) -> str:
    """SHA-256 of the sorted ids, one per line: equal sets of ids, equal checksums."""
    digest = hashlib.sha256()
    for item_id in sorted(ids):
        digest.update(item_id.encode() + b"\n")
    return digest.hexdigest()


def copyable_ids(collection: Collection) -> list[str]:
    return [r.id for page in pages(collection) for r in page if r.metadata.media_type not in VIDEO_TYPES]


def migrate(
    source: Collection,
    target_backend: CollectionBackend,
    *,
    on_page: Callable[[MigrationReport], None] = lambda report: None,
) -> MigrationReport:
    """Copies `source` into the same-named collection of `target_backend` (created, or resumed) and verifies."""
    target = target_backend.create(
        source.name, model_id=source.model_id, dimension=source.dimension, calibration=source.calibration
    )
    target.require_model(source.model_id, source.dimension)
    if target.calibration != source.calibration:
        target.set_calibration(source.calibration)
    stored_image = source.info.image_calibration
    if stored_image is not None and target.info.image_calibration != stored_image:
        target.set_image_calibration(stored_image)
    report = MigrationReport(source.name)
    for page in pages(source):
        records = [r for r in page if r.metadata.media_type not in VIDEO_TYPES]
        report.skipped_videos += len(page) - len(records)
        if not records:
            continue
        ids = [r.id for r in records]
        vectors = source.vectors_for_ids(ids)
        thumbnails = source.thumbnails(ids)
        items = [
            NewItem(r.id, r.sha256, r.metadata, vector, r.size_bytes, r.width, r.height, thumbnails.get(r.id), r.photo)
            for r, vector in zip(records, vectors, strict=True)
        ]
        for result in target.ingest(items):
            if result.status == IngestStatus.FAILED:
                raise FailedPrecondition(
                    f"item {result.id!r} could not be copied: {result.error.message if result.error else ''}",
                    reason="MIGRATION_ITEM_FAILED",
                )
            if result.status == IngestStatus.UNCHANGED:
                report.unchanged += 1
            else:
                report.copied += 1
        on_page(report)
    source_ids = copyable_ids(source)
    extra = sorted(set(copyable_ids(target)) - set(source_ids))
    for start in range(0, len(extra), MAX_PAGE_SIZE):
        report.removed_from_target += target.delete(extra[start : start + MAX_PAGE_SIZE]).deleted_count
    target_ids = copyable_ids(target)
    report.source_count, report.target_count = len(source_ids), len(target_ids)
    report.source_checksum, report.target_checksum = id_checksum(source_ids), id_checksum(target_ids)
    target.close()
    return report
