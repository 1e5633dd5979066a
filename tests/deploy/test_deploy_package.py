"""What the images install from the package: every data file, the embedded default model included.

The Dockerfiles install the project as a wheel (`pip install --no-deps .`), not
as an editable checkout, so a file the wheel leaves out is missing from the
image even though the source tree (and every test run from it) has it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.deploy.deploy_support import REPO

PACKAGES = ("mediasearch", "embedder_svc", "expansion_svc", "search_svc")
DEFAULT_MODEL = REPO / "embedder_svc" / "default_model"  # issue 8; bench/workspace.py looks there too


def owning_package(path: Path) -> Path:
    """The nearest folder with an __init__.py: setuptools resolves package-data globs from there."""
    folder = path.parent
    while not (folder / "__init__.py").exists():
        folder = folder.parent
    return folder


def shipped(path: Path) -> bool:
    """Whether [tool.setuptools.package-data] puts the file into the wheel."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"].get("package-data", {})
    package = owning_package(path)
    dotted = ".".join(package.relative_to(REPO).parts)
    patterns = [*config.get("*", []), *config.get(dotted, [])]
    return any(path in set(package.glob(pattern)) for pattern in patterns)


def data_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]


def test_every_data_file_ships_in_the_wheel() -> None:
    files = [p for package in PACKAGES for p in data_files(REPO / package)]
    assert any(p.name == "lexicon.json.gz" for p in files), "the check must see the expansion lexicon"
    missing = sorted(str(p.relative_to(REPO)) for p in files if not shipped(p))
    assert not missing, f"pyproject package-data leaves these out of the wheel (and the images): {missing}"


def test_default_model_is_in_the_tree() -> None:
    if not (DEFAULT_MODEL / "config.json").exists():
        pytest.skip("embedder_svc/default_model/ is not in the tree yet (issue 8); the embedder image needs it")
    assert any(p.suffix == ".safetensors" for p in data_files(DEFAULT_MODEL))
