"""A collection's model binding: content fingerprints, and the one-time migration of path-bound collections."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mediasearch.models import model_identity
from mediasearch.runtime.errors import FailedPrecondition
from search_svc.core.collection import Collection

EMOJI = "mediasearch-emoji-siglip@0123456789ab"


def test_a_moved_checkout_keeps_the_default_models_collections(new_collection: Callable[..., Collection], tmp_path: Path) -> None:
    legacy = "/old/checkout/mediasearch/embedder_svc/default_model"  # where the model lay when the collection was made
    collection = new_collection(model_id=legacy, dimension=16)
    collection.require_model(EMOJI, 16)  # the same model, now named by content: migrated, no error
    assert collection.model_id == EMOJI
    collection.close(snapshot=False)
    assert Collection.open(tmp_path / "photos").model_id == EMOJI  # durably


def test_a_legacy_folder_that_still_exists_is_judged_by_content(new_collection: Callable[..., Collection],
                                                                tiny_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "models" / tiny_model_dir.name
    shutil.copytree(tiny_model_dir, copy)
    (copy / "model.safetensors").write_bytes(b"other weights")  # same folder name, different model
    collection = new_collection(model_id=str(copy), dimension=16)
    with pytest.raises(FailedPrecondition, match="bound to model"):
        collection.require_model(model_identity(tiny_model_dir), 16)
    assert collection.model_id == str(copy)  # nothing rewritten on a mismatch


def test_other_models_and_dimensions_still_mismatch(new_collection: Callable[..., Collection]) -> None:
    collection = new_collection(model_id="/models/siglip-base-patch16-224", dimension=16)
    with pytest.raises(FailedPrecondition):
        collection.require_model(EMOJI, 16)
    with pytest.raises(FailedPrecondition):
        collection.require_model("siglip-base-patch16-224@0123456789ab", 32)  # right name, wrong dimension
    collection.require_model("siglip-base-patch16-224@0123456789ab", 16)
    assert collection.model_id == "siglip-base-patch16-224@0123456789ab"


def test_hub_ids_migrate_to_their_snapshot_identity(new_collection: Callable[..., Collection]) -> None:
    collection = new_collection(model_id="google/siglip-base-patch16-224", dimension=16)
    collection.require_model("google/siglip-base-patch16-224@0123456789ab", 16)
    assert collection.model_id == "google/siglip-base-patch16-224@0123456789ab"


def test_a_renamed_checkout_folder_is_the_same_model(new_collection: Callable[..., Collection]) -> None:
    collection = new_collection(model_id="tiny-siglip0@0123456789ab", dimension=16)
    collection.require_model("renamed-folder@0123456789ab", 16)
    with pytest.raises(FailedPrecondition):
        collection.require_model("tiny-siglip0@ba9876543210", 16)  # same name, other content
