"""What the suites share in one run: a work folder, the test models, photos, threads and progress output.

Models are built here, offline: a tiny one for smoke runs and one with exactly
the SigLIP-base-patch16-224 shape (hidden 768, MLP 3072, 12 layers, 12 heads,
patch 16, image 224, text context 64) for real measurements. The text
vocabulary is 30,000 words (the word-level trainer's cap) against SigLIP's
32,000: a smaller embedding table, the same compute per token.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

import embedder_svc
from mediasearch.testing.tiny_siglip import DEFAULT_CORPUS, build_tiny_siglip

BASE_SHAPE = dict(hidden_size=768, layers=12, heads=12, intermediate_size=3072, image_size=224, patch_size=16,
                  context_length=64)
BASE_VOCABULARY = 30_000


def default_model_dir() -> Path | None:
    """The project's embedded default model, once it ships (issue 8)."""
    folder = Path(embedder_svc.__file__).parent / "default_model"
    return folder if (folder / "config.json").exists() else None


def synthetic_words(count: int) -> list[str]:
    """Pronounceable distinct words, so a word-level tokenizer gets a vocabulary of `count`."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    words = []
    for i in range(count):
        parts = []
        n = i + 1
        while n:
            n, r = divmod(n, len(consonants) * len(vowels))
            parts.append(consonants[r // len(vowels)] + vowels[r % len(vowels)])
        words.append("".join(parts))
    return words


def photo_bytes(seed: int, size: tuple[int, int], quality: int = 90) -> bytes:
    """A distinct, photo-like JPEG (smooth colour fields, edges and grain) that compresses like a photo."""
    rng = np.random.default_rng(seed)
    width, height = size
    small = rng.integers(0, 256, size=(6, 8, 3), dtype=np.uint8)
    base = np.asarray(Image.fromarray(small).resize((width, height), Image.Resampling.BICUBIC), dtype=np.int16)
    grain = rng.integers(-12, 13, size=(height, width, 1), dtype=np.int16)
    pixels = np.clip(base + grain, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


@dataclass
class Workspace:
    """Per-run state: `folder` holds models and data; models are built at most once per run."""

    folder: Path
    threads: int
    progress: Callable[[str], None]
    _models: dict[str, Path] = field(default_factory=dict)

    def model_dir(self, kind: str) -> Path:
        if kind not in self._models:
            target = self.folder / f"model-{kind}"
            if not (target / "config.json").exists():
                self.progress(f"building the {kind} model checkpoint (random weights) in {target}")
                if kind == "base":
                    corpus = list(DEFAULT_CORPUS) + [" ".join(synthetic_words(BASE_VOCABULARY))]
                    build_tiny_siglip(target, corpus=corpus, **BASE_SHAPE)
                else:
                    build_tiny_siglip(target)
            self._models[kind] = target
        return self._models[kind]

    def query_words(self, kind: str) -> list[str]:
        """Words the model's tokenizer knows, to compose realistic text queries."""
        if kind == "base":
            return synthetic_words(2000)
        return sorted({word for line in DEFAULT_CORPUS for word in line.split()})


def text_query(words: list[str], seed: int, length: int) -> str:
    rng = np.random.default_rng(seed)
    return " ".join(words[i] for i in rng.integers(0, len(words), length))
