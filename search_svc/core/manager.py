"""All collections of one storage backend: opened at start, created on first use, snapshotted.

Embedded layout: `<data>/collections/<name>/items.sqlite3` (the durable store)
and `<data>/collections/<name>/index/` (snapshots); backends.py has the Milvus
one. A collection that cannot be opened is reported, not fatal: the others
keep serving.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from mediasearch.names import COLLECTION_ID
from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from search_svc.core.backends import CollectionBackend, EmbeddedBackend
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection, CollectionSettings

logger = logging.getLogger(__name__)

COLLECTION_NAME = COLLECTION_ID  # one rule for ids, in the resource names module


def validate_collection_name(name: str, field_path: str = "collection") -> None:
    if not COLLECTION_NAME.fullmatch(name):
        raise InvalidArgument.for_field(
            field_path, "must be 1 to 64 characters of a-z, 0-9, '_' and '-'", reason="COLLECTION_NAME_INVALID"
        )


class CollectionManager:
    """Owns every `Collection` of a backend (by default the embedded one in `data_dir`); thread-safe."""

    def __init__(
        self,
        data_dir: Path,
        settings: CollectionSettings = CollectionSettings(),
        backend: CollectionBackend | None = None,
    ) -> None:
        self.root = Path(data_dir) / "collections"
        self.backend = backend or EmbeddedBackend(self.root, settings)
        self._lock = threading.Lock()
        self._collections: dict[str, Collection] = {}
        self._broken: dict[str, str] = {}
        self._stop = threading.Event()
        self._snapshotter: threading.Thread | None = None

    def open_all(self) -> None:
        """Opens every stored collection, recovering each index from its snapshot or its store."""
        for name in self.backend.names():
            self._open(name)

    def _open(self, name: str) -> Collection | None:
        try:
            collection = self.backend.open(name)
        except Exception as error:  # noqa: BLE001 - one damaged collection must not stop the others
            logger.exception("collection %s could not be opened", name)
            self._broken[name] = str(error)
            return None
        if collection is None:
            logger.info("ignoring collection %s without a committed collection row", name)
            return None
        self._collections[collection.name] = collection
        return collection

    def names(self) -> list[str]:
        with self._lock:
            known = set(self._collections)
        if self.backend.shared:  # other replicas' collections too
            known.update(self.backend.names())
        return sorted(known)

    def get(self, name: str) -> Collection:
        validate_collection_name(name)
        with self._lock:
            collection = self._collections.get(name)
            if collection is None and self.backend.shared and name not in self._broken:
                collection = self._open(name)  # created by another replica since this one started
            broken = self._broken.get(name)
        if collection is not None:
            return collection
        if broken is not None:
            raise FailedPrecondition(f"collection '{name}' could not be opened: {broken}", reason="COLLECTION_BROKEN")
        raise NotFound(f"collection '{name}' does not exist", reason="COLLECTION_NOT_FOUND")

    def get_bound(self, name: str, *, model_id: str, dimension: int) -> Collection:
        """An existing collection, checked against the model that embeds the caller's queries."""
        collection = self.get(name)
        collection.require_model(model_id, dimension)
        return collection

    def get_or_create(self, name: str, *, model_id: str, dimension: int, calibration: CalibrationProfile) -> Collection:
        """The collection, created and bound to `model_id` on first use; FailedPrecondition on a mismatch."""
        validate_collection_name(name)
        with self._lock:
            collection = self._collections.get(name)
            if collection is None and self.backend.shared and name not in self._broken:
                collection = self._open(name)
            if collection is None:
                if name in self._broken:
                    raise FailedPrecondition(
                        f"collection '{name}' could not be opened: {self._broken[name]}", reason="COLLECTION_BROKEN"
                    )
                collection = self.backend.create(name, model_id=model_id, dimension=dimension, calibration=calibration)
                self._collections[name] = collection
        collection.require_model(model_id, dimension)
        return collection

    def snapshot_all(self, *, force: bool = False) -> list[str]:
        """Snapshots every changed collection; returns the names written. Failures are logged, not raised."""
        written = []
        with self._lock:
            collections = list(self._collections.values())
        for collection in collections:
            try:
                if collection.snapshot(force=force):
                    written.append(collection.name)
            except Exception:  # noqa: BLE001 - a failed snapshot only costs a longer replay at start
                logger.exception("snapshot of collection %s failed", collection.name)
        return written

    def start_periodic_snapshots(self, interval_s: float) -> None:
        if self._snapshotter is not None:
            return

        def loop() -> None:
            while not self._stop.wait(interval_s):
                self.snapshot_all()

        thread = threading.Thread(target=loop, name="index-snapshots", daemon=True)
        thread.start()
        # Set once started: a server stopped while it is still opening its collections closes from another
        # thread, and joining a thread not yet started raises. A loop close() missed ends at once on `_stop`.
        self._snapshotter = thread

    def close(self) -> None:
        """Stops periodic snapshots, writes a final snapshot of each changed collection and closes the stores."""
        self._stop.set()
        if self._snapshotter is not None:
            self._snapshotter.join()
        with self._lock:
            collections, self._collections = list(self._collections.values()), {}
        for collection in collections:
            try:
                collection.close()
            except Exception:  # noqa: BLE001 - close the rest; the stores are durable regardless
                logger.exception("closing collection %s failed", collection.name)
        self.backend.close()
