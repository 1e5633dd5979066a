"""Domain errors that service cores raise, free of any gRPC import.

Cores stay pure Python; the error-mapping interceptor
(`mediasearch.runtime.status`) is the one place these become gRPC statuses.
Code names and numbers are google.rpc.Code's (a protobuf enum, not gRPC).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from google.rpc import code_pb2


@dataclass(frozen=True)
class FieldViolation:
    """One bad request field: `field` is a path such as "texts[3]"; `limit` the bound it broke, if it has one.

    The limit travels in the status's ErrorInfo metadata (`limit.<field>`), so a
    client can read a deployment's limit from the refusal and split its work
    to fit it, instead of parsing the description.
    """

    field: str
    description: str
    limit: int | None = None


class DomainError(Exception):
    """Base class; `code_name` is the gRPC status name the error maps to."""

    code_name = "INTERNAL"

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


class InvalidArgument(DomainError):
    """The request itself is wrong; lists the offending fields."""

    code_name = "INVALID_ARGUMENT"

    def __init__(self, message: str, violations: list[FieldViolation] | None = None, *, reason: str = "") -> None:
        super().__init__(message, reason=reason)
        self.violations: list[FieldViolation] = list(violations or [])

    @classmethod
    def for_field(cls, field_path: str, description: str, *, reason: str = "") -> InvalidArgument:
        return cls(f"{field_path}: {description}", [FieldViolation(field_path, description)], reason=reason)


class NotFound(DomainError):
    code_name = "NOT_FOUND"


class FailedPrecondition(DomainError):
    code_name = "FAILED_PRECONDITION"


class ResourceExhausted(DomainError):
    code_name = "RESOURCE_EXHAUSTED"


class Unavailable(DomainError):
    code_name = "UNAVAILABLE"


class DeadlineExceeded(DomainError):
    code_name = "DEADLINE_EXCEEDED"


class PermissionDenied(DomainError):
    code_name = "PERMISSION_DENIED"


@dataclass(frozen=True)
class ItemFailure:
    """A per-item failure inside a batch: the batch succeeds, this item does not."""

    code_name: str
    reason: str
    message: str
    extra: dict = field(default_factory=dict)

    @property
    def code(self) -> int:
        """The canonical code number (google.rpc.Code) for per-item errors that travel inside messages
        (common.v1.ItemError.code) rather than as a call's status."""
        return int(code_pb2.Code.Value(self.code_name))

    @classmethod
    def from_code(cls, code: int, reason: str, message: str) -> ItemFailure:
        """The failure a message's ItemError describes; an unknown number reads as INVALID_ARGUMENT."""
        name = code_pb2.Code.Name(code) if code in code_pb2.Code.values() else "INVALID_ARGUMENT"
        return cls(name, reason, message)

    @classmethod
    def from_error(cls, error: DomainError) -> ItemFailure:
        return cls(error.code_name, error.reason or error.code_name, error.message)
