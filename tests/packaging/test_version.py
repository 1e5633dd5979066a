"""One place for the version: mediasearch.__version__, which the package metadata and the image tags follow."""

from __future__ import annotations

import tomllib

import yaml
from packaging.version import Version

import mediasearch
from tests.packaging.packaging_support import REPO, project


def test_pyproject_reads_the_version_from_the_package() -> None:
    meta = project()
    assert "version" not in meta, "a second, static version in pyproject.toml would drift"
    assert "version" in meta["dynamic"]
    dynamic = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "mediasearch.__version__"}
    assert str(Version(mediasearch.__version__)) == mediasearch.__version__, "not a normalised PEP 440 version"


def test_kubernetes_image_tags_are_the_version() -> None:
    tags = {}
    for overlay in ("base", "overlays/gpu"):
        config = yaml.safe_load((REPO / "deploy" / "k8s" / overlay / "kustomization.yaml").read_text())
        tags.update({image["name"] + (" (gpu)" if "gpu" in overlay else ""): image["newTag"]
                     for image in config.get("images", [])})
    assert tags, "the check must see the kustomize image tags"
    expected = {name: mediasearch.__version__ + ("-cuda" if "gpu" in name else "") for name in tags}
    assert tags == expected, "deploy/k8s image tags must be the package version (bump them together)"


def test_licence_file_matches_the_declared_licence() -> None:
    meta = project()
    assert meta["license"] == "Apache-2.0"
    assert "LICENSE" in meta["license-files"]
    text = (REPO / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text, "the full licence text, not a pointer to it"
