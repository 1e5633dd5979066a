"""What the quality benchmark asks the search service over gRPC: ingest, ranked searches, similar items, fits.

Rankings are fetched page by page (1,000 results a page, the service's
maximum) down to `depth`, so mAP sees the whole ranking of a corpus of a few
thousand items. Deep search collapses near-duplicate results into the one it
lists; a collapsed item is shown to the user under that result, so it is
counted right after it, in the order the service reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from google.protobuf import field_mask_pb2

from bench.quality_corpus import JudgedCorpus, Query
from mediasearch.demo import quality
from mediasearch.names import calibration_name, collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc

PAGE = 1000
MAX_DEPTH = 10_000 + PAGE  # the most results Search pages through: 10,000 skipped plus one page
RPC_TIMEOUT_S = 600.0


class BenchmarkError(RuntimeError):
    """The services answered, but not in a way that can be measured (wrong collection, failed ingest, ...)."""


@dataclass(frozen=True)
class Mode:
    name: str
    mode: int
    disable_expansion: bool = False


MODES = (
    Mode("normal", search_pb2.SEARCH_MODE_NORMAL),
    Mode("deep", search_pb2.SEARCH_MODE_DEEP),
    Mode("deep, no expansion", search_pb2.SEARCH_MODE_DEEP, disable_expansion=True),
)


def ingest(stub: search_pb2_grpc.SearchServiceStub, collection: str, corpus: JudgedCorpus,
           model_id: str) -> dict[str, int]:
    """Streams every judged item into `collection`; fails unless it then holds exactly those items."""
    requests = (search_pb2.IngestRequest(parent=collection_name(collection), item_id=item.id, data=item.path.read_bytes(),
                                         metadata=search_pb2.ItemMetadata(uri=item.id))
                for item in corpus.items)
    counts = {"indexed": 0, "unchanged": 0}
    for response in stub.Ingest(requests, timeout=RPC_TIMEOUT_S):
        if response.status == search_pb2.INGEST_STATUS_FAILED:
            raise BenchmarkError(f"ingest of {response.item_id} failed: {response.error.message}")
        counts["indexed" if response.status == search_pb2.INGEST_STATUS_INDEXED else "unchanged"] += 1
    stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name(collection)), timeout=RPC_TIMEOUT_S).collection
    if stats.item_count != len(corpus.items):
        raise BenchmarkError(f"collection {collection!r} holds {stats.item_count} items, the corpus "
                             f"{len(corpus.items)}: it holds other items too; pass a fresh --collection")
    if stats.model_id != model_id:
        raise BenchmarkError(f"collection {collection!r} is bound to {stats.model_id}, the embedder serves {model_id}")
    return counts


def set_model_native(stub: search_pb2_grpc.SearchServiceStub, collection: str) -> search_pb2.Calibration:
    """Puts the model's own probability in force, so a rerun starts from the same calibration."""
    request = search_pb2.UpdateCalibrationRequest(
        calibration=search_pb2.Calibration(name=calibration_name(collection),
                                           method=search_pb2.CALIBRATION_METHOD_MODEL_NATIVE),
        update_mask=field_mask_pb2.FieldMask(paths=["method"]))
    return stub.UpdateCalibration(request, timeout=RPC_TIMEOUT_S).calibration


@dataclass
class Ranked:
    """One query's ranking as item indices, and what deep search said about it."""

    items: list[int]
    expanded_terms: list[str] = field(default_factory=list)
    expansion_unavailable: bool = False


def ranked_search(stub: search_pb2_grpc.SearchServiceStub, collection: str, text: str, mode: Mode,
                  index_of: dict[str, int], depth: int) -> Ranked:
    ranked = Ranked([])
    token, first = "", True
    while len(ranked.items) < depth:
        page = min(PAGE, depth - len(ranked.items))
        request = search_pb2.SearchRequest(
            parent=collection_name(collection), terms=[search_pb2.QueryTerm(text=text)], mode=mode.mode,
            page_size=page, page_token=token,
            deep=search_pb2.DeepSearchOptions(disable_expansion=mode.disable_expansion))
        response = stub.Search(request, timeout=RPC_TIMEOUT_S)
        if first:
            ranked.expanded_terms = [t.term for t in response.expanded_terms[1:]]
            ranked.expansion_unavailable = response.expansion_unavailable
        for result in response.results:
            ranked.items.append(index_of[result.item.id])
            ranked.items.extend(index_of[d] for d in result.duplicate_ids)
        first, token = False, response.next_page_token
        if not token:
            break
    ranked.items = list(dict.fromkeys(ranked.items))[:depth]
    return ranked


def ranking_metrics(rankings: Sequence[Ranked], queries: Sequence[Query], k: int = 10) -> dict[str, float]:
    """Mean recall@k, nDCG@k and average precision (over the fetched ranking) of the queries."""
    recalls = [quality.recall_at_k(r.items, q.relevant, k) for r, q in zip(rankings, queries)]
    ndcgs = [quality.ndcg_at_k(r.items, q.relevant, k) for r, q in zip(rankings, queries)]
    aps = [quality.average_precision(r.items, q.relevant) for r, q in zip(rankings, queries)]
    return {"recall@10": float(np.mean(recalls)), "ndcg@10": float(np.mean(ndcgs)), "map": float(np.mean(aps)),
            "queries": len(queries)}


def measure_query_set(stub: search_pb2_grpc.SearchServiceStub, collection: str, corpus: JudgedCorpus,
                      queries: Sequence[Query], depth: int, progress: Callable[[str], None],
                      label: str) -> dict[str, object]:
    """Every query in every mode: mean metrics per mode, and per-query recall@10 for the record."""
    index_of = {item.id: i for i, item in enumerate(corpus.items)}
    by_mode: dict[str, object] = {}
    per_query: dict[str, dict[str, object]] = {q.text: {"relevant": len(q.relevant)} for q in queries}
    for mode in MODES:
        progress(f"  {label}: {len(queries)} queries, {mode.name} search")
        rankings = [ranked_search(stub, collection, q.text, mode, index_of, depth) for q in queries]
        metrics: dict[str, object] = dict(ranking_metrics(rankings, queries))
        if mode.mode == search_pb2.SEARCH_MODE_DEEP:
            metrics["mean_expansion_terms"] = float(np.mean([len(r.expanded_terms) for r in rankings]))
            metrics["expansion_unavailable"] = sum(r.expansion_unavailable for r in rankings)
        by_mode[mode.name] = metrics
        for query, ranking in zip(queries, rankings):
            per_query[query.text][mode.name] = quality.recall_at_k(ranking.items, query.relevant, 10)
            if mode.name == "deep":
                per_query[query.text]["expansions"] = ranking.expanded_terms
    return {"modes": by_mode, "per_query_recall@10": per_query}


def similar_precision(stub: search_pb2_grpc.SearchServiceStub, collection: str, corpus: JudgedCorpus,
                      queries: Sequence[int], k: int = 5) -> float:
    """FindSimilar by item id (the item itself left out): share of the top k sharing a concept with it."""
    index_of = {item.id: i for i, item in enumerate(corpus.items)}
    precisions = []
    for query in queries:
        request = search_pb2.FindSimilarRequest(parent=collection_name(collection), item_id=corpus.items[query].id, page_size=k)
        results = stub.FindSimilar(request, timeout=RPC_TIMEOUT_S).results
        concepts = corpus.items[query].concepts
        precisions.append(sum(1 for r in results if corpus.items[index_of[r.item.id]].concepts & concepts) / k)
    return float(np.mean(precisions))


# The search service's default SEARCH_MAX_CALIBRATION_PAIRS, and a fixed seed so reruns fit the same sample.
MAX_FIT_PAIRS = 100_000
FIT_SAMPLE_SEED = 15


def fit_platt(stub: search_pb2_grpc.SearchServiceStub, collection: str, corpus: JudgedCorpus, names: Sequence[str],
              fit_items: Sequence[int], max_pairs: int = MAX_FIT_PAIRS) -> search_pb2.FitCalibrationResponse:
    """A Platt fit over (concept name, fit-split scene) pairs, applied to the collection.

    A uniform sample, not a balanced one: the fitted intercept then matches the
    real share of matching pairs, which is what a calibrated score promises. The
    sample is as large as the service takes in one call (SEARCH_MAX_CALIBRATION_PAIRS,
    100,000 by default); 325 names x 1,000 scenes is three times that.
    The search service embeds the fit's distinct queries not yet in its query
    cache in one BatchEmbedTexts call, which the embedder caps at 256 texts; the
    names passed here were all searched before, so they are cached.
    """
    every = [(name, i) for name in names for i in fit_items]
    if len(every) > max_pairs:
        chosen = np.random.default_rng(FIT_SAMPLE_SEED).choice(len(every), size=max_pairs, replace=False)
        every = [every[j] for j in sorted(chosen)]
    pairs = [search_pb2.LabeledPair(query=name, item_id=corpus.items[i].id, relevant=name in corpus.items[i].concepts)
             for name, i in every]
    request = search_pb2.FitCalibrationRequest(name=calibration_name(collection), pairs=pairs,
                                               method=search_pb2.CALIBRATION_METHOD_PLATT, apply=True)
    return stub.FitCalibration(request, timeout=RPC_TIMEOUT_S)


def served_scores(stub: search_pb2_grpc.SearchServiceStub, collection: str, texts: Sequence[str],
                  index_of: dict[str, int]) -> list[tuple[int, int, float]]:
    """(query position, item index, calibrated score) of the top 10 normal-search results of each text."""
    found = []
    for position, text in enumerate(texts):
        request = search_pb2.SearchRequest(parent=collection_name(collection), terms=[search_pb2.QueryTerm(text=text)],
                                           mode=search_pb2.SEARCH_MODE_NORMAL, page_size=10)
        for result in stub.Search(request, timeout=RPC_TIMEOUT_S).results:
            found.append((position, index_of[result.item.id], float(result.score)))
    return found
