"""Rules every request message of every service obeys, checked from the message descriptors.

A request that protobuf cannot parse (invalid UTF-8 in a string field, a
truncated or garbled message) would otherwise make grpc answer INTERNAL and,
on a request stream, end the whole stream. `RequestCheckInterceptor` wraps
each method's request deserializer so such a message becomes a `Rejected`
value instead of an exception; the same wrapper applies the rules that hold
for every field of every message, whatever its service:

- enum fields hold a number their enum defines (proto3 keeps unknown numbers
  as plain ints, which would otherwise pass silently);
- float and double fields are finite (NaN and infinity mean nothing in any
  of our requests);
- `google.protobuf.Timestamp` fields have nanos in [0, 1e9) and lie where
  int64 nanoseconds since the epoch reach (1677-09-21 to 2262-04-11), the
  form every core stores.

Unary calls with a rejected request end with INVALID_ARGUMENT (through the
error-mapping interceptor, which must be outside this one). Streaming
methods named in `per_message` receive `Rejected` values in their request
iterator and answer them one by one; other request streams end with
INVALID_ARGUMENT at the bad message.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf import descriptor
from google.protobuf.message import Message

from mediasearch.runtime.errors import FieldViolation, InvalidArgument
from mediasearch.runtime.interceptors import _HANDLER_KINDS

# int64 nanoseconds since the epoch cover these whole seconds.
MIN_TIMESTAMP_SECONDS = -(2**63) // 10**9 + 1
MAX_TIMESTAMP_SECONDS = (2**63 - 1) // 10**9 - 1
_TIMESTAMP = "google.protobuf.Timestamp"
_FLOATS = (descriptor.FieldDescriptor.TYPE_FLOAT, descriptor.FieldDescriptor.TYPE_DOUBLE)


@dataclass(frozen=True)
class Rejected:
    """A request message that failed to parse or broke a rule; `raw` is its wire bytes."""

    error: InvalidArgument
    raw: bytes = b""


def violations(message: Message, prefix: str = "") -> list[FieldViolation]:
    """Every broken rule in `message` and its sub-messages, with field paths such as "terms[2].weight"."""
    found: list[FieldViolation] = []
    for field, value in message.ListFields():
        path = f"{prefix}{field.name}"
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            for key, item in value.items():
                found.extend(_value_violations(value_field, item, f"{path}[{key!r}]"))
        elif field.is_repeated:
            if field.message_type is None and field.enum_type is None and field.type not in _FLOATS:
                continue  # strings, bytes and integers have no rule: a 5,000-word list cost 3 ms to walk
            for position, item in enumerate(value):
                found.extend(_value_violations(field, item, f"{path}[{position}]"))
        else:
            found.extend(_value_violations(field, value, path))
    return found


def _value_violations(field: descriptor.FieldDescriptor, value: Any, path: str) -> list[FieldViolation]:
    if field.message_type is not None:
        if field.message_type.full_name == _TIMESTAMP:
            return _timestamp_violations(value, path)
        return violations(value, path + ".")
    if field.enum_type is not None and value not in field.enum_type.values_by_number:
        known = ", ".join(v.name for v in field.enum_type.values)
        return [FieldViolation(path, f"unknown {field.enum_type.name} value {value}; known: {known}")]
    if field.type in _FLOATS and not math.isfinite(value):
        return [FieldViolation(path, f"must be a finite number, got {value}")]
    return []


def _timestamp_violations(stamp: Any, path: str) -> list[FieldViolation]:
    if not 0 <= stamp.nanos < 10**9:
        return [FieldViolation(f"{path}.nanos", f"must be 0 to 999999999, got {stamp.nanos}")]
    if not MIN_TIMESTAMP_SECONDS <= stamp.seconds <= MAX_TIMESTAMP_SECONDS:
        return [
            FieldViolation(
                f"{path}.seconds",
                f"must lie between 1677-09-22 and 2262-04-10 "
                f"({MIN_TIMESTAMP_SECONDS} to {MAX_TIMESTAMP_SECONDS}), "
                f"got {stamp.seconds}",
            )
        ]
    return []


def check(message: Message) -> InvalidArgument | None:
    """The InvalidArgument for `message`'s broken rules, or None when it keeps them all."""
    found = violations(message)
    if not found:
        return None
    summary = "; ".join(f"{v.field}: {v.description}" for v in found[:5])
    return InvalidArgument(summary, found, reason="FIELD_INVALID")


def checking_deserializer(parse: Callable[[bytes], Message]) -> Callable[[bytes], Message | Rejected]:
    """`parse`, but a message that fails to parse or breaks a rule comes back as `Rejected`."""

    def deserialize(raw: bytes) -> Message | Rejected:
        try:
            message = parse(raw)
        except Exception as error:  # noqa: BLE001 - DecodeError and friends: the bytes are the client's fault
            problem = f"request message could not be parsed ({error}); string fields must be valid UTF-8"
            return Rejected(
                InvalidArgument(problem, [FieldViolation("request", problem)], reason="MESSAGE_MALFORMED"), raw
            )
        broken = check(message)
        return message if broken is None else Rejected(broken, raw)

    return deserialize


def raw_string_field(raw: bytes, *numbers: int) -> str:
    """The length-delimited field at path `numbers` (e.g. 1, 1 = field 1 of the sub-message in field 1)
    of wire bytes, decoded leniently; "" if absent.

    Lets a stream answer a message it could not parse under the id the client gave it.
    """
    for number in numbers:
        raw = _raw_field(raw, number)
    return raw.decode("utf-8", "replace")


def _raw_field(raw: bytes, number: int) -> bytes:
    """The last top-level length-delimited field `number` of wire bytes (b"" if none or unreadable)."""
    found, position = b"", 0
    try:
        while position < len(raw):
            tag, position = _varint(raw, position)
            wire_type = tag & 7
            if wire_type == 0:
                _, position = _varint(raw, position)
            elif wire_type == 1:
                position += 8
            elif wire_type == 5:
                position += 4
            elif wire_type == 2:
                length, position = _varint(raw, position)
                if tag >> 3 == number:
                    found = raw[position : position + length]
                position += length
            else:
                break
    except IndexError:
        pass
    return found


def _varint(raw: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = raw[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80 or shift > 63:
            return value, position


class RequestCheckInterceptor(grpc.ServerInterceptor):
    """Parses and checks requests so malformed ones get INVALID_ARGUMENT, never INTERNAL (see module doc)."""

    def __init__(self, per_message: Collection[str] = ()) -> None:
        self._per_message = frozenset(per_message)

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        handler = continuation(details)
        if handler is None or handler.request_deserializer is None:
            return handler
        for attr, factory, _ in _HANDLER_KINDS:
            behavior = getattr(handler, attr)
            if behavior is None:
                continue
            if not handler.request_streaming:
                behavior = _unary_checked(behavior)
            elif details.method not in self._per_message:
                behavior = _stream_checked(behavior)
            return factory(
                behavior,
                request_deserializer=checking_deserializer(handler.request_deserializer),
                response_serializer=handler.response_serializer,
            )
        return handler


def _unary_checked(behavior: Callable[..., Any]) -> Callable[..., Any]:
    def run(request: Any, context: grpc.ServicerContext) -> Any:
        if isinstance(request, Rejected):
            raise request.error
        return behavior(request, context)

    return run


def _stream_checked(behavior: Callable[..., Any]) -> Callable[..., Any]:
    def requests(source: Iterator[Any]) -> Iterator[Any]:
        for request in source:
            if isinstance(request, Rejected):
                raise request.error
            yield request

    def run(request_iterator: Iterator[Any], context: grpc.ServicerContext) -> Any:
        return behavior(requests(request_iterator), context)

    return run
