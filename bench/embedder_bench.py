"""Embedder: images/s and text-query latency through the service against the raw forward pass.

For each model and precision, a raw in-process checkpoint and a real server
(gRPC, decoding, the dynamic batcher) are loaded side by side, and their
measurements are interleaved round by round, so the ratio holds on a noisy
machine. Raw = forward pass only, on inputs decoded and preprocessed beforehand
at the same batch size; service = the photos' JPEG bytes in one BatchEmbedImages
request (and in one StreamEmbedImages stream).
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

from bench.embedder_concurrency import concurrency_table
from bench.embedder_parts import load_raw, prepare, running_embedder
from bench.report import Goal, SuiteResult, Table
from bench.sizes import PRECISIONS, SizeProfile
from bench.stats import Latencies, fmt
from bench.workspace import Workspace, default_model_dir, photo_bytes, text_query

TEMPLATE = "This is a photo of {}."
SERVICE_SHARE_GOAL = 0.90


def run(profile: SizeProfile, ws: Workspace) -> SuiteResult:
    result = SuiteResult("embedder")
    models: list[tuple[str, Path, str]] = [(_model_label(profile.model), ws.model_dir(profile.model), profile.model)]
    default = default_model_dir()
    if default is not None:
        models.append(("embedded default model", default, "default"))
    else:
        result.notes.append("The embedded default model (embedder_svc/default_model/) is not in the tree yet; "
                            "only the generated model was measured.")
    photos = [photo_bytes(seed, profile.photo_size) for seed in range(profile.image_batch)]
    image_rows, text_rows, breakdown_rows = [], [], []
    for label, folder, kind in models:
        for precision in PRECISIONS:
            ws.progress(f"embedder: {label}, {precision}: loading raw checkpoint and server")
            m = _measure(folder, precision, photos, profile, ws, kind)
            result.data.setdefault(label, {})[precision] = m
            image_rows.append([label, precision, str(profile.image_batch), fmt(m["raw_img_s"]),
                               fmt(m["raw_with_decode_img_s"]), fmt(m["unary_img_s"]), fmt(m["stream_img_s"]),
                               _pct(m["unary_share"]), _pct(m["stream_share"]), fmt(m["mean_formed_batch"], 1)])
            text_rows.append([label, precision, fmt(m["raw_text"]["p50_ms"]), fmt(m["service_text"]["p50_ms"]),
                              fmt(m["service_text"]["p99_ms"]), _pct(m["text_share"])])
            breakdown_rows.append([label, precision, fmt(m["decode_ms_per_image"]), fmt(m["forward_ms_per_image"]),
                                   fmt(m["service_ms_per_image"]), fmt(m["tokenize_ms"]),
                                   fmt(m["service_text_forward_ms"]), fmt(m["model_info_rpc_ms"])])
            image_analysis, text_analysis = _breakdown_text(m)
            for name, share, analysis in (("images (BatchEmbedImages)", m["unary_share"], image_analysis),
                                          ("images (stream)", m["stream_share"], image_analysis),
                                          ("text query", m["text_share"], text_analysis)):
                result.goals.append(_share_goal(f"{label} {precision} {name}: service vs raw", share, analysis))
            gc.collect()
    result.tables.append(Table(
        f"Images/s: service vs raw forward pass (batch {profile.image_batch}, {profile.photo_size[0]}x"
        f"{profile.photo_size[1]} JPEG)",
        ["model", "precision", "batch", "raw img/s", "raw + decode img/s", "service img/s (BatchEmbedImages)",
         "service img/s (stream)", "BatchEmbedImages / raw", "stream / raw", "mean batch formed by service"], image_rows,
        ["raw: the checkpoint's forward pass on preprocessed inputs; service: JPEG bytes over gRPC (decode, "
         "preprocess, dynamic batching, forward, response). Rounds interleaved; medians of "
         f"{profile.image_rounds} rounds.",
         "raw + decode: the raw forward plus decoding and preprocessing the same photos one after the other on "
         "one thread (what the service has to do on the same cores); the goal compares against raw alone."]))
    result.tables.append(Table(
        "64-token text query latency: service vs raw forward pass (batch 1, one client)",
        ["model", "precision", "raw p50 ms", "service p50 ms", "service p99 ms", "raw / service (speed share)"],
        text_rows, [f"{profile.text_reps} queries each, interleaved; every query is padded to the context length "
                    "(64 tokens for the base shape), as SigLIP was trained."]))
    result.tables.append(Table(
        "Where the service's time goes (per image / per query)",
        ["model", "precision", "decode+preprocess ms/img (1 thread)", "forward ms/img (in service)",
         "service ms/img (BatchEmbedImages)", "tokenize ms/query", "forward ms/query (in service)",
         "gRPC round trip ms (GetModelInfo)"],
        breakdown_rows, ["forward ms/img and ms/query inside the service come from its own batch metrics; decode "
                         "runs on a separate pool, overlapping the forward pass of earlier images."]))
    first_label, first_folder, first_kind = models[0]
    ws.progress(f"embedder: dynamic batching under {', '.join(map(str, profile.concurrency))} concurrent clients")
    table, data = concurrency_table(first_label, first_folder, first_kind, photos, profile, ws)
    result.tables.append(table)
    result.data["concurrency"] = data
    return result


def _measure(folder: Path, precision: str, photos: list[bytes], profile: SizeProfile, ws: Workspace,
             kind: str) -> dict[str, Any]:
    raw = load_raw(folder, precision, ws.threads)
    prepared = prepare(raw, photos)
    words = ws.query_words(kind)
    queries = [text_query(words, seed, 64) for seed in range(profile.text_reps + 1)]
    decode_started = time.perf_counter()
    prepare(raw, photos)
    decode_ms = (time.perf_counter() - decode_started) / len(photos) * 1000
    with running_embedder(folder, precision, ws.threads, max_batch_size=max(32, len(photos))) as service:
        raw.encode_images(prepared)  # first calls pay one-off costs (allocations, kernel choice)
        service.embed_images(photos)
        service.stream_images(photos)
        raw_t, unary_t, stream_t = Latencies(), Latencies(), Latencies()
        batches_before = service.batch_totals("image")
        for round_number in range(profile.image_rounds):
            ws.progress(f"  images round {round_number + 1}/{profile.image_rounds}")
            raw_t.time(lambda: raw.encode_images(prepared))
            unary_t.time(lambda: service.embed_images(photos))
            stream_t.time(lambda: service.stream_images(photos))
        batches_after = service.batch_totals("image")
        passes, items, forward_s = (after - before for after, before in zip(batches_after, batches_before))
        raw.encode_texts([TEMPLATE.format(queries[-1])])
        service.client.embed_texts([queries[-1]])
        raw_text, service_text, rpc = Latencies(), Latencies(), Latencies()
        ws.progress(f"  {profile.text_reps} text queries each, raw and service")
        text_before = service.batch_totals("text")
        for query in queries[:-1]:
            raw_text.time(lambda: raw.encode_texts([TEMPLATE.format(query)]))
            service_text.time(lambda: service.client.embed_texts([query]))
            rpc.time(lambda: service.client.model_info())
        text_passes, _, text_forward_s = (a - b for a, b in zip(service.batch_totals("text"), text_before))
        tokenize = Latencies()
        for query in queries[:5]:
            tokenize.time(lambda: raw.tokenizer([TEMPLATE.format(query)], padding="max_length",
                                                max_length=raw.info.text_context_length, truncation=True,
                                                return_tensors="pt"))
    n = len(photos)
    raw_rate, unary_rate, stream_rate = (n / (t.p50_ms / 1000) for t in (raw_t, unary_t, stream_t))
    return {
        "raw_img_s": raw_rate, "raw_with_decode_img_s": n / (raw_t.p50_ms / 1000 + decode_ms * n / 1000),
        "unary_img_s": unary_rate, "stream_img_s": stream_rate,
        "unary_share": unary_rate / raw_rate, "stream_share": stream_rate / raw_rate,
        "mean_formed_batch": items / passes if passes else float("nan"),
        "raw_text": raw_text.summary(), "service_text": service_text.summary(),
        "text_share": raw_text.p50_ms / service_text.p50_ms,
        "decode_ms_per_image": decode_ms, "forward_ms_per_image": forward_s / items * 1000 if items else float("nan"),
        "raw_ms_per_image": raw_t.p50_ms / n, "service_ms_per_image": unary_t.p50_ms / n,
        "tokenize_ms": tokenize.p50_ms, "model_info_rpc_ms": rpc.p50_ms,
        "service_text_forward_ms": text_forward_s / text_passes * 1000 if text_passes else float("nan"),
        "rounds": {"raw_s": raw_t.seconds, "unary_s": unary_t.seconds, "stream_s": stream_t.seconds},
    }


def _share_goal(name: str, share: float, analysis: str) -> Goal:
    met = share >= SERVICE_SHARE_GOAL
    shortfall = "" if met else f"{(SERVICE_SHARE_GOAL - share) * 100:.0f} points below 90% ({_pct(share)} of raw)"
    return Goal(name, ">= 90% of raw", _pct(share), met, shortfall, "" if met else analysis)


def _breakdown_text(m: dict[str, Any]) -> tuple[str, str]:
    """(images, text) explanations of where the service's extra time goes."""
    images = (f"Per image: raw forward {fmt(m['raw_ms_per_image'])} ms; in the service, forward "
              f"{fmt(m['forward_ms_per_image'])} ms (batches of {fmt(m['mean_formed_batch'], 1)} on average, as "
              f"decoded images trickle into the batcher), decode+preprocess {fmt(m['decode_ms_per_image'])} ms on the "
              f"decode pool (sharing the same cores), end to end {fmt(m['service_ms_per_image'])} ms.")
    extra = m["service_text"]["p50_ms"] - m["raw_text"]["p50_ms"]
    text = (f"Per query: raw {fmt(m['raw_text']['p50_ms'])} ms, service {fmt(m['service_text']['p50_ms'])} ms "
            f"(+{fmt(extra)} ms). The forward pass inside the service took {fmt(m['service_text_forward_ms'])} ms "
            f"on average (its own batch metrics; a lone query does not wait for companions); the rest of a call "
            f"is tokenizing ({fmt(m['tokenize_ms'])} ms, also in raw), queueing to the batcher's thread, and gRPC "
            f"(an empty round trip: {fmt(m['model_info_rpc_ms'])} ms).")
    return images, text


def _pct(value: float) -> str:
    return "n/a" if value != value else f"{value * 100:.0f}%"


def _model_label(kind: str) -> str:
    return "SigLIP-base shape" if kind == "base" else "tiny test model"
