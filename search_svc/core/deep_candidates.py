"""Which candidates deep search's rows get from the index, and lookups made ahead of fusion.

Pools. Each row asks for `candidate_multiplier` x the results up to the
page's end when it is what the user typed (the query, the parts of it), and
`EXPANSION_POOL_SHARE` of that when it is an expansion. An item an expansion
counted on its own puts on the page is among that expansion's own best
results up to the page's end (its weighted score ranks it, and every item
the expansion scores higher ranks higher), so the rest of its pool only pays
for the index's approximation and for near-duplicates. The joint evidence of
several parts can rank an item below the top of each part's own list, so the
parts keep the full pool; an expansion of a part counts inside that joint
evidence, where the argument holds only roughly, and bench.natural measures
what the smaller pool changes there. A capture-time order gives every row the
same fixed pool, whatever the page, so paging neither repeats nor skips.

Lookups ahead. A query of one text term searches each expansion by the
expansion's own vector, known as soon as the term store answers: deep search
looks those up while the query itself is still being embedded
(`CandidateLookups.fetch` from its Expand worker), and fusion finds them here
by vector and pool instead of asking the index again.
"""

from __future__ import annotations

import math

import numpy as np

from search_svc.core.collection import Collection
from search_svc.core.filters import ItemFilter
from search_svc.core.ordering import ResultOrder

# Results ordered by capture time come from this many candidates per term (times candidate_multiplier).
TIME_ORDER_POOL = 100
# An expansion's row asks the index for this share of the original's candidates.
EXPANSION_POOL_SHARE = 0.5


def row_pools(candidate_multiplier: int, order: ResultOrder, wanted: int) -> tuple[int, int]:
    """(the pool of a row the user typed, an expansion's pool) for a page ending at result `wanted`."""
    # A time order's pool must not depend on the page, or a later page could hold a newer item than the first.
    if order.by_time:
        pool = candidate_multiplier * TIME_ORDER_POOL
        return pool, pool
    pool = candidate_multiplier * wanted
    return pool, max(wanted, math.ceil(EXPANSION_POOL_SHARE * pool))


class CandidateLookups:
    """Candidate keys per query vector and pool, each looked up once, for one deep search."""

    def __init__(self, collection: Collection, item_filter: ItemFilter) -> None:
        self._collection = collection
        self._filter = item_filter
        # Filled by the Expand worker before deep search reads its result, then by fusion: never both at once.
        self._found: dict[tuple[bytes, int], list[np.ndarray]] = {}

    def fetch(self, queries: np.ndarray, pool: int) -> list[np.ndarray]:
        """The candidate lists of every row of `queries` (whole images, then region views), rows in order."""
        queries = np.asarray(queries, dtype=np.float32)
        keys = [(row.tobytes(), pool) for row in queries]
        missing: dict[tuple[bytes, int], np.ndarray] = {}
        for key, row in zip(keys, queries, strict=True):
            if key not in self._found:
                missing.setdefault(key, row)
        if missing:
            rows = np.stack(list(missing.values()))
            # Items are found by their whole image or by one of its region views (views.py), scored by the better.
            found = self._collection.candidates(rows, pool, self._filter)
            views = self._collection.view_candidates(rows, pool, self._filter)
            for position, key in enumerate(missing):
                self._found[key] = [found[position]] + ([views[position]] if views else [])
        return [keys_of_row for key in keys for keys_of_row in self._found[key]]
