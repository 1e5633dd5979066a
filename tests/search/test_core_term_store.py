"""The term store on real SQLite files: spaces keep models and phrasings apart, it persists, evicts the least
recently used, and a damaged or unusable file never breaks a lookup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from search_svc.core.term_store import TermSpace, TermStore

DOG_MODEL = TermSpace("tiny@aaaaaaaaaaaa", ("This is a photo of {}.",))


def _vectors(texts: list[str], dimension: int = 8, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(len(texts), dimension)).astype(np.float32)
    return dict(zip(texts, rows / np.linalg.norm(rows, axis=1, keepdims=True), strict=True))


def test_a_stored_vector_comes_back_exactly_and_only_in_its_space(store: TermStore) -> None:
    vectors = _vectors(["dog", "puppy"])
    store.put(DOG_MODEL, vectors)
    found = store.lookup(DOG_MODEL, ["puppy", "cat", "dog"], dimension=8)
    assert set(found) == {"dog", "puppy"}
    assert np.array_equal(found["dog"], vectors["dog"]) and found["dog"].dtype == np.float32
    other_model = TermSpace("tiny@bbbbbbbbbbbb", DOG_MODEL.templates)
    other_templates = TermSpace(DOG_MODEL.model_id, ("a photo of {}",))
    no_prompt = TermSpace(DOG_MODEL.model_id, (), no_prompt=True)
    for space in (other_model, other_templates, no_prompt):
        assert store.lookup(space, ["dog"]) == {}
    assert store.missing(DOG_MODEL, ["cat", "dog", "cat"]) == ["cat"]
    assert store.missing(other_model, ["dog"]) == ["dog"]


def test_the_same_text_in_two_spaces_keeps_two_vectors(store: TermStore) -> None:
    other = TermSpace("tiny@bbbbbbbbbbbb", DOG_MODEL.templates)
    first, second = _vectors(["dog"], seed=1), _vectors(["dog"], seed=2)
    store.put(DOG_MODEL, first)
    store.put(other, second)
    assert np.array_equal(store.lookup(DOG_MODEL, ["dog"])["dog"], first["dog"])
    assert np.array_equal(store.lookup(other, ["dog"])["dog"], second["dog"])
    assert store.stats().terms == 2


def test_a_rewrite_replaces_the_vector_without_counting_twice(store: TermStore) -> None:
    store.put(DOG_MODEL, _vectors(["dog", "cat"], seed=1))
    replacement = _vectors(["dog"], seed=2)
    store.put(DOG_MODEL, replacement)
    assert np.array_equal(store.lookup(DOG_MODEL, ["dog"])["dog"], replacement["dog"])
    assert store.stats().terms == 2


def test_terms_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "terms.sqlite3"
    first = TermStore(path, max_terms=100)
    first.open()
    vectors = _vectors(["dog", "beach"])
    first.put(DOG_MODEL, vectors)
    first.close()
    again = TermStore(path, max_terms=100)
    again.open()
    assert np.array_equal(again.lookup(DOG_MODEL, ["beach"])["beach"], vectors["beach"])
    stats = again.stats()
    assert stats.terms == 2 and stats.disk_bytes > 0
    again.close()


def test_a_full_store_evicts_the_least_recently_used(tmp_path: Path) -> None:
    store = TermStore(tmp_path / "terms.sqlite3", max_terms=10)
    store.open()
    old = [f"old {i}" for i in range(10)]
    store.put(DOG_MODEL, _vectors(old))
    kept = old[7:]
    assert len(store.lookup(DOG_MODEL, kept)) == 3  # used: now more recent than the rest
    store.put(DOG_MODEL, _vectors([f"new {i}" for i in range(4)]))
    count = store.stats().terms
    assert count <= 10
    survivors = set(store.lookup(DOG_MODEL, old + [f"new {i}" for i in range(4)]))
    assert set(kept) <= survivors and {f"new {i}" for i in range(4)} <= survivors
    assert len(survivors) == count and "old 0" not in survivors
    store.close()


def test_a_file_that_is_not_a_database_is_moved_aside_and_the_store_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "terms.sqlite3"
    path.write_bytes(b"this is not a database, just noise " * 200)
    store = TermStore(path, max_terms=100)
    store.open()
    assert store.enabled and store.lookup(DOG_MODEL, ["dog"]) == {}
    store.put(DOG_MODEL, _vectors(["dog"]))
    assert set(store.lookup(DOG_MODEL, ["dog"])) == {"dog"}
    assert [p.name.split(".corrupt-")[0] for p in tmp_path.glob("*.corrupt-*")] == ["terms.sqlite3"]
    store.close()


def test_a_damaged_row_is_a_miss_and_the_next_write_mends_it(store: TermStore) -> None:
    store.put(DOG_MODEL, _vectors(["dog", "cat"]))
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE terms SET vector = ? WHERE text = 'dog'", (b"\x00\x01\x02",))
    assert set(store.lookup(DOG_MODEL, ["dog", "cat"], dimension=8)) == {"cat"}
    store.put(DOG_MODEL, _vectors(["dog"]))
    assert set(store.lookup(DOG_MODEL, ["dog"], dimension=8)) == {"dog"}


def test_an_unusable_location_leaves_an_empty_store_that_never_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    store = TermStore(blocker / "terms.sqlite3", max_terms=100)
    store.open()
    assert not store.enabled
    store.put(DOG_MODEL, _vectors(["dog"]))
    assert store.lookup(DOG_MODEL, ["dog"]) == {} and store.missing(DOG_MODEL, ["dog"]) == ["dog"]
    assert store.stats().terms == 0


def test_errors_at_run_time_are_misses_not_failures(store: TermStore) -> None:
    store.put(DOG_MODEL, _vectors(["dog"]))
    with sqlite3.connect(store.path) as db:
        db.execute("DROP TABLE terms")  # what a damaged page looks like to a query: an SQLite error
    assert store.lookup(DOG_MODEL, ["dog"]) == {}
    store.put(DOG_MODEL, _vectors(["cat"]))
    assert store.errors == 2


def test_max_terms_zero_turns_the_store_off(tmp_path: Path) -> None:
    store = TermStore(tmp_path / "terms.sqlite3", max_terms=0)
    store.open()
    store.put(DOG_MODEL, _vectors(["dog"]))
    assert not store.enabled and store.lookup(DOG_MODEL, ["dog"]) == {}
    assert not (tmp_path / "terms.sqlite3").exists()
