"""Conversions between `search.v1` messages and the search core's value types, resource names included."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from google.protobuf import message as protobuf_message
from google.protobuf import timestamp_pb2

from mediasearch import names
from mediasearch.common.v1 import common_pb2
from mediasearch.runtime.errors import InvalidArgument
from mediasearch.search.v1 import search_pb2
from search_svc.core.calibration import CalibrationMethod, CalibrationProfile
from search_svc.core.calibration_fit import CalibrationMetrics, ReliabilityBin
from search_svc.core.collection import CollectionStats
from search_svc.core.deep import DeepOptions
from search_svc.core.filters import ItemFilter
from search_svc.core.image_calibration import CalibrationTarget
from search_svc.core.image_profile import ImageProfile
from search_svc.core.ingest import IngestItem
from search_svc.core.query import QueryTerm, TermKind
from search_svc.core.records import IngestResult, ItemMetadata, ItemRecord, MediaType, VideoIngestInfo
from search_svc.core.results import Hit, Moment, SearchOutcome, TermMatch
from search_svc.core.thumbnails import ThumbnailBatch


def _timestamp(ns: int | None) -> timestamp_pb2.Timestamp | None:
    if ns is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromNanoseconds(ns)
    return stamp


def metadata_from_proto(message: search_pb2.ItemMetadata) -> ItemMetadata:
    return ItemMetadata(
        uri=message.uri,
        media_type=MediaType(message.media_type) if message.media_type in (0, 1, 2, 3) else MediaType.UNSPECIFIED,
        mtime_ns=message.modify_time.ToNanoseconds() if message.HasField("modify_time") else None,
        tags=tuple(message.tags),
        attributes=dict(message.attributes),
        parent_id=message.video_item_id,
        frame_time_ms=message.frame_time_ms,
    )


def ingest_item(request: search_pb2.IngestRequest) -> IngestItem:
    source = request.WhichOneof("source")
    return IngestItem(
        collection=names.parse_collection_name(request.parent, "parent"),
        id=request.item_id,
        metadata=metadata_from_proto(request.metadata),
        data=request.data if source == "data" else None,
        path=request.path if source == "path" else None,
        video=video_info(request.video) if request.HasField("video") else None,
    )


def video_info(message: search_pb2.VideoIngestInfo) -> VideoIngestInfo:
    return VideoIngestInfo(
        video_sha256=message.video_sha256,
        frame_count=message.frame_count,
        size_bytes=message.size_bytes,
        width=message.width,
        height=message.height,
        frame_index=message.frame_index,
    )


def ingest_response(result: IngestResult) -> search_pb2.IngestResponse:
    response = search_pb2.IngestResponse(
        item_id=result.id,
        status=search_pb2.IngestStatus.ValueType(result.status),
        sha256=result.sha256,
        embedding_reused=result.embedding_reused,
    )
    if result.error is not None:
        response.error.CopyFrom(
            common_pb2.ItemError(code=result.error.code, reason=result.error.reason, message=result.error.message)
        )
    return response


def item_to_proto(record: ItemRecord, collection: str) -> search_pb2.Item:
    meta = record.metadata
    metadata = search_pb2.ItemMetadata(
        uri=meta.uri,
        media_type=search_pb2.MediaType.ValueType(meta.media_type),
        tags=list(meta.tags),
        attributes=dict(meta.attributes),
        video_item_id=meta.parent_id,
        frame_time_ms=meta.frame_time_ms,
    )
    if (mtime := _timestamp(meta.mtime_ns)) is not None:
        metadata.modify_time.CopyFrom(mtime)
    item = search_pb2.Item(
        name=names.item_name(collection, record.id),
        id=record.id,
        metadata=metadata,
        sha256=record.sha256,
        size_bytes=record.size_bytes,
        width=record.width,
        height=record.height,
    )
    if (indexed := _timestamp(record.indexed_at_ns)) is not None:
        item.index_time.CopyFrom(indexed)
    if (photo := record.photo) is not None:
        item.capture_time_offset = photo.capture_time_offset
        item.camera_make, item.camera_model, item.orientation = photo.camera_make, photo.camera_model, photo.orientation
        if (taken := _timestamp(photo.capture_time_ns)) is not None:
            item.capture_time.CopyFrom(taken)
    return item


def query_terms(terms: list[search_pb2.QueryTerm]) -> list[QueryTerm]:
    converted = []
    for position, term in enumerate(terms):
        weight = term.weight if term.HasField("weight") else 1.0
        kind = term.WhichOneof("kind")
        if kind == "text":
            converted.append(QueryTerm(weight, TermKind.TEXT, term.text))
        elif kind == "image":
            converted.append(QueryTerm(weight, TermKind.IMAGE, term.image))
        elif kind == "item_id":
            converted.append(QueryTerm(weight, TermKind.ITEM, term.item_id))
        else:
            raise InvalidArgument.for_field(f"terms[{position}]", "set one of text, image or item_id")
    return converted


def item_filter(message: search_pb2.Filter) -> ItemFilter:
    return ItemFilter.build(
        media_types=list(message.media_types),
        tags_any=list(message.tags_any),
        tags_all=list(message.tags_all),
        uri_prefix=message.uri_prefix,
        mtime_after_ns=message.modify_time_after.ToNanoseconds() if message.HasField("modify_time_after") else None,
        mtime_before_ns=message.modify_time_before.ToNanoseconds() if message.HasField("modify_time_before") else None,
        capture_after_ns=(
            message.capture_time_after.ToNanoseconds() if message.HasField("capture_time_after") else None
        ),
        capture_before_ns=(
            message.capture_time_before.ToNanoseconds() if message.HasField("capture_time_before") else None
        ),
    )


def deep_options(message: search_pb2.DeepSearchOptions) -> DeepOptions:
    defaults = DeepOptions()
    return DeepOptions(
        max_expansions=message.max_expansions if message.HasField("max_expansions") else defaults.max_expansions,
        disable_expansion=message.disable_expansion,
        candidate_multiplier=(
            message.candidate_multiplier if message.HasField("candidate_multiplier") else defaults.candidate_multiplier
        ),
        # Unset: the collection's image calibration decides (deep.py).
        duplicate_threshold=message.duplicate_threshold if message.HasField("duplicate_threshold") else None,
    )


_CALIBRATION_NAMES = {
    CalibrationTarget.TEXT_IMAGE: names.calibration_name,
    CalibrationTarget.IMAGE_IMAGE: names.image_calibration_name,
}


def calibration_to_proto(
    profile: CalibrationProfile,
    collection: str,
    target: CalibrationTarget = CalibrationTarget.TEXT_IMAGE,
    image_share: float = 0.0,
) -> search_pb2.Calibration:
    """A profile as the resource it is (a mixed query's blend is no resource: its name is empty)."""
    name = _CALIBRATION_NAMES.get(target)
    message = search_pb2.Calibration(
        name=name(collection) if name else "",
        target=search_pb2.CalibrationTarget.ValueType(target),
        image_share=image_share,
        method=search_pb2.CalibrationMethod.ValueType(profile.method),
        temperature=profile.temperature,
        logit_scale_exp=profile.logit_scale_exp,
        logit_bias=profile.logit_bias,
        slope=profile.slope,
        intercept=profile.intercept,
        cosine_at_half=profile.cosine_at_half,
    )
    if (updated := _timestamp(profile.updated_at_ns)) is not None:
        message.update_time.CopyFrom(updated)
    return message


def method_from_proto(value: int) -> CalibrationMethod:
    try:
        return CalibrationMethod(value)
    except ValueError:
        raise InvalidArgument.for_field("method", f"unknown calibration method {value}") from None


def _match(match: TermMatch) -> search_pb2.TermMatch:
    return search_pb2.TermMatch(
        term=match.term,
        relation=search_pb2.TermRelation.ValueType(match.relation),
        weight=match.weight,
        raw_cosine=match.raw_cosine,
        score=match.score,
        query_part=match.query_part,
    )


def _result(hit: Hit, collection: str) -> search_pb2.SearchResult:
    return search_pb2.SearchResult(
        item=item_to_proto(hit.record, collection),
        rank=hit.rank,
        raw_cosine=hit.raw_cosine,
        score=hit.score,
        matches=[_match(m) for m in hit.matches],
        duplicate_ids=list(hit.duplicate_ids),
        video_moments=[_moment(m, collection) for m in hit.moments],
    )


def _moment(moment: Moment, collection: str) -> search_pb2.VideoMoment:
    return search_pb2.VideoMoment(
        name=names.item_name(collection, moment.frame.id),
        frame_time_ms=moment.frame.metadata.frame_time_ms,
        raw_cosine=moment.raw_cosine,
        score=moment.score,
    )


def search_response(outcome: SearchOutcome, collection: str, next_page_token: str) -> search_pb2.SearchResponse:
    return search_pb2.SearchResponse(
        results=[_result(h, collection) for h in outcome.hits],
        calibration=calibration_to_proto(
            outcome.calibration, collection, outcome.calibration_target, outcome.image_share
        ),
        mode=search_pb2.SearchMode.ValueType(outcome.mode),
        expansion_unavailable=outcome.expansion_unavailable,
        expanded_terms=[_match(m) for m in outcome.expanded_terms],
        remaining=outcome.remaining,
        next_page_token=next_page_token,
        unknown_words=outcome.unknown_words,
    )


def similar_response(outcome: SearchOutcome, collection: str, next_page_token: str) -> search_pb2.FindSimilarResponse:
    return search_pb2.FindSimilarResponse(
        results=[_result(h, collection) for h in outcome.hits], next_page_token=next_page_token
    )


def query_fingerprint(request: protobuf_message.Message) -> str:
    """A hash of every field of a paged request but `page_size` and `page_token`: what a page token is bound to."""
    unpaged = type(request)()
    unpaged.CopyFrom(request)
    unpaged.ClearField("page_size")
    unpaged.ClearField("page_token")
    return hashlib.sha256(unpaged.SerializeToString(deterministic=True)).hexdigest()[:32]


def collection_to_proto(stats: CollectionStats) -> search_pb2.Collection:
    message = search_pb2.Collection(
        name=names.collection_name(stats.name),
        model_id=stats.model_id,
        dimension=stats.dimension,
        item_count=stats.item_count,
        index_size=stats.index_size,
        calibration=calibration_to_proto(stats.calibration, stats.name),
        disk_bytes=stats.disk_bytes,
    )
    if (snapshot := _timestamp(stats.snapshot_at_ns)) is not None:
        message.snapshot_time.CopyFrom(snapshot)
    return message


def metrics_to_proto(metrics: CalibrationMetrics) -> search_pb2.CalibrationMetrics:
    return search_pb2.CalibrationMetrics(
        ece=metrics.ece, brier=metrics.brier, log_loss=metrics.log_loss, pair_count=metrics.pair_count
    )


def bins_to_proto(bins: Sequence[ReliabilityBin]) -> list[search_pb2.ReliabilityBin]:
    return [
        search_pb2.ReliabilityBin(
            lower=b.lower,
            upper=b.upper,
            pair_count=b.pair_count,
            mean_score=b.mean_score,
            relevant_fraction=b.relevant_fraction,
        )
        for b in bins
    ]


def image_profile_to_proto(profile: ImageProfile, collection: str) -> search_pb2.ProfileImageResponse:
    return search_pb2.ProfileImageResponse(
        concepts=[
            search_pb2.ConceptCosine(concept=c, raw_cosine=float(v))
            for c, v in zip(profile.concepts, profile.cosines, strict=True)
        ],
        calibration=calibration_to_proto(profile.calibration, collection),
        model_id=profile.model_id,
    )


# The hand-settable fields of a Calibration; the rest are derived or come from the model.
CALIBRATION_SETTABLE = ("method", "temperature", "slope", "intercept")


def calibration_update(
    current: CalibrationProfile, wanted: search_pb2.Calibration, mask_paths: list[str]
) -> tuple[CalibrationMethod, float, float, float]:
    """(method, temperature, slope, intercept) after applying `wanted` under an AIP-134 field mask.

    Fields outside the mask keep the current values; an empty mask takes all four from `wanted`.
    """
    for position, path in enumerate(mask_paths):
        if path not in CALIBRATION_SETTABLE:
            raise InvalidArgument.for_field(
                f"update_mask.paths[{position}]", f"{path!r} cannot be set; settable: {', '.join(CALIBRATION_SETTABLE)}"
            )
    paths = set(mask_paths or CALIBRATION_SETTABLE)
    method = method_from_proto(wanted.method) if "method" in paths else current.method
    return (
        method,
        wanted.temperature if "temperature" in paths else current.temperature,
        wanted.slope if "slope" in paths else current.slope,
        wanted.intercept if "intercept" in paths else current.intercept,
    )


def thumbnails_response(batch: ThumbnailBatch, collection: str) -> search_pb2.BatchGetThumbnailsResponse:
    return search_pb2.BatchGetThumbnailsResponse(
        thumbnails=[
            search_pb2.Thumbnail(
                name=names.item_name(collection, item_id),
                mime_type=t.mime_type,
                width=t.width,
                height=t.height,
                data=t.data,
            )
            for item_id, t in batch.found
        ],
        missing_names=[names.item_name(collection, i) for i in batch.missing],
        deferred_names=[names.item_name(collection, i) for i in batch.deferred],
    )
