"""The ingest pipeline: read or receive bytes, skip what is unchanged, embed the rest once, store durably.

Video messages (`IngestItem.video` set) take two other routes: a frame is
embedded like any image but staged, and a commit, which carries no bytes,
makes a video's staged frames visible at once (store_videos.py). Commits
run after the rest of their batch, so frames sent before them are staged.

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
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from mediasearch.imaging import ImageRejected
from mediasearch.runtime.errors import DomainError, InvalidArgument, ItemFailure
from search_svc.core.collection import Collection
from search_svc.core.photo_facts import read_photo_facts
from search_svc.core.records import (
    MAX_VIDEO_FRAMES,
    IngestResult,
    IngestStatus,
    ItemMetadata,
    MediaType,
    NewItem,
    VideoIngestInfo,
    validate_item_id,
    validate_metadata,
    validate_sha256,
)
from search_svc.core.safe_open import read_under_roots
from search_svc.core.thumbnails import DEFAULT_SPEC, Thumbnail, ThumbnailSpec, make_thumbnail
from search_svc.core.views import view_crops, views_wanted

log = logging.getLogger(__name__)


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
    # Set on a video's frames and on its commit (which has neither data nor path).
    video: VideoIngestInfo | None = None

    @property
    def is_video_commit(self) -> bool:
        return self.video is not None and self.metadata.media_type == MediaType.VIDEO


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
        region_views: str = "auto",
        max_image_pixels: int = 50_000_000,
    ) -> None:
        self._roots = [Path(r) for r in roots]
        self._region_views = region_views
        self._max_pixels = max_image_pixels
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
        metadata = validate_metadata(item.metadata, "metadata", video=item.video is not None)
        if item.video is not None:
            _check_video_message(item, metadata)
            if item.is_video_commit:
                return _Pending(position, item, b"", item.video.video_sha256, metadata)
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
        commits = [p for p in group if p.item.is_video_commit]
        for p in group:
            if p.item.is_video_commit:
                continue
            if p.item.video is not None:  # a frame: staged even when stored as it is, since its commit replaces all
                plan = collection.plan_ingest("", p.sha256, p.metadata)
            else:
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
        images = [(p, new) for p, new in to_store if p.item.video is None]
        if images and collection.keeps_views and views_wanted(self._region_views, collection.model_id):
            images = self._with_views(images)
        if images:
            stored = collection.ingest([new for _, new in images])
            done.extend((p.position, result) for (p, _), result in zip(images, stored, strict=True))
        frames: dict[str, list[tuple[_Pending, NewItem]]] = {}
        for p, new in to_store:
            if p.item.video is not None:
                frames.setdefault(p.item.video.video_sha256, []).append((p, new))
        for video_sha256, staged in frames.items():
            indexed = [(p.item.video.frame_index if p.item.video else 0, new) for p, new in staged]
            results = collection.stage_video_frames(video_sha256, indexed)
            done.extend((p.position, result) for (p, _), result in zip(staged, results, strict=True))
        for p in commits:
            assert p.item.video is not None  # is_video_commit
            video = NewItem(p.item.id, p.sha256, p.metadata)
            done.append((p.position, collection.commit_video(video, p.item.video)))
        return done

    def _with_views(self, images: list[tuple[_Pending, NewItem]]) -> list[tuple[_Pending, NewItem]]:
        """New embeddings with their region views (views.py), all crops in one embedding batch. An item whose
        views cannot be made is stored without them: deep search then scores it by the whole image."""
        crops: dict[str, list[bytes]] = {}
        for p, new in images:
            if new.vector is not None and p.sha256 not in crops:
                try:
                    made = view_crops(p.data, max_bytes=self._max_bytes, max_pixels=self._max_pixels)
                except (ImageRejected, OSError, ValueError):  # the embedder read it; views are a bonus, never a failure
                    log.warning("no region views for item %s: its image could not be cropped", p.item.id, exc_info=True)
                    continue
                if made:
                    crops[p.sha256] = made
        if not crops:
            return images
        answers = iter(self._embed_images([c for views in crops.values() for c in views], None))
        views: dict[str, np.ndarray] = {}
        for sha256, pieces in crops.items():
            vectors = [next(answers).vector for _ in pieces]
            if all(v is not None for v in vectors):
                views[sha256] = np.stack([np.asarray(v, dtype=np.float32) for v in vectors if v is not None])
        return [
            (p, replace(new, views=views.get(p.sha256))) if new.vector is not None else (p, new) for p, new in images
        ]


def _check_video_message(item: IngestItem, metadata: ItemMetadata) -> None:
    """A frame names its video and carries bytes; a commit carries none and announces its frame count."""
    assert item.video is not None
    validate_sha256(item.video.video_sha256, "video.video_sha256")
    if metadata.media_type == MediaType.VIDEO:
        if item.data is not None or item.path is not None:
            raise InvalidArgument.for_field("source", "a video commit carries no bytes; its frames do")
        if not 1 <= item.video.frame_count <= MAX_VIDEO_FRAMES:
            raise InvalidArgument.for_field(
                "video.frame_count", f"must be 1 to {MAX_VIDEO_FRAMES}, got {item.video.frame_count}"
            )
    elif metadata.media_type != MediaType.VIDEO_FRAME:
        raise InvalidArgument.for_field(
            "metadata.media_type", "a message with `video` is a MEDIA_TYPE_VIDEO_FRAME or a MEDIA_TYPE_VIDEO commit"
        )
