"""Each role installs what it needs: the CLI, search and expansion never pull the model stack.

The light extras are resolved for real by pip (`--dry-run --report`: metadata
only, nothing installed), against the same indexes a user's `pip install`
sees, so a transitive dependency that drags torch in is caught too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.packaging.packaging_support import MODEL_STACK, REPO, project, requirements_of


def resolved(extra: str, report: Path) -> set[str]:
    """Distribution names pip would install for `.[extra]` into an empty environment."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
         "--disable-pip-version-check", "--report", str(report), f".[{extra}]"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {canonicalize_name(item["metadata"]["name"]) for item in json.loads(report.read_text())["install"]}


@pytest.mark.parametrize("extra", ["cli", "search", "expansion", "web"])
def test_light_roles_resolve_without_the_model_stack(extra: str, tmp_path: Path) -> None:
    names = resolved(extra, tmp_path / "report.json")
    assert {"grpcio", "protobuf", "mediasearch"} <= names, f"the report lists too little to prove anything: {names}"
    assert not names & MODEL_STACK, f"pip install '.[{extra}]' would install {sorted(names & MODEL_STACK)}"


def test_embedder_and_all_declare_the_model_stack() -> None:
    for extra in ("embedder", "all", "dev"):
        declared = {canonicalize_name(r.name) for r in requirements_of(extra)}
        assert declared >= MODEL_STACK, f"[{extra}] lacks {sorted(MODEL_STACK - declared)}"


def test_base_install_is_the_client_only() -> None:
    base = {canonicalize_name(r.name) for r in requirements_of(None)}
    assert "grpcio" in base
    assert not base & (MODEL_STACK | {"typer", "usearch", "prometheus-client", "pydantic-settings"})


def test_all_covers_every_role() -> None:
    extras = project()["optional-dependencies"]
    everything = {str(r) for r in requirements_of("all")}
    for role in ("cli", "search", "expansion", "embedder"):
        assert {str(r) for r in requirements_of(role)} <= everything, f"[all] misses part of [{role}]"
    assert set(extras) >= {"cli", "search", "expansion", "embedder", "all", "dev", "bench"}
