"""Model identity and the `mediasearch models` command: fingerprints, the folder layout, offline refusal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mediasearch.models import (
    ModelError, describe, embedded_default_dir, fetch, fetch_target, find_local, fingerprint, identity_fingerprint,
    local_models, model_identity, same_model,
)

CLI = [sys.executable, "-m", "mediasearch.cli"]


def test_identity_follows_content_not_location(tiny_model_dir: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / tiny_model_dir.name
    shutil.copytree(tiny_model_dir, moved)
    assert fingerprint(moved) == fingerprint(tiny_model_dir)
    assert model_identity(moved) == model_identity(tiny_model_dir)
    (moved / "README.md").write_text("# a model card does not change the vectors\n")
    assert fingerprint(moved) == fingerprint(tiny_model_dir)
    config = json.loads((moved / "config.json").read_text())
    config["text_config"]["layer_norm_eps"] = 1e-5  # changes what the model computes
    (moved / "config.json").write_text(json.dumps(config))
    assert fingerprint(moved) != fingerprint(tiny_model_dir)


def test_identity_parts() -> None:
    assert identity_fingerprint("emoji@0123456789ab") == "0123456789ab"
    assert identity_fingerprint("/work/main/embedder_svc/default_model") is None  # a legacy, path-bound id
    assert identity_fingerprint("google/siglip-base-patch16-224") is None


def test_not_a_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no config.json"):
        fingerprint(tmp_path)


def test_models_folder_layout_lists_and_resolves(tiny_model_dir: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(tiny_model_dir, models / "google--tiny-siglip")
    (models / "not-a-model").mkdir()
    found = {f.name: f for f in local_models(models)}
    assert "google--tiny-siglip" in found and "not-a-model" not in found
    facts = found["google--tiny-siglip"]
    assert facts.embedding_dimension > 0 and facts.vocabulary_size > 0 and facts.image_size > 0
    assert find_local("google--tiny-siglip", models) == models / "google--tiny-siglip"
    assert find_local(facts.identity, models) == models / "google--tiny-siglip"
    assert fetch_target("google/tiny-siglip", models) == models / "google--tiny-siglip"
    with pytest.raises(ModelError, match="models list"):
        find_local("nothing-like-it", models)


def test_embedded_default_is_described_as_the_demo_model() -> None:
    folder = embedded_default_dir()
    assert folder is not None
    facts = describe(folder)
    assert facts.is_embedded_default and facts.name == "mediasearch-emoji-siglip"
    assert facts.identity.startswith("mediasearch-emoji-siglip@")


def test_fetch_refuses_offline_and_bad_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="offline.*copy google--siglip-base-patch16-224/"):
        fetch("google/siglip-base-patch16-224", tmp_path)
    assert not any(tmp_path.iterdir())  # nothing half-written
    with pytest.raises(ModelError, match="not a hub model id"):
        fetch_target("../../etc", tmp_path)


def test_models_command_lists_shows_and_refuses_offline(tiny_model_dir: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(tiny_model_dir, models / "tiny")
    env = {**os.environ, "MEDIASEARCH_MODELS_DIR": str(models), "HF_HUB_OFFLINE": "1"}
    listed = json.loads(subprocess.run([*CLI, "models", "list", "--json"], env=env, capture_output=True, text=True,
                                       timeout=60, check=True).stdout)
    names = [m["name"] for m in listed["models"]]
    assert "tiny" in names and "mediasearch-emoji-siglip" in names
    shown = subprocess.run([*CLI, "models", "show", "mediasearch-emoji-siglip"], env=env, capture_output=True,
                           text=True, timeout=60, check=True).stdout
    assert "emoji" in shown and "identity" in shown
    refused = subprocess.run([*CLI, "models", "fetch", "google/siglip-base-patch16-224"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "offline" in refused.stderr and "Traceback" not in refused.stderr


def test_embedder_resolves_a_models_folder_name(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from embedder_svc.settings import EmbedderSettings

    models = tmp_path / "models"
    shutil.copytree(tiny_model_dir, models / "tiny")
    monkeypatch.setenv("MEDIASEARCH_MODELS_DIR", str(models))
    assert EmbedderSettings(model="tiny").model_options().source == str(models / "tiny")
    assert EmbedderSettings(model="google/siglip-base-patch16-224").model_options().source == "google/siglip-base-patch16-224"


def test_checkpoint_identity_is_content_based_and_offline_safe(tiny_model_dir: Path, tmp_path: Path) -> None:
    from embedder_svc.core.model import ModelOptions, checkpoint_identity

    moved = tmp_path / "moved"
    shutil.copytree(tiny_model_dir, moved)
    renamed, original = (checkpoint_identity(ModelOptions(source=str(f))) for f in (moved, tiny_model_dir))
    assert renamed.startswith("moved@") and original.startswith(f"{tiny_model_dir.name}@")
    assert same_model(original, renamed)  # a renamed folder is the same model
    # A hub id with no local snapshot: a stable id, no network, no error.
    assert checkpoint_identity(ModelOptions(source="google/not-cached-here")) == "google/not-cached-here@main"
