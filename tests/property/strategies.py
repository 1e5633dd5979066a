"""Hypothesis strategies built from protobuf descriptors: any request message, with random and boundary values.

Built from `DESCRIPTOR`, so a field added to a proto is fuzzed without a test
change. Values lean on boundaries: empty and over-limit strings and lists,
int32/int64 extremes, NaN, infinities and the smallest float, unknown enum
numbers, timestamps beyond int64 nanoseconds. `wire_bytes` also sends bytes
that do not parse: a valid message with bytes flipped, cut short, or with a
string field of invalid UTF-8.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from google.protobuf import descriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from hypothesis import strategies as st

from mediasearch.testing.images import pattern_image

F = descriptor.FieldDescriptor
INT32 = (-(2**31), -1, 0, 1, 2, 9, 10, 11, 16, 17, 100, 1000, 1001, 10_000, 10_001, 2**31 - 1)
INT64 = (*INT32, -(2**63), 2**40, 2**63 - 1)
FLOATS = (0.0, -0.0, 1e-45, -1e-45, 0.5, 1.0, -1.0, 1.0000001, 25.0, 1e4, 1e30, 3.4e38,
          float("nan"), float("inf"), float("-inf"))
SECONDS = (0, -1, 1_700_000_000, 2**33, 2**40, -(2**40), 9_223_372_035, 9_223_372_036, 253_402_300_799)
NANOS = (0, 1, 999_999_999, 1_000_000_000, -1)
TEXTS = ("", " ", "a", "dog", "a photo of a dog", "{}", "This is {}.", "\x00", "../../etc/passwd", "é漢🙂")
# Just past the limits: collection names (64), tags (128), texts (1000), ids (1024). Built lazily: short reprs.
LONG_TEXTS = st.sampled_from([65, 129, 257, 1001, 1025]).map(lambda n: "x" * n)
INTEGER_TYPES = {F.TYPE_INT32: INT32, F.TYPE_SINT32: INT32, F.TYPE_SFIXED32: INT32,
                 F.TYPE_INT64: INT64, F.TYPE_SINT64: INT64, F.TYPE_SFIXED64: INT64}
UNSIGNED_TYPES = {F.TYPE_UINT32: 32, F.TYPE_FIXED32: 32, F.TYPE_UINT64: 64, F.TYPE_FIXED64: 64}


def images() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.sampled_from([b"", b"not an image", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, b"\xff\xd8\xff" + b"\1" * 64]),
        st.integers(0, 40).map(pattern_image),
        st.binary(max_size=64),
    )


def _string(field: F, hints: dict[str, Sequence[str]]) -> st.SearchStrategy[str]:
    hinted = hints.get(field.name)
    base = st.one_of(st.sampled_from(TEXTS), LONG_TEXTS, st.text(max_size=24))
    return st.one_of(st.sampled_from(list(hinted)), base) if hinted else base


def _scalar(field: F, hints: dict[str, Sequence[str]]) -> st.SearchStrategy[Any]:
    if field.type == F.TYPE_STRING:
        return _string(field, hints)
    if field.type == F.TYPE_BYTES:
        return images()
    if field.type == F.TYPE_BOOL:
        return st.booleans()
    if field.type in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
        width = 32 if field.type == F.TYPE_FLOAT else 64
        return st.one_of(st.sampled_from(FLOATS), st.floats(width=width))
    if field.type == F.TYPE_ENUM:
        known = [v.number for v in field.enum_type.values]
        return st.sampled_from([*known, *known, 99, -1, 2**31 - 1])
    if field.type in INTEGER_TYPES:
        values = INTEGER_TYPES[field.type]
        return st.one_of(st.sampled_from(values), st.integers(min(values), max(values)))
    if field.type in UNSIGNED_TYPES:
        return st.integers(0, 2 ** UNSIGNED_TYPES[field.type] - 1)
    raise NotImplementedError(f"no strategy for field type {field.type} ({field.full_name})")


def _timestamp(message_class: type[Message]) -> st.SearchStrategy[Message]:
    return st.builds(lambda s, n: message_class(seconds=s, nanos=n), st.sampled_from(SECONDS),
                     st.sampled_from(NANOS))


def _value(field: F, depth: int, hints: dict[str, Sequence[str]]) -> st.SearchStrategy[Any]:
    if field.message_type is None:
        return _scalar(field, hints)
    return messages(GetMessageClass(field.message_type), depth + 1, hints)


def _repeated(element: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    # Mostly short lists; sometimes one value repeated past a limit (17 terms, 65 tags, 1,001 entries).
    return st.one_of(st.lists(element, max_size=3), st.lists(element, max_size=3),
                     st.builds(lambda value, count: [value] * count, element, st.sampled_from([17, 65, 1001])))


def _field(field: F, depth: int, hints: dict[str, Sequence[str]]) -> st.SearchStrategy[Any]:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        key = _value(field.message_type.fields_by_name["key"], depth, hints)
        value = _value(field.message_type.fields_by_name["value"], depth, hints)
        big = st.builds(lambda n: {f"k{i}": "v" * 9000 for i in range(n)}, st.sampled_from([1, 8, 65]))
        return st.one_of(st.dictionaries(key, value, max_size=3), big)
    element = _value(field, depth, hints)
    return _repeated(element) if field.is_repeated else element


def messages(message_class: type[Message], depth: int = 0,
             hints: dict[str, Sequence[str]] | None = None) -> st.SearchStrategy[Message]:
    """Any `message_class` message; `hints` gives likely values for string fields by name (ids, collections)."""
    hints = hints or {}
    desc = message_class.DESCRIPTOR
    if desc.full_name == "google.protobuf.Timestamp":
        return _timestamp(message_class)
    if depth > 3:
        return st.just(message_class())
    # Most fields unset in any one message, so that some messages are valid and reach the core.
    plain = {f.name: st.one_of(st.none(), st.none(), _field(f, depth, hints))
             for f in desc.fields if f.containing_oneof is None or f.containing_oneof.name.startswith("_")}
    oneofs = [o for o in desc.oneofs if not o.name.startswith("_")]
    chosen = {o.name: st.one_of(st.none(), st.sampled_from(list(o.fields)).flatmap(
        lambda f: _field(f, depth, hints).map(lambda v, f=f: (f.name, v)))) for o in oneofs}

    def build(values: dict[str, Any], picks: dict[str, tuple[str, Any] | None]) -> Message:
        message = message_class()
        for name, value in [*values.items(), *(p for p in picks.values() if p is not None)]:
            if value is not None:
                _assign(message, desc.fields_by_name[name], value)
        return message

    return st.builds(build, st.fixed_dictionaries(plain), st.fixed_dictionaries(chosen))


def _assign(message: Message, field: F, value: Any) -> None:
    target = getattr(message, field.name) if field.message_type is not None or field.is_repeated else None
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        target.update(value)
    elif field.is_repeated:
        target.extend(value)
    elif field.message_type is not None:
        target.CopyFrom(value)
    else:
        setattr(message, field.name, value)


def _damaged(raw: bytes, how: str, where: int, byte: int) -> bytes:
    if not raw:
        return bytes([byte])
    spot = where % len(raw)
    if how == "flip":
        return raw[:spot] + bytes([raw[spot] ^ byte or 1]) + raw[spot + 1:]
    if how == "cut":
        return raw[:spot]
    # A trailing string field of invalid UTF-8 under the first field number that is a string here.
    return raw + bytes([0x0A, 2, 0xFF, 0xFE])


def wire_bytes(message_class: type[Message], hints: dict[str, Sequence[str]] | None = None,
               base: Message | None = None) -> st.SearchStrategy[bytes]:
    """Serialized requests (any message, or `base` with one field changed), a third damaged so they may not parse."""
    built = messages(message_class, hints=hints)
    if base is not None:
        built = st.one_of(built, one_field_changed(base, hints), st.just(base))
    valid = built.map(lambda m: m.SerializeToString())
    damaged = st.builds(_damaged, valid, st.sampled_from(["flip", "cut", "utf8"]), st.integers(0, 4096),
                        st.integers(1, 255))
    return st.one_of(valid, valid, damaged)


def one_field_changed(base: Message, hints: dict[str, Sequence[str]] | None = None) -> st.SearchStrategy[Message]:
    """`base` (a valid request) with one field replaced by any value: most reach the core, one field at a time."""
    hints = hints or {}
    fields = list(base.DESCRIPTOR.fields)

    def change(field: F, value: Any) -> Message:
        message = type(base)()
        message.CopyFrom(base)
        message.ClearField(field.name)
        _assign(message, field, value)
        return message

    return st.sampled_from(fields).flatmap(lambda f: _field(f, 0, hints).map(lambda v, f=f: change(f, v)))
