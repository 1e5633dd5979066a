"""The term store end to end: deep search with a cold and a warm store, warm-up, and queries while warming.

`python -m bench.term_store [--items 20000 --queries 25 --warm-terms 3000 --foreground 80] [--record]`.

A real embedder (SigLIP-base-shaped int8 text tower, random weights, built
offline by bench.workspace), the real expansion service and real search
services run in this process on free ports; every query goes through the
search service's gRPC API. The searched collection holds `--items` clustered
vectors (bench.e2e_parts).

1. Cold store (a search service with warming off and an empty store): per
   round, a normal search of a new text, a deep search of a new text whose
   head noun no deep query used before ("red dog", then "old cat"...), and
   both again (repeated: the memory cache answers).
2. Foreground without warming: `--foreground` normal searches of new texts,
   one at a time, each after a pause drawn from an exponential distribution
   (mean `--think-ms`): a person typing, not a load test.
3. Warm-up: a new search service on an empty store with warming on, no
   queries; the time until it reports warming done, and the store's size.
4. Warm store: deep searches of new texts on the same head nouns as in 1,
   other modifiers, in that warmed service.
5. Foreground while warming: a new service on an empty store with warming
   on, and the same foreground sequence as 2 while it warms.

Texts embedded per query are counted at the embedder (its batch-size metric).
In 1 and 4 each query starts `--pause-ms` after the previous one ended:
run back to back, a normal search that followed a deep one took 137 ms at p50
where a deep search embedding the same one text took 76 ms (most likely the
previous call's compute threads still holding the two cores), which skewed
the comparison toward whichever kind ran second.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from bench import report
from bench.e2e_bench import PHOTO_WORDS
from bench.e2e_parts import RunningSearch, build_collection, running_search
from bench.embedder_parts import RunningEmbedder, running_embedder
from bench.expander import RunningExpander, running_expander
from bench.stats import Latencies, Progress, fmt
from bench.workspace import Workspace

MODIFIERS = ("red", "small", "old", "young", "white", "black", "happy", "wet", "big", "little", "wild", "cute",
             "brown", "green", "blue", "yellow", "two", "three", "sleeping", "running", "tiny", "dark", "bright")
PRECISION = "int8"
STORE_FILE = "terms.sqlite3"
# Embedder scheduling as the manifests set it (deploy/k8s/base/embedder.env).
EMBEDDER_OVERRIDES = {"max_background_batch_size": 1, "background_idle_ms": 200.0}


def queries(nouns: list[str], modifier_offset: int) -> list[str]:
    return [f"{MODIFIERS[(i + modifier_offset) % len(MODIFIERS)]} {noun}" for i, noun in enumerate(nouns)]


def foreground_texts(count: int, tag: str) -> list[str]:
    """New normal-search texts: two photo words and a tag, so no cache of an earlier phase answers them."""
    rng = np.random.default_rng(11)
    return [f"{PHOTO_WORDS[a]} and {PHOTO_WORDS[b]} {tag}{i}" for i, (a, b) in
            enumerate(rng.integers(0, len(PHOTO_WORDS), size=(count, 2)))]


def gauge(search: RunningSearch, measure: str) -> float:
    if search.server is None:  # a service in its own process (bench.service_processes): its metrics endpoint
        return search.metric("search_term_store", {"measure": measure})  # type: ignore[attr-defined]
    return search.server.metrics.value("search_term_store", {"measure": measure})


def texts_embedded(embedder: RunningEmbedder) -> float:
    return embedder.batch_totals("text")[1]


def empty_term_store(data_dir: Path) -> None:
    """Removes the term store (and its WAL files) a previous search service left in `data_dir`."""
    for stale in data_dir.glob(f"{STORE_FILE}*"):
        stale.unlink()


def warming_settings(warm_terms: int) -> dict[str, Any]:
    """The search service's warming settings: on, for at most `warm_terms` terms, when `warm_terms` > 0."""
    return {"term_warming": "on" if warm_terms else "off", "term_warming_max_terms": warm_terms}


@contextmanager
def search_service(data_dir: Path, embedder: RunningEmbedder, expander: RunningExpander, *, warm_terms: int
                   ) -> Iterator[RunningSearch]:
    """A search service on an empty term store; warming on when `warm_terms` > 0."""
    empty_term_store(data_dir)
    with running_search(data_dir, embedder.port, expander.port, **warming_settings(warm_terms)) as search:
        yield search


def run_foreground(search: RunningSearch, texts: list[str], think_ms: float, *, while_warming: bool = False
                   ) -> tuple[Latencies, int]:
    """Normal searches one at a time with exponential pauses; with `while_warming`, only those started before
    warming was done count. Returns the latencies and how many were left out."""
    pauses = np.random.default_rng(5).exponential(think_ms / 1000, size=len(texts))
    latencies, dropped = Latencies(), 0
    for text, pause in zip(texts, pauses, strict=True):
        time.sleep(float(pause))
        if while_warming and gauge(search, "warming_done"):
            dropped += 1
            continue
        latencies.time(lambda t=text: search.search(t, deep=False))
    return latencies, dropped


def paused(pause_s: float, call: Any) -> Any:
    time.sleep(pause_s)
    return call()


def cold_phase(search: RunningSearch, embedder: RunningEmbedder, nouns: list[str], progress: Progress,
               pause_s: float) -> dict[str, Any]:
    kinds = {name: Latencies() for name in ("normal, uncached", "deep, cold store", "normal, repeated",
                                            "deep, repeated")}
    deep_texts: list[float] = []
    normal_queries, deep_queries = queries(nouns, 5), queries(nouns, 0)
    search.search("warm up first call", deep=True)
    for round_number, (normal, deep) in enumerate(zip(normal_queries, deep_queries, strict=True)):
        paused(pause_s, lambda: kinds["normal, uncached"].time(lambda: search.search(normal, deep=False)))
        before = texts_embedded(embedder)
        paused(pause_s, lambda: kinds["deep, cold store"].time(lambda: search.search(deep, deep=True)))
        deep_texts.append(texts_embedded(embedder) - before)
        paused(pause_s, lambda: kinds["normal, repeated"].time(lambda: search.search(normal, deep=False)))
        paused(pause_s, lambda: kinds["deep, repeated"].time(lambda: search.search(deep, deep=True)))
        progress(f"cold store round {round_number + 1}/{len(nouns)}: '{deep}' embedded {deep_texts[-1]:.0f} texts")
    return {"latencies": kinds, "deep_texts": deep_texts}


def warm_up(search: RunningSearch, embedder: RunningEmbedder, progress: Progress) -> dict[str, Any]:
    started, before = time.monotonic(), texts_embedded(embedder)
    polls = 0
    while not gauge(search, "warming_done"):
        time.sleep(0.5)
        polls += 1
        if polls % 30 == 0:
            progress(f"warming: {gauge(search, 'warming_embedded'):.0f} terms embedded")
    seconds = time.monotonic() - started
    terms = gauge(search, "terms")
    return {"seconds": seconds, "terms": terms, "texts": texts_embedded(embedder) - before,
            "disk_bytes": gauge(search, "disk_bytes")}


def warm_phase(search: RunningSearch, embedder: RunningEmbedder, nouns: list[str], pause_s: float
               ) -> dict[str, Any]:
    """Deep searches of new texts on the warm store, each round after a normal search of a new text: the
    baseline of the goal, measured in the same service and moment."""
    latencies, normal, deep_texts = Latencies(), Latencies(), []
    for text, deep in zip(queries(nouns, 17), queries(nouns, 11), strict=True):
        paused(pause_s, lambda t=f"{text} again": normal.time(lambda: search.search(t, deep=False)))
        before = texts_embedded(embedder)
        paused(pause_s, lambda d=deep: latencies.time(lambda: search.search(d, deep=True)))
        deep_texts.append(texts_embedded(embedder) - before)
    return {"latencies": latencies, "normal": normal, "deep_texts": deep_texts}


def add_arguments(parser: argparse.ArgumentParser, *, warm_terms: int, foreground: int) -> None:
    """The options this script shares with bench.term_store_schedule."""
    parser.add_argument("--items", type=int, default=20_000, help="vectors in the searched collection")
    parser.add_argument("--warm-terms", type=int, default=warm_terms, help="SEARCH_TERM_WARMING_MAX_TERMS")
    parser.add_argument("--foreground", type=int, default=foreground, help="normal searches per foreground run")
    parser.add_argument("--think-ms", type=float, default=400.0, help="mean pause between foreground searches")
    parser.add_argument("--model", choices=("base", "tiny"), default="base", help="tiny: a smoke run of the script")
    parser.add_argument("--threads", type=int, default=0, help="embedder CPU threads (0 = every core)")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "mediasearch-term-store",
                        help="model checkpoint (kept for later runs) and the collection")
    parser.add_argument("--record", action="store_true", help="write the figures into bench/results.json and docs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser, warm_terms=3000, foreground=80)
    parser.add_argument("--queries", type=int, default=25, help="deep queries per store state (distinct head nouns)")
    parser.add_argument("--pause-ms", type=float, default=300.0, help="pause before each query of phases 1 and 4")
    args = parser.parse_args()
    if args.queries > len(PHOTO_WORDS):
        parser.error(f"--queries is at most {len(PHOTO_WORDS)} (distinct head nouns)")
    run = report.StandaloneRun.start(args.threads)
    threads, progress = run.threads, run.progress
    ws = Workspace(args.work_dir, threads, progress)
    folder = ws.model_dir(args.model)
    data_dir = args.work_dir / "data"
    nouns = list(PHOTO_WORDS[: args.queries])
    measured: dict[str, Any] = {}
    with running_embedder(folder, PRECISION, threads, **EMBEDDER_OVERRIDES) as embedder, running_expander() as expander:
        if expander.kind != "expansion service":
            raise SystemExit(f"the term store needs the real expansion service: {expander.reason}")
        info = embedder.client.model_info()
        progress(f"writing a {args.items:,}-item collection")
        build_collection(data_dir, items=args.items, model_id=info.model_id, dimension=info.dimension,
                         logit_scale_exp=info.logit_scale_exp, logit_bias=info.logit_bias, progress=progress)
        with search_service(data_dir, embedder, expander, warm_terms=0) as search:
            measured["cold"] = cold_phase(search, embedder, nouns, progress, args.pause_ms / 1000)
            progress("foreground searches, no warming")
            measured["foreground_alone"], _ = run_foreground(
                search, foreground_texts(args.foreground, "a"), args.think_ms)
        with search_service(data_dir, embedder, expander, warm_terms=args.warm_terms) as search:
            progress(f"warming up to {args.warm_terms} terms with no queries")
            measured["warm_up"] = warm_up(search, embedder, progress)
            measured["warm"] = warm_phase(search, embedder, nouns, args.pause_ms / 1000)
        with search_service(data_dir, embedder, expander, warm_terms=args.warm_terms) as search:
            progress("foreground searches while warming")
            measured["foreground_warming"], measured["after_warming"] = run_foreground(
                search, foreground_texts(args.foreground, "b"), args.think_ms, while_warming=True)
            measured["warmed_during_foreground"] = gauge(search, "warming_embedded")
    printed = render(measured, args, info.dimension)
    print(printed, flush=True)
    if args.record:
        command = (f"python -m bench.term_store --items {args.items} --queries {args.queries} --warm-terms "
                   f"{args.warm_terms} --foreground {args.foreground} --think-ms {args.think_ms:g} --pause-ms {args.pause_ms:g}")
        run.record("term_store", command=command, printed=printed, data=_data(measured))


def render(m: dict[str, Any], args: argparse.Namespace, dimension: int) -> str:
    cold, warm, up = m["cold"]["latencies"], m["warm"], m["warm_up"]
    normal, warm_normal = cold["normal, uncached"], warm["normal"]
    rows = [
        ("cold store", "normal, uncached", normal, normal, "1 (the query)"),
        ("cold store", "deep, uncached", cold["deep, cold store"], normal,
         fmt(float(np.mean(m["cold"]["deep_texts"])), 1)),
        ("cold store", "normal, repeated query", cold["normal, repeated"], normal, "0"),
        ("cold store", "deep, repeated query", cold["deep, repeated"], normal, "0"),
        ("warm store", "normal, uncached", warm_normal, warm_normal, "1 (the query)"),
        ("warm store", "deep, uncached", warm["latencies"], warm_normal, fmt(float(np.mean(warm["deep_texts"])), 1)),
    ]
    lines = [f"Searches over gRPC, {'SigLIP-base-shaped' if args.model == 'base' else 'tiny'} {PRECISION} text "
             f"tower, {args.items:,} items, {len(normal.seconds)} queries of each kind, interleaved round by round "
             f"within each service, each {args.pause_ms:g} ms after the previous one:", "",
             "| service | query | p50 ms | p99 ms | p50 vs normal uncached (same service) | texts embedded per query "
             "(mean) |", "|---|---|---|---|---|---|"]
    for service, name, latencies, baseline, texts in rows:
        lines.append(f"| {service} | {name} | {fmt(latencies.p50_ms, 1)} | {fmt(latencies.p99_ms, 1)} | "
                     f"{latencies.p50_ms / baseline.p50_ms:.2f}x | {texts} |")
    alone, warming = m["foreground_alone"], m["foreground_warming"]
    texts_per_s = up["texts"] / up["seconds"] if up["seconds"] else float("nan")
    per_term = up["disk_bytes"] / up["terms"] if up["terms"] else float("nan")
    lines += ["", "Foreground normal searches (new texts, one at a time, exponential pauses with mean "
              f"{args.think_ms:g} ms):", "",
              "| foreground | searches | p50 ms | p99 ms | p99 vs without warming |", "|---|---|---|---|---|",
              f"| without warming | {len(alone.seconds)} | {fmt(alone.p50_ms, 1)} | {fmt(alone.p99_ms, 1)} | 1.00x |",
              f"| while the store warms | {len(warming.seconds)} | {fmt(warming.p50_ms, 1)} | "
              f"{fmt(warming.p99_ms, 1)} | {warming.p99_ms / alone.p99_ms:.2f}x |", "",
              f"- Warm-up with no queries: {up['terms']:.0f} terms (SEARCH_TERM_WARMING_MAX_TERMS={args.warm_terms}) "
              f"in {fmt(up['seconds'], 1)} s, {fmt(texts_per_s, 1)} texts/s at background priority "
              f"(passes of {EMBEDDER_OVERRIDES['max_background_batch_size']}).",
              f"- Store on disk: {up['disk_bytes'] / 2**20:.1f} MiB for {up['terms']:.0f} terms "
              f"({per_term / 1024:.2f} KiB per term; a {dimension}-d float32 vector is {dimension * 4 / 1024:.1f} KiB). "
              f"In memory: the SQLite page cache (2 MiB default) and the LRU in front "
              f"(SEARCH_QUERY_CACHE_SIZE=4096 vectors, {4096 * dimension * 4 / 2**20:.0f} MiB at most).",
              f"- While the foreground searches ran, warming embedded {m['warmed_during_foreground']:.0f} terms; "
              f"{m['after_warming']} foreground searches started after warming was done and are left out.",
              "- Deep searches: the cold store embeds each new query's expansion terms; the warm store only what "
              "the listing did not hold (the query text itself, and context phrases such as 'red fox')."]
    return "\n".join(lines)


def _data(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "cold": {name: latencies.summary() for name, latencies in m["cold"]["latencies"].items()},
        "cold_deep_texts": m["cold"]["deep_texts"],
        "warm_deep": m["warm"]["latencies"].summary(),
        "warm_normal": m["warm"]["normal"].summary(),
        "warm_deep_texts": m["warm"]["deep_texts"],
        "warm_up": m["warm_up"],
        "foreground_alone": m["foreground_alone"].summary(),
        "foreground_warming": m["foreground_warming"].summary(),
        "warmed_during_foreground": m["warmed_during_foreground"],
    }


if __name__ == "__main__":
    main()
