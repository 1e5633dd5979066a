"""HTTP/JSON handlers: request message from path, query or body (protobuf JSON mapping), one gRPC call, JSON back.

Shapes come from the protos through google.protobuf.json_format, so they
cannot drift from the gRPC API: lowerCamelCase field names, enums by name,
int64 as strings, bytes as base64, timestamps as RFC 3339.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from google.protobuf import json_format
from google.protobuf import message as protobuf_message
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mediasearch import names
from mediasearch.search.v1 import search_pb2
from mediasearch.web.backend import SearchBackend
from mediasearch.web.errors import HTTP_STATUS, from_rpc_error, http_error
from mediasearch.web.routes import ROUTES, ApiRoute, Body

Handler = Callable[[Request], Awaitable[Response]]


class BadRequest(Exception):
    """Input refused before any call: an HTTP status and a message."""

    def __init__(self, status: int, message: str, field: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field

    def response(self) -> JSONResponse:
        return http_error(
            self.status,
            "INVALID_ARGUMENT" if self.status == 400 else "REQUEST_TOO_LARGE",
            self.message,
            {self.field: self.message} if self.field else None,
        )


def to_json(message: protobuf_message.Message) -> dict[str, object]:
    return json_format.MessageToDict(message, always_print_fields_with_no_presence=False)


def _resource_name(route: ApiRoute, request: Request) -> str:
    collection = request.path_params["collection"]
    if "/calibration" in route.path:
        return names.calibration_name(collection)
    return names.collection_name(collection)


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, f"the body is {declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise BadRequest(413, f"the body is larger than the limit of {limit} bytes")
    return bytes(body)


def parse_message(data: dict[str, Any], message: protobuf_message.Message) -> protobuf_message.Message:
    try:
        return json_format.ParseDict(data, message)
    except json_format.ParseError as error:
        raise BadRequest(400, f"does not match {message.DESCRIPTOR.name}: {error}") from None


async def read_json_object(request: Request, limit: int) -> dict[str, Any]:
    raw = await read_body(request, limit)
    try:
        data = json.loads(raw or b"{}")
    except ValueError as error:
        raise BadRequest(400, f"the body is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "the body must be a JSON object")
    return data


async def _json_request(route: ApiRoute, request: Request, limit: int) -> protobuf_message.Message:
    return parse_message(await read_json_object(request, limit), route.request())


def _query_request(route: ApiRoute, request: Request) -> protobuf_message.Message:
    fields = {f.json_name: f for f in route.request.DESCRIPTOR.fields} | {
        f.name: f for f in route.request.DESCRIPTOR.fields
    }
    data: dict[str, object] = {}
    for key, value in request.query_params.items():
        if key not in fields or fields[key].message_type is not None:
            raise BadRequest(400, f"unknown query parameter {key!r}", key)
        data[key] = value
    return parse_message(data, route.request())


def _fill_path(route: ApiRoute, request: Request, message: protobuf_message.Message) -> None:
    if not route.path_field:
        return
    target, _, leaf = route.path_field.rpartition(".")
    holder = getattr(message, target) if target else message
    setattr(holder, leaf, _resource_name(route, request))


async def _upload_request(request: Request, limit: int) -> search_pb2.IngestRequest:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise BadRequest(413, f"the upload is {declared} bytes; the limit is {limit}")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise BadRequest(400, "send the image as multipart/form-data with a `file` field", "file")
    try:
        form = await request.form(max_files=1, max_fields=16, max_part_size=limit)
    except Exception as error:  # python-multipart's size and syntax errors share no base class worth naming
        status = 413 if "size" in str(error).lower() or "exceed" in str(error).lower() else 400
        raise BadRequest(status, f"the upload was refused: {error}") from None
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise BadRequest(400, "the form needs a `file` field holding the image", "file")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise BadRequest(413, f"the image is larger than the limit of {limit} bytes", "file")
    item_id = str(form.get("itemId") or upload.filename or "")
    tags = [t.strip() for t in str(form.get("tags") or "").split(",") if t.strip()]
    metadata = search_pb2.ItemMetadata(uri=str(form.get("uri") or item_id), tags=tags)
    return search_pb2.IngestRequest(
        parent=names.collection_name(request.path_params["collection"]), item_id=item_id, data=data, metadata=metadata
    )


def make_handler(route: ApiRoute, backend: SearchBackend, limit: int) -> Handler:
    async def handle(request: Request) -> Response:
        authorization = request.headers.get("authorization")
        try:
            if route.body == Body.UPLOAD:
                return await _ingest(await _upload_request(request, limit), backend, authorization)
            if route.binary:
                return await _thumbnail(request, backend, authorization)
            if route.body == Body.JSON:
                message = await _json_request(route, request, limit)
            elif route.body == Body.QUERY:
                message = _query_request(route, request)
            else:
                message = route.request()
            _fill_path(route, request, message)
            response = await run_in_threadpool(backend.call, route.rpc, message, authorization)
        except BadRequest as error:
            return error.response()
        except grpc.RpcError as error:
            return from_rpc_error(error)
        return JSONResponse(to_json(response))

    return handle


async def _ingest(message: search_pb2.IngestRequest, backend: SearchBackend, authorization: str | None) -> Response:
    (answer,) = await run_in_threadpool(backend.stream, "Ingest", iter([message]), authorization)
    if answer.status == search_pb2.INGEST_STATUS_FAILED:
        code = grpc.StatusCode.INVALID_ARGUMENT
        code = next((c for c in grpc.StatusCode if c.value[0] == answer.error.code), code)
        return JSONResponse(to_json(answer), status_code=HTTP_STATUS.get(code, 400))
    return JSONResponse(to_json(answer))


async def _thumbnail(request: Request, backend: SearchBackend, authorization: str | None) -> Response:
    collection, item_id = request.path_params["collection"], request.path_params["item"]
    message = search_pb2.BatchGetThumbnailsRequest(
        parent=names.collection_name(collection), names=[names.item_name(collection, item_id)]
    )
    answer = await run_in_threadpool(backend.call, "BatchGetThumbnails", message, authorization)
    if not answer.thumbnails:
        return http_error(404, "NOT_FOUND", f"no preview stored for item {item_id!r}")
    thumbnail = answer.thumbnails[0]
    return Response(thumbnail.data, media_type=thumbnail.mime_type, headers={"Cache-Control": "private, max-age=300"})


def api_routes(backend: SearchBackend, limit: int) -> list[Route]:
    routes = []
    for route in ROUTES:
        # The item segment may hold encoded slashes, which arrive decoded: match the rest of the path.
        path = route.path.replace("{item}", "{item:path}")
        routes.append(Route(path, make_handler(route, backend, limit), methods=[route.verb]))
    return routes
