"""The one place domain errors become gRPC statuses.

INVALID_ARGUMENT carries a google.rpc.BadRequest with field violations in the
rich status details, so clients in any language can point at the bad field;
a violated size limit is also in the ErrorInfo metadata as `limit.<field>`
(decimal), so a client can split its request to fit a deployment's limits.
Unexpected exceptions become INTERNAL (logged with a traceback), never
UNKNOWN, so a client can tell a server bug from its own mistake.
"""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from mediasearch.runtime.errors import DomainError, InvalidArgument

# Status details travel in trailing metadata, which clients cap (16 KiB hard in gRPC core): a
# request with a thousand bad fields would otherwise reach its caller as RESOURCE_EXHAUSTED
# "metadata size exceeds hard limit" instead of the INVALID_ARGUMENT it earned.
MAX_VIOLATIONS = 20
MAX_DETAIL_CHARS = 200
MAX_MESSAGE_CHARS = 1000
# What a caller refused for want of a slot is told to wait (google.rpc.RetryInfo): a slot frees as soon
# as any call in flight ends, and most calls here end well within a second.
BUSY_RETRY_AFTER_S = 1
LIMIT_KEY_PREFIX = "limit."


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_rpc_status(error: DomainError) -> grpc.Status:
    code = getattr(code_pb2, error.code_name)
    details = []
    if isinstance(error, InvalidArgument) and error.violations:
        bad_request = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=_clip(v.field, MAX_DETAIL_CHARS), description=_clip(v.description, MAX_DETAIL_CHARS)
                )
                for v in error.violations[:MAX_VIOLATIONS]
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(bad_request)
        details.append(packed)
    if error.reason:
        limits = {}
        if isinstance(error, InvalidArgument):
            limits = {
                LIMIT_KEY_PREFIX + _clip(v.field, MAX_DETAIL_CHARS): str(v.limit)
                for v in error.violations[:MAX_VIOLATIONS]
                if v.limit is not None
            }
        info = error_details_pb2.ErrorInfo(reason=error.reason, domain="mediasearch", metadata=limits)
        packed = any_pb2.Any()
        packed.Pack(info)
        details.append(packed)
    message = _clip(error.message, MAX_MESSAGE_CHARS)
    return rpc_status.to_status(status_pb2.Status(code=code, message=message, details=details))


def busy_status(message: str, retry_after_s: int = BUSY_RETRY_AFTER_S) -> grpc.Status:
    """RESOURCE_EXHAUSTED with a RetryInfo, so clients (and the web's HTTP 429 Retry-After) know when to ask again."""
    packed = any_pb2.Any()
    packed.Pack(error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(seconds=retry_after_s)))
    status = status_pb2.Status(
        code=code_pb2.RESOURCE_EXHAUSTED, message=_clip(message, MAX_MESSAGE_CHARS), details=[packed]
    )
    return rpc_status.to_status(status)


def internal_status(message: str = "internal error; see server logs") -> grpc.Status:
    return rpc_status.to_status(status_pb2.Status(code=code_pb2.INTERNAL, message=message))


def field_violations(error: grpc.RpcError) -> dict[str, str]:
    """Client side: the BadRequest field violations of a failed call, as {field: description}."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]  # a failed call's RpcError is also the grpc.Call from_call reads
    found: dict[str, str] = {}
    for detail in status.details if status else []:
        bad_request = error_details_pb2.BadRequest()
        if detail.Unpack(bad_request):
            found.update({v.field: v.description for v in bad_request.field_violations})
    return found


def retry_delay_s(error: grpc.RpcError) -> float | None:
    """Client side: the RetryInfo delay of a failed call in seconds, or None when it carries none."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]  # as in field_violations
    for detail in status.details if status else []:
        info = error_details_pb2.RetryInfo()
        if detail.Unpack(info):
            return info.retry_delay.seconds + info.retry_delay.nanos / 1e9
    return None


def exceeded_limit(error: Exception, field: str) -> int | None:
    """Client side: when `error` is INVALID_ARGUMENT with a violation on exactly `field` (too many entries, not
    one bad entry such as "names[3]"), the limit the service gave for it, or 0 when it gave none; else None."""
    if not isinstance(error, grpc.RpcError) or error.code() != grpc.StatusCode.INVALID_ARGUMENT:
        return None
    if field not in field_violations(error):
        return None
    status = rpc_status.from_call(error)  # type: ignore[arg-type]  # as in field_violations
    for detail in status.details if status else []:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info) and LIMIT_KEY_PREFIX + field in info.metadata:
            value = info.metadata[LIMIT_KEY_PREFIX + field]
            return int(value) if value.isdigit() else 0
    return 0
