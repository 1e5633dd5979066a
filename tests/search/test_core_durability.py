"""Durability across processes and restarts: SIGKILL mid-ingest, damaged or half-created collections,
periodic snapshots."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mediasearch.runtime.errors import FailedPrecondition
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import INDEX_FOLDER, STORE_FILE
from search_svc.core.manager import CollectionManager
from search_svc.core.snapshot import MANIFEST_NAME
from tests.search.conftest import make_items, unit_rows

REPO_ROOT = Path(__file__).resolve().parents[2]

# Prints "A id" for each item only after ingest() returned (acknowledged), "R id" before asking to delete an
# item and "D id" once delete() returned; snapshots are taken now and then so a kill can land inside one.
CHILD = textwrap.dedent("""
    import hashlib, sys
    import numpy as np
    from search_svc.core.calibration import CalibrationProfile
    from search_svc.core.manager import CollectionManager
    from search_svc.core.records import NewItem

    manager = CollectionManager(sys.argv[1])
    manager.open_all()
    collection = manager.get_or_create("crash", model_id="m", dimension=8, calibration=CalibrationProfile.fixed_temperature())
    rng = np.random.default_rng(int(sys.argv[2]))
    acked = []
    for batch in range(100000):
        ids = [f"{sys.argv[2]}-{batch}-{i}" for i in range(4)]
        items = [NewItem(id=i, sha256=hashlib.sha256(i.encode()).hexdigest(), vector=rng.normal(size=8))
                 for i in ids]
        collection.ingest(items)
        print("\\n".join("A " + i for i in ids), flush=True)
        acked += ids
        if batch % 3 == 2:
            victim = acked.pop(int(rng.integers(len(acked))))
            print("R " + victim, flush=True)
            collection.delete([victim])
            print("D " + victim, flush=True)
        if batch % 7 == 6:
            collection.snapshot()
""")


@pytest.mark.parametrize("run", range(3))
def test_sigkill_during_ingest_loses_no_acknowledged_item_and_resurrects_no_deleted_one(tmp_path: Path,
                                                                                        run: int) -> None:
    seen: dict[str, set[str]] = {"A": set(), "R": set(), "D": set()}
    for round_number in range(2):  # kill, restart on the same data, kill again
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), f"{run}{round_number}"],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        assert child.stdout is not None
        target = 60 + 40 * run + 15 * round_number
        for count, line in enumerate(child.stdout, start=1):
            kind, item_id = line.split()
            seen[kind].add(item_id)
            if count == target:
                child.send_signal(signal.SIGKILL)  # then keep reading what it printed before dying
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL

    manager = CollectionManager(tmp_path)
    manager.open_all()
    try:
        collection = manager.get("crash")
        # A delete that was asked for but not acknowledged may or may not have happened.
        survivors = seen["A"] - seen["R"]
        stored = set(collection.records_by_id(sorted(seen["A"])))
        assert survivors <= stored, f"lost acknowledged items: {sorted(survivors - stored)[:5]}"
        assert not stored & seen["D"], f"resurrected deleted items: {sorted(stored & seen['D'])[:5]}"
        assert len(seen["D"]) >= 4, "the kills came too early to test deletes"
        stats = collection.stats()
        assert stats.index_size == stats.item_count
        some = sorted(survivors)[0]
        top = collection.search_vector(collection.vectors_for_ids([some])[0], top_k=1).hits[0]
        assert top.record.id == some
    finally:
        manager.close()


def test_a_damaged_collection_is_reported_and_the_others_keep_serving(tmp_path: Path) -> None:
    manager = CollectionManager(tmp_path)
    manager.open_all()
    for name in ("good", "bad"):
        collection = manager.get_or_create(name, model_id="m", dimension=8, calibration=CalibrationProfile.fixed_temperature())
        collection.ingest(make_items(unit_rows(np.ones((1, 8)))))
    manager.close()
    store = tmp_path / "collections" / "bad" / STORE_FILE
    for leftover in store.parent.glob(STORE_FILE + "-*"):
        leftover.unlink()
    store.write_bytes(b"this is not a database" * 100)

    reopened = CollectionManager(tmp_path)
    reopened.open_all()
    try:
        assert reopened.names() == ["good"]
        assert reopened.get("good").stats().item_count == 1
        with pytest.raises(FailedPrecondition) as error:
            reopened.get("bad")
        assert error.value.reason == "COLLECTION_BROKEN"
    finally:
        reopened.close()


def test_a_creation_interrupted_before_its_first_commit_is_completed_later(tmp_path: Path) -> None:
    half_created = tmp_path / "collections" / "photos"
    half_created.mkdir(parents=True)
    (half_created / STORE_FILE).write_bytes(b"")  # crashed right after creating the file
    manager = CollectionManager(tmp_path)
    manager.open_all()
    try:
        assert manager.names() == []
        collection = manager.get_or_create("photos", model_id="m", dimension=8, calibration=CalibrationProfile.fixed_temperature())
        collection.ingest(make_items(unit_rows(np.ones((1, 8)))))
        assert collection.stats().item_count == 1
    finally:
        manager.close()


def test_snapshots_are_written_periodically_and_on_close(tmp_path: Path) -> None:
    manager = CollectionManager(tmp_path)
    manager.open_all()
    collection = manager.get_or_create("photos", model_id="m", dimension=8, calibration=CalibrationProfile.fixed_temperature())
    manifest = tmp_path / "collections" / "photos" / INDEX_FOLDER / MANIFEST_NAME
    first = manifest.read_text()  # a new collection starts with an (empty) snapshot
    manager.start_periodic_snapshots(0.05)
    collection.ingest(make_items(unit_rows(np.random.default_rng(0).normal(size=(5, 8)))))
    deadline = time.monotonic() + 10
    while manifest.read_text() == first and time.monotonic() < deadline:
        time.sleep(0.02)
    assert manifest.read_text() != first
    collection.ingest(make_items(unit_rows(np.random.default_rng(1).normal(size=(5, 8))), prefix="late"))
    manager.close()

    reopened = CollectionManager(tmp_path)
    reopened.open_all()
    try:
        recovered = reopened.get("photos")
        assert recovered.recovery.endswith("replayed 0 additions and 0 removals")
        assert recovered.stats().index_size == 10
    finally:
        reopened.close()


def test_closing_while_periodic_snapshots_are_starting_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A server stopped while it is still opening its collections closes the manager from another thread; here the
    # close lands at the worst moment, inside the snapshot thread's start.
    manager = CollectionManager(tmp_path)
    manager.open_all()
    manager.get_or_create("photos", model_id="m", dimension=8, calibration=CalibrationProfile.fixed_temperature())
    real_start = threading.Thread.start

    def start_after_a_close(thread: threading.Thread) -> None:
        if thread.name == "index-snapshots":
            manager.close()
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start_after_a_close)
    manager.start_periodic_snapshots(0.05)
    for snapshotter in [t for t in threading.enumerate() if t.name == "index-snapshots"]:
        snapshotter.join(5)
        assert not snapshotter.is_alive(), "a loop started after close ends at once"
