"""Deep search: query expansion, per-term candidates, exact re-scoring, fusion, collapse, explanations.

Fusion rule (weighted max in probability space). For item i and term t
(the original query has weight 1; each expansion its weight w_t < 1):

    p_it  = calibration(cos(q_t, x_i))           exact float32 cosine
    fused = max_t  w_t * p_it                     best weighted evidence

Why this rule: an item that matches the original query as well as it matches
an expansion always ranks by the original (w = 1 beats any w_t < 1), so the
original dominates; yet an item matched only by an expansion ("puppy" for
"dog") still surfaces with up to w_t of that term's probability, which a
weighted mean over ten terms would dilute away. Ties go to the original.
The reported raw cosine is the fused cosine: the cosine that the calibration
maps to `fused` (for original-term winners, exactly their cosine).

Each expansion's query vector replaces the text term it expanded inside the
weighted query, so image terms and negative terms still apply to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from mediasearch.runtime.errors import DeadlineExceeded, InvalidArgument, ResourceExhausted, Unavailable
from search_svc.core.collection import Collection
from search_svc.core.filters import NO_FILTER, ItemFilter
from search_svc.core.paging import validate_paging, validate_thresholds
from search_svc.core.query import QueryTerm, TermKind, combine_term_vectors, format_query, validate_terms
from search_svc.core.results import Hit, SearchMode, SearchOutcome, TermMatch, TermRelation
from search_svc.core.retrieval import best_first
from search_svc.core.search import Embedders, embed_terms

# Expansion weights are capped below the original's 1 so the original always dominates.
MAX_EXPANSION_WEIGHT = 0.95


@dataclass(frozen=True)
class ExpansionTerm:
    """One related term from the expansion service; `query_part` is the concept of the query it came from."""

    text: str
    relation: TermRelation
    weight: float
    query_part: str = ""


Expander = Callable[[str, int], Sequence[ExpansionTerm]]


@dataclass(frozen=True)
class DeepOptions:
    """Mirrors `search.v1.DeepSearchOptions`, plus how explanations are chosen."""

    max_expansions: int = 10
    disable_expansion: bool = False
    candidate_multiplier: int = 10
    duplicate_threshold: float = 0.94
    # A term "matched" an item when its calibrated score reaches this.
    match_threshold: float = 0.5
    max_matches: int = 5

    def __post_init__(self) -> None:
        if not 0 <= self.max_expansions <= 50:
            raise InvalidArgument.for_field("deep.max_expansions", "must be 0 to 50")
        if not 10 <= self.candidate_multiplier <= 100:
            raise InvalidArgument.for_field("deep.candidate_multiplier", "must be 10 to 100")
        if not 0.0 < self.duplicate_threshold <= 1.0:
            raise InvalidArgument.for_field("deep.duplicate_threshold", "must be in (0, 1]")


@dataclass(frozen=True)
class FusionTerm:
    """A searched term: its label, relation and query part for explanations, fusion weight and unit query vector."""

    label: str
    relation: TermRelation
    weight: float
    vector: np.ndarray
    query_part: str = ""


def deep_search(collection: Collection, terms: Sequence[QueryTerm], embedders: Embedders,
                expander: Expander | None, *, top_k: int = 10, offset: int = 0, min_score: float | None = None,
                item_filter: ItemFilter = NO_FILTER, options: DeepOptions = DeepOptions()) -> SearchOutcome:
    """Expands the query, fuses per-term results and explains them.

    If the expander is unreachable the query runs as a normal search with
    `expansion_unavailable` set; an unreachable embedder fails the call.
    """
    validate_terms(terms)
    validate_paging(top_k, offset)
    vectors = embed_terms(collection, terms, embedders)
    weights = [t.weight for t in terms]
    fusion_terms = [FusionTerm(format_query(terms), TermRelation.ORIGINAL, 1.0, combine_term_vectors(weights, vectors))]
    if expander is not None and not options.disable_expansion and options.max_expansions > 0:
        try:
            expansions = gather_expansions(terms, expander, options.max_expansions)
        except (Unavailable, DeadlineExceeded, ResourceExhausted):
            outcome = collection.search_vector(fusion_terms[0].vector, top_k=top_k, offset=offset,
                                               min_score=min_score, item_filter=item_filter)
            return replace(outcome, mode=SearchMode.NORMAL, expansion_unavailable=True)
        if expansions:
            expansion_vectors = np.asarray(embedders.texts([e.text for _, e in expansions]), dtype=np.float32)
            for (source, expansion), vector in zip(expansions, expansion_vectors, strict=True):
                substituted = vectors.copy()
                substituted[source] = vector
                fusion_terms.append(FusionTerm(expansion.text, expansion.relation,
                                               min(expansion.weight, MAX_EXPANSION_WEIGHT),
                                               combine_term_vectors(weights, substituted), expansion.query_part))
    return fuse(collection, fusion_terms, top_k=top_k, offset=offset, min_score=min_score,
                item_filter=item_filter, options=options)


def gather_expansions(terms: Sequence[QueryTerm], expander: Expander, limit: int) -> list[tuple[int, ExpansionTerm]]:
    """(index of the expanded term, expansion) for each positive text term, best weights first, at most `limit`.

    Expansions that repeat a query term or an earlier expansion, or have no positive weight, are dropped.
    """
    seen = {str(t.value).strip().lower() for t in terms if t.kind == TermKind.TEXT}
    gathered: list[tuple[int, ExpansionTerm]] = []
    for position, term in enumerate(terms):
        if term.kind != TermKind.TEXT or term.weight <= 0:
            continue
        for expansion in expander(str(term.value), limit):
            key = expansion.text.strip().lower()
            if key and key not in seen and expansion.weight > 0:
                seen.add(key)
                gathered.append((position, expansion))
    gathered.sort(key=lambda pair: -pair[1].weight)
    return gathered[:limit]


def fuse(collection: Collection, terms: Sequence[FusionTerm], *, top_k: int, offset: int = 0,
         min_score: float | None = None, item_filter: ItemFilter = NO_FILTER,
         options: DeepOptions = DeepOptions()) -> SearchOutcome:
    """Per-term candidate lookup, exact re-scoring of their union, weighted-max fusion, collapse, paging."""
    validate_paging(top_k, offset)
    validate_thresholds(min_score)
    calibration = collection.calibration
    queries = np.stack([t.vector for t in terms])
    term_weights = np.array([t.weight for t in terms])
    pool = options.candidate_multiplier * (offset + top_k)
    candidate_lists = collection.candidates(queries, pool, item_filter)
    union = np.unique(np.concatenate(candidate_lists)) if candidate_lists else np.zeros(0, np.int64)
    keys, vectors, cosines = collection.exact_scores(queries, union)

    probabilities = calibration.score(cosines).reshape(len(keys), len(terms))
    weighted = probabilities * term_weights[None, :]
    best_term = np.argmax(weighted, axis=1)  # first maximum: ties go to the original (column 0)
    rows = np.arange(len(keys))
    fused = weighted[rows, best_term]
    fused_cosine = np.where(best_term == 0, cosines[rows, 0], calibration.cosine_for_score(fused))

    passing = np.ones(len(keys), dtype=bool) if min_score is None else fused >= min_score
    order = best_first(keys[passing], fused[passing])
    ranked = np.flatnonzero(passing)[order]
    kept, duplicates = collapse_near_duplicates(vectors, ranked, options.duplicate_threshold)

    page = kept[offset: offset + top_k]
    records = collection.records_by_key(keys[page])
    hits = []
    for position, row in enumerate(page):
        record = records.get(int(keys[row]))
        if record is None:
            continue
        duplicate_records = collection.records_by_key(keys[duplicates[row]]) if duplicates[row] else {}
        hits.append(Hit(
            record, offset + position + 1, float(fused_cosine[row]), float(fused[row]),
            matches=_explain(terms, cosines[row], probabilities[row], weighted[row], int(best_term[row]), options),
            duplicate_ids=[duplicate_records[int(keys[d])].id for d in duplicates[row]
                           if int(keys[d]) in duplicate_records],
        ))
    expanded = [TermMatch(t.label, t.relation, t.weight, query_part=t.query_part) for t in terms]
    return SearchOutcome(hits, calibration, SearchMode.DEEP, remaining=max(0, len(kept) - (offset + top_k)),
                         expanded_terms=expanded)


def collapse_near_duplicates(vectors: np.ndarray, ranked_rows: np.ndarray,
                             threshold: float) -> tuple[list[int], dict[int, list[int]]]:
    """Greedy collapse in rank order: a row whose cosine to an already kept row reaches `threshold` joins
    the most similar kept row's duplicates instead of being listed. Returns (kept rows, duplicates per row)."""
    kept: list[int] = []
    duplicates: dict[int, list[int]] = {}
    kept_vectors = np.empty((len(ranked_rows), vectors.shape[1]), dtype=np.float32)
    for row in ranked_rows:
        row = int(row)
        if kept:
            similarities = kept_vectors[: len(kept)] @ vectors[row]
            closest = int(np.argmax(similarities))
            if similarities[closest] >= threshold:
                duplicates[kept[closest]].append(row)
                continue
        kept_vectors[len(kept)] = vectors[row]
        kept.append(row)
        duplicates[row] = []
    return kept, duplicates


def _explain(terms: Sequence[FusionTerm], cosines: np.ndarray, probabilities: np.ndarray, weighted: np.ndarray,
             best: int, options: DeepOptions) -> list[TermMatch]:
    """The deciding term and every term scoring at least `match_threshold`, best weighted score first."""
    chosen = [t for t in range(len(terms)) if t == best or probabilities[t] >= options.match_threshold]
    chosen.sort(key=lambda t: (-weighted[t], t))
    return [
        TermMatch(terms[t].label, terms[t].relation, terms[t].weight, float(cosines[t]), float(probabilities[t]),
                  terms[t].query_part)
        for t in chosen[: options.max_matches]
    ]
