"""The README documents exactly the settings the services read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings_doc():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("settings_doc", ROOT / "scripts" / "settings_doc.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_readme_settings_reference_matches_the_settings_classes() -> None:
    doc = _settings_doc()
    documented = doc.readme_section((ROOT / "README.md").read_text())
    assert documented, "README.md lacks the settings reference section"
    assert documented == doc.render(), "README settings are stale: run python scripts/settings_doc.py --write"
