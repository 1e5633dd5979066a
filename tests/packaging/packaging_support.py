"""Reads pyproject.toml's extras and the hashed lock files in locks/ (made by `make lock`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
LOCKS = REPO / "locks"
# What only the embedder may install: the model stack.
MODEL_STACK = {"torch", "transformers", "tokenizers", "safetensors", "sentencepiece"}


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def requirements_of(extra: str | None) -> list[Requirement]:
    """The base dependencies plus an extra's, with the project's own extras (`mediasearch[server]`) expanded."""
    meta = project()
    name = canonicalize_name(meta["name"])
    found = [Requirement(r) for r in meta["dependencies"]]
    pending = [extra] if extra else []
    seen: set[str] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for line in meta["optional-dependencies"][current]:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == name:
                pending.extend(requirement.extras)
            else:
                found.append(requirement)
    return found


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def read_lock(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a `uv pip compile --generate-hashes` file."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in path.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), [])
        if current and "--hash=sha256:" in line:
            pins[current][1].extend(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
        if not line.startswith((" ", "\t")) and not match:
            current = None
    return pins


def lock_command(path: Path) -> str:
    """The command line uv wrote into the lock's header (which extra, which constraints)."""
    for line in path.read_text().splitlines()[:3]:
        if "uv pip compile" in line:
            return line.lstrip("# ").strip()
    raise AssertionError(f"{path.name} has no `uv pip compile` header: was it made by `make lock`?")
