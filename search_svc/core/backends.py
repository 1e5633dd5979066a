"""Where a `CollectionManager` finds, opens and creates collections: one class per storage backend.

Embedded: one folder per collection under `<data>/collections/`, known at start.
Milvus: one registry row per collection in Milvus, shared by every search
replica, so a collection another replica created is opened when first named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from mediasearch.names import COLLECTION_ID
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection, CollectionSettings
from search_svc.core.store import StoreNotInitialized


class CollectionBackend(Protocol):
    # Whether other processes create collections here too: then an unknown name is looked up, not refused.
    shared: bool

    def names(self) -> list[str]: ...

    def open(self, name: str) -> Collection | None:
        """The stored collection, or None when no committed collection has this name."""

    def create(self, name: str, *, model_id: str, dimension: int, calibration: CalibrationProfile) -> Collection: ...

    def close(self) -> None: ...


class EmbeddedBackend:
    """Collections as folders of a data directory (SQLite store + USearch snapshots)."""

    shared = False

    def __init__(self, root: Path, settings: CollectionSettings = CollectionSettings()) -> None:
        self.root = root
        self._settings = settings

    def names(self) -> list[str]:
        self.root.mkdir(parents=True, exist_ok=True)
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and COLLECTION_ID.fullmatch(p.name))

    def open(self, name: str) -> Collection | None:
        try:
            return Collection.open(self.root / name, self._settings)
        except StoreNotInitialized:
            # A creation that crashed before its first commit: nothing was acknowledged there.
            return None

    def create(self, name: str, *, model_id: str, dimension: int, calibration: CalibrationProfile) -> Collection:
        return Collection.create(
            self.root / name,
            name=name,
            model_id=model_id,
            dimension=dimension,
            calibration=calibration,
            settings=self._settings,
        )

    def close(self) -> None:
        pass


class MilvusBackend:
    """Collections in one Milvus deployment (a cluster, or Milvus Lite for a local `.db` path)."""

    shared = True

    def __init__(self, uri: str, *, token: str = "", timeout_s: float = 30.0) -> None:
        from search_svc.core.milvus_collection import MilvusStore  # pymilvus only where this backend is chosen

        self.store = MilvusStore(uri, token=token, timeout_s=timeout_s)

    def names(self) -> list[str]:
        return self.store.names()

    def open(self, name: str) -> Collection | None:
        from search_svc.core.milvus_collection import MilvusCollection

        return MilvusCollection.open_in(self.store, name)

    def create(self, name: str, *, model_id: str, dimension: int, calibration: CalibrationProfile) -> Collection:
        from search_svc.core.milvus_collection import MilvusCollection

        return MilvusCollection.create_in(
            self.store, name=name, model_id=model_id, dimension=dimension, calibration=calibration
        )

    def close(self) -> None:
        self.store.close()
