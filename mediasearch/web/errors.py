"""gRPC status -> HTTP status and a JSON error body, in one place.

The mapping is the one google.rpc.Code documents for HTTP (and grpc-gateway
uses), so HTTP clients see the same meaning the gRPC clients get. The body
keeps the gRPC code name, message and field violations (google.rpc.BadRequest)
so a form can point at the field that was wrong.
"""

from __future__ import annotations

import math

import grpc
from starlette.responses import JSONResponse

from mediasearch.runtime.status import field_violations, retry_delay_s

HTTP_STATUS: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.OK: 200,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.UNKNOWN: 500,
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.INTERNAL: 500,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DATA_LOSS: 500,
    grpc.StatusCode.UNAUTHENTICATED: 401,
}

# What a person reads on the page; the service's own message follows it.
PLAIN_WORDS: dict[int, str] = {
    400: "The request was not accepted",
    401: "Sign-in needed: give a token",
    403: "Your token does not allow this",
    404: "Not found",
    413: "Too large",
    429: "The service is busy; try again in a moment",
    503: "The search service cannot be reached right now",
    504: "The search service took too long",
}


def error_body(http_status: int, code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, object]:
    return {
        "error": {
            "code": http_status,
            "status": code,
            "message": message,
            "summary": PLAIN_WORDS.get(http_status, "Something went wrong"),
            "fieldViolations": fields or {},
        }
    }


def http_error(
    http_status: int,
    code: str,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    headers = dict(headers or {})
    if http_status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(error_body(http_status, code, message, fields), status_code=http_status, headers=headers)


def from_rpc_error(error: grpc.RpcError) -> JSONResponse:
    code = error.code()
    headers = {}
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED and (delay := retry_delay_s(error)) is not None:
        # Retry-After takes whole seconds (RFC 9110); never 0, which would invite an instant retry.
        headers["Retry-After"] = str(max(1, math.ceil(delay)))
    return http_error(HTTP_STATUS.get(code, 500), code.name, error.details() or "", field_violations(error), headers)
