"""bench.backends and bench.index_config at toy sizes: they run, print their tables, and reuse their work folders.

No timing is asserted: what is checked is the shape of what a reader of
docs/benchmarks.md gets, and that the pick logic reads the recall curve right.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.index_config import at_target, p50_at_recall

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_at_target_takes_the_lowest_ef_reaching_the_recall() -> None:
    curve = {16: {"recall": 0.95, "p50_ms": 0.1}, 32: {"recall": 0.991, "p50_ms": 0.2}, 64: {"recall": 1.0, "p50_ms": 0.3}}
    assert at_target(curve, 0.99) == (32, curve[32])
    assert at_target(curve, 0.999) == (64, curve[64])
    assert at_target(curve, 1.01) is None


def test_faiss_time_at_equal_recall_is_read_between_its_two_ef_steps() -> None:
    curve = {64: {"recall": 0.97, "p50_ms": 0.5}, 96: {"recall": 0.99, "p50_ms": 0.7},
             112: {"recall": 0.99, "p50_ms": 0.8}, 128: {"recall": 1.0, "p50_ms": 1.0}}
    assert p50_at_recall(curve, 0.98) == pytest.approx(0.6)
    assert p50_at_recall(curve, 0.995) == pytest.approx(0.85), "a flat step is skipped, not divided by zero"
    assert p50_at_recall(curve, 0.5) == 0.5, "below the curve: its first point"
    assert p50_at_recall(curve, 1.01) != p50_at_recall(curve, 1.01), "above the curve: nan"


def test_index_config_compares_every_candidate_and_reuses_its_builds(tmp_path: Path) -> None:
    pytest.importorskip("faiss", reason="faiss-cpu comes with the [bench] extra, which CI does not install")
    args = ("bench.index_config", "--size", "1500", "--queries", "20", "--work-dir", str(tmp_path))
    first = _run(*args)
    assert first.returncode == 0, first.stderr
    assert "FAISS HNSWFlat" in first.stdout and "(old default)" in first.stdout and "p50 / FAISS" in first.stdout
    assert first.stderr.count("] built ") == 10

    only = _run(*args, "--only", "ip bf16 M16 efC128,FAISS")
    assert only.returncode == 0, only.stderr
    assert "] built " not in only.stderr and only.stderr.count("] loaded ") == 2, "the second run reuses the builds"
    assert "(old default)" not in only.stdout


def test_index_config_refuses_a_comparison_without_faiss(tmp_path: Path) -> None:
    refused = _run("bench.index_config", "--size", "500", "--only", "old default", "--work-dir", str(tmp_path))
    assert refused.returncode == 2 and "FAISS" in refused.stderr


@pytest.mark.filterwarnings("ignore")
def test_backends_measures_every_backend_against_torch_float32(tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    completed = _run("bench.backends", "--model", "tiny", "--rounds", "2", "--texts", "2", "--threads", "1",
                     "--work-dir", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    rows = [line for line in completed.stdout.splitlines() if line.startswith("| ") and "backend" not in line]
    assert [row.split(" | ")[0][2:] for row in rows] == [
        "torch float32", "torch bfloat16", "torch int8", "onnx float32", "onnx int8"
    ]
    assert rows[0].endswith("| 1.00000 | 1.00000 |"), "torch float32 against itself"
    assert "ONNX int8 probe agreement per tower" in completed.stdout
