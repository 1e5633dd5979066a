"""The thin gRPC layer of the search service: validate, convert, call the engine."""

from __future__ import annotations

import queue
from collections.abc import Iterator, Sequence

import grpc

from mediasearch import names
from mediasearch.limits import THUMBNAIL_RESPONSE_BYTES_MAX
from mediasearch.runtime.errors import DomainError, InvalidArgument, ItemFailure
from mediasearch.runtime.streams import Prefetcher, StreamEnded
from mediasearch.runtime.wellformed import Rejected, raw_string_field
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from search_svc import convert
from search_svc.core import paging, thumbnails
from search_svc.core.engine import LabeledPair, SearchEngine
from search_svc.core.image_calibration import CalibrationTarget
from search_svc.core.ingest import IngestItem
from search_svc.core.ordering import ResultOrder
from search_svc.core.records import IngestResult, IngestStatus
from search_svc.core.results import SearchMode, SearchOutcome
from search_svc.core.videos import moments_limit
from search_svc.response_size import fitting_prefix, response_budget
from search_svc.validation import RequestLimits, RequestValidator

SERVICE_NAME = search_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name
# Ingest answers a malformed message with that item's FAILED result instead of ending the stream.
PER_MESSAGE_METHODS = (f"/{SERVICE_NAME}/Ingest",)
_ITEM_ID_FIELD = search_pb2.IngestRequest.DESCRIPTOR.fields_by_name["item_id"].number
IngestMessage = search_pb2.IngestRequest | Rejected


def _batches(
    requests: Iterator[IngestMessage], size: int, idle_timeout_s: float = 0.0
) -> Iterator[list[IngestMessage]]:
    """Group streamed requests into batches without ever waiting for a batch to fill.

    Each batch is whatever has arrived (at least one item, at most `size`):
    a client that sends one item and waits for its answer gets it at once; a
    client that streams ahead gets batches. Waiting for the first item of a
    batch raises `StreamIdle` after `idle_timeout_s` (0 = never).
    """
    incoming: Prefetcher[IngestMessage] = Prefetcher(requests, size * 4, idle_timeout_s)
    try:
        while True:
            try:
                batch = [incoming.get()]
            except StreamEnded:
                return
            while len(batch) < size:
                try:
                    batch.append(incoming.get_nowait())
                except queue.Empty:
                    break
                except StreamEnded:
                    break
            yield batch
    finally:
        incoming.close()


class SearchServicer(search_pb2_grpc.SearchServiceServicer):
    def __init__(
        self,
        engine: SearchEngine,
        ingest_batch_size: int,
        limits: RequestLimits = RequestLimits(),
        max_send_bytes: int = 4 << 20,
        stream_idle_timeout_s: float = 0.0,
    ) -> None:
        self._engine = engine
        self._idle_timeout_s = stream_idle_timeout_s
        self._max_send = max_send_bytes
        self._batch = ingest_batch_size
        self._check = RequestValidator(limits)

    def Ingest(
        self, request_iterator: Iterator[IngestMessage], context: grpc.ServicerContext
    ) -> Iterator[search_pb2.IngestResponse]:
        for batch in _batches(request_iterator, self._batch, self._idle_timeout_s):
            yield from self._ingest_batch(batch)

    def _ingest_batch(self, requests: list[IngestMessage]) -> Iterator[search_pb2.IngestResponse]:
        """One response per request, in order; a malformed, oversized or unconvertible request fails alone."""
        items: list[IngestItem] = []
        refused: dict[int, IngestResult] = {}
        for position, request in enumerate(requests):
            if isinstance(request, Rejected):
                item_id = raw_string_field(request.raw, _ITEM_ID_FIELD)
                refused[position] = IngestResult(
                    item_id, IngestStatus.FAILED, error=ItemFailure.from_error(request.error)
                )
                continue
            try:
                self._check.ingest(request)
                items.append(convert.ingest_item(request))
            except DomainError as error:
                refused[position] = IngestResult(
                    request.item_id, IngestStatus.FAILED, error=ItemFailure.from_error(error)
                )
        stored = iter(self._engine.ingest(items) if items else [])
        for position in range(len(requests)):
            yield convert.ingest_response(refused[position] if position in refused else next(stored))

    def BatchDeleteItems(
        self, request: search_pb2.BatchDeleteItemsRequest, context: grpc.ServicerContext
    ) -> search_pb2.BatchDeleteItemsResponse:
        self._check.delete_items(request)
        collection = names.parse_collection_name(request.parent, "parent")
        ids = _item_ids(collection, request.parent, request.names)
        result = self._engine.manager.get(collection).delete(ids)
        return search_pb2.BatchDeleteItemsResponse(
            deleted_count=result.deleted_count,
            missing_names=[names.item_name(collection, i) for i in result.missing_ids],
        )

    def BatchGetThumbnails(
        self, request: search_pb2.BatchGetThumbnailsRequest, context: grpc.ServicerContext
    ) -> search_pb2.BatchGetThumbnailsResponse:
        self._check.thumbnails(request)
        collection = names.parse_collection_name(request.parent, "parent")
        if not request.names:
            raise InvalidArgument.for_field("names", "give at least one item name")
        if not 0 <= request.max_response_bytes <= THUMBNAIL_RESPONSE_BYTES_MAX:
            raise InvalidArgument.for_field("max_response_bytes", f"must be 0 to {THUMBNAIL_RESPONSE_BYTES_MAX}")
        ids = _item_ids(collection, request.parent, request.names)
        batch = thumbnails.within_budget(
            ids,
            self._engine.manager.get(collection).thumbnails(ids),
            request.max_response_bytes or thumbnails.DEFAULT_RESPONSE_BYTES,
        )
        return convert.thumbnails_response(batch, collection)

    def ListItems(
        self, request: search_pb2.ListItemsRequest, context: grpc.ServicerContext
    ) -> search_pb2.ListItemsResponse:
        self._check.list_items(request)
        collection = names.parse_collection_name(request.parent, "parent")
        page = self._engine.manager.get(collection).list_items(
            request.page_size, request.page_token, request.uri_prefix
        )
        response = search_pb2.ListItemsResponse(next_page_token=page.next_page_token)
        items = [convert.item_to_proto(r, collection) for r in page.items]
        kept = fitting_prefix(items, response_budget(self._max_send, response))
        if len(kept) < len(items):  # the page stops early rather than exceed the send limit
            response.next_page_token = paging.encode_page_token(page.items[len(kept) - 1].id, request.uri_prefix)
        response.items.extend(kept)
        return response

    def Search(self, request: search_pb2.SearchRequest, context: grpc.ServicerContext) -> search_pb2.SearchResponse:
        self._check.search(request)
        collection = names.parse_collection_name(request.parent, "parent")
        page_size, offset = _page(request)
        outcome = self._engine.search(
            collection,
            convert.query_terms(list(request.terms)),
            mode=SearchMode.DEEP if request.mode == search_pb2.SEARCH_MODE_DEEP else SearchMode.NORMAL,
            top_k=page_size,
            offset=offset,
            min_score=request.min_score if request.HasField("min_score") else None,
            item_filter=convert.item_filter(request.filter),
            deep=convert.deep_options(request.deep),
            prompt_templates=list(request.prompt_templates),
            order=_order(request.order),
            max_video_moments=moments_limit(request.max_video_moments),
        )
        response = convert.search_response(outcome, collection, _next_page_token(request, offset, page_size, outcome))
        dropped = self._fit_results(response)
        if dropped:  # cut to fit the send limit: the next page starts at the first result left out
            response.remaining += dropped
            response.next_page_token = paging.encode_offset_token(
                offset + len(response.results), convert.query_fingerprint(request)
            )
        return response

    def FindSimilar(
        self, request: search_pb2.FindSimilarRequest, context: grpc.ServicerContext
    ) -> search_pb2.FindSimilarResponse:
        self._check.find_similar(request)
        collection = names.parse_collection_name(request.parent, "parent")
        page_size, offset = _page(request)
        target = request.WhichOneof("target")
        outcome = self._engine.similar(
            collection,
            item_id=request.item_id if target == "item_id" else "",
            image=request.image if target == "image" else b"",
            top_k=page_size,
            offset=offset,
            min_cosine=request.min_cosine if request.HasField("min_cosine") else None,
            item_filter=convert.item_filter(request.filter),
            include_self=request.include_self,
        )
        response = convert.similar_response(outcome, collection, _next_page_token(request, offset, page_size, outcome))
        if self._fit_results(response):
            response.next_page_token = paging.encode_offset_token(
                offset + len(response.results), convert.query_fingerprint(request)
            )
        return response

    def _fit_results(self, response: search_pb2.SearchResponse | search_pb2.FindSimilarResponse) -> int:
        """Drops the results beyond the send limit; returns how many were dropped."""
        results = list(response.results)
        del response.results[:]
        response.results.extend(fitting_prefix(results, response_budget(self._max_send, response)))
        return len(results) - len(response.results)

    def GetCollection(
        self, request: search_pb2.GetCollectionRequest, context: grpc.ServicerContext
    ) -> search_pb2.GetCollectionResponse:
        collection = names.parse_collection_name(request.name, "name")
        return search_pb2.GetCollectionResponse(
            collection=convert.collection_to_proto(self._engine.manager.get(collection).stats())
        )

    def ListCollections(
        self, request: search_pb2.ListCollectionsRequest, context: grpc.ServicerContext
    ) -> search_pb2.ListCollectionsResponse:
        page_size = paging.validate_page_size(request.page_size)
        after = paging.decode_page_token(request.page_token, "")
        listed = [n for n in self._engine.manager.names() if n > after]
        page = listed[:page_size]
        next_token = paging.encode_page_token(page[-1], "") if len(listed) > page_size else ""
        return search_pb2.ListCollectionsResponse(
            collections=[convert.collection_to_proto(self._engine.manager.get(n).stats()) for n in page],
            next_page_token=next_token,
        )

    def GetCalibration(
        self, request: search_pb2.GetCalibrationRequest, context: grpc.ServicerContext
    ) -> search_pb2.GetCalibrationResponse:
        collection, image = names.parse_any_calibration_name(request.name, "name")
        found = self._engine.manager.get(collection)
        profile = found.image_calibration if image else found.calibration
        return search_pb2.GetCalibrationResponse(
            calibration=convert.calibration_to_proto(profile, collection, _target(image))
        )

    def UpdateCalibration(
        self, request: search_pb2.UpdateCalibrationRequest, context: grpc.ServicerContext
    ) -> search_pb2.UpdateCalibrationResponse:
        collection, image = names.parse_any_calibration_name(request.calibration.name, "calibration.name")
        found = self._engine.manager.get(collection)
        current = found.image_calibration if image else found.calibration
        method, temperature, slope, intercept = convert.calibration_update(
            current, request.calibration, list(request.update_mask.paths)
        )
        profile = self._engine.set_calibration(
            collection, method, temperature=temperature, slope=slope, intercept=intercept, image=image
        )
        return search_pb2.UpdateCalibrationResponse(
            calibration=convert.calibration_to_proto(profile, collection, _target(image))
        )

    def FitCalibration(
        self, request: search_pb2.FitCalibrationRequest, context: grpc.ServicerContext
    ) -> search_pb2.FitCalibrationResponse:
        self._check.fit_calibration(request)
        collection, image = names.parse_any_calibration_name(request.name, "name")
        pairs = [LabeledPair(p.query, p.item_id, p.relevant) for p in request.pairs]
        report = self._engine.fit_calibration(
            collection, pairs, convert.method_from_proto(request.method), request.apply, image=image
        )
        return search_pb2.FitCalibrationResponse(
            calibration=convert.calibration_to_proto(report.profile, collection, _target(image)),
            before=convert.metrics_to_proto(report.before),
            after=convert.metrics_to_proto(report.after),
            applied=request.apply,
            before_bins=convert.bins_to_proto(report.before_bins),
            after_bins=convert.bins_to_proto(report.after_bins),
        )

    def ProfileImage(
        self, request: search_pb2.ProfileImageRequest, context: grpc.ServicerContext
    ) -> search_pb2.ProfileImageResponse:
        self._check.profile_image(request)
        collection = names.parse_collection_name(request.parent, "parent")
        source = request.WhichOneof("image_source")
        profile = self._engine.profile_image(
            collection,
            image=request.image if source == "image" else b"",
            item_id=request.item_id if source == "item_id" else "",
            concepts=list(request.concepts),
        )
        return convert.image_profile_to_proto(profile, collection)


def _target(image: bool) -> CalibrationTarget:
    return CalibrationTarget.IMAGE_IMAGE if image else CalibrationTarget.TEXT_IMAGE


def _order(value: int) -> ResultOrder:
    try:
        return ResultOrder(value)
    except ValueError:
        raise InvalidArgument.for_field("order", f"unknown search order {value}") from None


def _item_ids(collection: str, parent: str, item_names: Sequence[str]) -> list[str]:
    """The ids of item names that must all belong to `collection`."""
    ids = []
    for position, name in enumerate(item_names):
        owner, item_id = names.parse_item_name(name, f"names[{position}]")
        if owner != collection:
            raise InvalidArgument.for_field(f"names[{position}]", f"is not an item of {parent}")
        ids.append(item_id)
    return ids


def _page(request: search_pb2.SearchRequest | search_pb2.FindSimilarRequest) -> tuple[int, int]:
    """(page size, offset) of a paged query; the token must have been issued for this very query."""
    if request.page_size < 0:
        raise InvalidArgument.for_field("page_size", f"must be 0 to {paging.MAX_TOP_K}, got {request.page_size}")
    return request.page_size or 10, paging.decode_offset_token(request.page_token, convert.query_fingerprint(request))


def _next_page_token(
    request: search_pb2.SearchRequest | search_pb2.FindSimilarRequest,
    offset: int,
    page_size: int,
    outcome: SearchOutcome,
) -> str:
    following = paging.next_offset(offset, page_size, outcome.remaining)
    return "" if following is None else paging.encode_offset_token(following, convert.query_fingerprint(request))
