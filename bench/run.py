"""One command for every benchmark: `python -m bench.run [--size smoke|standard|full] [--only embedder,search,...]`.

Prints each result table as it is measured (progress goes to stderr), then
writes bench/results.json and docs/benchmarks.md; the docs hold exactly the
tables that were printed. Sizes: smoke (tiny model, 2k vectors, under a
minute: CI), standard (SigLIP-base-shaped model, 100k vectors: minutes),
full (1M vectors: the issue's ANN goals are stated at 1M; long, needs ~10 GiB).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from bench import machine, report
from bench.report import SuiteResult
from bench.sizes import SIZES, SizeProfile
from bench.stats import Progress
from bench.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SUITES = ("embedder", "search", "e2e", "expansion")


def _suite(name: str) -> Callable[[SizeProfile, Workspace], SuiteResult]:
    # Imported lazily: the search suite needs faiss only when it runs.
    module = importlib.import_module(f"bench.{name}_bench")
    return module.run


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="standard", help="how much work (default standard)")
    parser.add_argument("--only", default=",".join(SUITES), help="comma-separated suites: " + ",".join(SUITES))
    parser.add_argument("--threads", type=int, default=0, help="CPU threads for models and indexes (0 = nproc)")
    parser.add_argument("--markdown", type=Path, default=REPO / "docs" / "benchmarks.md", help="results document")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json", help="results data")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="folder for models and data; kept, and reused by later runs (default: a temporary "
                             "folder, deleted at the end)")
    args = parser.parse_args(argv)
    args.suites = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(args.suites) - set(SUITES))
    if unknown or not args.suites:
        parser.error(f"--only takes a comma-separated subset of {','.join(SUITES)}; got {args.only!r}")
    return args


def _quiet_libraries() -> None:
    """No per-load progress bars or deprecation chatter between the progress lines."""
    import warnings

    warnings.filterwarnings("ignore", message=".*quantize_per_tensor.*")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    except ImportError:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    profile = SIZES[args.size]
    threads = args.threads or len(os.sched_getaffinity(0))
    command = "python -m bench.run " + " ".join(sys.argv[1:] if argv is None else argv)
    progress = Progress()
    _quiet_libraries()
    folder = args.work_dir or Path(tempfile.mkdtemp(prefix="mediasearch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    ws = Workspace(folder, threads, progress)
    description = machine.describe(threads)
    progress(f"size {profile.name}, suites {','.join(args.suites)}, {threads} threads, work folder {folder}")
    if os.getloadavg()[0] > 0.5 * len(os.sched_getaffinity(0)):
        progress(f"warning: load average {machine.load_average()} before starting: others are using the CPUs, "
                 "absolute numbers will be noisy (the ratios are measured side by side to withstand it)")
    records = {}
    try:
        for name in args.suites:
            started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            began = time.monotonic()
            progress(f"--- {name} ---")
            result = _suite(name)(profile, ws)
            result.seconds = time.monotonic() - began
            suite_machine = {**description, "load_average_at_end": machine.load_average()}
            record = report.suite_record(result, suite_machine, command, started)
            print(f"\n### {report.SUITE_TITLES[name]} ({profile.name})\n", flush=True)
            for key in ("printed", "goals_printed", "analysis_printed"):
                if record[key]:
                    print(record[key] + "\n", flush=True)
            records[name] = record
            progress(f"{name} done in {result.seconds:.0f} s")
    finally:
        if args.work_dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    results = report.merge(report.load_results(args.json), profile.name, records)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, default=float) + "\n")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(report.render(results))
    progress(f"wrote {args.json} and {args.markdown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
