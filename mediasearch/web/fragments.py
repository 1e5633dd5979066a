"""HTML fragments the page asks for where Python does the work: debug-scores' report and a fit's reliability diagram.

The score debugger renders with `mediasearch.cli.debug_scores` itself (the
recommendation rule, the table, the histogram), fed by the search service's
ProfileImage, so the page and `mediasearch debug-scores` cannot tell two
stories. The fit fragment draws the reliability diagram server-side as SVG.
Both call the search service with the caller's credentials, like the API,
and answer errors with the API's JSON error body and status.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable

import grpc
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from mediasearch import names
from mediasearch.cli import debug_scores
from mediasearch.search.v1 import search_pb2
from mediasearch.web.api import BadRequest, parse_message, read_json_object
from mediasearch.web.backend import SearchBackend
from mediasearch.web.diagrams import reliability_svg
from mediasearch.web.errors import from_rpc_error
from mediasearch.web.pairs import PairsError, parse_pairs

TOP_CONCEPTS = 15  # debug-scores' default --top


def base64_body_limit(limit: int) -> int:
    """A JSON body carrying an image of `limit` bytes in base64 (4 characters per 3 bytes), plus its other fields."""
    return limit * 4 // 3 + 4096


Handler = Callable[[Request], Awaitable[Response]]


def _guarded(work: Callable[[Request, str | None], Awaitable[Response]]) -> Handler:
    async def handle(request: Request) -> Response:
        try:
            return await work(request, request.headers.get("authorization"))
        except BadRequest as error:
            return error.response()
        except grpc.RpcError as error:
            return from_rpc_error(error)

    return handle


def fragment_routes(backend: SearchBackend, templates: Jinja2Templates, limit: int) -> list[Route]:
    async def profile(request: Request, authorization: str | None) -> Response:
        collection = request.path_params["collection"]
        data = await read_json_object(request, base64_body_limit(limit))
        item_id = str(data.get("itemId") or "").strip()
        try:
            image = base64.b64decode(str(data.get("image") or ""), validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest(400, "image must be base64", "image") from None
        if len(image) > limit:
            raise BadRequest(413, f"the image is larger than the limit of {limit} bytes", "image")
        if bool(item_id) == bool(image):
            raise BadRequest(400, "give a stored item id or an image, not both", "image")
        concepts = [str(c).strip() for c in data.get("concepts") or [] if str(c).strip()]
        message = search_pb2.ProfileImageRequest(parent=names.collection_name(collection), concepts=concepts)
        if image:
            message.image = image
        else:
            message.item_id = item_id
        answer = await run_in_threadpool(backend.call, "ProfileImage", message, authorization)
        label = item_id or str(data.get("name") or "uploaded image")
        report = debug_scores.profile_from_cosines(
            label,
            [c.concept for c in answer.concepts],
            [c.raw_cosine for c in answer.concepts],
            debug_scores.current_calibration(answer.calibration, collection),
        )
        uri = debug_scores.image_data_uri(image) if image else await _thumbnail_uri(collection, item_id, authorization)
        sections = debug_scores.html_sections(report, TOP_CONCEPTS, debug_scores.image_section(uri, label))
        context = {
            "sections": sections,
            "lines": debug_scores.text_report(report, TOP_CONCEPTS),
            "model": answer.model_id,
        }
        return templates.TemplateResponse(request, "fragments/profile.html", context)

    async def _thumbnail_uri(collection: str, item_id: str, authorization: str | None) -> str:
        message = search_pb2.BatchGetThumbnailsRequest(
            parent=names.collection_name(collection), names=[names.item_name(collection, item_id)]
        )
        answer = await run_in_threadpool(backend.call, "BatchGetThumbnails", message, authorization)
        if not answer.thumbnails:
            return ""
        thumbnail = answer.thumbnails[0]
        return f"data:{thumbnail.mime_type};base64,{base64.b64encode(thumbnail.data).decode('ascii')}"

    async def fit(request: Request, authorization: str | None) -> Response:
        collection = request.path_params["collection"]
        data = await read_json_object(request, limit)
        try:
            pairs = parse_pairs(str(data.pop("pairsText", "")))
        except PairsError as error:
            raise BadRequest(400, str(error), "pairs") from None
        message = parse_message(data, search_pb2.FitCalibrationRequest())
        assert isinstance(message, search_pb2.FitCalibrationRequest)
        message.name = names.calibration_name(collection)
        message.pairs.extend(pairs)
        answer = await run_in_threadpool(backend.call, "FitCalibration", message, authorization)
        context = {
            "fit": answer,
            "method": search_pb2.CalibrationMethod.Name(answer.calibration.method)
            .removeprefix("CALIBRATION_METHOD_")
            .lower(),
            "diagram": reliability_svg(answer.before_bins, answer.after_bins),
        }
        return templates.TemplateResponse(request, "fragments/fit.html", context)

    return [
        Route("/fragments/{collection}/profile", _guarded(profile), methods=["POST"]),
        Route("/fragments/{collection}/fit", _guarded(fit), methods=["POST"]),
    ]
