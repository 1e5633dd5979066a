"""The ingest pipeline: read or receive bytes, skip what is unchanged, embed the rest once, store durably.

Per item: resolve its bytes (sent inline, or read from a path inside the
configured roots, see `safe_open`), hash them, ask the collection whether the item is
unchanged or its bytes already have a vector; only the rest go to the image
embedder, in batches, with identical bytes in one batch embedded once. Each
item gets its own result; a bad item never fails its neighbours. An embedder
that cannot be reached fails the call (UNAVAILABLE): nothing unacknowledged
is stored, and everything acknowledged before stays.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from mediasearch.runtime.errors import DomainError, InvalidArgument, ItemFailure
from search_svc.core.collection import Collection
from search_svc.core.photo_facts import read_photo_facts
from search_svc.core.records import (
    IngestResult,
    IngestStatus,
    ItemMetadata,
    NewItem,
    validate_item_id,
    validate_metadata,
)
from search_svc.core.safe_open import read_under_roots
from search_svc.core.thumbnails import DEFAULT_SPEC, Thumbnail, ThumbnailSpec, make_thumbnail


@dataclass(frozen=True)
class ImageEmbedding:
    """The embedder's answer for one image: a vector and its size, or why not."""

    vector: np.ndarray | None
    failure: ItemFailure | None = None
    width: int = 0
    height: int = 0
    # The preview made from the same decode as the model's input, when the embedding side made one.
    thumbnail: Thumbnail | None = None


# Images and, when previews are wanted, how to make them -> one answer per image.
ImageBatchEmbedder = Callable[[Sequence[bytes], ThumbnailSpec | None], list[ImageEmbedding]]


@dataclass
class IngestItem:
    """One item as requested: exactly one of `data` or `path`, or `rejected` when the request was already refused."""

    collection: str
    id: str
    metadata: ItemMetadata = field(default_factory=ItemMetadata)
    data: bytes | None = None
    path: str | None = None
    # Why the request was refused before it reached the pipeline (malformed, over a limit);
    # it becomes this item's FAILED result, in its place in the stream.
    rejected: DomainError | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _failed(item_id: str, failure: ItemFailure, sha256: str = "") -> IngestResult:
    return IngestResult(item_id, IngestStatus.FAILED, sha256=sha256, error=failure)


@dataclass
class _Pending:
    position: int
    item: IngestItem
    data: bytes
    sha256: str
    metadata: ItemMetadata


class IngestPipeline:
    """Turns batches of `IngestItem` into durable `IngestResult`s, one per item, in order."""

    def __init__(
        self,
        *,
        roots: Sequence[Path],
        max_image_bytes: int,
        embed_images: ImageBatchEmbedder,
        collection_for: Callable[[str], Collection],
        thumbnails: ThumbnailSpec = DEFAULT_SPEC,
    ) -> None:
        self._roots = [Path(r) for r in roots]
        self._max_bytes = max_image_bytes
        self._embed_images = embed_images
        self._collection_for = collection_for
        self._thumbnails = thumbnails

    def run(self, items: Sequence[IngestItem]) -> list[IngestResult]:
        results: list[IngestResult | None] = [None] * len(items)
        pending: dict[str, list[_Pending]] = {}
        for position, item in enumerate(items):
            try:
                prepared = self._prepare(position, item)
            except DomainError as error:
                results[position] = _failed(item.id, ItemFailure.from_error(error))
                continue
            pending.setdefault(item.collection, []).append(prepared)
        for collection_name, group in pending.items():
            for position, result in self._store_group(collection_name, group):
                results[position] = result
        return [r for r in results if r is not None]

    def _prepare(self, position: int, item: IngestItem) -> _Pending:
        if item.rejected is not None:
            raise item.rejected
        validate_item_id(item.id, "id")
        metadata = validate_metadata(item.metadata, "metadata")
        if (item.data is None) == (item.path is None):
            raise InvalidArgument.for_field("source", "give exactly one of data or path")
        if item.path is not None:
            data, requested = read_under_roots(item.path, self._roots, self._max_bytes)
            if not metadata.uri:
                metadata = replace(metadata, uri=requested)
        else:
            data = item.data or b""
        if not data:
            raise InvalidArgument.for_field("data", "image data is empty", reason="IMAGE_EMPTY")
        if len(data) > self._max_bytes:
            raise InvalidArgument.for_field(
                "data", f"image is larger than {self._max_bytes} bytes", reason="IMAGE_TOO_LARGE"
            )
        return _Pending(position, item, data, sha256_hex(data), metadata)

    def _store_group(self, collection_name: str, group: list[_Pending]) -> list[tuple[int, IngestResult]]:
        try:
            collection = self._collection_for(collection_name)
        except DomainError as error:
            # A bad collection name or a model mismatch fails every item that names it, nothing else.
            return [(p.position, _failed(p.item.id, ItemFailure.from_error(error), p.sha256)) for p in group]
        done: list[tuple[int, IngestResult]] = []
        to_store: list[tuple[_Pending, NewItem]] = []
        to_embed: dict[str, list[_Pending]] = {}
        for p in group:
            plan = collection.plan_ingest(p.item.id, p.sha256, p.metadata)
            if plan.unchanged and not (plan.needs_thumbnail or plan.needs_photo_facts):
                done.append((p.position, IngestResult(p.item.id, IngestStatus.UNCHANGED, sha256=p.sha256)))
            elif plan.unchanged or not plan.needs_embedding:
                # vector=None: the store reuses the vector it holds for these exact bytes (an unchanged item
                # then answers UNCHANGED and only gains its missing preview or EXIF facts).
                thumbnail = (
                    make_thumbnail(p.data, self._thumbnails) if plan.needs_thumbnail or not plan.unchanged else None
                )
                to_store.append(
                    (
                        p,
                        NewItem(
                            p.item.id,
                            p.sha256,
                            p.metadata,
                            None,
                            len(p.data),
                            thumbnail=thumbnail,
                            photo=read_photo_facts(p.data),
                        ),
                    )
                )
            else:
                to_embed.setdefault(p.sha256, []).append(p)
        if to_embed:
            firsts = [same[0] for same in to_embed.values()]
            embeddings = self._embed_images([p.data for p in firsts], self._thumbnails)
            for first, embedding in zip(firsts, embeddings, strict=True):
                for p in to_embed[first.sha256]:
                    if embedding.vector is None:
                        failure = embedding.failure or ItemFailure(
                            "INTERNAL", "EMBEDDING_MISSING", "no embedding returned"
                        )
                        done.append((p.position, _failed(p.item.id, failure, p.sha256)))
                    else:
                        to_store.append(
                            (
                                p,
                                NewItem(
                                    p.item.id,
                                    p.sha256,
                                    p.metadata,
                                    embedding.vector,
                                    len(p.data),
                                    embedding.width,
                                    embedding.height,
                                    embedding.thumbnail or make_thumbnail(p.data, self._thumbnails),
                                    read_photo_facts(p.data),
                                ),
                            )
                        )
        if to_store:
            stored = collection.ingest([new for _, new in to_store])
            done.extend((p.position, result) for (p, _), result in zip(to_store, stored, strict=True))
        return done
