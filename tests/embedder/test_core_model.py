"""The checkpoint loads through from_pretrained and embeds texts the way SigLIP was trained."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embedder_svc.core.embedder import EmbedderCore, EmbedderLimits
from embedder_svc.core.model import ModelOptions, SiglipCheckpoint
from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument, Unavailable
from mediasearch.testing.images import pattern_image


@pytest.fixture(scope="module")
def core(tiny_model_dir: Path):  # type: ignore[no-untyped-def]
    core = EmbedderCore(SiglipCheckpoint(ModelOptions(str(tiny_model_dir), cpu_threads=1)), EmbedderLimits())
    core.load()
    yield core
    core.close()


def test_info_comes_from_the_checkpoint(core: EmbedderCore) -> None:
    info = core.info
    assert info.embedding_dimension == 32
    assert info.image_size == 32 and info.text_context_length == 16
    assert info.logit_scale_exp == pytest.approx(10.0, rel=1e-4)
    assert info.logit_bias == pytest.approx(-10.0)
    assert info.dtype == "float32" and info.device == "cpu"
    assert {"dog", "beach", "pizza"} <= set(info.vocabulary)


def test_load_is_idempotent(core: EmbedderCore) -> None:
    model = core.checkpoint.model
    core.load()
    assert core.checkpoint.model is model


def test_vectors_are_unit_length(core: EmbedderCore) -> None:
    texts = core.embed_texts(["a dog", "a cat on a red sofa"])
    images = [o.vector for o in core.embed_images([("a", pattern_image(1)), ("b", pattern_image(2))])]
    for vector in [*texts, *images]:
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_text_vector_does_not_depend_on_batch_company(core: EmbedderCore) -> None:
    alone = core.embed_texts(["a dog"])[0]
    batched = core.embed_texts(["a dog", "people walking in the rain with an umbrella near a tree"])[0]
    assert float(alone @ batched) > 0.9999


def test_padding_to_max_length_is_what_makes_batches_invariant(core: EmbedderCore) -> None:
    # The same text padded only to the batch's longest gives a different vector:
    # this is the bug max_length padding prevents.
    import torch

    checkpoint = core.checkpoint
    tokens = checkpoint.tokenizer(["this is a photo of a dog ."], padding="longest", return_tensors="pt")
    with torch.inference_mode():
        short = checkpoint.model.get_text_features(input_ids=tokens["input_ids"]).pooler_output[0].numpy()
    short /= np.linalg.norm(short)
    padded = core.embed_texts(["a dog"])[0]
    assert float(short @ padded) < 0.9999


def test_prompt_ensemble_is_renormalised_mean(core: EmbedderCore) -> None:
    templates = ["a photo of a {}.", "{} on a beach"]
    per_template = [core.embed_texts(["dog"], prompt_templates=[t])[0] for t in templates]
    expected = np.mean(per_template, axis=0)
    expected /= np.linalg.norm(expected)
    ensemble = core.embed_texts(["dog"], prompt_templates=templates)[0]
    assert float(ensemble @ expected) > 0.9999


def test_default_template_differs_from_raw_text(core: EmbedderCore) -> None:
    templated = core.embed_texts(["dog"])[0]
    raw = core.embed_texts(["dog"], no_prompt=True)[0]
    explicit = core.embed_texts(["dog"], prompt_templates=["This is a photo of {}."])[0]
    assert float(templated @ explicit) > 0.9999
    assert float(templated @ raw) < 0.9999


@pytest.mark.parametrize(
    ("texts", "kwargs", "field"),
    [
        ([], {}, "texts"),
        (["   "], {}, "texts[0]"),
        (["ok", "x" * 1001], {}, "texts[1]"),
        (["ok"], {"prompt_templates": ["no placeholder"]}, "prompt_templates[0]"),
        (["ok"], {"prompt_templates": ["{}"], "no_prompt": True}, "prompt_templates"),
    ],
)
def test_bad_text_requests_name_the_field(core: EmbedderCore, texts: list[str], kwargs: dict, field: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        core.embed_texts(texts, **kwargs)
    assert field in [v.field for v in caught.value.violations]


def test_calls_before_load_are_unavailable(tiny_model_dir: Path) -> None:
    checkpoint = SiglipCheckpoint(ModelOptions(str(tiny_model_dir)))
    unloaded = EmbedderCore(checkpoint, EmbedderLimits())
    try:
        with pytest.raises(Unavailable):
            unloaded.embed_texts(["dog"])
        # The checkpoint itself, as the batchers call it, refuses to encode until loaded.
        assert not checkpoint.loaded
        with pytest.raises(FailedPrecondition):
            checkpoint.encode_texts(["dog"])
        with pytest.raises(FailedPrecondition):
            checkpoint.encode_images([{}])
    finally:
        unloaded.close()


def test_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    checkpoint = SiglipCheckpoint(ModelOptions(str(tmp_path / "nope")))
    with pytest.raises(ValueError, match="EMBEDDER_MODEL"):
        checkpoint.load()


@pytest.mark.parametrize("precision", ["bfloat16", "int8"])
def test_reduced_precision_agrees_with_float32(tiny_model_dir: Path, core: EmbedderCore, precision: str) -> None:
    reduced = EmbedderCore(
        SiglipCheckpoint(ModelOptions(str(tiny_model_dir), precision=precision, cpu_threads=1)), EmbedderLimits()
    )
    reduced.load()
    try:
        texts = ["a dog on a beach", "a slice of pizza", "a car in the city"]
        images = [("x", pattern_image(s)) for s in range(3)]
        text_cos = np.sum(core.embed_texts(texts) * reduced.embed_texts(texts), axis=1)
        image_cos = [
            float(a.vector @ b.vector) for a, b in zip(core.embed_images(images), reduced.embed_images(images))
        ]
        # Recorded agreement (cosine with float32) for this random tiny model; real checkpoints
        # agree more closely because their activations are better conditioned.
        print(f"{precision}: text cosine min {text_cos.min():.5f}, image cosine min {min(image_cos):.5f}")
        assert reduced.info.dtype == precision
        assert text_cos.min() > 0.995 and min(image_cos) > 0.995
    finally:
        reduced.close()


def test_a_text_pass_can_give_way_between_layers(core: EmbedderCore) -> None:
    from embedder_svc.core.batcher import Preempted

    checkpoint = core.checkpoint
    texts = ["a dog on a beach", "a cat"]
    asked: list[int] = []

    def never() -> bool:
        asked.append(1)
        return False

    assert np.array_equal(checkpoint.encode_texts(texts, give_way=never), checkpoint.encode_texts(texts))
    assert len(asked) == 2, "asked once before each of the tiny model's two text layers"
    with pytest.raises(Preempted):
        checkpoint.encode_texts(texts, give_way=lambda: True)
    # Giving way leaves no hook behind: the next pass runs whole.
    assert np.array_equal(checkpoint.encode_texts(texts, give_way=never), checkpoint.encode_texts(texts))
