"""Resource names of the search API (AIP-122), built and parsed in one place for clients and the service.

`collections/{collection}`, `collections/{collection}/items/{item}` and the
singletons `collections/{collection}/calibration` (text queries) and
`collections/{collection}/imageCalibration` (image queries). Item ids are chosen by
clients and are often file paths, so an item segment is the id
percent-encoded (everything outside [A-Za-z0-9-._~]); any id round-trips.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from mediasearch.runtime.errors import InvalidArgument

COLLECTION_ID = re.compile(r"[a-z0-9_-]{1,64}")
_COLLECTION = re.compile(r"collections/([^/]+)")
_ITEM = re.compile(r"collections/([^/]+)/items/([^/]+)")
_CALIBRATION = re.compile(r"collections/([^/]+)/calibration")
_ANY_CALIBRATION = re.compile(r"collections/([^/]+)/(calibration|imageCalibration)")
IMAGE_CALIBRATION = "imageCalibration"


def collection_name(collection: str) -> str:
    return f"collections/{collection}"


def item_name(collection: str, item_id: str) -> str:
    return f"collections/{collection}/items/{quote(item_id, safe='')}"


def calibration_name(collection: str) -> str:
    return f"collections/{collection}/calibration"


def image_calibration_name(collection: str) -> str:
    return f"collections/{collection}/{IMAGE_CALIBRATION}"


def parse_collection_name(name: str, field_path: str) -> str:
    """The collection id of `collections/{collection}`; INVALID_ARGUMENT naming `field_path` otherwise."""
    return _collection_id(_match(_COLLECTION, name, field_path, "collections/{collection}").group(1), field_path)


def parse_item_name(name: str, field_path: str) -> tuple[str, str]:
    """(collection id, item id) of `collections/{collection}/items/{item}`."""
    match = _match(_ITEM, name, field_path, "collections/{collection}/items/{item}")
    try:
        item_id = unquote(match.group(2), errors="strict")
    except UnicodeDecodeError:
        raise InvalidArgument.for_field(
            field_path, "item segment is not percent-encoded UTF-8", reason="RESOURCE_NAME_INVALID"
        ) from None
    return _collection_id(match.group(1), field_path), item_id


def parse_calibration_name(name: str, field_path: str) -> str:
    """The collection id of `collections/{collection}/calibration`."""
    match = _match(_CALIBRATION, name, field_path, "collections/{collection}/calibration")
    return _collection_id(match.group(1), field_path)


def parse_any_calibration_name(name: str, field_path: str) -> tuple[str, bool]:
    """(collection id, whether it is the image calibration) of `collections/{collection}/calibration` or
    `collections/{collection}/imageCalibration`."""
    shape = "collections/{collection}/calibration or collections/{collection}/imageCalibration"
    match = _match(_ANY_CALIBRATION, name, field_path, shape)
    return _collection_id(match.group(1), field_path), match.group(2) == IMAGE_CALIBRATION


def _match(pattern: re.Pattern[str], name: str, field_path: str, shape: str) -> re.Match[str]:
    match = pattern.fullmatch(name)
    if match is None:
        shown = name if len(name) <= 80 else name[:77] + "..."
        raise InvalidArgument.for_field(
            field_path, f"must be a resource name {shape}, got {shown!r}", reason="RESOURCE_NAME_INVALID"
        )
    return match


def _collection_id(collection: str, field_path: str) -> str:
    if not COLLECTION_ID.fullmatch(collection):
        raise InvalidArgument.for_field(
            field_path,
            f"collection id must be 1 to 64 characters of [a-z0-9_-], got {collection!r}",
            reason="COLLECTION_NAME_INVALID",
        )
    return collection
