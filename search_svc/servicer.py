"""The thin gRPC layer of the search service: validate, convert, call the engine."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import grpc

from mediasearch.runtime.streams import Prefetcher, StreamEnded
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from search_svc import convert
from search_svc.core.engine import LabeledPair, SearchEngine
from search_svc.core.ingest import IngestItem
from search_svc.core.results import SearchMode

SERVICE_NAME = search_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name


def _batches(requests: Iterator[search_pb2.IngestRequest], size: int) -> Iterator[list[IngestItem]]:
    """Group streamed requests into batches without ever waiting for a batch to fill.

    Each batch is whatever has arrived (at least one item, at most `size`):
    a client that sends one item and waits for its answer gets it at once; a
    client that streams ahead gets batches.
    """
    incoming: Prefetcher[search_pb2.IngestRequest] = Prefetcher(requests, size * 4)
    while True:
        try:
            batch = [convert.ingest_item(incoming.get())]
        except StreamEnded:
            return
        while len(batch) < size:
            try:
                batch.append(convert.ingest_item(incoming.get_nowait()))
            except queue.Empty:
                break
            except StreamEnded:
                break
        yield batch


class SearchServicer(search_pb2_grpc.SearchServiceServicer):
    def __init__(self, engine: SearchEngine, ingest_batch_size: int) -> None:
        self._engine = engine
        self._batch = ingest_batch_size

    def Ingest(self, request_iterator: Iterator[search_pb2.IngestRequest], context: grpc.ServicerContext) -> Iterator[search_pb2.IngestResponse]:
        for batch in _batches(request_iterator, self._batch):
            for result in self._engine.ingest(batch):
                yield convert.ingest_response(result)

    def BatchDeleteItems(self, request: search_pb2.BatchDeleteItemsRequest, context: grpc.ServicerContext) -> search_pb2.BatchDeleteItemsResponse:
        result = self._engine.manager.get(request.collection).delete(list(request.ids))
        return search_pb2.BatchDeleteItemsResponse(deleted_count=result.deleted_count, missing_ids=list(result.missing_ids))

    def ListItems(self, request: search_pb2.ListItemsRequest, context: grpc.ServicerContext) -> search_pb2.ListItemsResponse:
        page = self._engine.manager.get(request.collection).list_items(
            request.page_size, request.page_token, request.uri_prefix
        )
        return search_pb2.ListItemsResponse(
            items=[convert.item_to_proto(r) for r in page.items], next_page_token=page.next_page_token
        )

    def Search(self, request: search_pb2.SearchRequest, context: grpc.ServicerContext) -> search_pb2.SearchResponse:
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
        return convert.search_response(outcome)

    def FindSimilar(self, request: search_pb2.FindSimilarRequest, context: grpc.ServicerContext) -> search_pb2.FindSimilarResponse:
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
        return convert.similar_response(outcome)

    def GetStats(self, request: search_pb2.GetStatsRequest, context: grpc.ServicerContext) -> search_pb2.GetStatsResponse:
        manager = self._engine.manager
        names = [request.collection] if request.collection else manager.names()
        return search_pb2.GetStatsResponse(collections=[convert.stats_to_proto(manager.get(n).stats()) for n in names])

    def FitCalibration(self, request: search_pb2.FitCalibrationRequest, context: grpc.ServicerContext) -> search_pb2.FitCalibrationResponse:
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
