"""The thin gRPC layer of the search service: validate, convert, call the engine."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import grpc

from mediasearch.runtime.errors import DomainError
from mediasearch.runtime.streams import Prefetcher, StreamEnded
from mediasearch.runtime.wellformed import Rejected, raw_string_field
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from search_svc import convert
from search_svc.core.engine import LabeledPair, SearchEngine
from search_svc.core.ingest import IngestItem
from search_svc.core.paging import encode_page_token
from search_svc.core.results import SearchMode
from search_svc.response_size import fitting_prefix, response_budget
from search_svc.validation import RequestLimits, RequestValidator

SERVICE_NAME = search_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name
# Ingest answers a malformed message with that item's FAILED result instead of ending the stream.
PER_MESSAGE_METHODS = (f"/{SERVICE_NAME}/Ingest",)
_ID_FIELD = search_pb2.IngestRequest.DESCRIPTOR.fields_by_name["id"].number
_COLLECTION_FIELD = search_pb2.IngestRequest.DESCRIPTOR.fields_by_name["collection"].number


def _ingest_item(message: search_pb2.IngestRequest | Rejected, validator: RequestValidator) -> IngestItem:
    """The pipeline's item, or a rejected one that keeps its place (and, if readable, its id) in the stream."""
    if isinstance(message, Rejected):
        return IngestItem(collection=raw_string_field(message.raw, _COLLECTION_FIELD),
                          id=raw_string_field(message.raw, _ID_FIELD), rejected=message.error)
    try:
        validator.ingest(message)
        return convert.ingest_item(message)
    except DomainError as error:
        return IngestItem(collection=message.collection, id=message.id, rejected=error)


def _batches(requests: Iterator[search_pb2.IngestRequest | Rejected], size: int,
             validator: RequestValidator, idle_timeout_s: float = 0.0) -> Iterator[list[IngestItem]]:
    """Group streamed requests into batches without ever waiting for a batch to fill.

    Each batch is whatever has arrived (at least one item, at most `size`):
    a client that sends one item and waits for its answer gets it at once; a
    client that streams ahead gets batches. Waiting for the first item of a
    batch raises `StreamIdle` after `idle_timeout_s` (0 = never).
    """
    incoming: Prefetcher[search_pb2.IngestRequest | Rejected] = Prefetcher(requests, size * 4, idle_timeout_s)
    try:
        while True:
            try:
                batch = [_ingest_item(incoming.get(), validator)]
            except StreamEnded:
                return
            while len(batch) < size:
                try:
                    batch.append(_ingest_item(incoming.get_nowait(), validator))
                except queue.Empty:
                    break
                except StreamEnded:
                    break
            yield batch
    finally:
        incoming.close()


class SearchServicer(search_pb2_grpc.SearchServiceServicer):
    def __init__(self, engine: SearchEngine, ingest_batch_size: int,
                 limits: RequestLimits = RequestLimits(), max_send_bytes: int = 4 << 20,
                 stream_idle_timeout_s: float = 0.0) -> None:
        self._engine = engine
        self._idle_timeout_s = stream_idle_timeout_s
        self._max_send = max_send_bytes
        self._batch = ingest_batch_size
        self._check = RequestValidator(limits)

    def Ingest(self, request_iterator: Iterator[search_pb2.IngestRequest | Rejected], context: grpc.ServicerContext) -> Iterator[search_pb2.IngestResponse]:
        for batch in _batches(request_iterator, self._batch, self._check, self._idle_timeout_s):
            for result in self._engine.ingest(batch):
                yield convert.ingest_response(result)

    def DeleteItems(self, request: search_pb2.DeleteItemsRequest, context: grpc.ServicerContext) -> search_pb2.DeleteItemsResponse:
        self._check.delete_items(request)
        result = self._engine.manager.get(request.collection).delete(list(request.ids))
        return search_pb2.DeleteItemsResponse(deleted_count=result.deleted_count, missing_ids=list(result.missing_ids))

    def ListItems(self, request: search_pb2.ListItemsRequest, context: grpc.ServicerContext) -> search_pb2.ListItemsResponse:
        self._check.list_items(request)
        page = self._engine.manager.get(request.collection).list_items(
            request.page_size, request.page_token, request.uri_prefix
        )
        response = search_pb2.ListItemsResponse(next_page_token=page.next_page_token)
        items = [convert.item_to_proto(r) for r in page.items]
        kept = fitting_prefix(items, response_budget(self._max_send, response))
        if len(kept) < len(items):
            response.next_page_token = encode_page_token(kept[-1].id, request.uri_prefix)
        response.items.extend(kept)
        return response

    def Search(self, request: search_pb2.SearchRequest, context: grpc.ServicerContext) -> search_pb2.SearchResponse:
        self._check.search(request)
        outcome = self._engine.search(
            request.collection,
            convert.query_terms(list(request.terms)),
            mode=SearchMode.DEEP if request.mode == search_pb2.SEARCH_MODE_DEEP else SearchMode.NORMAL,
            top_k=request.top_k or 10,
            offset=request.offset,
            min_score=request.min_score if request.HasField("min_score") else None,
            item_filter=convert.item_filter(request.filter),
            deep=convert.deep_options(request.deep),
            prompt_templates=list(request.prompt_templates),
        )
        response = convert.search_response(outcome)
        response.remaining += self._fit_results(response)  # the caller pages on with offset
        return response

    def FindSimilar(self, request: search_pb2.FindSimilarRequest, context: grpc.ServicerContext) -> search_pb2.FindSimilarResponse:
        self._check.find_similar(request)
        target = request.WhichOneof("target")
        outcome = self._engine.similar(
            request.collection,
            item_id=request.item_id if target == "item_id" else "",
            image=request.image if target == "image" else b"",
            top_k=request.top_k or 10,
            min_cosine=request.min_cosine if request.HasField("min_cosine") else None,
            item_filter=convert.item_filter(request.filter),
            include_self=request.include_self,
        )
        response = convert.similar_response(outcome)
        self._fit_results(response)
        return response

    def _fit_results(self, response: search_pb2.SearchResponse | search_pb2.FindSimilarResponse) -> int:
        """Drops the results beyond the send limit; returns how many were dropped."""
        results = list(response.results)
        del response.results[:]
        response.results.extend(fitting_prefix(results, response_budget(self._max_send, response)))
        return len(results) - len(response.results)

    def GetStats(self, request: search_pb2.GetStatsRequest, context: grpc.ServicerContext) -> search_pb2.GetStatsResponse:
        manager = self._engine.manager
        names = [request.collection] if request.collection else manager.names()
        return search_pb2.GetStatsResponse(collections=[convert.stats_to_proto(manager.get(n).stats()) for n in names])

    def FitCalibration(self, request: search_pb2.FitCalibrationRequest, context: grpc.ServicerContext) -> search_pb2.FitCalibrationResponse:
        self._check.fit_calibration(request)
        pairs = [LabeledPair(p.query, p.item_id, p.relevant) for p in request.pairs]
        report = self._engine.fit_calibration(
            request.collection, pairs, convert.method_from_proto(request.method), request.apply
        )
        return search_pb2.FitCalibrationResponse(
            profile=convert.profile_to_proto(report.profile),
            before=convert.metrics_to_proto(report.before),
            after=convert.metrics_to_proto(report.after),
            applied=request.apply,
        )

    def SetCalibration(self, request: search_pb2.SetCalibrationRequest, context: grpc.ServicerContext) -> search_pb2.SetCalibrationResponse:
        wanted = request.profile
        profile = self._engine.set_calibration(
            request.collection,
            convert.method_from_proto(wanted.method),
            temperature=wanted.temperature,
            slope=wanted.slope,
            intercept=wanted.intercept,
        )
        return search_pb2.SetCalibrationResponse(profile=convert.profile_to_proto(profile))
