"""Model lifecycle: load once (idempotent), then `encode_batch(items) -> ndarray`.

As in immich's machine-learning service and Triton's Python backend, a model
is an object with an explicit load step and a batch-in, batch-out encode.
torch and transformers are imported lazily so that importing the service
(for `--help`, tests of other layers) stays fast.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from mediasearch.models import model_identity
from mediasearch.runtime.errors import FailedPrecondition

# Where the project's own small SigLIP ships inside the installed package.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "default_model"


class InferenceModel(ABC):
    """Base class: `load()` once, then `encode_batch(items)` returns one L2-normalised row per item."""

    def __init__(self) -> None:
        self._load_lock = threading.Lock()
        self._loaded = False

    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> None:
        """Load weights; calling it again (from any thread) does nothing."""
        with self._load_lock:
            if not self._loaded:
                self._load()
                self._loaded = True

    def encode_batch(self, items: Sequence[Any]) -> np.ndarray:
        if not self._loaded:
            raise FailedPrecondition("model is not loaded yet")
        if not items:
            return np.zeros((0, 0), dtype=np.float32)
        return self._encode(items)

    @abstractmethod
    def _load(self) -> None: ...

    @abstractmethod
    def _encode(self, items: Sequence[Any]) -> np.ndarray: ...


@dataclass(frozen=True)
class ModelOptions:
    """How to load a checkpoint; mirrors the EMBEDDER_* settings."""

    source: str
    revision: str | None = None
    device: str = "auto"
    precision: str = "auto"
    cpu_threads: int = 0
    lowercase_text: bool | None = None
    offline: bool = True


@dataclass
class ModelInfo:
    """What clients need to interpret vectors and scores (GetModelInfo)."""

    model_id: str
    revision: str
    embedding_dimension: int
    image_size: int
    text_context_length: int
    logit_scale_exp: float
    logit_bias: float
    dtype: str
    device: str
    lowercase_text: bool
    vocabulary: list[str] = field(default_factory=list)


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


def _pooled(output: Any) -> Any:
    """transformers 5 returns model outputs from get_*_features; 4.x returned the tensor."""
    return output if hasattr(output, "dim") else output.pooler_output


def whole_words(tokenizer: Any) -> list[str]:
    """Lower-case alphabetic whole words of a tokenizer's vocabulary (WordPiece, SentencePiece or word-level)."""
    words = set()
    for token in tokenizer.get_vocab():
        word = token[1:] if token.startswith(("\u2581", "\u0120")) else token
        if len(word) > 1 and word.isalpha() and word.isascii():
            words.add(word.lower())
    return sorted(words)


def checkpoint_identity(opts: ModelOptions) -> str:
    """`name@fingerprint` of the files loaded (mediasearch.models), so a collection's binding survives moves.

    A hub id is looked up in the local hub cache; a checkpoint whose files cannot
    be found on disk keeps `source@revision`, which is stable but not content-based.
    """
    folder = Path(opts.source)
    if not (folder / "config.json").is_file():
        try:
            from huggingface_hub import snapshot_download

            folder = Path(snapshot_download(opts.source, revision=opts.revision, local_files_only=True))
        except Exception:  # noqa: BLE001  # any failure here only means "no local snapshot to fingerprint"
            return f"{opts.source}@{opts.revision or 'main'}"
    return model_identity(folder)


class SiglipCheckpoint(InferenceModel):
    """A SigLIP or SigLIP 2 checkpoint: model, tokenizer and image processor, loaded once."""

    def __init__(self, options: ModelOptions) -> None:
        super().__init__()
        self.options = options
        self.info: ModelInfo | None = None
        self.model: Any = None
        self.tokenizer: Any = None
        self.processor: Any = None
        self._device: Any = None
        self._input_dtype: Any = None
        # CPU forward passes share the cores: running two at once only slows both.
        self.forward_lock = threading.Lock()

    def _load(self) -> None:
        import torch
        import transformers
        from transformers import AutoImageProcessor, AutoModel, AutoTokenizer

        transformers.logging.set_verbosity_error()
        opts = self.options
        if opts.cpu_threads > 0:
            torch.set_num_threads(opts.cpu_threads)
        device = _resolve_device(opts.device, torch)
        precision = _resolve_precision(opts.precision, device)
        load_dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}.get(precision, torch.float32)
        common = {"revision": opts.revision, "local_files_only": opts.offline}
        try:
            model = AutoModel.from_pretrained(opts.source, dtype=load_dtype, **common)
            tokenizer = AutoTokenizer.from_pretrained(opts.source, **common)
            processor = AutoImageProcessor.from_pretrained(opts.source, **common)
        except OSError as error:
            raise ValueError(
                f"cannot load model {opts.source!r} (set --model / EMBEDDER_MODEL to a SigLIP model id "
                f"available offline or a local folder saved with save_pretrained): {error}"
            ) from None
        if not (hasattr(model, "get_text_features") and hasattr(model, "get_image_features")):
            raise ValueError(f"{opts.source!r} is a {type(model).__name__}, not a SigLIP image-text model")
        model.eval().to(device)
        if precision == "int8":
            from torch.ao.quantization import quantize_dynamic

            model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model, self.tokenizer, self.processor = model, tokenizer, processor
        self._device, self._input_dtype = device, load_dtype
        config = model.config
        lowercase = opts.lowercase_text
        if lowercase is None:
            # SigLIP 2 (Gemma tokenizer) was trained on lower-cased text.
            lowercase = "gemma" in type(tokenizer).__name__.lower() or config.model_type == "siglip2"
        self.info = ModelInfo(
            model_id=checkpoint_identity(opts),
            revision=opts.revision or getattr(config, "_commit_hash", None) or "local",
            embedding_dimension=0,
            image_size=int(_image_size(processor, config)),
            text_context_length=int(config.text_config.max_position_embeddings),
            logit_scale_exp=float(model.logit_scale.detach().float().exp().item()),
            logit_bias=float(model.logit_bias.detach().float().item()),
            dtype=precision,
            device=str(device),
            lowercase_text=bool(lowercase),
            vocabulary=whole_words(tokenizer),
        )
        # One warm-up pass tells the true output dimension and pays first-call costs now.
        self.info.embedding_dimension = int(self.encode_texts(["warm up"]).shape[1])

    def _encode(self, items: Sequence[Any]) -> np.ndarray:
        return self.encode_texts(list(items))

    def encode_texts(self, texts: list[str]) -> np.ndarray:
        import torch

        assert self.info is not None
        if self.info.lowercase_text:
            texts = [t.lower() for t in texts]
        # padding="max_length" as in training: padding to the longest text in
        # the batch silently changes every embedding and breaks scores.
        encoded = self.tokenizer(
            texts, padding="max_length", max_length=self.info.text_context_length, truncation=True, return_tensors="pt"
        )
        wanted = set(getattr(self.tokenizer, "model_input_names", ["input_ids"]))
        inputs = {k: v.to(self._device) for k, v in encoded.items() if k in wanted}
        with self.forward_lock, torch.inference_mode():
            features = _pooled(self.model.get_text_features(**inputs))
        return l2_normalise(features.float().cpu().numpy())

    def preprocess_image(self, image: Any) -> dict[str, np.ndarray]:
        """Model inputs for one decoded RGB image; runs on the decode pool, not the model thread."""
        return dict(self.processor(images=[image], return_tensors="np"))

    def encode_images(self, prepared: Sequence[dict[str, np.ndarray]]) -> np.ndarray:
        import torch

        inputs = {}
        for key in prepared[0]:
            tensor = torch.from_numpy(np.concatenate([p[key] for p in prepared]))
            if tensor.is_floating_point():
                tensor = tensor.to(self._input_dtype)
            inputs[key] = tensor.to(self._device)
        with self.forward_lock, torch.inference_mode():
            features = _pooled(self.model.get_image_features(**inputs))
        return l2_normalise(features.float().cpu().numpy())


class SiglipTextEncoder(InferenceModel):
    """The text tower of a shared checkpoint: items are prompt-formatted strings."""

    def __init__(self, checkpoint: SiglipCheckpoint) -> None:
        super().__init__()
        self.checkpoint = checkpoint

    def _load(self) -> None:
        self.checkpoint.load()

    def _encode(self, items: Sequence[str]) -> np.ndarray:
        return self.checkpoint.encode_texts(list(items))


class SiglipImageEncoder(InferenceModel):
    """The vision tower of a shared checkpoint: items are `preprocess_image` outputs."""

    def __init__(self, checkpoint: SiglipCheckpoint) -> None:
        super().__init__()
        self.checkpoint = checkpoint

    def _load(self) -> None:
        self.checkpoint.load()

    def _encode(self, items: Sequence[dict[str, np.ndarray]]) -> np.ndarray:
        return self.checkpoint.encode_images(items)


def _resolve_device(requested: str, torch: Any) -> Any:
    if requested == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device {requested!r} requested but CUDA is not available")
    return torch.device(requested)


def _resolve_precision(requested: str, device: Any) -> str:
    if requested == "auto":
        return "float16" if device.type == "cuda" else "float32"
    if requested == "int8" and device.type != "cpu":
        raise ValueError("int8 (dynamic quantisation) runs on the CPU only")
    if requested == "float16" and device.type == "cpu":
        raise ValueError("float16 is slow and inaccurate on the CPU; use bfloat16 or int8")
    return requested


def _image_size(processor: Any, config: Any) -> int:
    size = getattr(processor, "size", None) or {}
    if isinstance(size, dict) and size.get("height"):
        return int(size["height"])
    return int(config.vision_config.image_size)
