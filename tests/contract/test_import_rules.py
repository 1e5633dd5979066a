"""The shared package `mediasearch` imports no service package.

The CLI and client are installed without the services (and their heavy
dependencies), and a service must be replaceable without touching the shared
code, so the dependency points one way: services -> mediasearch, never back.
Launching a service as a process (`python -m search_svc`) is not an import and
is fine. Every import statement counts, including those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "mediasearch"
SERVICES = ("embedder_svc", "expansion_svc", "search_svc")


def service_imports(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, imported module) for each import of a service package in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in SERVICES]
    return found


def test_the_rule_sees_every_form_of_import() -> None:
    source = (
        "import search_svc\n"
        "import os, embedder_svc.core.model as model\n"
        "def f():\n    from expansion_svc.core import curated\n"
        "from mediasearch import client\n"
        "import search_svc_like\n"
        "cmd = ['python', '-m', 'search_svc']\n"
    )
    assert service_imports(source) == [(1, "search_svc"), (2, "embedder_svc.core.model"), (4, "expansion_svc.core")]


def test_shared_package_imports_no_service() -> None:
    modules = sorted(SHARED.rglob("*.py"))
    assert len(modules) > 20  # the walk found the package
    offending = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path in modules
        for line, name in service_imports(path.read_text(encoding="utf-8"), str(path))
    ]
    if offending:
        pytest.fail("the shared package must not import a service package:\n" + "\n".join(offending))
