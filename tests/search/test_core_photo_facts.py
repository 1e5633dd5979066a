"""EXIF facts at ingest, in the core: reading them from real JPEG, HEIC, PNG and WebP bytes, storing them,
filtering by capture time, and a version-1 store migrated in place without losing anything."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from mediasearch.testing.images import pattern_image, photo_with_exif
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection
from search_svc.core.filters import ItemFilter
from search_svc.core.ingest import ImageEmbedding, IngestItem, IngestPipeline
from search_svc.core.photo_facts import NO_FACTS, read_photo_facts
from search_svc.core.records import IngestStatus, ItemMetadata, NewItem
from tests.search.conftest import make_items, unit_rows

DIM = 16


def ns(text: str) -> int:
    moment = datetime.fromisoformat(text)
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()) * 1_000_000_000


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF", "PNG", "WEBP"])
def test_capture_time_camera_and_orientation_are_read_from_each_format(fmt: str) -> None:
    data = photo_with_exif(taken="2023:06:01 14:30:05", offset="+02:00", make="Canon", model="Canon EOS R5",
                           orientation=6, fmt=fmt)
    facts = read_photo_facts(data)
    assert facts.capture_time_ns == ns("2023-06-01T12:30:05+00:00")  # 14:30 at +02:00 is 12:30 UTC
    assert facts.capture_time_offset == "+02:00"
    assert (facts.camera_make, facts.camera_model) == ("Canon", "Canon EOS R5")
    # pillow-heif turns a HEIC upright in its container and reports orientation 1: both say "upright as decoded".
    assert facts.orientation == (1 if fmt == "HEIF" else 6)


def test_a_time_without_offset_is_read_as_utc_and_a_negative_offset_shifts_forward() -> None:
    plain = read_photo_facts(photo_with_exif(taken="2021:12:31 23:59:59", make="Apple", model="iPhone 15"))
    assert plain.capture_time_ns == ns("2021-12-31T23:59:59") and plain.capture_time_offset == ""
    assert (plain.camera_make, plain.camera_model) == ("Apple", "iPhone 15")
    west = read_photo_facts(photo_with_exif(taken="2021:12:31 23:59:59", offset="-05:30"))
    assert west.capture_time_ns == ns("2022-01-01T05:29:59+00:00") and west.capture_time_offset == "-05:30"


@pytest.mark.parametrize("value", ["0000:00:00 00:00:00", "    :  :     :  :  ", "2023-06-01 14:30:05", ""])
def test_blank_or_impossible_capture_times_are_no_capture_time(value: str) -> None:
    facts = read_photo_facts(photo_with_exif(taken=value, offset="+02:00", make="Nikon"))
    assert facts.capture_time_ns is None and facts.capture_time_offset == "" and facts.camera_make == "Nikon"


def test_images_without_exif_and_non_images_have_no_facts() -> None:
    assert read_photo_facts(pattern_image(3)) == NO_FACTS
    assert read_photo_facts(pattern_image(3, fmt="JPEG")) == NO_FACTS
    assert read_photo_facts(b"not an image at all") == NO_FACTS
    whole = photo_with_exif(taken="2020:01:01 00:00:00")
    assert read_photo_facts(whole[:40]) == NO_FACTS  # cut inside the EXIF block: nothing, never an exception


class _Embedder:
    """A deterministic stand-in for the embedder's answer: a vector from the bytes' hash."""

    def __call__(self, images: list[bytes], thumbnails: object = None) -> list[ImageEmbedding]:
        rng = [np.random.default_rng(abs(hash(d)) % 2**32) for d in images]
        return [ImageEmbedding(unit_rows(r.normal(size=(1, DIM)))[0], width=64, height=48) for r in rng]


def test_ingest_stores_the_facts_and_capture_time_filters_exclude_photos_without_one(new_collection) -> None:
    collection = new_collection(dimension=DIM)
    pipeline = IngestPipeline(roots=[], max_image_bytes=1 << 20, embed_images=_Embedder(),
                              collection_for=lambda _: collection)
    photos = {
        "june": photo_with_exif(taken="2023:06:01 14:30:05", offset="+02:00", make="Canon", model="EOS R5", seed=1),
        "may": photo_with_exif(taken="2023:05:10 08:00:00", make="Apple", model="iPhone 15", seed=2),
        "no-exif": pattern_image(3, fmt="JPEG"),
    }
    results = pipeline.run([IngestItem("photos", name, ItemMetadata(uri=f"/p/{name}.jpg"), data=data)
                            for name, data in photos.items()])
    assert [r.status for r in results] == [IngestStatus.INDEXED] * 3
    records = collection.records_by_id(list(photos))
    assert records["june"].photo.camera_model == "EOS R5" and records["june"].photo.capture_time_offset == "+02:00"
    assert records["no-exif"].photo == NO_FACTS  # read, nothing found: not "unread"

    def allowed(item_filter: ItemFilter) -> set[str]:
        keys = collection._store.filter_keys(item_filter)
        by_sql = {r.id for r in collection.records_by_key(keys).values()}
        by_python = {r.id for r in records.values() if item_filter.matches(r)}
        assert by_sql == by_python, "the SQL and Python evaluations of one filter must agree"
        return by_sql

    assert allowed(ItemFilter.build(capture_after_ns=ns("2023-06-01T00:00:00"))) == {"june"}
    assert allowed(ItemFilter.build(capture_before_ns=ns("2023-06-01T00:00:00"))) == {"may"}
    assert allowed(ItemFilter.build(capture_after_ns=ns("2000-01-01T00:00:00"))) == {"june", "may"}
    assert allowed(ItemFilter()) == {"june", "may", "no-exif"}


def _make_version_1(path: Path) -> None:
    """Turns a store file into the version-1 layout: no EXIF columns, no image calibration column."""
    connection = sqlite3.connect(path)
    connection.execute("DROP INDEX items_by_capture_time")
    for column in ("capture_time_ns", "capture_offset", "camera_make", "camera_model", "orientation"):
        connection.execute(f"ALTER TABLE items DROP COLUMN {column}")
    connection.execute("ALTER TABLE collection DROP COLUMN image_calibration_json")
    connection.execute("UPDATE collection SET schema_version = 1")
    connection.commit()
    connection.close()


def test_a_version_1_store_is_migrated_in_place_and_re_ingest_fills_the_facts(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    vectors = unit_rows(np.random.default_rng(5).normal(size=(4, DIM)))
    collection = Collection.create(folder, name="old", model_id="m", dimension=DIM,
                                   calibration=CalibrationProfile.fixed_temperature())
    items = make_items(vectors)
    collection.ingest(items)
    collection.close()
    _make_version_1(folder / "items.sqlite3")

    reopened = Collection.open(folder)
    try:
        records = reopened.records_by_id([i.id for i in items])
        assert len(records) == 4 and all(r.photo is None for r in records.values())  # kept, facts unread
        assert reopened.stats().item_count == 4 and reopened.stats().index_size == 4
        hits = reopened.search_vector(vectors[2], top_k=1).hits
        assert hits[0].record.id == items[2].id and hits[0].raw_cosine == pytest.approx(1.0, abs=1e-5)
        version = sqlite3.connect(folder / "items.sqlite3").execute("SELECT schema_version FROM collection")
        assert version.fetchone()[0] == 2
        plan = reopened.plan_ingest(items[0].id, items[0].sha256, items[0].metadata.normalized())
        assert plan.unchanged and plan.needs_photo_facts
        facts = read_photo_facts(photo_with_exif(taken="2022:02:02 10:00:00", model="X100V"))
        again = NewItem(items[0].id, items[0].sha256, items[0].metadata, None, items[0].size_bytes, photo=facts)
        assert reopened.ingest([again])[0].status == IngestStatus.UNCHANGED
        assert reopened.records_by_id([items[0].id])[items[0].id].photo == facts
        assert reopened.plan_ingest(items[0].id, items[0].sha256, items[0].metadata.normalized()).unchanged
    finally:
        reopened.close()
