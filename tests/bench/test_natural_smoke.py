"""bench.natural end to end on the tiny random model at smoke size, and the query sets' own consistency.

No quality number is asserted (the tiny model is random); what is checked is
what a reader relies on: every set and goal reported, the docs holding the
printed report, per-query numbers and expansion terms in the JSON and the
review table, and query files that resolve against the demo concepts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.queries import natural_queries, resolve, translated_queries
from bench.queries.crosslingual import CROSSLINGUAL, LANGUAGES
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
from mediasearch.testing.tiny_siglip import build_tiny_siglip

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def test_query_sets_are_as_large_as_issue_15_asks_and_resolve_to_demo_concepts() -> None:
    atlas = load_atlas()
    heldout = natural_queries(NATURAL_HELDOUT, atlas)
    dev = natural_queries(NATURAL_DEV, atlas)
    assert len(heldout) >= 200 and all(len(q.text.split()) >= 2 for q in heldout)
    def typed(queries: list) -> set[str]:  # type: ignore[type-arg]
        return {" ".join(q.text.lower().split()) for q in queries}

    third, fourth = natural_queries(NATURAL_DEV3, atlas), natural_queries(NATURAL_DEV4, atlas)
    fifth, sixth = natural_queries(NATURAL_DEV5, atlas), natural_queries(NATURAL_DEV6, atlas)
    seventh, eighth = natural_queries(NATURAL_DEV7, atlas), natural_queries(NATURAL_DEV8, atlas)
    ninth, tenth = natural_queries(NATURAL_DEV9, atlas), natural_queries(NATURAL_DEV10, atlas)
    eleventh = natural_queries(NATURAL_DEV11, atlas)
    for tuned in (dev, third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh):
        assert not typed(heldout) & typed(tuned), "development queries are not held out"
    # Each round is new phrasing, measured once untuned before its failures are read.
    assert not typed(fifth) & (typed(dev) | typed(third) | typed(fourth))
    assert not typed(sixth) & (typed(dev) | typed(third) | typed(fourth) | typed(fifth))
    assert not typed(seventh) & (typed(dev) | typed(third) | typed(fourth) | typed(fifth) | typed(sixth))
    earlier = typed(dev) | typed(third) | typed(fourth) | typed(fifth) | typed(sixth) | typed(seventh)
    assert not typed(eighth) & earlier
    assert not typed(ninth) & (earlier | typed(eighth))
    assert not typed(tenth) & (earlier | typed(eighth) | typed(ninth))
    assert not typed(eleventh) & (earlier | typed(eighth) | typed(ninth) | typed(tenth))
    translated = translated_queries(CROSSLINGUAL, atlas)
    for language in LANGUAGES:
        assert sum(q.language == language for q in translated) >= 40, language
    assert all(q.concepts and q.english for q in translated)


def test_a_judgement_naming_no_demo_concept_is_refused() -> None:
    atlas = load_atlas()
    assert resolve("dog, @ape", atlas) == {"dog", "gorilla", "orangutan"}
    with pytest.raises(KeyError):
        resolve("dog, hovercraft", atlas)


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("natural")
    model = build_tiny_siglip(out / "model")
    completed = subprocess.run(
        [sys.executable, "-m", "bench.natural", "--model", str(model), "--scenes", "30", "--limit", "1",
         "--pair-queries", "3", "--out-docs", str(out / "natural.md"), "--out-expansions",
         str(out / "expansions.md"), "--out-json", str(out / "natural.json")],
        check=False, cwd=REPO, capture_output=True, text=True, timeout=300, env=ENV)
    return completed, out


def test_reports_every_set_and_goal(smoke) -> None:  # type: ignore[no-untyped-def]
    completed, out = smoke
    assert completed.returncode == 0, completed.stderr[-3000:]
    printed = completed.stdout.strip()
    assert printed in (out / "natural.md").read_text()
    result = json.loads((out / "natural.json").read_text())
    assert result["printed"] == printed
    names = set(result["sets"])
    assert {"held-out natural queries", "development natural queries", "development natural queries, third round",
            "development natural queries, fourth round", "development natural queries, fifth round",
            "development natural queries, sixth round", "development natural queries, seventh round", "concept names",
            "two-concept queries"} <= names
    assert {f"cross-lingual {language}" for language in LANGUAGES} <= names
    assert set(result["languages"]) == set(LANGUAGES)
    goals = {goal["name"] for goal in result["goals"]}
    assert "held-out natural: deep precision@10" in goals and len(goals) == 2 + 4 + 1 + len(LANGUAGES)
    assert any(name.startswith("expansion terms the lexicon does not license") for name in goals)
    for goal in result["goals"]:
        verdict = "PASS" if goal["met"] else "FAIL"
        assert f"| {goal['name']} | {goal['target']} | {goal['measured']:.3f} | {verdict} |" in printed
    summary = result["sets"]["held-out natural queries"]["summary"]
    # --limit 1: one query of each class (a 30-scene corpus may lack a class's concepts).
    assert 1 <= summary["queries"] <= len(NATURAL_HELDOUT) and set(summary["classes"]) <= set(NATURAL_HELDOUT)
    row = f"| held-out natural queries | {summary['queries']} | deep | {summary['deep']['precision@10']:.3f} |"
    assert row in printed


def test_every_query_and_its_expansion_terms_are_in_the_review_table(smoke) -> None:  # type: ignore[no-untyped-def]
    _, out = smoke
    result = json.loads((out / "natural.json").read_text())
    table = (out / "expansions.md").read_text()
    for name, measured in result["sets"].items():
        assert f"## {name}" in table
        for row in measured["queries"]:
            assert 0.0 <= row["deep"]["precision@10"] <= 1.0 and set(row["unlicensed"]) <= set(row["expansions"])
            terms = ", ".join(row["expansions"]) or "(none)"
            assert f"| {row['query']} | {row['relevant']} |" in table and terms.replace("|", "\\|") in table
