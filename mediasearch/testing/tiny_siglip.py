"""Build a small, randomly initialised SigLIP checkpoint folder offline.

The folder is written with `save_pretrained`, so the embedder loads it
through exactly the code path a Google checkpoint takes. The tokenizer is a
word-level `tokenizers` model trained on the given corpus, configured like
SigLIP's (pad to max length, no attention mask passed to the model).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

DEFAULT_CORPUS = (
    "this is a photo of a dog on a beach",
    "a cat sleeping on a red sofa at night",
    "a car parked near a tree in the city",
    "people walking in the rain with an umbrella",
    "a slice of pizza and a cup of coffee",
    "golden retriever puppy playing in the snow",
    "mountains lake sunset sky clouds boat",
    "warm up query long text with many words to pad",
)


def build_tiny_siglip(
    folder: Path,
    *,
    corpus: Sequence[str] = DEFAULT_CORPUS,
    hidden_size: int = 32,
    layers: int = 2,
    image_size: int = 32,
    patch_size: int = 8,
    context_length: int = 16,
    seed: int = 0,
    logit_scale_exp: float = 10.0,
    logit_bias: float = -10.0,
    intermediate_size: int | None = None,
    heads: int = 2,
) -> Path:
    """Write a SigLIP checkpoint (model, tokenizer, image processor) to `folder` and return it."""
    import math

    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, SiglipConfig, SiglipImageProcessorPil, SiglipModel

    tokenizer_model = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tokenizer_model.normalizer = normalizers.Lowercase()
    tokenizer_model.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer_model.train_from_iterator(corpus, trainers.WordLevelTrainer(special_tokens=["<pad>", "<unk>", "</s>"]))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer_model,
        pad_token="<pad>",
        unk_token="<unk>",
        eos_token="</s>",
        model_max_length=context_length,
        model_input_names=["input_ids"],  # SigLIP's tokenizer passes no attention mask
    )
    vocab_size = len(tokenizer)
    torch.manual_seed(seed)
    mlp = intermediate_size or hidden_size * 4
    config = SiglipConfig(
        text_config=dict(
            vocab_size=vocab_size,
            hidden_size=hidden_size,
            intermediate_size=mlp,
            num_hidden_layers=layers,
            num_attention_heads=heads,
            max_position_embeddings=context_length,
            pad_token_id=0,
            bos_token_id=None,
            eos_token_id=2,
        ),
        vision_config=dict(
            hidden_size=hidden_size,
            intermediate_size=mlp,
            num_hidden_layers=layers,
            num_attention_heads=heads,
            image_size=image_size,
            patch_size=patch_size,
        ),
    )
    model = SiglipModel(config).eval()
    with torch.no_grad():
        model.logit_scale.fill_(math.log(logit_scale_exp))
        model.logit_bias.fill_(logit_bias)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    SiglipImageProcessorPil(size={"height": image_size, "width": image_size}).save_pretrained(folder)
    return folder
