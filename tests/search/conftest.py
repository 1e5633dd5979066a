"""Shared helpers for the search core tests: deterministic vectors and items, real collections on tmp_path."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from embedder_svc.core.embedder import EmbedderCore, EmbedderLimits
from embedder_svc.core.model import ModelOptions, SiglipCheckpoint
from search_svc.core.backends import CollectionBackend, EmbeddedBackend, MilvusBackend
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection, CollectionSettings
from search_svc.core.records import ItemMetadata, NewItem
from search_svc.core.term_store import TermStore


# Every storage backend the behaviour tests run on (search_svc/core/backends.py); milvus is Milvus Lite here.
BACKENDS = ("embedded", "milvus")


def sha_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def clustered_vectors(rng: np.random.Generator, centres: np.ndarray, count: int, spread: float) -> np.ndarray:
    """Unit vectors scattered around random centres, as image embeddings cluster around concepts."""
    labels = rng.integers(0, len(centres), count)
    noise = rng.normal(size=(count, centres.shape[1])) * spread / np.sqrt(centres.shape[1])
    return unit_rows(centres[labels] + noise)


def make_items(vectors: np.ndarray, *, prefix: str = "item", metadata: Callable[[int], ItemMetadata] | None = None,
               start: int = 0) -> list[NewItem]:
    """One item per vector; the sha256 is derived from the id, as if each had distinct bytes."""
    return [
        NewItem(
            id=f"{prefix}-{start + i}", sha256=sha_of(f"{prefix}-{start + i}"),
            metadata=metadata(start + i) if metadata else ItemMetadata(uri=f"/photos/{prefix}-{start + i}.jpg"),
            vector=vector, size_bytes=1000 + i, width=64, height=48,
        )
        for i, vector in enumerate(vectors)
    ]


def ids_of(hits: Sequence) -> list[str]:
    return [hit.record.id for hit in hits]


@contextlib.contextmanager
def swapping_link(link: Path, targets: Sequence[str]) -> Iterator[None]:
    """While inside, a thread points `link` at each of `targets` in turn, as fast as it can.

    rename() replaces the link atomically, so the path always exists and points one way or another.
    """
    stop = threading.Event()

    def swap() -> None:
        turn = 0
        while not stop.is_set():
            staged = link.with_name(f".staged-{turn % 2}")
            staged.unlink(missing_ok=True)
            staged.symlink_to(targets[turn % len(targets)])
            os.replace(staged, link)
            turn += 1

    link.symlink_to(targets[0])
    swapper = threading.Thread(target=swap, daemon=True)
    swapper.start()
    try:
        yield
    finally:
        stop.set()
        swapper.join()


@pytest.fixture
def new_collection(tmp_path: Path) -> Callable[..., Collection]:
    """Creates real collections (SQLite file + USearch index) under tmp_path and closes them afterwards."""
    opened: list[Collection] = []

    def create(name: str = "photos", dimension: int = 16, *, model_id: str = "test-model",
               settings: CollectionSettings = CollectionSettings(),
               calibration: CalibrationProfile | None = None) -> Collection:
        collection = Collection.create(tmp_path / name, name=name, model_id=model_id, dimension=dimension,
                                       calibration=calibration or CalibrationProfile.fixed_temperature(), settings=settings)
        opened.append(collection)
        return collection

    yield create
    for collection in opened:
        collection.close(snapshot=False)  # closing twice is harmless


def make_backend(kind: str, folder: Path, settings: CollectionSettings = CollectionSettings()) -> CollectionBackend:
    """A real backend of `kind` keeping its collections under `folder` (Milvus: a Milvus Lite file there)."""
    if kind == "milvus":
        return MilvusBackend(str(folder / "milvus.db"))
    return EmbeddedBackend(folder / "collections", settings)


@pytest.fixture(scope="module")
def milvus_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MilvusBackend]:
    """One Milvus Lite per test module (each test's collections are dropped after it)."""
    backend = MilvusBackend(str(tmp_path_factory.mktemp("milvus") / "lite.db"))
    yield backend
    backend.close()


@pytest.fixture(params=BACKENDS)
def any_collection(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., Collection]]:
    """`new_collection` on each backend in turn: a module that overrides `new_collection` with this one runs
    every test on both. Milvus ignores `settings` (its index tuning is its own)."""
    if request.param == "embedded":
        yield request.getfixturevalue("new_collection")
        return
    backend: MilvusBackend = request.getfixturevalue("milvus_backend")
    made: list[str] = []

    def create(name: str = "photos", dimension: int = 16, *, model_id: str = "test-model",
               settings: CollectionSettings = CollectionSettings(),
               calibration: CalibrationProfile | None = None) -> Collection:
        made.append(name)
        return backend.create(name, model_id=model_id, dimension=dimension,
                              calibration=calibration or CalibrationProfile.fixed_temperature())

    yield create
    for name in made:
        backend.store.drop(name)


@pytest.fixture(scope="module")
def embedder_core(tiny_model_dir: Path) -> Iterator[EmbedderCore]:
    """The embedder's core on the tiny model, no gRPC: what the search core's image sender calls in these tests."""
    core = EmbedderCore(SiglipCheckpoint(ModelOptions(source=str(tiny_model_dir), cpu_threads=1)), EmbedderLimits())
    core.load()
    yield core
    core.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TermStore]:
    """A term store in a real SQLite file under tmp_path, opened, closed afterwards."""
    opened = TermStore(tmp_path / "terms.sqlite3", max_terms=10_000)
    opened.open()
    yield opened
    opened.close()
