"""The expander's vocabulary: the terms Expand returns for the lexicon's concepts, most useful first.

A caller that embeds expansion terms ahead of queries (the search service's
term store) wants the terms deep search will actually send, in the order
they are likely to be needed. Rather than guess at the expander's rules,
this asks the expander itself: each concept is expanded as a one-concept
query would be, and its original and expansion terms are listed in the order
Expand ranks them. Concept order:

1. the curated photo concepts, commonest word first (familiarity, Zipf);
2. every other concrete noun and visual adjective of the lexicon, commonest
   first.

A concept the expander reads as filler (no concepts in its answer) adds
nothing. Multi-concept queries ("dog on a beach") expand per part, so their
terms are mostly these; phrases made only in context ("wild dog") are
filled by the queries that need them.

The listing is made lazily, as the stream is read, so a slow reader (an
embedder warming on a CPU) spreads its cost, and a GIL switch between
concepts keeps concurrent Expand calls from waiting on it. The expander's
query cache sees these one-word queries like any other.

A listing is background work, so it is paced: after each concept it sleeps
long enough to use at most `cpu_share` of one core (EXPANSION_LISTING_CPU_SHARE),
counting the CPU it used, not time spent waiting for the reader.
Unpaced, the 20,000 terms a search service warms cost 3.6 s of CPU at once,
right when a service starts, and on a 2-core machine the first nine
foreground searches of bench.term_store_schedule then took 1.6x to 3.1x
their usual time; paced, the same work is spread thin.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from expansion_svc.core.expander import DEFAULT_MAX_TERMS, Expander
from mediasearch.runtime.errors import DomainError

MAX_LISTED_TERMS = 1_000_000
TERMS_PER_MESSAGE = 256


def concepts_by_usefulness(expander: Expander) -> list[str]:
    """Every concept worth listing, in listing order (see the module docstring)."""
    lexicon = expander.lexicon
    curated = sorted(expander.curated, key=lambda concept: -lexicon.familiarity(concept))
    known = set(curated)
    others = [
        term
        for term in lexicon.familiarities
        if term not in known and (lexicon.is_concrete_noun(term) or lexicon.has_adjective(term))
    ]
    others.sort(key=lambda term: -lexicon.familiarity(term))
    return curated + others


def list_terms(
    expander: Expander,
    *,
    max_terms: int = 0,
    terms_per_concept: int = 0,
    vocabulary: Iterable[str] = (),
    concepts: Iterable[str] | None = None,
    stop_at: float | None = None,
    cpu_share: float = 1.0,
) -> Iterator[list[str]]:
    """Runs of at most TERMS_PER_MESSAGE new terms, most useful first, until `max_terms` (0: all) are listed or
    the time.monotonic() `stop_at` has come (then the listing so far: a prefix of the whole, still the most
    useful terms, where running on would end in DEADLINE_EXCEEDED and nothing).

    `terms_per_concept` is Expand's max_terms (0: its default); `vocabulary` is passed to Expand as a caller
    would; `concepts` replaces concepts_by_usefulness (tests); `cpu_share` (0 to 1] paces the listing to that
    share of one core (see the module docstring)."""
    if not 0.0 < cpu_share <= 1.0:
        raise ValueError(f"cpu_share must be in (0, 1], not {cpu_share}")
    rest_per_busy = 1.0 / cpu_share - 1.0
    limit = max_terms or MAX_LISTED_TERMS
    words = tuple(vocabulary)
    seen: set[str] = set()
    run: list[str] = []
    # This thread's CPU since the last rest: time blocked on a slow reader is not work, while the loop's own steps
    # and concepts skipped without a rest are (counted per expansion only, a cached listing outran its share).
    busy_since = time.thread_time()
    for concept in concepts if concepts is not None else concepts_by_usefulness(expander):
        if stop_at is not None and time.monotonic() >= stop_at:
            break
        try:
            expansion = expander.expand(concept, max_terms=terms_per_concept or DEFAULT_MAX_TERMS, vocabulary=words)
        except DomainError:
            continue  # a lexicon entry the query parser refuses is nothing a query could bring either
        if not expansion.concepts:
            continue
        for term in expansion.terms:
            if term.text in seen:
                continue
            seen.add(term.text)
            run.append(term.text)
            if len(seen) >= limit:
                yield run
                return
            if len(run) == TERMS_PER_MESSAGE:
                yield run
                run = []
        # Rest in proportion to the work just done; even with no rest, let a concurrent Expand run between concepts.
        busy_since = _rest(busy_since, rest_per_busy)
    _rest(busy_since, rest_per_busy)
    if run:
        yield run


def _rest(busy_since: float, rest_per_busy: float) -> float:
    """Sleeps in proportion to this thread's CPU since `busy_since`; returns where the next work starts counting,
    before the sleep, so the sleep's own system call counts as work too."""
    now = time.thread_time()
    time.sleep((now - busy_since) * rest_per_busy)
    return now
