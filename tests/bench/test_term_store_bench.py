"""bench.term_store at toy size: it runs end to end over real services and prints every row a reader needs.

No timing is asserted; what is checked is the shape of the report and that the warm store embeds less than
the cold one (counted at the embedder, so this holds on any machine).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_term_store_bench_reports_cold_and_warm_stores_and_foreground(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.term_store", "--model", "tiny", "--items", "300", "--queries", "3",
         "--warm-terms", "300", "--foreground", "3", "--think-ms", "20", "--pause-ms", "0", "--threads", "1",
         "--work-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    out = completed.stdout
    texts = {}
    for service, query, embedded in re.findall(r"^\| (cold store|warm store) \| (deep, uncached) \|.*\| ([\d.]+) \|$",
                                               out, re.MULTILINE):
        texts[service] = float(embedded)
    assert texts["warm store"] < texts["cold store"], out
    assert "| without warming | 3 |" in out and "| while the store warms |" in out
    assert re.search(r"Warm-up with no queries: \d+ terms", out) and "Store on disk:" in out


def test_schedule_bench_runs_each_schedule_in_one_process_and_in_own_processes(tmp_path: Path) -> None:
    """The layout comparison: the same schedule with every service in this process, then each in its own (real
    `python -m` service processes, warming progress read from the search service's /metrics)."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.term_store_schedule", "--model", "tiny", "--items", "300", "--schedules",
         "1:0", "--layout", "both", "--warm-terms", "300", "--foreground", "4", "--think-ms", "20", "--threads", "1",
         "--work-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = re.findall(r"^\| (one process|own processes) \| 1 \| 0 \| (\d+) \|.*\| ([\d.]+)x \| (\d+) \|$",
                      completed.stdout, re.MULTILINE)
    # Both layouts ran their four searches; the own-process row's warming count was read from the search
    # service's /metrics (a gauge missing from a scrape would have stopped the run with LookupError).
    assert [(row[0], row[1]) for row in rows] == [("one process", "4"), ("own processes", "4")], completed.stdout
