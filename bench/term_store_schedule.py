"""Foreground search latency while the term store warms, per embedder background schedule.

`python -m bench.term_store_schedule [--schedules 4:200,1:200,4:1000,1:1000 --foreground 300]
[--layout one-process|processes|both] [--record]`.

Issue 19 asks that foreground search p99 while the store warms stay within 1.2x of p99 without warming.
Two embedder settings decide how often a query meets a background pass and how long it then waits:
EMBEDDER_MAX_BACKGROUND_BATCH_SIZE (texts per pass; a query waits at most one layer of one pass) and
EMBEDDER_BACKGROUND_IDLE_MS (how long queries must have been quiet before a pass starts). Each schedule
`batch:idle_ms` gets its own embedder (SigLIP-base-shaped int8 text tower, random weights), the real
expansion service and a search service on an empty store, and runs the same foreground sequence as
bench.term_store's phases 2 and 5 (new texts, one at a time, exponential pauses): first with warming off,
then on a fresh store with warming on. Schedules run one after another, so drift on a shared machine
shows as the spread of the "without warming" rows.

Layout: by default every service and the client share this process, so the search service's warming thread
(gRPC calls, SQLite writes) and the Python parts of all services compete for one interpreter lock with the
foreground path. `--layout processes` runs each service in its own process, as pods are deployed
(bench.service_processes); `both` runs each schedule in both layouts, one after the other.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from bench import report
from bench.e2e_parts import RunningSearch, build_collection
from bench.embedder_parts import running_embedder
from bench.expander import running_expander
from bench.service_processes import embedder_process, expansion_process, search_process
from bench.stats import Progress, fmt
from bench.term_store import (
    PRECISION,
    add_arguments,
    empty_term_store,
    foreground_texts,
    gauge,
    run_foreground,
    search_service,
    warming_settings,
)
from bench.workspace import Workspace
from mediasearch.client import EmbedderClient


def parse_schedules(text: str) -> list[tuple[int, float]]:
    """ "4:200,1:1000" -> [(4, 200.0), (1, 1000.0)]: background batch size and quiet time in ms."""
    schedules = []
    for part in text.split(","):
        batch, _, idle = part.strip().partition(":")
        schedules.append((int(batch), float(idle)))
    return schedules


# Starts the search service for one phase (warming for at most this many terms; 0: off) on an empty term store.
SearchStarter = Callable[[int], AbstractContextManager[RunningSearch]]


@contextmanager
def one_process(folder: Path, threads: int, data_dir: Path, **embedder_overrides: Any
                ) -> Iterator[tuple[Any, SearchStarter]]:
    """Every service in this process: (the embedder's model info, a search service starter)."""
    with running_embedder(folder, PRECISION, threads, **embedder_overrides) as embedder, \
            running_expander() as expander:
        yield embedder.client.model_info(), lambda warm: search_service(data_dir, embedder, expander, warm_terms=warm)


@contextmanager
def own_processes(folder: Path, threads: int, data_dir: Path, **embedder_overrides: Any
                  ) -> Iterator[tuple[Any, SearchStarter]]:
    """Each service in its own process, as pods run (bench.service_processes): as `one_process`."""
    with embedder_process(model=folder, precision=PRECISION, cpu_threads=threads, **embedder_overrides) as embedder, \
            expansion_process() as expansion:
        client = EmbedderClient(embedder, timeout_s=300)
        try:
            info = client.model_info()
        finally:
            client.close()

        @contextmanager
        def start(warm: int) -> Iterator[RunningSearch]:
            empty_term_store(data_dir)
            with search_process(data_dir, embedder, expansion, **warming_settings(warm)) as search:
                yield search

        yield info, start


LAYOUTS = ("one-process", "processes", "both")
SERVICES = {"one-process": one_process, "processes": own_processes}


def measure(schedule: tuple[int, float], layout: str, args: argparse.Namespace, folder: Path, data_dir: Path,
            threads: int, progress: Progress) -> dict[str, Any]:
    """The foreground searches of one schedule in one layout: without warming, then while a fresh store warms."""
    batch, idle_ms = schedule
    where = "own processes" if layout == "processes" else "one process"
    with SERVICES[layout](folder, threads, data_dir, max_background_batch_size=batch,
                          background_idle_ms=idle_ms) as (info, start_search):
        build_collection(data_dir, items=args.items, model_id=info.model_id, dimension=info.dimension,
                         logit_scale_exp=info.logit_scale_exp, logit_bias=info.logit_bias, progress=progress)
        runs = {}
        for phase, warm_terms in (("alone", 0), ("warming", args.warm_terms)):
            with start_search(warm_terms) as search:
                search.search("warm up first call", deep=False)
                progress(f"{batch}:{idle_ms:g}, {where}: foreground, {phase}")
                started = gauge(search, "warming_embedded")
                texts = foreground_texts(args.foreground, f"{layout[0]}{batch}x{idle_ms:g}{phase[0]}")
                runs[phase] = run_foreground(search, texts, args.think_ms, while_warming=bool(warm_terms))
                warmed = gauge(search, "warming_embedded") - started
    (alone, _), (warming, after) = runs["alone"], runs["warming"]
    return {"batch": batch, "idle_ms": idle_ms, "layout": layout, "alone": alone, "warming": warming,
            "after_warming": after, "warmed": warmed}


def render(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [f"Foreground normal searches over gRPC (new texts, one at a time, exponential pauses with mean "
             f"{args.think_ms:g} ms, {args.items:,} items), {'SigLIP-base-shaped' if args.model == 'base' else 'tiny'} "
             f"{PRECISION} text tower. Services: 'one process' runs the embedder, expansion and search services and the "
             "client in one interpreter; 'own processes' runs each service in its own, as pods are deployed:", "",
             "| services | background batch | quiet before a pass (ms) | searches | p50 ms alone | p99 ms alone | "
             "p50 ms warming | p99 ms warming | p99 warming / alone | terms warmed meanwhile |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        alone, warming = row["alone"], row["warming"]
        where = "own processes" if row["layout"] == "processes" else "one process"
        lines.append(f"| {where} | {row['batch']} | {row['idle_ms']:g} | {len(warming.seconds)} | {fmt(alone.p50_ms, 1)} | "
                     f"{fmt(alone.p99_ms, 1)} | {fmt(warming.p50_ms, 1)} | {fmt(warming.p99_ms, 1)} | "
                     f"{warming.p99_ms / alone.p99_ms:.2f}x | {row['warmed']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", default="4:200,1:200,4:1000,1:1000",
                        help="comma-separated background_batch:idle_ms pairs")
    add_arguments(parser, warm_terms=20_000, foreground=300)
    parser.add_argument("--layout", choices=LAYOUTS, default="one-process",
                        help="one-process: every service in this process; processes: each in its own, as in a "
                             "deployment; both: each schedule in both layouts, interleaved")
    args = parser.parse_args()
    run = report.StandaloneRun.start(args.threads)
    threads, progress = run.threads, run.progress
    folder = Workspace(args.work_dir, threads, progress).model_dir(args.model)
    layouts = ("one-process", "processes") if args.layout == "both" else (args.layout,)
    rows = [measure(schedule, layout, args, folder, args.work_dir / "data", threads, progress)
            for schedule in parse_schedules(args.schedules) for layout in layouts]
    printed = render(rows, args)
    print(printed, flush=True)
    if args.record:
        command = (f"python -m bench.term_store_schedule --schedules {args.schedules} --items {args.items} "
                   f"--warm-terms {args.warm_terms} --foreground {args.foreground} --think-ms {args.think_ms:g}"
                   f" --layout {args.layout}")
        data = [{**{k: v for k, v in row.items() if k not in ("alone", "warming")},
                 "alone": row["alone"].summary(), "warming": row["warming"].summary()} for row in rows]
        # The layout comparison is its own record, beside the one-process schedule comparison.
        key = "term_store_schedule" if args.layout == "one-process" else "term_store_layout"
        run.record(key, command=command, printed=printed, data={"schedules": data})


if __name__ == "__main__":
    main()
