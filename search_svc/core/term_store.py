"""Text embeddings kept on disk, so a term is embedded once per model and phrasing, not once per query.

Deep search embeds about ten expansion terms per query, and they come from a
finite lexicon; queries repeat too. This store keeps each text's vector in
one SQLite file in the service's data folder, under a *space*: the model's
identity and how texts are phrased for it (the prompt templates in force, or
no prompt). A vector is only ever read back in the space it was made in, so
a model swap or a template change never returns a stale vector; the vectors
of other spaces simply age out.

Size is bounded (`max_terms`): when a write takes the store past it, the
least recently used tenth goes (recency is a counter bumped on every hit
and write, across restarts). Vectors are float32, exactly as the embedder
returned them: a stored term scores as a fresh one would.

The store is a cache, never a reason for a query to fail: a file that is
not a readable database is moved aside (`*.corrupt-<time>`) and a new one
started; if no file can be used at all the store stays empty and every
lookup misses. Any SQLite error at run time is logged and counted as a miss.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# SQLite's default limit on host parameters is 32766 in current builds, 999 in old ones.
_PARAMETERS_PER_STATEMENT = 900
_EVICT_SHARE = 0.1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS spaces (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS terms (
    id INTEGER PRIMARY KEY,
    space INTEGER NOT NULL REFERENCES spaces(id),
    text TEXT NOT NULL,
    vector BLOB NOT NULL,
    used INTEGER NOT NULL,
    UNIQUE (space, text)
);
CREATE INDEX IF NOT EXISTS terms_by_use ON terms(used);
"""


@dataclass(frozen=True)
class TermSpace:
    """What a text's vector depends on besides the text: the model and the phrasing of its texts.

    `templates` are the templates in force: the request's, or the embedder's defaults when it named none.
    """

    model_id: str
    templates: tuple[str, ...] = ()
    no_prompt: bool = False

    @property
    def key(self) -> str:
        return json.dumps([self.model_id, list(self.templates), self.no_prompt], ensure_ascii=False)


@dataclass(frozen=True)
class TermStoreStats:
    """How much the store holds: terms over all spaces, and bytes on disk (database and its write-ahead log)."""

    terms: int
    disk_bytes: int


class TermStore:
    """A bounded, persistent map (space, text) -> unit vector; thread-safe, and never raises to its callers."""

    def __init__(self, path: Path, *, max_terms: int) -> None:
        self.path = Path(path)
        self.max_terms = max_terms
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._spaces: dict[str, int] = {}
        self._count = 0
        self._clock = 0
        # Lookups and writes that failed at run time (each logged); a sign the disk or file has trouble.
        self.errors = 0

    # -- lifecycle ---------------------------------------------------------------
    def open(self) -> None:
        """Opens (or creates) the file; a damaged one is moved aside and replaced. Never raises."""
        if self.max_terms <= 0:
            return
        with self._lock:
            try:
                self._db = self._connect()
                return
            except sqlite3.DatabaseError as error:
                log.error("term store %s is unreadable (%s); moving it aside and starting empty", self.path, error)
            except OSError as error:
                log.error("term store %s cannot be opened (%s); running without it", self.path, error)
                return
            try:
                self._move_aside()
                self._db = self._connect()
            except (sqlite3.Error, OSError) as error:
                log.error("term store %s cannot be recreated (%s); running without it", self.path, error)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # A lost last write only costs an embedding again: no fsync per commit.
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"schema version {version}; this service writes {SCHEMA_VERSION}")
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self._spaces = dict(db.execute("SELECT key, id FROM spaces").fetchall())
            self._count, clock = db.execute("SELECT COUNT(*), COALESCE(MAX(used), 0) FROM terms").fetchone()
            self._clock = int(clock)
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.rename(part.with_name(f"{part.name}.corrupt-{stamp}"))

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()
                except sqlite3.Error:
                    log.exception("closing term store %s failed", self.path)
                self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    # -- reads -------------------------------------------------------------------
    def lookup(self, space: TermSpace, texts: Sequence[str], *, dimension: int = 0) -> dict[str, np.ndarray]:
        """The stored vectors of those `texts` the store holds in `space` (of `dimension` floats, when given);
        each found term counts as used."""
        unique = list(dict.fromkeys(texts))
        with self._lock:
            if self._db is None or not unique:
                return {}
            try:
                space_id = self._spaces.get(space.key)
                if space_id is None:
                    return {}
                found: dict[str, np.ndarray] = {}
                ids: list[int] = []
                for part in _parts(unique):
                    rows = self._db.execute(
                        f"SELECT id, text, vector FROM terms WHERE space = ? AND text IN ({_marks(part)})",
                        [space_id, *part],
                    ).fetchall()
                    for row_id, text, blob in rows:
                        vector = _vector(blob, dimension)
                        if vector is None:
                            continue  # a damaged row is a miss; the fresh vector will replace it
                        found[text] = vector
                        ids.append(row_id)
                self._touch(ids)
                return found
            except sqlite3.Error as error:
                self._failed("lookup", error)
                return {}

    def missing(self, space: TermSpace, texts: Sequence[str]) -> list[str]:
        """Those of `texts` not stored in `space`, in order, without reading vectors (for warming)."""
        unique = list(dict.fromkeys(texts))
        with self._lock:
            if self._db is None:
                return unique
            try:
                space_id = self._spaces.get(space.key)
                if space_id is None:
                    return unique
                held: set[str] = set()
                for part in _parts(unique):
                    held.update(
                        text
                        for (text,) in self._db.execute(
                            f"SELECT text FROM terms WHERE space = ? AND text IN ({_marks(part)})", [space_id, *part]
                        )
                    )
                return [text for text in unique if text not in held]
            except sqlite3.Error as error:
                self._failed("lookup", error)
                return unique

    def stats(self) -> TermStoreStats:
        disk = sum(
            part.stat().st_size
            for suffix in ("", "-wal")
            if (part := self.path.with_name(self.path.name + suffix)).exists()
        )
        with self._lock:
            return TermStoreStats(self._count if self._db is not None else 0, disk)

    # -- writes ------------------------------------------------------------------
    def put(self, space: TermSpace, vectors: Mapping[str, np.ndarray]) -> None:
        """Stores (or replaces) each text's vector in `space`, then evicts the least recently used if full."""
        if not vectors:
            return
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    space_id = self._space_id(space)
                    self._clock += 1
                    rows = [
                        (space_id, text, np.asarray(vector, dtype=np.float32).tobytes(), self._clock)
                        for text, vector in vectors.items()
                    ]
                    self._db.executemany("UPDATE terms SET vector = ?3, used = ?4 WHERE space = ?1 AND text = ?2", rows)
                    added = self._db.executemany(
                        "INSERT OR IGNORE INTO terms (space, text, vector, used) VALUES (?, ?, ?, ?)", rows
                    ).rowcount
                    self._count += max(0, added)
                    self._evict_if_full()
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    self._count = self._db.execute("SELECT COUNT(*) FROM terms").fetchone()[0]
                    raise
            except sqlite3.Error as error:
                self._failed("write", error)

    def _space_id(self, space: TermSpace) -> int:
        assert self._db is not None
        space_id = self._spaces.get(space.key)
        if space_id is None:
            self._db.execute("INSERT OR IGNORE INTO spaces (key) VALUES (?)", (space.key,))
            space_id = int(self._db.execute("SELECT id FROM spaces WHERE key = ?", (space.key,)).fetchone()[0])
            self._spaces[space.key] = space_id
        return space_id

    def _evict_if_full(self) -> None:
        assert self._db is not None
        if self._count <= self.max_terms:
            return
        # A tenth below the bound, so that the next writes do not each pay for an eviction.
        excess = self._count - self.max_terms + max(1, int(self.max_terms * _EVICT_SHARE))
        self._db.execute("DELETE FROM terms WHERE id IN (SELECT id FROM terms ORDER BY used LIMIT ?)", (excess,))
        self._count = self._db.execute("SELECT COUNT(*) FROM terms").fetchone()[0]

    def _touch(self, ids: list[int]) -> None:
        assert self._db is not None
        if not ids:
            return
        self._clock += 1
        for part in _parts(ids):
            self._db.execute(f"UPDATE terms SET used = ? WHERE id IN ({_marks(part)})", [self._clock, *part])

    def _failed(self, what: str, error: sqlite3.Error) -> None:
        self.errors += 1
        log.warning("term store %s failed (%s): %s; the query goes on without it", what, self.path, error)


def _vector(blob: object, dimension: int) -> np.ndarray | None:
    """The stored float32 vector, or None when the row is not one (of `dimension` floats, when given)."""
    if not isinstance(blob, bytes) or not blob or len(blob) % 4 or (dimension and len(blob) != 4 * dimension):
        return None
    vector = np.frombuffer(blob, dtype=np.float32).copy()
    return vector if np.isfinite(vector).all() else None


def _parts(values: list, size: int = _PARAMETERS_PER_STATEMENT) -> list[list]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def _marks(values: list) -> str:
    return ",".join("?" * len(values))
