"""Ordering results by capture time, among the results a calibrated cutoff calls relevant.

"Newest first" over a whole collection is a file browser, not a search: it
means something only among the results that match, and calibrated scores
give a cutoff that says "matches" in the same way for every query. So a
capture-time order always runs with a score threshold: the request's, or
`DEFAULT_TIME_ORDER_MIN_SCORE` (0.5, where the calibrated probability of
relevance is even) when it gives none. Items without a capture time come
last, in relevance order; equal times keep relevance order too, so pages are
stable.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum

import numpy as np

DEFAULT_TIME_ORDER_MIN_SCORE = 0.5


class ResultOrder(IntEnum):
    """Same numbers as `search.v1.SearchOrder`."""

    RELEVANCE = 0
    CAPTURE_TIME_DESC = 1
    CAPTURE_TIME_ASC = 2

    @property
    def by_time(self) -> bool:
        return self != ResultOrder.RELEVANCE


def effective_min_score(min_score: float | None, order: ResultOrder) -> float | None:
    """The threshold a search applies: a time order without one uses the calibrated 0.5."""
    if min_score is None and order.by_time:
        return DEFAULT_TIME_ORDER_MIN_SCORE
    return min_score


def by_capture_time(keys: np.ndarray, capture_times: Mapping[int, int], order: ResultOrder) -> np.ndarray:
    """Positions of `keys` (given best first) in capture-time order; keys without a time last, by relevance."""
    count = len(keys)
    missing = np.array([int(k) not in capture_times for k in keys], dtype=bool)
    times = np.array([capture_times.get(int(k), 0) for k in keys], dtype=np.int64)
    if order == ResultOrder.CAPTURE_TIME_DESC:
        times = -times
    # lexsort's last key is the primary one: with a time first, then by time, then by relevance.
    return np.lexsort((np.arange(count), np.where(missing, 0, times), missing))
