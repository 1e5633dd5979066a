"""Per-item error codes use google.rpc.Code's numbers, the same as a call's status would carry."""

from __future__ import annotations

import grpc
from google.rpc import code_pb2

from mediasearch.runtime.errors import DomainError, ItemFailure


def _domain_errors() -> list[type[DomainError]]:
    found, todo = [], [DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def test_every_domain_error_has_the_grpc_status_number() -> None:
    for cls in _domain_errors():
        error = cls.__new__(cls)  # some subclasses take other constructor arguments (StreamIdle: seconds)
        DomainError.__init__(error, "x")
        failure = ItemFailure.from_error(error)
        assert failure.code == grpc.StatusCode[cls.code_name].value[0], cls
        assert ItemFailure.from_code(failure.code, "R", "m") == ItemFailure(cls.code_name, "R", "m")


def test_an_unknown_number_in_a_message_reads_as_invalid_argument() -> None:
    assert ItemFailure.from_code(999, "R", "m").code_name == "INVALID_ARGUMENT"
    assert ItemFailure.from_code(code_pb2.PERMISSION_DENIED, "R", "m").code_name == "PERMISSION_DENIED"
