"""The concept vocabulary `debug-scores` ships is the expansion service's, and is read without importing it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from mediasearch.cli import debug_scores

ROOT = Path(__file__).resolve().parents[2]


def _export_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("export_concepts", ROOT / "scripts" / "export_concepts.py")
    module = importlib.util.module_from_spec(spec)
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_shipped_concepts_match_the_expansion_services_lists() -> None:
    shipped = debug_scores.CONCEPTS_FILE.read_text(encoding="utf-8")
    assert shipped == _export_script().concepts_document(), "stale: run python scripts/export_concepts.py"


def test_vocabulary_drops_function_words_and_keeps_the_models_words() -> None:
    general = debug_scores.general_concepts()
    assert "dog" in general and len(general) > 100
    words = debug_scores.concept_vocabulary(["the", "of", "zebra", "xylophone"], ["dog"])
    assert words == ["dog", "xylophone", "zebra"]


def test_debug_scores_vocabulary_loads_without_any_service_package() -> None:
    # A fresh interpreter: after building the vocabulary, no service package may have been imported.
    code = (
        "import sys; from mediasearch.cli import debug_scores as d; "
        "d.concept_vocabulary(['zebra'], d.general_concepts()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('embedder_svc', 'expansion_svc', 'search_svc')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"
