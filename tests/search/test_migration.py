"""Migration between the embedded store and Milvus Lite, both ways: resumable, verified, searchable after."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from search_svc.core.backends import EmbeddedBackend, MilvusBackend
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.migration import MigrationReport, id_checksum, migrate
from search_svc.core.records import ItemMetadata
from search_svc.core.thumbnails import Thumbnail
from search_svc.migrate import main
from tests.search.conftest import make_items, unit_rows

DIM = 16
COUNT = 2500  # three pages of the 1,000 items one listing returns


class Interrupted(Exception):
    pass


def filled(backend: EmbeddedBackend) -> np.ndarray:
    vectors = unit_rows(np.random.default_rng(9).normal(size=(COUNT, DIM)))
    collection = backend.create("photos", model_id="m", dimension=DIM, calibration=CalibrationProfile.platt(4.0, -2.0))
    items = make_items(vectors, metadata=lambda i: ItemMetadata(uri=f"/p/{i}.jpg", tags=("even",) if i % 2 == 0 else ()))
    items[0] = replace(items[0], thumbnail=Thumbnail(b"preview", 2, 1))
    collection.ingest(items)
    collection.set_image_calibration(CalibrationProfile.platt(9.0, -7.0))
    collection.close()
    return vectors


def test_embedded_to_milvus_resumes_verifies_and_comes_back(tmp_path: Path) -> None:
    embedded = EmbeddedBackend(tmp_path / "collections")
    vectors = filled(embedded)
    milvus = MilvusBackend(str(tmp_path / "milvus.db"))
    source = embedded.open("photos")
    assert source is not None

    def crash_after_first_page(report: MigrationReport) -> None:
        raise Interrupted

    with pytest.raises(Interrupted):
        migrate(source, milvus, on_page=crash_after_first_page)
    report = migrate(source, milvus)
    assert report.verified and report.unchanged == 1000 and report.copied == COUNT - 1000
    assert report.source_checksum == id_checksum([f"item-{i}" for i in range(COUNT)])

    copied = milvus.open("photos")
    assert copied is not None
    assert copied.calibration == source.calibration and copied.image_calibration == CalibrationProfile.platt(9.0, -7.0)
    assert copied.thumbnails(["item-0"]) == {"item-0": Thumbnail(b"preview", 2, 1)}
    for row in (3, 1234):
        assert [h.record.id for h in copied.search_vector(vectors[row], top_k=5).hits] == [
            h.record.id for h in source.search_vector(vectors[row], top_k=5).hits
        ]

    # Deleted in the source since: a rerun deletes it from the target too.
    source.delete(["item-7"])
    again = migrate(source, milvus)
    assert again.verified and again.removed_from_target == 1 and again.copied == 0
    source.close()

    # And back, into a fresh data folder, through the command.
    back = tmp_path / "back"
    milvus.close()
    assert main(["to-embedded", "--data-dir", str(back), "--milvus-uri", str(tmp_path / "milvus.db")]) == 0
    returned = EmbeddedBackend(back / "collections").open("photos")
    assert returned is not None and returned.live_count() == COUNT - 1
    assert returned.records_by_id(["item-2"])["item-2"].metadata.tags == ("even",)
    returned.close()
