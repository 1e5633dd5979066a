"""Playing a video result from its moment: `/media` serves the video file of an indexed item, with seeking.

The web component otherwise reaches only the search service, while a video
file lies where `mediasearch index` read it. Serving it is opt-in
(`WEB_MEDIA_ROOTS`, the folders whose videos may be played; empty turns the
route off and the page shows the frame and time only) and narrow: the path
must resolve, symlinks followed, inside one of those folders, name a video
by its extension, and be a video item of the collection as the caller may
read it: the search service is asked with the caller's own credentials, so
access control stays in one place. Starlette's FileResponse answers Range
requests, which is what lets the browser's player start at the moment.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

import grpc
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from mediasearch import names
from mediasearch.query_syntax import VIDEO_EXTENSIONS
from mediasearch.search.v1 import search_pb2
from mediasearch.web.backend import SearchBackend
from mediasearch.web.errors import from_rpc_error, http_error
from mediasearch.web.settings import WebSettings


def media_routes(backend: SearchBackend, settings: WebSettings) -> list[Route]:
    roots = [Path(root).resolve() for root in settings.media_roots]

    async def media(request: Request) -> Response:
        uri = request.query_params.get("uri", "")
        collection = request.query_params.get("collection") or settings.collection
        if not roots:
            return http_error(404, "NOT_FOUND", "playing videos is off here: set WEB_MEDIA_ROOTS to the video folders")
        path = Path(uri).resolve() if uri.startswith("/") else None
        if path is None or path.suffix.lower() not in VIDEO_EXTENSIONS:
            return http_error(400, "INVALID_ARGUMENT", "uri must be the absolute path of a video file", {"uri": uri})
        if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
            return http_error(404, "NOT_FOUND", f"no playable video at {uri}")
        where = str(path)  # the CLI stores resolved paths
        listing = search_pb2.ListItemsRequest(parent=names.collection_name(collection), uri_prefix=where, page_size=10)
        try:
            page = await run_in_threadpool(backend.call, "ListItems", listing, request.headers.get("authorization"))
        except grpc.RpcError as error:
            return from_rpc_error(error)
        if not any(
            item.metadata.uri == where and item.metadata.media_type == search_pb2.MEDIA_TYPE_VIDEO
            for item in page.items
        ):
            return http_error(404, "NOT_FOUND", f"{uri} is no video of collection {collection!r}")
        return FileResponse(path, media_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")

    return [Route("/media", media)]
