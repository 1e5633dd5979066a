"""The HTTP/JSON routes as data: path, verb, RPC and message types, read by both the router and the OpenAPI writer.

One table means the OpenAPI document cannot describe a route that does not
exist, or miss one that does. Paths follow Google's HTTP mapping of the RPCs
(custom methods after a colon) under /api/v1.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from google.protobuf import message as protobuf_message

from mediasearch.search.v1 import search_pb2


class Body(StrEnum):
    """Where a route's request fields come from."""

    JSON = "json"  # the request message as JSON in the body
    QUERY = "query"  # the request message's scalar fields as URL query parameters
    UPLOAD = "upload"  # a multipart/form-data image upload
    NONE = "none"  # path parameters only


@dataclass(frozen=True)
class ApiRoute:
    """One HTTP route and the RPC behind it. `path_field` is the request field the URL's names fill."""

    path: str
    verb: str
    rpc: str
    request: type[protobuf_message.Message]
    response: type[protobuf_message.Message]
    body: Body
    summary: str
    path_field: str = "parent"
    binary: bool = False  # answers with the image bytes instead of JSON


COLLECTION = "/api/v1/collections/{collection}"
ROUTES: tuple[ApiRoute, ...] = (
    ApiRoute(
        "/api/v1/collections",
        "GET",
        "ListCollections",
        search_pb2.ListCollectionsRequest,
        search_pb2.ListCollectionsResponse,
        Body.QUERY,
        "List collections with their size and calibration.",
        path_field="",
    ),
    ApiRoute(
        COLLECTION,
        "GET",
        "GetCollection",
        search_pb2.GetCollectionRequest,
        search_pb2.GetCollectionResponse,
        Body.NONE,
        "Describe one collection (stats).",
        path_field="name",
    ),
    ApiRoute(
        COLLECTION + "/items",
        "GET",
        "ListItems",
        search_pb2.ListItemsRequest,
        search_pb2.ListItemsResponse,
        Body.QUERY,
        "List stored items page by page.",
    ),
    ApiRoute(
        COLLECTION + "/items:search",
        "POST",
        "Search",
        search_pb2.SearchRequest,
        search_pb2.SearchResponse,
        Body.JSON,
        "Search with weighted text, image (base64) and item terms, normal or deep.",
    ),
    ApiRoute(
        COLLECTION + "/items:findSimilar",
        "POST",
        "FindSimilar",
        search_pb2.FindSimilarRequest,
        search_pb2.FindSimilarResponse,
        Body.JSON,
        "Find items similar to a stored item or an image.",
    ),
    ApiRoute(
        COLLECTION + "/items:batchGetThumbnails",
        "POST",
        "BatchGetThumbnails",
        search_pb2.BatchGetThumbnailsRequest,
        search_pb2.BatchGetThumbnailsResponse,
        Body.JSON,
        "Read item previews (WebP, base64 in JSON) within a byte budget.",
    ),
    ApiRoute(
        COLLECTION + "/items/{item}/thumbnail",
        "GET",
        "BatchGetThumbnails",
        search_pb2.BatchGetThumbnailsRequest,
        search_pb2.BatchGetThumbnailsResponse,
        Body.NONE,
        "One item's preview as image bytes.",
        binary=True,
    ),
    ApiRoute(
        COLLECTION + "/items:upload",
        "POST",
        "Ingest",
        search_pb2.IngestRequest,
        search_pb2.IngestResponse,
        Body.UPLOAD,
        "Add or replace one item from an uploaded image (multipart field `file`).",
    ),
    ApiRoute(
        COLLECTION + "/items:batchDelete",
        "POST",
        "BatchDeleteItems",
        search_pb2.BatchDeleteItemsRequest,
        search_pb2.BatchDeleteItemsResponse,
        Body.JSON,
        "Delete items by resource name.",
    ),
    ApiRoute(
        COLLECTION + "/calibration",
        "GET",
        "GetCalibration",
        search_pb2.GetCalibrationRequest,
        search_pb2.GetCalibrationResponse,
        Body.NONE,
        "Read the calibration in force.",
        path_field="name",
    ),
    ApiRoute(
        COLLECTION + "/calibration",
        "PATCH",
        "UpdateCalibration",
        search_pb2.UpdateCalibrationRequest,
        search_pb2.UpdateCalibrationResponse,
        Body.JSON,
        "Set calibration fields by hand (admin); `updateMask` names them.",
        path_field="calibration.name",
    ),
    ApiRoute(
        COLLECTION + "/calibration:fit",
        "POST",
        "FitCalibration",
        search_pb2.FitCalibrationRequest,
        search_pb2.FitCalibrationResponse,
        Body.JSON,
        "Fit a calibration from labelled pairs: metrics and reliability bins before and after; "
        "`apply` puts it in force (admin).",
        path_field="name",
    ),
    ApiRoute(
        COLLECTION + ":profileImage",
        "POST",
        "ProfileImage",
        search_pb2.ProfileImageRequest,
        search_pb2.ProfileImageResponse,
        Body.JSON,
        "Compare an image (base64 `image` or a stored `itemId`) with a concept vocabulary, as debug-scores does.",
    ),
)
