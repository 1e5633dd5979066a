"""`mediasearch up` names the extra to install when a service it would start is not installed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mediasearch.cli.app import app
from mediasearch.cli.installed import missing_distributions, missing_for_services
from tests.packaging.packaging_support import project

# Requires-Dist lines as setuptools writes them for pyproject's extras.
REQUIRES = [
    "grpcio>=1.85.1",
    'usearch>=2.15; extra == "search"',
    'mediasearch[server]; extra == "search"',
    'mediasearch[server]; extra == "expansion"',
    'grpcio-reflection>=1.85.1; extra == "server"',
    'pydantic-settings>=2.3; extra == "server"',
    'mediasearch[server]; extra == "embedder"',
    'torch>=2.5; extra == "embedder"',
    'Transformers>=5.18 ; (python_version >= "3.11") and extra == "embedder"',
]


def only(*names: str) -> Callable[[str], bool]:
    return lambda name: name in names


def test_each_extra_is_followed_through_the_shared_server_extra() -> None:
    everything = only("usearch", "grpcio-reflection", "pydantic-settings", "torch", "transformers")
    assert missing_distributions(["search", "expansion", "embedder"], REQUIRES, everything) == []
    assert missing_distributions(["search"], REQUIRES, only("usearch")) == ["grpcio-reflection", "pydantic-settings"]
    assert missing_distributions(["embedder"], REQUIRES, only("grpcio-reflection", "pydantic-settings")) == [
        "torch", "transformers"]


def test_the_message_names_what_is_missing_and_the_extra() -> None:
    cli_only = only("grpcio")
    message = missing_for_services(["embedder_svc", "search_svc"], REQUIRES, cli_only)
    assert message is not None
    assert "torch" in message and "usearch" in message and "mediasearch[all]" in message
    # A remote embedder (--embedder-address) is not started, so torch is not needed.
    light = missing_for_services(["search_svc"], REQUIRES, only("usearch", "grpcio-reflection", "pydantic-settings"))
    assert light is None


def pyproject_requires() -> list[str]:
    """The Requires-Dist lines the wheel built from this tree's pyproject.toml carries."""
    meta = project()
    return [*meta["dependencies"], *(f'{r}; extra == "{extra}"'
                                     for extra, lines in meta["optional-dependencies"].items() for r in lines)]


def test_the_real_extras_name_each_service_stack() -> None:
    requires = pyproject_requires()
    nothing = only()
    assert {"torch", "transformers", "pillow", "pydantic-settings"} <= set(
        missing_distributions(["embedder"], requires, nothing))
    assert "usearch" in missing_distributions(["search"], requires, nothing)
    assert "torch" not in missing_distributions(["search", "expansion"], requires, nothing)


def test_up_stops_with_one_line_before_starting_anything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never_started(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stack was started although torch is missing")

    monkeypatch.setattr("mediasearch.cli.stack.Stack", never_started)
    monkeypatch.setattr("mediasearch.cli.installed._package_requires", pyproject_requires)
    monkeypatch.setattr("mediasearch.cli.installed._installed", lambda name: name != "torch")
    result = CliRunner().invoke(app, ["up", "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 1, result.output
    assert "torch is not installed: pip install 'mediasearch[all]'" in " ".join(result.output.split())
