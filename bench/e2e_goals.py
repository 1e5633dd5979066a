"""The end-to-end goals, each with where its time goes when it is missed."""

from __future__ import annotations

from typing import Any

from bench.report import Goal, SuiteResult
from bench.stats import fmt

NORMAL_GOAL_MS, DEEP_GOAL_MS, INGEST_SHARE_GOAL = 30.0, 120.0, 0.90
RAW_TEXT = "(floor) the query's raw text forward pass, in-process"


def add_goals(result: SuiteResult, precision: str, m: dict[str, Any]) -> None:
    lat = m["latency"]
    normal, deep = lat["normal, uncached"]["p50_ms"], lat["deep, uncached"]["p50_ms"]
    repeated, deep_repeated = lat["normal, repeated query"]["p50_ms"], lat["deep, repeated query"]["p50_ms"]
    floor = lat[RAW_TEXT]["p50_ms"]
    normal_why = (f"Of {fmt(normal)} ms: embedding the query in the embedder (one BatchEmbedTexts call, measured "
                  f"directly) {fmt(m['embed_one_ms'])} ms, of which the model's forward pass alone is {fmt(floor)} ms; "
                  f"the rest of the search (gRPC in, ANN lookup, exact re-scoring, records, response) is what a "
                  f"repeated query costs: {fmt(repeated)} ms.\n\nNormal search in-process (the search service's "
                  f"thread; time blocked on the embedder shows as the gRPC call):\n\n{m['normal_profile']}")
    deep_why = (f"Of {fmt(deep)} ms: embedding the query {fmt(m['embed_one_ms'])} ms, then its expansions in one "
                f"BatchEmbedTexts call (10 texts: {fmt(m['embed_ten_ms'])} ms, measured directly); expansion, per-term "
                f"lookups, re-scoring and fusion are what a repeated deep query costs: {fmt(deep_repeated)} ms."
                f"\n\nDeep search in-process:\n\n{m['deep_profile']}")
    suffix = " (stand-in expander)" if m["expander"] == "stand-in" else ""
    result.goals.append(Goal(f"{precision}: normal search p50, uncached", f"< {NORMAL_GOAL_MS:.0f} ms",
                             f"{fmt(normal)} ms", normal < NORMAL_GOAL_MS,
                             "" if normal < NORMAL_GOAL_MS else f"{fmt(normal - NORMAL_GOAL_MS)} ms over", normal_why))
    result.goals.append(Goal(f"{precision}: deep search p50, uncached{suffix}", f"< {DEEP_GOAL_MS:.0f} ms",
                             f"{fmt(deep)} ms", deep < DEEP_GOAL_MS,
                             "" if deep < DEEP_GOAL_MS else f"{fmt(deep - DEEP_GOAL_MS)} ms over", deep_why))
    ingest = m["ingest"]
    share = ingest["share"]
    ingest_why = (f"Per batch of {ingest['batch']}: raw forward {fmt(ingest['raw_img_s'])} img/s; the embedder alone "
                  f"over gRPC (decode, preprocess, batching) {fmt(ingest['embedder_img_s'])} img/s "
                  f"({ingest['embedder_share'] * 100:.0f}% of raw); through the search service "
                  f"{fmt(ingest['ingest_img_s'])} img/s ({share * 100:.0f}%). The gap between the last two is the "
                  f"search side: the second gRPC hop with the photo bytes, hashing, the durable (fsynced) SQLite "
                  f"commit and the index update.\n\nOne batch ingested in-process (time blocked on the embedder shows "
                  f"as the gRPC call):\n\n{ingest['profile']}")
    result.goals.append(Goal(f"{precision}: ingest vs the embedder's raw rate", ">= 90% of raw", f"{share * 100:.0f}%",
                             share >= INGEST_SHARE_GOAL,
                             "" if share >= INGEST_SHARE_GOAL
                             else f"{(INGEST_SHARE_GOAL - share) * 100:.0f} points below", ingest_why))
