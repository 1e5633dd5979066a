"""Domain errors that service cores raise, free of any gRPC import.

Cores stay pure Python; the error-mapping interceptor
(`mediasearch.runtime.status`) is the one place these become gRPC statuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldViolation:
    """One bad request field: `field` is a path such as "texts[3]"."""

    field: str
    description: str


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


# Canonical gRPC code numbers (google.rpc.Code), for per-item errors that
# travel inside messages (common.v1.ItemError.code) rather than as a status.
CODE_NUMBERS = {
    "OK": 0,
    "CANCELLED": 1,
    "UNKNOWN": 2,
    "INVALID_ARGUMENT": 3,
    "DEADLINE_EXCEEDED": 4,
    "NOT_FOUND": 5,
    "ALREADY_EXISTS": 6,
    "PERMISSION_DENIED": 7,
    "RESOURCE_EXHAUSTED": 8,
    "FAILED_PRECONDITION": 9,
    "ABORTED": 10,
    "OUT_OF_RANGE": 11,
    "UNIMPLEMENTED": 12,
    "INTERNAL": 13,
    "UNAVAILABLE": 14,
}


@dataclass(frozen=True)
class ItemFailure:
    """A per-item failure inside a batch: the batch succeeds, this item does not."""

    code_name: str
    reason: str
    message: str
    extra: dict = field(default_factory=dict)

    @property
    def code(self) -> int:
        return CODE_NUMBERS[self.code_name]

    @classmethod
    def from_error(cls, error: DomainError) -> ItemFailure:
        return cls(error.code_name, error.reason or error.code_name, error.message)
