"""The quality benchmark end to end on the tiny random model: it runs, and writes what docs/quality.md promises.

No quality number is asserted (the tiny model is random); what is checked is
what a reader relies on: every section and bar, the docs holding exactly the
printed report, numbers in the tables equal to those in the JSON, a real
reliability diagram, and that it measures already-running services too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bench.quality_plot import COLOURS, SIZE
from bench.quality_services import running_services
from mediasearch.demo.corpus import write_corpus
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2
from mediasearch.testing.tiny_siglip import build_tiny_siglip

REPO = Path(__file__).resolve().parents[2]
SECTIONS = ("### Issue 8 bars", "### Text search over gRPC (Search RPC)", "### Held-out words: recall@10 per word",
            "### The model through the embedder service (exact, no index)", "### Calibrated scores")
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run_quality(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench.quality", "--cpu-threads", "1", "--pair-queries", "4", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=300, env=ENV)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_siglip(tmp_path_factory.mktemp("quality-model") / "model")


@pytest.fixture(scope="module")
def smoke(model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("quality-out")
    completed = run_quality("--model", str(model), "--scenes", "24", "--out-docs", str(out / "docs" / "quality.md"),
                            "--out-json", str(out / "bench" / "results.json"), "--out-png",
                            str(out / "bench" / "reliability.png"))
    return completed, out


def test_runs_and_reports_progress_on_stderr(smoke) -> None:  # type: ignore[no-untyped-def]
    completed, _ = smoke
    assert completed.returncode == 0, completed.stderr[-3000:]
    for step in ("generating 24 held-out scenes", "starting the search service", "ingesting 24 items",
                 "deep, no expansion search", "FindSimilar queries", "Platt fit", "wrote"):
        assert step in completed.stderr, step
    assert "[quality" not in completed.stdout


def test_docs_hold_exactly_the_printed_report_with_every_section(smoke) -> None:  # type: ignore[no-untyped-def]
    completed, out = smoke
    docs = (out / "docs" / "quality.md").read_text()
    printed = completed.stdout.strip()
    assert printed in docs
    for section in SECTIONS:
        assert section in printed, section
    assert "Command: `python -m bench.quality --cpu-threads 1" in printed and "--scenes 24" in printed
    assert "- Date: " in printed and "UTC" in printed
    assert "24 items, 24 generated scenes" in printed
    assert "- Model: `" in printed and "logit scale 10.000" in printed
    # Linked relative to the docs folder, so the link works in the repository.
    assert "](../bench/reliability.png)" in docs and "](../bench/results.json)" in docs


def test_json_holds_the_printed_numbers_and_every_bar(smoke) -> None:  # type: ignore[no-untyped-def]
    completed, out = smoke
    result = json.loads((out / "bench" / "results.json").read_text())
    assert result["printed"] == completed.stdout.strip()
    assert len(result["bars"]) == 9
    for bar in result["bars"]:
        verdict = "PASS" if bar["met"] else "FAIL"
        shown = "n/a" if bar["measured"] is None else f"{bar['measured']:.3f}"
        assert f"| {bar['name']} | {bar['target']} | {shown} | {verdict} |" in result["printed"]
    for query_set in ("concept names", "held-out words", "two-concept queries"):
        modes = result["search"][query_set]["modes"]
        assert list(modes) == ["normal", "deep", "deep, no expansion"]
        normal = modes["normal"]
        row = f"| {query_set} | {normal['queries']} | normal | {normal['recall@10']:.3f} | {normal['ndcg@10']:.3f} |"
        assert row in result["printed"]
    calibration = result["calibration"]
    ece_bar = next(b for b in result["bars"] if b["name"] == "ECE after the Platt fit")
    fitted = [profile for profile in ("model_native", "platt") if calibration[profile] is not None]
    if calibration["platt"] is None:
        # A random model can score matching pairs below the rest; the service then refuses to fit.
        assert "refused the Platt fit" in result["printed"] and calibration["platt_refused"]
        assert ece_bar["measured"] is None and not ece_bar["met"]
    else:
        assert ece_bar["measured"] == pytest.approx(calibration["platt"]["ece"])
        assert calibration["service_fit"]["pairs"] > 0
    assert calibration["eval_pairs"] > 0
    # What the Search RPC scored is what the report computes from the embedder's vectors.
    assert calibration["served_check"]["results"] > 0
    assert calibration["served_check"]["max_abs_difference"] < 0.02
    assert list(calibration["reliability"]) == fitted
    for profile in fitted:
        assert sum(b["pairs"] for b in calibration["reliability"][profile]) == calibration["eval_pairs"]


def test_reliability_diagram_is_a_drawn_png(smoke) -> None:  # type: ignore[no-untyped-def]
    _, out = smoke
    curves = len(json.loads((out / "bench" / "results.json").read_text())["calibration"]["reliability"])
    with Image.open(out / "bench" / "reliability.png") as image:
        assert image.format == "PNG" and image.size == SIZE
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 16)}
    assert set(COLOURS[:curves]) <= colours  # every curve (before and, when fitted, after) is drawn


def test_measures_already_running_services_and_refuses_a_shared_collection(model: Path, tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", count=12)
    with running_services(model=model, threads=1, data_dir=tmp_path / "data", embedder=None, expansion=None,
                          search=None, progress=lambda _: None) as services:
        addresses = ["--embedder", services.embedder_address, "--search", services.search_address]
        outputs = ["--out-docs", str(tmp_path / "q.md"), "--out-json", str(tmp_path / "q.json"),
                   "--out-png", str(tmp_path / "q.png")]
        completed = run_quality("--corpus", str(tmp_path / "corpus"), "--include-photos", *addresses, *outputs)
        assert completed.returncode == 0, completed.stderr[-3000:]
        assert "started in this process: none" in completed.stdout
        assert "21 items, 12 generated scenes" in completed.stdout and "9 photos" in completed.stdout
        fitted = json.loads((tmp_path / "q.json").read_text())["calibration"]["platt"] is not None
        stats = services.search.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("quality-bench")), timeout=10)
        assert stats.collection.calibration.method == (
            search_pb2.CALIBRATION_METHOD_PLATT if fitted else search_pb2.CALIBRATION_METHOD_MODEL_NATIVE)

        # Without the photos the corpus is not what the collection holds: measuring it would be wrong.
        refused = run_quality("--corpus", str(tmp_path / "corpus"), *addresses, *outputs)
        assert refused.returncode != 0
        assert "holds 21 items" in refused.stderr and "--collection" in refused.stderr


def test_search_address_without_the_embedder_is_refused() -> None:
    completed = run_quality("--search", "127.0.0.1:1")
    assert completed.returncode == 2 and "--search needs --embedder" in completed.stderr
