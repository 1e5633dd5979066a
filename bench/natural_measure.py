"""What `python -m bench.natural` measures: every query of a set, normal and deep, over the Search RPC.

Each query is searched once per mode for its top 10 (all the metrics need);
the deep response's searched terms are recorded so a person can review every
expansion, with those the expansion service's lexicon does not license
(expansion_svc.core.api.is_licensed) listed apart. Precision@10 is relevant results in the top 10 over 10; recall@10
and nDCG@10 follow mediasearch.demo.quality (recall over min(10, relevant)).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.quality_corpus import JudgedCorpus, Query
from bench.quality_search import Mode, ranked_search
from bench.queries import NaturalQuery, TranslatedQuery
from expansion_svc.core.api import is_licensed
from mediasearch.demo import quality
from mediasearch.search.v1 import search_pb2, search_pb2_grpc

K = 10
MODES = (Mode("normal", search_pb2.SEARCH_MODE_NORMAL), Mode("deep", search_pb2.SEARCH_MODE_DEEP))
METRICS = ("precision@10", "recall@10", "ndcg@10")


@dataclass(frozen=True)
class Judged:
    """A query ready to measure: its text, class, and the corpus items relevant to it."""

    text: str
    kind: str
    relevant: frozenset[int]


def judge(corpus: JudgedCorpus, queries: Sequence[NaturalQuery]) -> list[Judged]:
    """Judged queries with at least one relevant item in the corpus (a small corpus lacks some concepts)."""
    judged = []
    for query in queries:
        relevant = frozenset(i for i, item in enumerate(corpus.items) if item.concepts & query.concepts)
        if relevant:
            judged.append(Judged(query.text, query.kind, relevant))
    return judged


def from_corpus_queries(queries: Sequence[Query], kind: str) -> list[Judged]:
    return [Judged(q.text, kind, q.relevant) for q in queries]


def translated(corpus: JudgedCorpus, queries: Sequence[TranslatedQuery]) -> dict[str, list[Judged]]:
    """language -> its queries, and "en:<language>" -> the same queries in English (one class per language)."""
    out: dict[str, list[Judged]] = {}
    for query in queries:
        relevant = frozenset(i for i, item in enumerate(corpus.items) if item.concepts & query.concepts)
        if relevant:
            out.setdefault(query.language, []).append(Judged(query.text, query.language, relevant))
            out.setdefault(f"en:{query.language}", []).append(Judged(query.english, query.language, relevant))
    return out


def _scores(items: list[int], relevant: frozenset[int]) -> dict[str, float]:
    return {"precision@10": quality.precision_at_k(items, relevant, K),
            "recall@10": quality.recall_at_k(items, relevant, K),
            "ndcg@10": quality.ndcg_at_k(items, relevant, K)}


def _means(rows: Sequence[dict[str, Any]], mode: str) -> dict[str, float]:
    return {metric: float(np.mean([row[mode][metric] for row in rows])) for metric in METRICS}


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Mean metrics per mode over all rows and per class."""
    kinds = list(dict.fromkeys(row["kind"] for row in rows))
    summary: dict[str, Any] = {"queries": len(rows), **{m.name: _means(rows, m.name) for m in MODES}, "classes": {},
                               "expansion_terms": sum(len(row["expansions"]) for row in rows),
                               "unlicensed_terms": sum(len(row["unlicensed"]) for row in rows)}
    for kind in kinds:
        members = [row for row in rows if row["kind"] == kind]
        summary["classes"][kind] = {"queries": len(members), **{m.name: _means(members, m.name) for m in MODES}}
    return summary


def measure_set(stub: search_pb2_grpc.SearchServiceStub, collection: str, corpus: JudgedCorpus,
                queries: Sequence[Judged], say: Callable[[str], None], label: str) -> dict[str, Any]:
    """Per-query metrics in both modes and the deep search's expansion terms, then their means."""
    index_of = {item.id: i for i, item in enumerate(corpus.items)}
    say(f"  {label}: {len(queries)} queries, normal and deep")
    rows: list[dict[str, Any]] = []
    for query in queries:
        row: dict[str, Any] = {"query": query.text, "kind": query.kind, "relevant": len(query.relevant)}
        for mode in MODES:
            ranked = ranked_search(stub, collection, query.text, mode, index_of, K)
            row[mode.name] = _scores(ranked.items, query.relevant)
            if mode.name == "deep":
                row["expansions"] = ranked.expanded_terms
                # Issue 15: every term searched must be a phrase a person could have typed.
                row["unlicensed"] = [term for term in ranked.expanded_terms if not is_licensed(term)]
                row["expansion_unavailable"] = ranked.expansion_unavailable
        rows.append(row)
    return {"summary": summarise(rows), "queries": rows}
