"""The benchmark command at smoke size, end to end: it runs, prints its tables, and writes both result files.

No timing is asserted (speed is what the benchmark reports, not what a test
checks); what is checked is what a reader of docs/benchmarks.md relies on:
every suite's section, the machine description, the goals, and that the
Markdown holds exactly the tables the run printed. A run of one size must
leave the sections of other sizes in place.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

OTHER_SIZE_SECTION = {
    "started": "2026-01-01 00:00 UTC", "seconds": 1.0, "command": "python -m bench.run --size full --only search",
    "machine": {"nproc": 2, "cpu_model": "earlier machine", "ram_gib": 8.0, "python": "3.11", "versions": {},
                "threads": 2, "load_average_at_start": "0.00 0.00 0.00"},
    "printed": "#### earlier full-size table\n\n| a |\n|---|\n| 1 |", "goals_printed": "", "analysis_printed": "",
    "goals": [], "tables": [], "data": {},
}


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    folder = tmp_path_factory.mktemp("bench")
    markdown, results = folder / "benchmarks.md", folder / "results.json"
    results.write_text(json.dumps({"runs": {"full": {"search": OTHER_SIZE_SECTION}}}))
    completed = subprocess.run(
        [sys.executable, "-m", "bench.run", "--size", "smoke", "--threads", "1", "--markdown", str(markdown),
         "--json", str(results), "--work-dir", str(folder / "work")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    return completed, markdown, results


def test_smoke_run_succeeds_and_shows_progress(smoke_run) -> None:  # type: ignore[no-untyped-def]
    completed, _, _ = smoke_run
    assert completed.returncode == 0, completed.stderr[-3000:]
    for suite in ("embedder", "search", "e2e", "expansion"):
        assert f"--- {suite} ---" in completed.stderr and f"{suite} done in" in completed.stderr


def test_markdown_has_every_section_and_the_machine(smoke_run) -> None:  # type: ignore[no-untyped-def]
    _, markdown, _ = smoke_run
    text = markdown.read_text()
    smoke = text.split("## Size: smoke", 1)[1]
    for heading in ("### Embedder", "### Search index", "### End to end over gRPC",
                    "#### Images/s: service vs raw forward pass", "#### 64-token text query latency",
                    "#### Dynamic batching", "recall@10 and single-query latency", "#### Search latency over gRPC",
                    "#### Ingest over gRPC", "### Expansion", "#### Expand latency per call",
                    "#### Top-5 quality against hand-written judgements", "#### Goals"):
        assert heading in smoke, heading
    assert smoke.count("#### Goals") == 4
    cpu_model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    assert f"`nproc` = {len(os.sched_getaffinity(0))}" in smoke and cpu_model in smoke
    for library in ("torch", "usearch", "faiss-cpu"):
        assert library in smoke
    for concurrency in ("| 1 |", "| 4 |", "| 16 |"):
        assert concurrency in smoke


def test_markdown_holds_exactly_what_was_printed(smoke_run) -> None:  # type: ignore[no-untyped-def]
    completed, markdown, results = smoke_run
    text = markdown.read_text()
    runs = json.loads(results.read_text())["runs"]
    assert sorted(runs["smoke"]) == ["e2e", "embedder", "expansion", "search"]
    for suite, record in runs["smoke"].items():
        for key in ("printed", "goals_printed"):
            assert record[key], (suite, key)
            assert record[key] in completed.stdout, (suite, key)
            assert record[key] in text, (suite, key)
        assert record["goals"] and all({"name", "target", "measured", "met"} <= set(g) for g in record["goals"])
    # The numbers in a printed table are the numbers in the data.
    search = runs["smoke"]["search"]
    sweep = next(iter(search["data"].values()))["sweep"]["service"]
    for ef, point in sweep.items():
        assert f"| {ef} | {point['recall']:.3f} |" in search["printed"]
    expansion = runs["smoke"]["expansion"]
    assert f"({expansion['data']['quality']['labelled_all_five']:.1%})" in expansion["printed"]


def test_other_sizes_are_kept(smoke_run) -> None:  # type: ignore[no-untyped-def]
    _, markdown, results = smoke_run
    text = markdown.read_text()
    assert "## Size: full" in text and "#### earlier full-size table" in text
    assert text.index("## Size: full") < text.index("## Size: smoke")
    assert json.loads(results.read_text())["runs"]["full"]["search"]["command"] == OTHER_SIZE_SECTION["command"]
