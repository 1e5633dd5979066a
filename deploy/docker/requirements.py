"""Prints the project's runtime requirements from pyproject.toml, one a line, leaving some out.

The Dockerfiles install dependencies from this list before copying the source,
so the heavy layer is cached across code changes; the expansion and search
images leave out the model stack (torch, transformers, ...) that only the
embedder imports. tests/deploy checks that nothing those images run imports
what they leave out.

    python requirements.py pyproject.toml --without torch transformers > requirements.txt
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalise(name: str) -> str:
    """PEP 503 form, so `Pillow`, `pillow` and `pillow_x` compare as pip compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = _NAME.match(requirement)
    if match is None:
        raise ValueError(f"not a requirement: {requirement!r}")
    return normalise(match.group(1))


def runtime_requirements(pyproject: Path, without: Iterable[str] = ()) -> list[str]:
    """[project].dependencies minus the named distributions; unknown names are an error (typos)."""
    dependencies: list[str] = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    left_out = {normalise(name) for name in without}
    unknown = left_out - {requirement_name(r) for r in dependencies}
    if unknown:
        raise ValueError(f"--without names no dependency of the project: {sorted(unknown)}")
    return [r for r in dependencies if requirement_name(r) not in left_out]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pyproject", type=Path)
    parser.add_argument("--without", nargs="*", default=[], help="distributions to leave out")
    args = parser.parse_args(argv)
    try:
        lines = runtime_requirements(args.pyproject, args.without)
    except ValueError as error:
        print(f"requirements.py: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
