"""Contract checks: buf lint and format are clean, nothing breaks the released contracts, and the checked-in
generated code matches protos/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_buf(*args: str) -> subprocess.CompletedProcess[str]:
    buf = shutil.which("buf") or str(Path(sys.executable).parent / "buf")
    if not Path(buf).exists():
        pytest.fail("buf is not installed: pip install -e '.[dev]' (buf-bin)")
    return subprocess.run([buf, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_buf_lint_is_clean() -> None:
    result = run_buf("lint")
    assert result.returncode == 0, result.stdout + result.stderr


def test_buf_format_is_clean() -> None:
    # Our protos only: the vendored protos/google/** stay byte-for-byte as googleapis ships them.
    result = run_buf("format", "--diff", "--exit-code", "--path", "protos/mediasearch")
    assert result.returncode == 0, f"run `buf format -w --path protos/mediasearch`:\n{result.stdout}{result.stderr}"


RELEASED = "protos/released/v1.binpb"


def test_no_breaking_change_against_the_released_contracts() -> None:
    # The image is what clients were given; `make contracts-release` rewrites it at a release, never to pass this.
    assert (ROOT / RELEASED).is_file(), f"{RELEASED} is missing: run `make contracts-release` and commit it"
    result = run_buf("breaking", "--against", RELEASED)
    assert result.returncode == 0, f"breaking change to a released contract (use a new version package):\n" \
                                   f"{result.stdout}{result.stderr}"


def test_generated_code_is_up_to_date(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_protos.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "mediasearch").rglob("*") if p.is_file()}
    assert fresh, "generation produced nothing"
    stale = [str(rel) for rel, data in fresh.items() if not (ROOT / rel).exists() or (ROOT / rel).read_bytes() != data]
    assert not stale, f"generated code is stale; run `make protos`: {stale}"

