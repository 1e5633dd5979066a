"""End to end over gRPC: normal and deep search latency, cached and uncached, and ingest against raw.

Per precision (int8, bf16) a real embedder, an expansion service (the real one
when `expansion_svc.server` exists, else a labelled stand-in) and a real search
service run in this process on free ports; queries go through the search
service's gRPC API as a client's would. "Uncached" queries are new texts (the
search service's query-embedding LRU misses); "repeated" asks the same text
again (it hits). The four query kinds are interleaved round by round.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from bench.e2e_goals import RAW_TEXT, add_goals
from bench.e2e_ingest import measure_ingest
from bench.e2e_parts import COLLECTION, RunningSearch, build_collection, running_search
from bench.embedder_bench import TEMPLATE
from bench.embedder_parts import load_raw, running_embedder
from bench.expander import running_expander
from bench.profiling import top_functions
from bench.report import SuiteResult, Table
from bench.sizes import SizeProfile
from bench.stats import Latencies, fmt
from bench.workspace import Workspace, text_query
from mediasearch.client import ExpansionClient
from mediasearch.runtime.errors import DomainError

FAILED_EXPAND = "one failed Expand call to the stopped expander (mediasearch.client channel, no search)"
PROFILED_QUERIES = 5
# Common photo-search words; deep search spends one per uncached query.
PHOTO_WORDS = (
    "dog", "cat", "car", "beach", "mountain", "bicycle", "pizza", "umbrella", "guitar", "sunset", "kitten", "horse",
    "bird", "flower", "tree", "river", "bridge", "castle", "train", "airplane", "boat", "snow", "rain", "forest",
    "city", "street", "church", "garden", "lake", "desert", "cake", "coffee", "wine", "apple", "banana", "sandwich",
    "child", "wedding", "party", "concert", "football", "tennis", "skiing", "surfing", "book", "computer", "phone",
    "clock", "chair", "sofa", "kitchen", "bedroom", "window", "door", "lamp", "candle", "butterfly", "spider",
    "elephant", "giraffe", "lion", "tiger", "bear", "rabbit", "fish", "shark", "whale", "cow", "sheep", "pig",
)
KINDS = ("normal, uncached", "normal, repeated query", "deep, uncached", "deep, repeated query")


def run(profile: SizeProfile, ws: Workspace) -> SuiteResult:
    if len(PHOTO_WORDS) < 1 + profile.e2e_rounds + PROFILED_QUERIES:
        raise ValueError(f"{profile.name}: {profile.e2e_rounds} rounds need more distinct PHOTO_WORDS")
    result = SuiteResult("e2e")
    folder = ws.model_dir(profile.model)
    words = ws.query_words(profile.model)
    data_dir = ws.folder / "e2e-data"
    rows, ingest_rows = [], []
    built = False
    for precision in profile.e2e_precisions:
        ws.progress(f"e2e: {precision}: starting embedder, expander and search service")
        with running_embedder(folder, precision, ws.threads) as embedder:
            info = embedder.client.model_info()
            if not built:
                ws.progress(f"e2e: writing a {profile.e2e_items:,}-item collection")
                build_collection(data_dir, items=profile.e2e_items, model_id=info.model_id,
                                 dimension=info.dimension, logit_scale_exp=info.logit_scale_exp,
                                 logit_bias=info.logit_bias, progress=ws.progress)
                built = True
            raw = load_raw(folder, precision, ws.threads)
            with running_expander() as expander, running_search(data_dir, embedder.port, expander.port) as search:
                m = _queries(search, embedder, expander, raw, words, precision, profile, ws)
                m["ingest"] = measure_ingest(search, embedder, raw, precision, profile, ws)
            del raw
            result.data[precision] = m
        gc.collect()
        if m["expander"] == "stand-in":
            note = ("Deep search ran against a stand-in expander (ten query-derived terms per query, see "
                    f"bench/expander.py) because {m['expander_reason']}. It measures the search side of deep search, "
                    "not the expansion service's own latency.")
            if note not in result.notes:
                result.notes.append(note)
        rows += _latency_rows(precision, m)
        ing = m["ingest"]
        ingest_rows.append([precision, str(ing["batch"]), fmt(ing["raw_img_s"]), fmt(ing["embedder_img_s"]),
                            fmt(ing["ingest_img_s"]), f"{ing['embedder_share'] * 100:.0f}%",
                            f"{ing['share'] * 100:.0f}%"])
        add_goals(result, precision, m)
        # The profiles are in the printed analysis; the data keeps numbers only.
        for holder in (m, m["ingest"]):
            for key in [k for k in holder if k.endswith("profile")]:
                del holder[key]
    result.tables.append(Table(
        f"Search latency over gRPC ({profile.e2e_items:,} items, top 10, {_model_name(profile.model)} text tower)",
        ["precision", "query", "p50 ms", "p99 ms", "queries"], rows,
        ["uncached: a new query text each time (embedding computed); repeated: the same text (query-embedding "
         "LRU hit). Deep search embeds the query and up to 10 expansions, looks each up with a 10x larger pool, "
         "re-scores all candidates exactly and fuses them. (floor): the same model's text forward pass for one "
         "query, in this process, measured in the same rounds.",
         "deep, expansion service down: the expander is stopped; deep search answers as normal search with "
         "expansion_unavailable set, after the failed call to the expander; the row below it times that failed "
         "call alone (the shared channel's retry policy retries UNAVAILABLE with backoff)."]))
    result.tables.append(Table(
        "Ingest over gRPC (search service -> embedder -> store + index) vs the embedder's raw forward pass",
        ["precision", "batch", "raw img/s", "embedder BatchEmbedImages img/s", "ingest img/s", "embedder / raw",
         "ingest / raw"], ingest_rows,
        [f"{profile.photo_size[0]}x{profile.photo_size[1]} JPEG photos, each round a fresh set of distinct photos "
         "streamed to Ingest and sent straight to the embedder; raw = forward pass on preprocessed inputs at the "
         "same batch size; the three interleaved round by round."]))
    return result


def _latency_rows(precision: str, m: dict[str, Any]) -> list[list[str]]:
    deep_label = f"deep ({m['expander']})"
    labels = [(RAW_TEXT, RAW_TEXT)] + [(kind, kind.replace("deep", deep_label)) for kind in KINDS] + [
        ("deep, expansion service down", "deep, expansion service down (answers as normal, flagged)"),
        (FAILED_EXPAND, FAILED_EXPAND)]
    return [[precision, label, fmt(m["latency"][kind]["p50_ms"]), fmt(m["latency"][kind]["p99_ms"]),
             str(m["latency"][kind]["n"])] for kind, label in labels]


def _queries(search: RunningSearch, embedder: Any, expander: Any, raw: Any, words: list[str], precision: str,
             profile: SizeProfile, ws: Workspace) -> dict[str, Any]:
    # Deep queries are real photo words, so the real expansion service expands them (it returns unknown words
    # alone); each word once, so neither the expander's cache nor the query-embedding cache holds it yet.
    deep_words = iter(PHOTO_WORDS)
    fixed_normal, fixed_deep = text_query(words, 1, 4), next(deep_words)
    search.search(fixed_normal, deep=False)  # warm-up; also caches the repeated queries
    check = search.search(fixed_deep, deep=True)
    if check.expansion_unavailable:
        raise RuntimeError("deep search reports the expansion service unavailable while it runs")
    latency = {kind: Latencies() for kind in (RAW_TEXT, *KINDS)}
    raw.encode_texts([TEMPLATE.format(fixed_normal)])
    ws.progress(f"e2e: {precision}: {profile.e2e_rounds} rounds of {len(KINDS)} query kinds and the raw forward")
    for r in range(profile.e2e_rounds):
        fresh_normal, fresh_deep = text_query(words, 1000 + r, 4), next(deep_words)
        latency[RAW_TEXT].time(lambda: raw.encode_texts([TEMPLATE.format(fresh_normal)]))
        latency[KINDS[0]].time(lambda: search.search(fresh_normal, deep=False))
        latency[KINDS[1]].time(lambda: search.search(fixed_normal, deep=False))
        latency[KINDS[2]].time(lambda: search.search(fresh_deep, deep=True))
        latency[KINDS[3]].time(lambda: search.search(fixed_deep, deep=True))
    ws.progress(f"e2e: {precision}: breakdown and profiles")
    embed_one, embed_ten = Latencies(), Latencies()
    for r in range(min(10, profile.e2e_rounds)):
        embed_one.time(lambda: embedder.client.embed_texts([text_query(words, 9000 + r, 4)]))
        ten = [text_query(words, 9100 + 10 * r + i, 5) for i in range(10)]
        embed_ten.time(lambda: embedder.client.embed_texts(ten))
    engine = search.server.core
    from search_svc.core.query import QueryTerm, TermKind
    from search_svc.core.results import SearchMode

    counter = iter(range(10**6))

    def in_process(mode: SearchMode, text: str) -> None:
        engine.search(COLLECTION, [QueryTerm(1.0, TermKind.TEXT, text)], mode=mode, top_k=10, offset=0,
                      min_score=None)

    normal_profile = top_functions(
        lambda: in_process(SearchMode.NORMAL, text_query(words, 20_000 + next(counter), 4)), PROFILED_QUERIES)
    deep_profile = top_functions(lambda: in_process(SearchMode.DEEP, next(deep_words)), PROFILED_QUERIES)
    expander.stop()
    degraded = Latencies()
    for r in range(max(3, profile.e2e_rounds // 3)):
        response = degraded.time(lambda: search.search(text_query(words, 30_000 + r, 4), deep=True))
        if not response.expansion_unavailable:
            raise RuntimeError("deep search did not flag the stopped expansion service")
    latency["deep, expansion service down"] = degraded
    failed_expand = Latencies()
    client = ExpansionClient(f"127.0.0.1:{expander.port}", timeout_s=1.0)
    for _ in range(3):
        began = time.perf_counter()
        try:
            client.expand("dog")
        except DomainError:
            pass  # the failure is what is timed
        failed_expand.seconds.append(time.perf_counter() - began)
    client.close()
    latency[FAILED_EXPAND] = failed_expand
    return {"expander": expander.kind, "expander_reason": expander.reason,
            "latency": {k: v.summary() for k, v in latency.items()},
            "embed_one_ms": embed_one.p50_ms, "embed_ten_ms": embed_ten.p50_ms,
            "normal_profile": normal_profile, "deep_profile": deep_profile}


def _model_name(kind: str) -> str:
    return "SigLIP-base-shaped" if kind == "base" else "tiny test model"
