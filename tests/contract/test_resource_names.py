"""Resource names (AIP-122): what clients build, the service parses back, and what it refuses."""

from __future__ import annotations

import pytest

from mediasearch import names
from mediasearch.runtime.errors import InvalidArgument


@pytest.mark.parametrize("item_id", ["a", "/home/ana/Fotos/día 1.png", "x%2Fy", "with/items/inside", "?#&=+ "])
def test_any_item_id_round_trips_through_its_name(item_id: str) -> None:
    name = names.item_name("photos", item_id)
    assert name.count("/") == 3
    assert names.parse_item_name(name, "name") == ("photos", item_id)


def test_collection_and_calibration_names_round_trip() -> None:
    assert names.parse_collection_name(names.collection_name("my-photos_2"), "parent") == "my-photos_2"
    assert names.parse_calibration_name(names.calibration_name("photos"), "name") == "photos"


@pytest.mark.parametrize("parse, bad", [
    (names.parse_collection_name, "photos"),
    (names.parse_collection_name, "collections/Photos"),
    (names.parse_collection_name, "collections/photos/"),
    (names.parse_collection_name, "collections/" + "a" * 65),
    (names.parse_item_name, "collections/photos/items/"),
    (names.parse_item_name, "collections/photos/items/%ff"),
    (names.parse_calibration_name, "collections/photos"),
])
def test_malformed_names_are_invalid_arguments_naming_the_field(parse, bad: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgument) as error:
        parse(bad, "request.field")
    assert [v.field for v in error.value.violations] == ["request.field"]
