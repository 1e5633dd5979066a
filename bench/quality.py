"""Search quality of the live services over gRPC on the held-out demo corpus: tables, JSON and a reliability diagram.

    python -m bench.quality [--corpus DIR | --scenes 2000] [--model DIR] [--out-docs docs/quality.md]
                            [--embedder ADDR --search ADDR] [--expansion ADDR]

Without addresses the embedder, expansion and search services are started in
this process on free ports (with `--model`, else the embedded default model).
The corpus (held-out scenes, seed 777, never seen in training) is generated
unless `--corpus` names one written by `python -m mediasearch.demo.corpus`,
ingested through the Ingest RPC, and measured:

- Search RPC, normal / deep / deep without expansion, for concept names as
  captioned ("dog"), held-out synonyms and category words ("puppy", "vehicle")
  and two-concept queries ("dog and pizza"): recall@10, nDCG@10, mAP;
- FindSimilar: image-to-image same-concept precision@5;
- through the embedder service: 300-way zero-shot top-1 on single-emoji
  scenes and exact text-to-image recall@10;
- calibration on (concept name, scene) pairs of one half of the scenes, with
  the model-native profile and after a Platt fit (FitCalibration RPC) on the
  other half: AUC, ECE, Brier, pass rates at 0.5.

Progress goes to stderr; the Markdown report to stdout, the docs file, and
the JSON file; the reliability diagram to a PNG.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import numpy as np

from bench import quality_embed as embed
from bench import quality_search as search
from bench.quality_corpus import JudgedCorpus, load_corpus
from bench.quality_plot import draw_reliability
from bench.quality_report import bars, render
from bench.quality_services import Services, running_services
from mediasearch.demo import quality
from mediasearch.runtime.errors import DomainError

REPO = Path(__file__).resolve().parents[1]
DOCS_HEADER = """# Search quality

Written by `python -m bench.quality` (bench/quality.py); do not edit by hand.
Everything from the line to the diagram is exactly what the run printed; the
machine-readable numbers, with per-query results and the reliability bins, are
in {json}.

How it is measured: the demo corpus generator renders held-out scenes (seed
777, which no training run uses) and records which concepts each holds. The
benchmark ingests them through the search service's Ingest RPC and asks the
live services over gRPC. An item is relevant to a concept name when it holds
that concept, to a held-out word ("puppy", "vehicle"; never in a training
caption) when it holds any concept the word stands for, and to "a and b" when
it holds both. Deep search runs under the model-native calibration (its fusion
is in probability space). Calibration pairs are every (concept name, scene)
pair; the Platt fit sees alternate scenes, the numbers come from the others.

---

"""


def _progress(started: float) -> Callable[[str], None]:
    def say(message: str) -> None:
        print(f"[quality {time.monotonic() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    return say


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a corpus from `python -m mediasearch.demo.corpus`")
    parser.add_argument("--scenes", type=int, default=2000, help="scenes to generate when no --corpus is given")
    parser.add_argument("--include-photos", action="store_true",
                        help="also ingest the corpus's photos (judged by their concepts only)")
    parser.add_argument("--model", type=Path, help="model folder for the in-process embedder (default: embedded)")
    parser.add_argument("--cpu-threads", type=int, default=1, help="torch threads of the in-process embedder")
    parser.add_argument("--embedder", help="address of a running embedder (host:port)")
    parser.add_argument("--expansion", help="address of a running expansion service")
    parser.add_argument("--search", help="address of a running search service (needs --embedder)")
    parser.add_argument("--collection", default="quality-bench")
    parser.add_argument("--pair-queries", type=int, default=100, help="two-concept queries")
    parser.add_argument("--i2i-queries", type=int, default=0, help="FindSimilar queries; 0 = every scene")
    parser.add_argument("--depth", type=int, default=0, help="results fetched per query for mAP; 0 = every item")
    parser.add_argument("--work-dir", type=Path, help="keep the generated corpus and search data here")
    parser.add_argument("--out-docs", type=Path, default=REPO / "docs" / "quality.md")
    parser.add_argument("--out-json", type=Path, default=REPO / "bench" / "quality_results.json")
    parser.add_argument("--out-png", type=Path, default=REPO / "bench" / "quality_reliability.png")
    args = parser.parse_args(argv)
    if args.search and not args.embedder:
        parser.error("--search needs --embedder (the benchmark embeds the corpus through the same embedder)")
    if args.corpus is None and args.scenes < 2:
        parser.error("--scenes must be at least 2")
    for name in ("pair_queries", "i2i_queries", "depth"):
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must not be negative")
    return args


def prepare_corpus(args: argparse.Namespace, work: Path, say: Callable[[str], None]) -> tuple[JudgedCorpus, str]:
    if args.corpus:
        return load_corpus(args.corpus, args.include_photos), f"from {args.corpus}"
    from mediasearch.demo.corpus import write_corpus

    say(f"generating {args.scenes} held-out scenes in {work / 'corpus'}")
    write_corpus(work / "corpus", count=args.scenes, include_photos=args.include_photos)
    return load_corpus(work / "corpus", args.include_photos), "generated by mediasearch.demo.corpus"


def measure(services: Services, corpus: JudgedCorpus, args: argparse.Namespace,
            say: Callable[[str], None]) -> dict[str, Any]:
    stub, collection = services.search, args.collection
    info = services.embedder.model_info()
    say(f"ingesting {len(corpus.items)} items into collection {collection!r} over gRPC")
    ingested = search.ingest(stub, collection, corpus, info.model_id)
    native_profile = search.set_model_native(stub, collection)
    depth = min(args.depth or len(corpus.items), search.MAX_DEPTH)
    query_sets = {"concept names": corpus.concept_queries(), "held-out words": corpus.held_out_queries(),
                  "two-concept queries": corpus.pair_queries(args.pair_queries)}
    say("text search over gRPC")
    searched = {name: search.measure_query_set(stub, collection, corpus, queries, depth, say, name)
                for name, queries in query_sets.items()}
    scenes = corpus.scenes
    i2i_queries = scenes[: args.i2i_queries] if args.i2i_queries else scenes
    say(f"image-to-image: {len(i2i_queries)} FindSimilar queries")
    i2i = {"precision@5": search.similar_precision(stub, collection, corpus, i2i_queries), "queries": len(i2i_queries)}
    say("embedding the corpus and the concept names through the embedder service")
    images = embed.embed_corpus(services.embedder, corpus, say)
    texts = embed.embed_texts(services.embedder, corpus.concept_names)
    model_metrics = embed.model_metrics(corpus, texts, images)
    say("calibration: Platt fit on one half of the scenes, measured on the other")
    calibration = measure_calibration(services, collection, corpus, texts, images, native_profile)
    return {"ingest": ingested, "search": searched, "image_to_image": i2i, "model_metrics": model_metrics,
            "calibration": calibration, "model": info, "depth": depth}


def measure_calibration(services: Services, collection: str, corpus: JudgedCorpus, texts: np.ndarray,
                        images: np.ndarray, native: Any) -> dict[str, Any]:
    """Model-native and Platt-fitted probabilities of every (concept name, eval scene) pair.

    The concept names are those of the concept-name query set (every concept
    the corpus holds; all of them at full size): the search service has
    embedded each of them already, which FitCalibration relies on (see the
    note in quality_search.fit_platt).
    """
    fit_items, eval_items = corpus.split()
    names = [q.text for q in corpus.concept_queries()]
    rows = [corpus.concept_names.index(name) for name in names]
    cosines = texts[rows] @ images[eval_items].T
    labels = embed.pair_labels(corpus, names, eval_items)
    result: dict[str, Any] = {"auc": quality.roc_auc(cosines, labels), "eval_pairs": int(labels.size),
                              "eval_matching": int(labels.sum()), "concepts": len(names),
                              "bins": embed.RELIABILITY_BINS}
    index_of = {item.id: i for i, item in enumerate(corpus.items)}
    probe = names[:5]
    differences: list[float] = []

    def check_served_scores(slope: float, intercept: float) -> None:
        # The probabilities here are computed from the embedder's vectors; the Search RPC must agree.
        for position, item, score in search.served_scores(services.search, collection, probe, index_of):
            cosine = texts[corpus.concept_names.index(probe[position])] @ images[item]
            differences.append(abs(float(embed.logistic(cosine, slope, intercept)) - score))

    profiles = {"model_native": native}
    check_served_scores(native.slope, native.intercept)
    try:
        fit = search.fit_platt(services.search, collection, corpus, names, fit_items)
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:  # type: ignore[attr-defined]
            raise
        # The service refuses a fit that would invert the ranking (a model no better than chance).
        fit = None
        result["platt_refused"] = error.details()  # type: ignore[attr-defined]
    else:
        profiles["platt"] = fit.calibration
        check_served_scores(fit.calibration.slope, fit.calibration.intercept)
    result["reliability"] = {}
    result["platt"] = None
    for key, profile in profiles.items():
        probabilities = embed.logistic(cosines, profile.slope, profile.intercept)
        result[key] = {"slope": profile.slope, "intercept": profile.intercept,
                       **embed.calibration_report(probabilities, labels)}
        result["reliability"][key] = embed.reliability_bins(probabilities, labels)
    result["service_fit"] = None if fit is None else {
        "pairs": fit.after.pair_count, "bins_note": "10 bins, the service's ECE",
        "before": {"ece": fit.before.ece, "brier": fit.before.brier, "log_loss": fit.before.log_loss},
        "after": {"ece": fit.after.ece, "brier": fit.after.brier, "log_loss": fit.after.log_loss},
    }
    result["served_check"] = {"results": len(differences), "max_abs_difference": max(differences, default=0.0)}
    return result


def run_info(args: argparse.Namespace, argv: list[str], corpus: JudgedCorpus, source: str, measured: dict[str, Any],
             services: Services, seconds: float) -> dict[str, Any]:
    info = measured["model"]
    by_count: dict[str, int] = {}
    for i in corpus.scenes:
        key = str(len(corpus.items[i].concepts))
        by_count[key] = by_count.get(key, 0) + 1
    started = ", ".join(services.started) or "none"
    return {
        "command": shlex.join(["python", "-m", "bench.quality", *argv]),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": seconds,
        "model": {"model_id": info.model_id, "dimension": info.dimension, "logit_scale_exp": info.logit_scale_exp,
                  "logit_bias": info.logit_bias,
                  "source": str(args.model) if args.model else ("the running embedder" if args.embedder
                                                                else "the embedded default model")},
        "corpus": {"items": len(corpus.items), "scenes": len(corpus.scenes),
                   "photos": len(corpus.items) - len(corpus.scenes), "seed": corpus.seed, "source": source,
                   "scenes_by_emoji_count": dict(sorted(by_count.items()))},
        "services": f"embedder {services.embedder_address}, expansion {services.expansion_address}, search "
                    f"{services.search_address}; started in this process: {started}",
        "depth": measured["depth"],
        "cpu_threads": args.cpu_threads,
    }


def write_outputs(args: argparse.Namespace, result: dict[str, Any], printed: str) -> None:
    labels = {"model_native": "model-native (before fit)", "platt": "Platt fit (after)"}
    draw_reliability(args.out_png, "Reliability on held-out (concept name, scene) pairs",
                     [(labels[key], bins) for key, bins in result["calibration"]["reliability"].items()])
    docs_dir = args.out_docs.resolve().parent
    png = Path(os.path.relpath(args.out_png.resolve(), docs_dir)).as_posix()
    json_path = Path(os.path.relpath(args.out_json.resolve(), docs_dir)).as_posix()
    args.out_docs.parent.mkdir(parents=True, exist_ok=True)
    args.out_docs.write_text(DOCS_HEADER.format(json=f"[{args.out_json.name}]({json_path})") + printed +
                             f"\n\n![Reliability diagram: model-native and Platt-fitted probabilities]({png})\n",
                             encoding="utf-8")
    args.out_json.parent.mkdir(parents=True, exist_ok=True)
    args.out_json.write_text(json.dumps({**result, "printed": printed}, indent=1, default=_jsonable) + "\n",
                             encoding="utf-8")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    try:
        return run(args, argv)
    except (search.BenchmarkError, DomainError, grpc.RpcError, OSError, ValueError) as error:
        details = error.details() if isinstance(error, grpc.RpcError) else str(error)  # type: ignore[attr-defined]
        print(f"python -m bench.quality: error: {details}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace, argv: list[str]) -> int:
    started = time.monotonic()
    say = _progress(started)
    import torch

    torch.set_num_threads(args.cpu_threads)
    owned = args.work_dir is None
    work = Path(tempfile.mkdtemp(prefix="quality-")) if owned else args.work_dir
    try:
        corpus, source = prepare_corpus(args, work, say)
        data_dir = work / "search-data"
        if data_dir.exists():
            shutil.rmtree(data_dir)  # a fresh collection each run: ingest must measure this corpus alone
        with running_services(model=args.model, threads=args.cpu_threads, data_dir=data_dir, embedder=args.embedder,
                              expansion=args.expansion, search=args.search, progress=say) as services:
            measured = measure(services, corpus, args, say)
            result: dict[str, Any] = {key: measured[key] for key in
                                      ("ingest", "search", "image_to_image", "model_metrics", "calibration")}
            result["run"] = run_info(args, argv, corpus, source, measured, services, time.monotonic() - started)
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)
    bar_list = bars(result)
    result["bars"] = [b.as_dict() for b in bar_list]
    printed = render(result, bar_list)
    print(printed, flush=True)
    write_outputs(args, result, printed)
    say(f"wrote {args.out_docs}, {args.out_json} and {args.out_png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
