"""The training script: labels, schedule, and a few-step run whose folder the embedder loads and uses."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

TRAINING = Path(__file__).resolve().parents[2] / "training"
sys.path.insert(0, str(TRAINING))

import emoji_siglip  # noqa: E402
import train_emoji_siglip  # noqa: E402

from embedder_svc.core.model import ModelOptions, SiglipCheckpoint  # noqa: E402
from mediasearch.demo.heldout import held_out_words  # noqa: E402
from mediasearch.demo.scenes import SceneStream, render_scene  # noqa: E402
from mediasearch.demo.sprites import load_atlas  # noqa: E402


def test_a_caption_is_positive_for_every_image_holding_all_it_names() -> None:
    named = [[0], [0, 1], [2]]
    contents = [(0,), (1, 0), (2, 0, 1), (1,)]
    labels = emoji_siglip.multi_positive_labels(named, contents, concepts=3)
    assert labels.tolist() == [
        [1, 1, 1, 0],  # "a dog": every image with a dog
        [0, 1, 1, 0],  # "a dog and a cat": only images with both
        [0, 0, 1, 0],
    ]


def test_sigmoid_loss_rewards_agreeing_with_the_labels() -> None:
    labels = torch.tensor([[1.0, 0.0], [1.0, 1.0]])
    right = torch.where(labels > 0, 8.0, -8.0)
    assert emoji_siglip.sigmoid_loss(right, labels) < 0.01 < emoji_siglip.sigmoid_loss(-right, labels)


def test_images_sharing_any_concept_are_positives_but_never_with_themselves() -> None:
    labels = emoji_siglip.shared_concept_labels([(0,), (1, 0), (2,), (0, 2)], concepts=3)
    assert labels.tolist() == [
        [0, 1, 0, 1],
        [1, 0, 0, 1],
        [0, 0, 0, 1],
        [1, 1, 1, 0],
    ]


def test_image_term_pulls_same_concept_images_together_and_ignores_self_pairs() -> None:
    term = emoji_siglip.ImagePairTerm(weight=1.0, scale=10.0, bias=-2.0)
    labels = emoji_siglip.shared_concept_labels([(0,), (0,), (1,)], concepts=2)
    together = torch.nn.functional.normalize(torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), dim=-1)
    apart = torch.nn.functional.normalize(torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]), dim=-1)
    assert term.loss(together, labels) < term.loss(apart, labels)
    # An image always has cosine 1 with itself; counted as a negative pair, that would cost a large loss.
    lone = torch.tensor([[1.0, 0.0]])
    assert term.loss(lone, torch.zeros(1, 1)) == pytest.approx(0.0)


def test_schedule_warms_up_then_decays_to_the_floor() -> None:
    factor = train_emoji_siglip.learning_rate_factor
    assert factor(0.015, 0.03, 0.02) == pytest.approx(0.5)
    assert factor(0.03, 0.03, 0.02) == pytest.approx(1.0)
    assert factor(1.0, 0.03, 0.02) == pytest.approx(0.02)
    values = [factor(p / 100, 0.03, 0.02) for p in range(3, 101)]
    assert all(a >= b for a, b in zip(values, values[1:]))


def test_training_pixels_equal_what_the_image_processor_gives() -> None:
    from transformers import SiglipImageProcessorPil

    atlas = load_atlas()
    stream = SceneStream(0, 48, concepts=len(atlas))
    images = [render_scene(stream.spec(i), atlas) for i in range(3)]
    processor = SiglipImageProcessorPil(size={"height": 48, "width": 48})
    expected = np.concatenate([processor(images=[im], return_tensors="np")["pixel_values"] for im in images])
    np.testing.assert_allclose(emoji_siglip.pixels(images).numpy(), expected, atol=1e-6)


def test_tokenizer_knows_captions_but_no_held_out_word() -> None:
    tokenizer = emoji_siglip.build_tokenizer(load_atlas(), 24)
    vocabulary = set(tokenizer.get_vocab())
    assert {"dog", "pizza", "photo", "."} <= vocabulary
    assert not vocabulary & held_out_words()
    assert tokenizer("A Dog", add_special_tokens=False)["input_ids"] == tokenizer("a dog", add_special_tokens=False)["input_ids"]


def test_a_few_steps_write_a_folder_the_embedder_loads(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "model"
    code = train_emoji_siglip.main([
        "--tiny", "--steps", "3", "--batch-size", "8", "--threads", "1", "--log-every", "1",
        "--eval-pool", "30", "--eval-per-concept", "1", "--out", str(out), "--work", str(tmp_path / "work"),
    ])
    assert code == 0
    printed = capsys.readouterr().out
    assert "step 3 |" in printed and "zero_shot_top1" in printed and "ETA" in printed
    assert (tmp_path / "work" / "train_state.pt").is_file()
    assert json.loads((out / "training.json").read_text())["steps"] == 3
    assert "calibration" in json.loads((out / "eval_results.json").read_text())
    assert json.loads((out / "tokenizer_config.json").read_text())["model_input_names"] == ["input_ids"]

    checkpoint = SiglipCheckpoint(ModelOptions(str(out), cpu_threads=1))
    checkpoint.load()
    info = checkpoint.info
    assert info is not None
    shape = emoji_siglip.ModelShape.tiny()
    assert info.image_size == shape.image_size and info.text_context_length == shape.context_length
    assert info.embedding_dimension == shape.hidden
    assert "dog" in info.vocabulary and "puppy" not in info.vocabulary
    texts = checkpoint.encode_texts(["This is a photo of dog.", "a cat"])
    image = render_scene(SceneStream(0, 32, concepts=len(load_atlas())).spec(0), load_atlas())
    images = checkpoint.encode_images([checkpoint.preprocess_image(image)])
    assert texts.shape == (2, shape.hidden) and images.shape == (1, shape.hidden)
    np.testing.assert_allclose(np.linalg.norm(images, axis=1), 1.0, rtol=1e-5)


def test_resume_continues_from_the_saved_step(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    common = ["--tiny", "--batch-size", "4", "--threads", "1", "--no-final-eval", "--eval-pool", "10",
              "--out", str(tmp_path / "model"), "--work", str(tmp_path / "work")]
    train_emoji_siglip.main(common + ["--steps", "2"])
    capsys.readouterr()
    train_emoji_siglip.main(common + ["--steps", "3", "--resume"])
    assert "resumed at step 2" in capsys.readouterr().out
    assert json.loads((tmp_path / "model" / "training.json").read_text())["steps"] == 3


def test_initial_bias_is_the_log_odds_of_the_batch_positive_rate() -> None:
    atlas = load_atlas()
    rate, image_rate = emoji_siglip.positive_rate(SceneStream(0, 32, concepts=len(atlas)), atlas, 64, batches=2)
    # Each caption matches its own image plus the few others that happen to hold what it names.
    assert 1 / 64 <= rate < 4 / 64
    # Two different scenes of 1-3 of 325 concepts rarely share one, but sometimes do.
    assert 0 < image_rate < 0.05
    assert emoji_siglip.base_rate_bias(0.5) == pytest.approx(0.0)
    assert emoji_siglip.base_rate_bias(1 / 257) == pytest.approx(-np.log(256))


def test_the_longest_possible_caption_fits_the_text_context() -> None:
    from mediasearch.demo.captions import ALTERNATIVE_PHRASES, PAIR_JOINERS, PREFIXES, tokens

    atlas = load_atlas()
    phrase_lengths = sorted(
        [len(tokens(c.phrase)) for c in atlas.concepts] + [len(tokens(p)) for ps in ALTERNATIVE_PHRASES.values() for p in ps]
    )
    joiners = max(len(tokens(", ")) + len(tokens(" and ")), max(len(tokens(j)) for j in PAIR_JOINERS))
    longest = max(len(tokens(p)) for p in PREFIXES) + sum(phrase_lengths[-3:]) + joiners + 1  # + final "."
    # Truncation would cut off a named concept and make its label a lie.
    assert longest <= emoji_siglip.ModelShape().context_length


def test_a_warm_restart_starts_from_the_saved_weights(tmp_path: Path) -> None:
    common = ["--tiny", "--batch-size", "4", "--threads", "1", "--no-final-eval", "--eval-pool", "10", "--steps", "1"]
    first = tmp_path / "first"
    train_emoji_siglip.main(common + ["--out", str(first), "--work", str(tmp_path / "w1")])
    # At learning rate 0 a step changes nothing, so the folder written is exactly the weights the run started from.
    frozen = common + ["--lr", "0", "--seed", "5"]
    train_emoji_siglip.main(frozen + ["--init-from", str(first), "--out", str(tmp_path / "warm"), "--work", str(tmp_path / "w2")])
    train_emoji_siglip.main(frozen + ["--out", str(tmp_path / "cold"), "--work", str(tmp_path / "w3")])
    from safetensors.torch import load_file

    start, warm, cold = (load_file(tmp_path / name / "model.safetensors") for name in ("first", "warm", "cold"))
    assert all(torch.equal(start[name], warm[name]) for name in start)
    # How the weights it started from were trained is recorded with the new folder.
    recorded = json.loads((tmp_path / "warm" / "training.json").read_text())
    assert recorded["initialised_from"] == json.loads((first / "training.json").read_text())
    assert not all(torch.equal(start[name], cold[name]) for name in start)


def test_a_warm_restart_refuses_a_folder_of_another_shape(tmp_path: Path) -> None:
    common = ["--batch-size", "4", "--threads", "1", "--no-final-eval", "--eval-pool", "10", "--steps", "1"]
    train_emoji_siglip.main(["--tiny"] + common + ["--out", str(tmp_path / "tiny"), "--work", str(tmp_path / "w1")])
    with pytest.raises(SystemExit, match="not this model's shape"):
        train_emoji_siglip.main(common + ["--init-from", str(tmp_path / "tiny"), "--out", str(tmp_path / "full"),
                                          "--work", str(tmp_path / "w2")])
