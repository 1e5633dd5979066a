"""Reads the Dockerfiles (there is no Docker engine here) and follows the project's imports statically.

Enough of the Dockerfile syntax for the project's own files: line
continuations, comments, stages, and the instructions the tests look at.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from tests.deploy.deploy_support import DEPLOY, REPO

DOCKERFILES = {
    "embedder": DEPLOY / "docker" / "embedder.Dockerfile",
    "embedder-cuda": DEPLOY / "docker" / "embedder-cuda.Dockerfile",
    "expansion": DEPLOY / "docker" / "expansion.Dockerfile",
    "search": DEPLOY / "docker" / "search.Dockerfile",
    "web": DEPLOY / "docker" / "web.Dockerfile",
}


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)  # (INSTRUCTION, arguments)

    def all(self, instruction: str) -> list[str]:
        return [args for name, args in self.instructions if name == instruction]

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for args in self.all("ENV"):
            words = shlex.split(args)
            if "=" not in words[0]:  # legacy `ENV KEY value`
                values[words[0]] = " ".join(words[1:])
            else:
                values.update(word.split("=", 1) for word in words)
        return values

    def args(self) -> dict[str, str]:
        pairs = (shlex.split(a)[0].split("=", 1) for a in self.all("ARG"))
        return {p[0]: (p[1] if len(p) > 1 else "") for p in pairs}


def parse(path: Path) -> list[Stage]:
    """The stages of a Dockerfile, each with its instructions in order."""
    logical: list[str] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line.startswith("#") or (not line and not pending):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, f"{path.name}: file ends inside a continued line"
    stages: list[Stage] = []
    for line in logical:
        instruction, _, args = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            words = args.split()
            stages.append(Stage(base=words[0], name=words[2] if len(words) > 2 else None))
        elif stages:
            stages[-1].instructions.append((instruction, args.strip()))
    return stages


def exec_form(args: str) -> list[str]:
    """The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK CMD; shell form is refused."""
    assert args.startswith("["), f"use the exec form (JSON list), not a shell string: {args}"
    return list(json.loads(args))


def healthcheck_command(stage: Stage) -> list[str]:
    (args,) = stage.all("HEALTHCHECK")
    match = re.search(r"\bCMD\s+(\[.*\])\s*$", args)
    assert match, f"HEALTHCHECK without an exec-form CMD: {args}"
    return exec_form(match.group(1))


def copied_sources(stage: Stage) -> list[str]:
    """Paths a stage copies from the build context (not from other stages)."""
    sources: list[str] = []
    for args in stage.all("COPY"):
        words = [w for w in shlex.split(args)]
        if any(w.startswith("--from") for w in words):
            continue
        words = [w for w in words if not w.startswith("--")]
        sources.extend(words[:-1])
    return sources


def module_file(module: str) -> Path | None:
    """The project source file of a module, or None when it is not the project's."""
    base = REPO.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path, module: str) -> set[str]:
    """Modules a file imports (anywhere in it, lazy imports included), as dotted names."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            # `from pkg import submodule` imports the submodule too.
            found.update(f"{target}.{alias.name}" for alias in node.names if module_file(f"{target}.{alias.name}"))
    return found


def import_closure(entry_module: str) -> dict[str, list[str]]:
    """Every module reachable from `entry_module`, each with the chain of project modules that led to it.

    Third-party modules are leaves (their own imports are not followed).
    """
    chains: dict[str, list[str]] = {}
    queue = [(entry_module, [entry_module])]
    while queue:
        module, chain = queue.pop()
        if module in chains:
            continue
        chains[module] = chain
        parts = module.split(".")
        parents = [".".join(parts[:i]) for i in range(1, len(parts))]
        path = module_file(module)
        targets = set(parents) | (_imports(path, module) if path else set())
        queue.extend((t, [*chain, t]) for t in targets if t and t not in chains)
    return chains


def top_level_function(module: str, name: str) -> bool:
    path = module_file(module)
    if path is None:
        return False
    tree = ast.parse(path.read_text())
    return any(isinstance(n, ast.FunctionDef) and n.name == name for n in tree.body)
