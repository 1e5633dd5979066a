"""Warming the term store in the background: the expander's vocabulary embedded before queries need it.

As soon as the embedder names its model (at start, and again whenever the
model changes), a thread asks the expansion service for the terms it can
return, most useful first (StreamTerms), and embeds those the store does
not hold for the current model and default phrasing, a small batch per
call, at background priority: the embedder computes them only while no
query waits (embedder_svc/core/batcher.py). Queries fill the store too, so
warming is a head start, not a condition: while the embedder or the
expansion service is unreachable the thread waits and tries again, and a
stop request ends it between two batches.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mediasearch.runtime.errors import DomainError
from search_svc.core.deep import UNREAD_PROBE
from search_svc.core.term_store import TermSpace, TermStore

log = logging.getLogger(__name__)

# The terms to warm, most useful first: at most `max_terms` of them.
TermLister = Callable[[int], Sequence[str]]
# Embeds texts in `space` at background priority and keeps them (engine.embed_and_keep).
Embed = Callable[[TermSpace, Sequence[str]], np.ndarray]


@dataclass
class WarmingProgress:
    """What one warming of one space did; `seconds` counts from its start to now or to its end."""

    space: TermSpace
    listed: int = 0
    already_stored: int = 0
    embedded: int = 0
    done: bool = False
    started: float = 0.0
    finished: float = 0.0

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started


class TermWarmer:
    """One background thread that keeps the current space's vocabulary embedded."""

    def __init__(
        self,
        store: TermStore,
        *,
        current_space: Callable[[], TermSpace],
        list_terms: TermLister,
        embed: Embed,
        max_terms: int,
        batch_size: int = 16,
        retry_s: float = 5.0,
        recheck_s: float = 30.0,
    ) -> None:
        self._store = store
        self._current_space = current_space
        self._list_terms = list_terms
        self._embed = embed
        self._max_terms = max_terms
        self._batch_size = batch_size
        self._retry_s = retry_s
        self._recheck_s = recheck_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.progress: WarmingProgress | None = None
        # Failed attempts (a dependency unreachable or refusing); each is retried after retry_s.
        self.failures = 0

    def start(self) -> None:
        if self._thread is None and self._max_terms > 0:
            thread = threading.Thread(target=self._loop, name="term-warming", daemon=True)
            thread.start()
            self._thread = thread  # once started, as the index snapshotter (manager.py) says why

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Asks the thread to stop after the batch in flight, and waits for it (at most `timeout_s`)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        warmed: TermSpace | None = None
        while not self._stop.is_set():
            try:
                space = self._current_space()
                if space != warmed and self.warm(space).done:
                    warmed = space
            except DomainError as error:
                self.failures += 1
                log.info("term warming waits %.0f s: %s", self._retry_s, error)
                self._stop.wait(self._retry_s)
                continue
            except Exception:  # noqa: BLE001 - warming is a head start; it must never take the service down
                self.failures += 1
                log.exception("term warming failed; trying again in %.0f s", self._retry_s)
                self._stop.wait(self._retry_s)
                continue
            self._stop.wait(self._recheck_s)

    def warm(self, space: TermSpace) -> WarmingProgress:
        """Embeds the listed terms `space` lacks; returns early (not done) when asked to stop or when the model
        changed meanwhile. Raises DomainError when a dependency fails."""
        progress = WarmingProgress(space, started=time.monotonic())
        self.progress = progress
        # Deep search embeds its probe of what the model cannot read with every query's terms: warmed first.
        terms = [UNREAD_PROBE, *list(self._list_terms(self._max_terms))[: self._max_terms]]
        progress.listed = len(terms)
        needed = self._store.missing(space, terms)
        progress.already_stored = len(terms) - len(needed)
        for start in range(0, len(needed), self._batch_size):
            if self._stop.is_set():
                return progress
            if self._current_space() != space:
                log.info("term warming of %s stops: the model or its templates changed", space.model_id)
                return progress
            batch = needed[start : start + self._batch_size]
            self._embed(space, batch)
            progress.embedded += len(batch)
        progress.done, progress.finished = True, time.monotonic()
        log.info(
            "term store warm for %s: %d terms listed, %d embedded in %.1f s",
            space.model_id,
            progress.listed,
            progress.embedded,
            progress.seconds,
        )
        return progress
