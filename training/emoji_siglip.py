"""Building blocks of the emoji SigLIP: model shape, tokenizer, batches with multi-positive labels, saving.

The model is a stock transformers `SiglipModel`, the tokenizer a word-level
`tokenizers` model over every word a caption can contain, and the image
processor `SiglipImageProcessorPil`; all three are written with
`save_pretrained`, so the folder loads exactly like a Google checkpoint.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image

from mediasearch.demo.captions import caption_vocabulary, scene_caption
from mediasearch.demo.scenes import SceneStream, render_scene
from mediasearch.demo.sprites import SpriteAtlas

PAD, UNK, EOS = "<pad>", "<unk>", "</s>"


@dataclass(frozen=True)
class ModelShape:
    """Sizes of both towers. The default is the shipped model; `tiny()` is for smoke tests."""

    # 96 px with 12 px patches: the probe's 8x8 token grid (and its step cost), with 2.25x the pixels
    # per patch so that small sprites keep their detail.
    image_size: int = 96
    patch_size: int = 12
    hidden: int = 128
    vision_layers: int = 4
    text_layers: int = 2
    heads: int = 4
    mlp: int = 512
    context_length: int = 24

    @classmethod
    def tiny(cls) -> ModelShape:
        return cls(image_size=32, patch_size=8, hidden=32, vision_layers=1, text_layers=1, heads=2, mlp=64)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def build_tokenizer(atlas: SpriteAtlas, context_length: int) -> Any:
    """A word-level tokenizer over the caption vocabulary; lower-cases, splits words and punctuation."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {PAD: 0, UNK: 1, EOS: 2}
    for word in caption_vocabulary(atlas):
        vocab.setdefault(word, len(vocab))
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token=UNK))
    backend.normalizer = normalizers.Lowercase()
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(
        tokenizer_object=backend,
        pad_token=PAD,
        unk_token=UNK,
        eos_token=EOS,
        model_max_length=context_length,
        model_input_names=["input_ids"],  # as SigLIP's: no attention mask, pads are attended
    )


def build_model(shape: ModelShape, vocab_size: int, seed: int, logit_scale: float, logit_bias: float) -> Any:
    """A randomly initialised SiglipModel with the given (exp) logit scale and bias."""
    from transformers import SiglipConfig, SiglipModel

    torch.manual_seed(seed)
    tower = dict(hidden_size=shape.hidden, intermediate_size=shape.mlp, num_attention_heads=shape.heads)
    config = SiglipConfig(
        text_config=dict(
            tower,
            vocab_size=vocab_size,
            num_hidden_layers=shape.text_layers,
            max_position_embeddings=shape.context_length,
            pad_token_id=0,
            bos_token_id=None,
            eos_token_id=2,
        ),
        vision_config=dict(
            tower, num_hidden_layers=shape.vision_layers, image_size=shape.image_size, patch_size=shape.patch_size
        ),
    )
    model = SiglipModel(config)
    with torch.no_grad():
        model.logit_scale.fill_(math.log(logit_scale))
        model.logit_bias.fill_(logit_bias)
    return model


def tokenize(tokenizer: Any, texts: list[str], context_length: int) -> torch.Tensor:
    """Token ids padded to the full context, exactly as the embedder pads at inference."""
    encoded = tokenizer(texts, padding="max_length", max_length=context_length, truncation=True, return_tensors="pt")
    return encoded["input_ids"]


def pixels(images: list[Image.Image]) -> torch.Tensor:
    """NCHW floats scaled as SiglipImageProcessor does for an image already at the model's size."""
    array = np.stack([np.asarray(image, dtype=np.float32) for image in images])
    return torch.from_numpy(array).permute(0, 3, 1, 2).div_(127.5).sub_(1.0)


@dataclass
class Batch:
    pixel_values: torch.Tensor
    input_ids: torch.Tensor
    labels: torch.Tensor  # [texts, images]: 1 where the caption is true of the image
    captions: list[str]
    image_labels: torch.Tensor  # [images, images]: 1 where two different images share a concept


def _one_hot(rows: list[list[int]] | list[tuple[int, ...]], concepts: int) -> torch.Tensor:
    """[rows, concepts]: 1 for each concept a row names or holds."""
    hot = torch.zeros(len(rows), concepts)
    for row, indices in enumerate(rows):
        hot[row, list(indices)] = 1.0
    return hot


def shared_concept_labels(contents: list[tuple[int, ...]], concepts: int) -> torch.Tensor:
    """1 where images i and j (i != j) hold at least one concept in common, else 0."""
    hot = _one_hot(contents, concepts)
    shared = ((hot @ hot.T) > 0).float()
    shared.fill_diagonal_(0.0)
    return shared


def multi_positive_labels(named: list[list[int]], contents: list[tuple[int, ...]], concepts: int) -> torch.Tensor:
    """1 where every concept a caption names is in the image (caption i, image j), else 0."""
    caption_hot = _one_hot(named, concepts)
    image_hot = _one_hot(contents, concepts)
    overlap = caption_hot @ image_hot.T
    return (overlap == caption_hot.sum(dim=1, keepdim=True)).float()


def make_batch(stream: SceneStream, atlas: SpriteAtlas, start: int, size: int, tokenizer: Any, context: int) -> Batch:
    """Scenes start .. start+size-1 of the stream, one caption each, and their label matrix."""
    specs = [stream.spec(index) for index in range(start, start + size)]
    images = [render_scene(spec, atlas) for spec in specs]
    captions, named = [], []
    for index, spec in zip(range(start, start + size), specs):
        caption, mentioned = scene_caption(spec.concepts, atlas, stream.caption_rng(index))
        captions.append(caption)
        named.append(mentioned)
    contents = [spec.concepts for spec in specs]
    labels = multi_positive_labels(named, contents, len(atlas))
    image_labels = shared_concept_labels(contents, len(atlas))
    return Batch(pixels(images), tokenize(tokenizer, captions, context), labels, captions, image_labels)


def positive_rate(
    stream: SceneStream, atlas: SpriteAtlas, batch_size: int, batches: int = 8
) -> tuple[float, float]:
    """Shares of positive (caption, image) and (image, other image) pairs in a batch, over the first batches."""
    text_total = image_total = 0.0
    for number in range(batches):
        indices = range(number * batch_size, (number + 1) * batch_size)
        specs = [stream.spec(index) for index in indices]
        named = [scene_caption(spec.concepts, atlas, stream.caption_rng(index))[1] for index, spec in zip(indices, specs)]
        contents = [spec.concepts for spec in specs]
        text_total += float(multi_positive_labels(named, contents, len(atlas)).mean())
        image_total += float(shared_concept_labels(contents, len(atlas)).sum()) / (batch_size * (batch_size - 1))
    return text_total / batches, image_total / batches


def base_rate_bias(rate: float) -> float:
    """The logit bias that makes an uninformed model (cosine 0) predict the base rate.

    SigLIP's -10 suits its 32k batches (log 1/32768 = -10.4); at batch 256 a
    bias that low can only be offset by pushing every embedding together, which
    is the collapse that stalls early training.
    """
    rate = min(max(rate, 1e-4), 1.0 - 1e-4)  # tiny smoke batches can hold no positive pair at all
    return math.log(rate / (1.0 - rate))


def sigmoid_loss(logits: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """SigLIP's pairwise loss (summed over pairs, averaged over rows), any number of positives per row.

    `mask` (0 or 1 per pair) leaves pairs out, such as an image paired with itself.
    """
    signs = 2.0 * labels - 1.0
    terms = -torch.nn.functional.logsigmoid(signs * logits)
    if mask is not None:
        terms = terms * mask
    return terms.sum(dim=1).mean()


@dataclass(frozen=True)
class ImagePairTerm:
    """The image-image part of the loss: same-concept images attract, others repel.

    A text-image loss never compares two images, so similar-image search was
    weak (same-concept precision@5 0.25 in the first shipped model). Scale and
    bias are fixed training constants (not saved in the model): the model's own
    logit scale and bias stay calibrated for text-image pairs only. Off by
    default: at weight 0.5 and scale 10 it slowed every held-out measure,
    image-to-image included (training/README.md, "Tried and dropped").
    """

    weight: float
    scale: float
    bias: float

    def loss(self, image: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        mask = 1.0 - torch.eye(len(image))
        return self.weight * sigmoid_loss(image @ image.T * self.scale + self.bias, labels, mask)


def embed_pair(model: Any, batch: Batch) -> tuple[torch.Tensor, torch.Tensor]:
    """Unit text and image embeddings of a batch, as the embedder normalises them."""
    text = pooled(model.get_text_features(input_ids=batch.input_ids))
    image = pooled(model.get_image_features(pixel_values=batch.pixel_values))
    return torch.nn.functional.normalize(text, dim=-1), torch.nn.functional.normalize(image, dim=-1)


def training_loss(model: Any, batch: Batch, image_term: ImagePairTerm | None) -> torch.Tensor:
    """The text-image sigmoid loss, plus the image-image term when one is given."""
    text, image = embed_pair(model, batch)
    loss = sigmoid_loss(text @ image.T * model.logit_scale.exp() + model.logit_bias, batch.labels)
    if image_term is not None and image_term.weight > 0:
        loss = loss + image_term.loss(image, batch.image_labels)
    return loss


def pooled(output: Any) -> torch.Tensor:
    """transformers 5 returns model outputs from get_*_features; 4.x returned the tensor."""
    return output if isinstance(output, torch.Tensor) else output.pooler_output


def save_folder(model: Any, tokenizer: Any, shape: ModelShape, folder: Path) -> Path:
    """Write model (safetensors), tokenizer and image processor with save_pretrained."""
    from transformers import SiglipImageProcessorPil

    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    size = {"height": shape.image_size, "width": shape.image_size}
    SiglipImageProcessorPil(size=size).save_pretrained(folder)
    return folder
