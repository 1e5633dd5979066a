"""Natural-language and cross-lingual search quality over the live services (issue 15).

    python -m bench.natural [--corpus DIR | --scenes 2000] [--model DIR] [--sets heldout,dev,...]
                            [--limit N] [--work-dir DIR] [--embedder ADDR --search ADDR] [--expansion ADDR]

Starts (or reaches) the embedder, expansion and search services exactly as
bench.quality does, ingests the demo corpus through the Ingest RPC and
measures precision@10, recall@10 and nDCG@10, normal vs deep, per class for:
the held-out natural queries (bench/queries/natural_heldout.py), the
two development sets, a fourth set kept to measure generalisation, the
concept names and two-concept queries of bench.quality, and each
cross-lingual set beside the same queries in English. `--limit N`
keeps the first N queries of each class (a smoke run). A kept `--work-dir`
holds the corpus and the search data, so a rerun only searches.

Writes the summary to stdout and --out-docs, every query's expansion terms to
--out-expansions, the numbers to --out-json.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc

from bench import natural_measure as measure
from bench.natural_report import bars, languages, render, render_expansions
from bench.quality import prepare_corpus
from bench.quality_corpus import JudgedCorpus
from bench.quality_search import BenchmarkError, ingest, set_model_native
from bench.quality_services import Services, running_services
from bench.queries import natural_queries, translated_queries
from bench.queries.crosslingual import CROSSLINGUAL
from bench.queries.natural_dev import NATURAL_DEV
from bench.queries.natural_dev3 import NATURAL_DEV3
from bench.queries.natural_dev4 import NATURAL_DEV4
from bench.queries.natural_dev5 import NATURAL_DEV5
from bench.queries.natural_dev6 import NATURAL_DEV6
from bench.queries.natural_dev7 import NATURAL_DEV7
from bench.queries.natural_dev8 import NATURAL_DEV8
from bench.queries.natural_dev9 import NATURAL_DEV9
from bench.queries.natural_dev10 import NATURAL_DEV10
from bench.queries.natural_dev11 import NATURAL_DEV11
from bench.queries.natural_heldout import NATURAL_HELDOUT
from mediasearch.demo.sprites import load_atlas
from mediasearch.runtime.errors import DomainError

REPO = Path(__file__).resolve().parents[1]
SETS = (
    "heldout",
    "dev",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "concepts",
    "pairs",
    "crosslingual",
)
DOCS_HEADER = """# Natural-language and cross-lingual search quality

Written by `python -m bench.natural` (bench/natural.py); do not edit by hand.
The queries and their judgements are in bench/queries/ (the held-out and
cross-lingual sets were committed before any output for them was seen); the
numbers per query are in {json}, every query's expansion terms in {expansions}.

---

"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.natural", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, help="a corpus from `python -m mediasearch.demo.corpus`")
    parser.add_argument("--scenes", type=int, default=2000, help="scenes to generate when no --corpus is given")
    parser.add_argument("--model", type=Path, help="model folder for the in-process embedder (default: embedded)")
    parser.add_argument("--cpu-threads", type=int, default=1)
    parser.add_argument("--embedder")
    parser.add_argument("--expansion")
    parser.add_argument("--search")
    parser.add_argument("--collection", default="natural-bench")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--limit", type=int, default=0, help="first N queries of each class; 0 = all")
    parser.add_argument("--pair-queries", type=int, default=100)
    parser.add_argument("--work-dir", type=Path, help="keep the corpus and search data here, reused by reruns")
    parser.add_argument("--out-docs", type=Path, default=REPO / "docs" / "natural.md")
    parser.add_argument("--out-expansions", type=Path, default=REPO / "docs" / "natural_expansions.md")
    parser.add_argument("--out-json", type=Path, default=REPO / "bench" / "natural_results.json")
    args = parser.parse_args(argv)
    args.include_photos = False
    chosen = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SETS))
    if unknown or not chosen:
        parser.error(f"--sets: unknown {unknown}; choose from {', '.join(SETS)}")
    args.sets = chosen
    if args.limit < 0:
        parser.error("--limit must not be negative")
    if args.search and not args.embedder:
        parser.error("--search needs --embedder")
    return args


def _limited(queries: list[measure.Judged], limit: int) -> list[measure.Judged]:
    if not limit:
        return queries
    taken: dict[str, int] = {}
    kept = []
    for query in queries:
        if taken.get(query.kind, 0) < limit:
            taken[query.kind] = taken.get(query.kind, 0) + 1
            kept.append(query)
    return kept


def query_sets(corpus: JudgedCorpus, args: argparse.Namespace) -> dict[str, list[measure.Judged]]:
    atlas = load_atlas()
    sets: dict[str, list[measure.Judged]] = {}
    if "heldout" in args.sets:
        sets["held-out natural queries"] = measure.judge(corpus, natural_queries(NATURAL_HELDOUT, atlas))
    if "dev" in args.sets:
        sets["development natural queries"] = measure.judge(corpus, natural_queries(NATURAL_DEV, atlas))
    if "dev3" in args.sets:
        sets["development natural queries, third round"] = measure.judge(corpus, natural_queries(NATURAL_DEV3, atlas))
    if "dev4" in args.sets:
        sets["development natural queries, fourth round"] = measure.judge(corpus, natural_queries(NATURAL_DEV4, atlas))
    if "dev5" in args.sets:
        sets["development natural queries, fifth round"] = measure.judge(corpus, natural_queries(NATURAL_DEV5, atlas))
    if "dev6" in args.sets:
        sets["development natural queries, sixth round"] = measure.judge(corpus, natural_queries(NATURAL_DEV6, atlas))
    if "dev7" in args.sets:
        sets["development natural queries, seventh round"] = measure.judge(corpus, natural_queries(NATURAL_DEV7, atlas))
    if "dev8" in args.sets:
        sets["development natural queries, eighth round"] = measure.judge(corpus, natural_queries(NATURAL_DEV8, atlas))
    if "dev9" in args.sets:
        sets["development natural queries, ninth round"] = measure.judge(corpus, natural_queries(NATURAL_DEV9, atlas))
    if "dev10" in args.sets:
        sets["development natural queries, tenth round"] = measure.judge(corpus, natural_queries(NATURAL_DEV10, atlas))
    if "dev11" in args.sets:
        sets["development natural queries, eleventh round"] = measure.judge(
            corpus, natural_queries(NATURAL_DEV11, atlas)
        )
    if "concepts" in args.sets:
        sets["concept names"] = measure.from_corpus_queries(corpus.concept_queries(), "concept name")
    if "pairs" in args.sets:
        sets["two-concept queries"] = measure.from_corpus_queries(corpus.pair_queries(args.pair_queries), "pair")
    if "crosslingual" in args.sets:
        for key, queries in measure.translated(corpus, translated_queries(CROSSLINGUAL, atlas)).items():
            name = f"cross-lingual {key[3:]} (English)" if key.startswith("en:") else f"cross-lingual {key}"
            sets[name] = queries
    return {name: _limited(queries, args.limit) for name, queries in sets.items()}


def run(args: argparse.Namespace, argv: list[str]) -> int:
    started = time.monotonic()

    def say(message: str) -> None:
        print(f"[natural {time.monotonic() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    import torch

    torch.set_num_threads(args.cpu_threads)
    with tempfile.TemporaryDirectory(prefix="natural-") as scratch:
        work = args.work_dir or Path(scratch)
        corpus_dir = work / "corpus"
        if (corpus_dir / "ground_truth.json").is_file() and not args.corpus:
            args.corpus = corpus_dir  # a kept work dir: reuse the corpus written by an earlier run
        corpus, _ = prepare_corpus(args, work, say)
        with running_services(
            model=args.model,
            threads=args.cpu_threads,
            data_dir=work / "search-data",
            embedder=args.embedder,
            expansion=args.expansion,
            search=args.search,
            progress=say,
        ) as services:
            result = measure_all(services, corpus, args, say)
    result["run"] = {
        "command": shlex.join(["python", "-m", "bench.natural", *argv]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": time.monotonic() - started,
        "items": len(corpus.items),
        "seed": corpus.seed,
        **result.pop("run_info"),
    }
    bar_list = bars(result)
    result["goals"] = [b.as_dict() for b in bar_list]
    printed = render(result, bar_list)
    print(printed, flush=True)
    write_outputs(args, result, printed)
    say(f"wrote {args.out_docs}, {args.out_expansions} and {args.out_json}")
    return 0


def measure_all(services: Services, corpus: JudgedCorpus, args: argparse.Namespace, say: Any) -> dict[str, Any]:
    info = services.embedder.model_info()
    say(f"ingesting {len(corpus.items)} items into {args.collection!r} (unchanged items are skipped)")
    ingest(services.search, args.collection, corpus, info.model_id)
    set_model_native(services.search, args.collection)
    sets = {
        name: measure.measure_set(services.search, args.collection, corpus, queries, say, name)
        for name, queries in query_sets(corpus, args).items()
        if queries
    }
    services_line = (
        f"embedder {services.embedder_address}, expansion {services.expansion_address}, search "
        f"{services.search_address}; started here: {', '.join(services.started) or 'none'}"
    )
    return {
        "sets": sets,
        "languages": languages(sets),
        "run_info": {"model_id": info.model_id, "services": services_line},
    }


def write_outputs(args: argparse.Namespace, result: dict[str, Any], printed: str) -> None:
    for path in (args.out_docs, args.out_expansions, args.out_json):
        path.parent.mkdir(parents=True, exist_ok=True)
    header = DOCS_HEADER.format(json=f"`{args.out_json.name}`", expansions=f"`{args.out_expansions.name}`")
    args.out_docs.write_text(header + printed + "\n", encoding="utf-8")
    args.out_expansions.write_text(render_expansions(result) + "\n", encoding="utf-8")
    args.out_json.write_text(json.dumps({**result, "printed": printed}, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    try:
        return run(args, argv)
    except (BenchmarkError, DomainError, grpc.RpcError, OSError, ValueError) as error:
        details = error.details() if isinstance(error, grpc.RpcError) else str(error)  # type: ignore[attr-defined]
        print(f"python -m bench.natural: error: {details}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
