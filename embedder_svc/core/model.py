"""The SigLIP checkpoint: load once (idempotent), then batch-in, batch-out `encode_texts` / `encode_images`.

As in immich's machine-learning service and Triton's Python backend, a model
is an object with an explicit load step and batch encodes. One class serves
both towers: they share the weights, the device and the forward lock, and the
batchers take its two bound methods as their encode functions.
torch and transformers are imported lazily so that importing the service
(for `--help`, tests of other layers) stays fast.

Two backends run the forward passes: torch (every device and precision), or
ONNX Runtime on the CPU (`backend="onnx"`, see onnx_towers), which uses torch
only to load the checkpoint and export it once, then frees the torch model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from embedder_svc.core.batcher import Preempted
from embedder_svc.core.onnx_towers import OnnxOptions, OnnxTowers, default_cache_dir, load_towers
from mediasearch.models import model_identity
from mediasearch.runtime.errors import FailedPrecondition

# Where the project's own small SigLIP ships inside the installed package.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "default_model"


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
    backend: str = "torch"
    # Where the onnx backend keeps its exports (None: onnx_towers.default_cache_dir()).
    onnx_cache_dir: Path | None = None
    # The worst probe cosine an int8 ONNX tower may have against float32 before it runs in float32.
    onnx_int8_min_cosine: float = 0.999


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


class SiglipCheckpoint:
    """A SigLIP or SigLIP 2 checkpoint: model, tokenizer and image processor, loaded once.

    `encode_texts` takes prompt-formatted strings, `encode_images` takes `preprocess_image` outputs;
    both return one L2-normalised row per item, and raise FailedPrecondition until `load()` is done.
    """

    def __init__(self, options: ModelOptions) -> None:
        self._load_lock = threading.Lock()
        self.options = options
        self.info: ModelInfo | None = None
        self.model: Any = None
        self.tokenizer: Any = None
        self.processor: Any = None
        self._device: Any = None
        self._input_dtype: Any = None
        self._onnx: OnnxTowers | None = None
        # CPU forward passes share the cores: running two at once only slows both.
        self.forward_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self.info is not None

    def load(self) -> None:
        """Load weights; calling it again (from any thread) does nothing."""
        with self._load_lock:
            if self.info is None:
                self._load()

    def _require_info(self) -> ModelInfo:
        if self.info is None:
            raise FailedPrecondition("model is not loaded yet")
        return self.info

    def _load(self) -> None:
        import torch
        import transformers
        from transformers import AutoImageProcessor, AutoModel, AutoTokenizer

        transformers.logging.set_verbosity_error()
        opts = self.options
        if opts.cpu_threads > 0:
            torch.set_num_threads(opts.cpu_threads)
        device = _resolve_device("cpu" if opts.backend == "onnx" and opts.device == "auto" else opts.device, torch)
        precision = _resolve_precision(opts.precision, device)
        onnx = _onnx_options(opts, device, precision) if opts.backend == "onnx" else None
        load_dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}.get(precision, torch.float32)
        if onnx is not None:
            load_dtype = torch.float32  # the export is float32; int8 is ONNX Runtime's own quantisation of it
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
        if onnx is not None:
            self._onnx = load_towers(
                model, checkpoint_identity(opts), onnx, _probes(tokenizer, processor, model.config)
            )
        elif precision == "int8":
            from torch.ao.quantization import quantize_dynamic

            model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model, self.tokenizer, self.processor = model, tokenizer, processor
        self._device, self._input_dtype = device, load_dtype
        config = model.config
        lowercase = opts.lowercase_text
        if lowercase is None:
            # SigLIP 2 (Gemma tokenizer) was trained on lower-cased text.
            lowercase = "gemma" in type(tokenizer).__name__.lower() or config.model_type == "siglip2"
        context_length = int(config.text_config.max_position_embeddings)
        # One warm-up pass tells the true output dimension and pays first-call costs now.
        dimension = int(self._text_features(["warm up"], bool(lowercase), context_length).shape[1])
        self.info = ModelInfo(
            model_id=checkpoint_identity(opts),
            revision=opts.revision or getattr(config, "_commit_hash", None) or "local",
            embedding_dimension=dimension,
            image_size=int(_image_size(processor, config)),
            text_context_length=context_length,
            logit_scale_exp=float(model.logit_scale.detach().float().exp().item()),
            logit_bias=float(model.logit_bias.detach().float().item()),
            dtype=precision,
            device="cpu (onnxruntime)" if onnx is not None else str(device),
            lowercase_text=bool(lowercase),
            vocabulary=whole_words(tokenizer),
        )
        if self._onnx is not None:
            self.model = None  # ONNX Runtime holds its own copy of the weights

    def encode_texts(self, texts: Sequence[str], give_way: Callable[[], bool] | None = None) -> np.ndarray:
        """One unit row per text. With `give_way`, a torch forward asks it before each text layer and, when it
        says so, stops with Preempted (the batcher's background passes: a query should wait for one layer,
        not a whole pass); ONNX Runtime runs its graph whole."""
        info = self._require_info()
        return self._text_features(list(texts), info.lowercase_text, info.text_context_length, give_way)

    def _text_layers(self) -> list[Any]:
        """The text tower's transformer layers (SigLIP and SigLIP 2 name them alike), or [] when not found."""
        text_model = getattr(self.model, "text_model", None)
        if text_model is None:
            return []
        return next((list(m) for name, m in text_model.named_modules() if name.endswith("encoder.layers")), [])

    def _text_features(
        self, texts: list[str], lowercase: bool, context_length: int, give_way: Callable[[], bool] | None = None
    ) -> np.ndarray:
        if lowercase:
            texts = [t.lower() for t in texts]
        encoded = _tokenize(self.tokenizer, texts, context_length, "np" if self._onnx else "pt")
        if self._onnx is not None:
            with self.forward_lock:
                return l2_normalise(self._onnx.run("text", encoded))
        import torch

        inputs = {k: v.to(self._device) for k, v in encoded.items()}
        with self.forward_lock, torch.inference_mode(), _giving_way(self._text_layers(), give_way):
            features = _pooled(self.model.get_text_features(**inputs))
        return l2_normalise(features.float().cpu().numpy())

    def preprocess_image(self, image: Any) -> dict[str, np.ndarray]:
        """Model inputs for one decoded RGB image; runs on the decode pool, not the model thread."""
        return dict(self.processor(images=[image], return_tensors="np"))

    def encode_images(self, prepared: Sequence[dict[str, np.ndarray]]) -> np.ndarray:
        import torch

        self._require_info()
        if self._onnx is not None:
            batch = {key: np.concatenate([p[key] for p in prepared]) for key in prepared[0]}
            with self.forward_lock:
                return l2_normalise(self._onnx.run("vision", batch))
        inputs = {}
        for key in prepared[0]:
            tensor = torch.from_numpy(np.concatenate([p[key] for p in prepared]))
            if tensor.is_floating_point():
                tensor = tensor.to(self._input_dtype)
            inputs[key] = tensor.to(self._device)
        with self.forward_lock, torch.inference_mode():
            features = _pooled(self.model.get_image_features(**inputs))
        return l2_normalise(features.float().cpu().numpy())


@contextmanager
def _giving_way(layers: list[Any], give_way: Callable[[], bool] | None) -> Iterator[None]:
    """While inside, each of `layers` raises Preempted before it runs if `give_way()` says so."""
    if give_way is None or not layers:
        yield
        return

    def check(_module: Any, _inputs: Any) -> None:
        if give_way():
            raise Preempted("a foreground pass is waiting")

    handles = [layer.register_forward_pre_hook(check) for layer in layers]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def _tokenize(tokenizer: Any, texts: list[str], context_length: int, tensors: str) -> dict[str, Any]:
    # padding="max_length" as in training: padding to the longest text in
    # the batch silently changes every embedding and breaks scores.
    encoded = tokenizer(texts, padding="max_length", max_length=context_length, truncation=True, return_tensors=tensors)
    wanted = set(getattr(tokenizer, "model_input_names", ["input_ids"]))
    return {k: v for k, v in encoded.items() if k in wanted}


def _onnx_options(opts: ModelOptions, device: Any, precision: str) -> OnnxOptions:
    if device.type != "cpu":
        raise ValueError(f"the onnx backend runs on the CPU; device {device} needs EMBEDDER_BACKEND=torch")
    return OnnxOptions(
        cache_dir=opts.onnx_cache_dir or default_cache_dir(),
        precision=precision,
        threads=opts.cpu_threads,
        int8_min_cosine=opts.onnx_int8_min_cosine,
    )


def _probes(tokenizer: Any, processor: Any, config: Any) -> dict[str, dict[str, np.ndarray]]:
    """Inputs the export traces and int8 agreement is checked on: varied texts, and smooth and noisy images."""
    from PIL import Image

    texts = ["a photo of a dog on a beach", "a cat", "people walking in the rain with an umbrella at night", "x"]
    size = _image_size(processor, config)
    rng = np.random.default_rng(0)
    ramp = np.linspace(0, 255, size, dtype=np.float32)
    smooth = np.stack([np.add.outer(ramp, ramp) / 2, np.add.outer(ramp, ramp[::-1]) / 2, np.tile(ramp, (size, 1))], -1)
    noisy = rng.integers(0, 256, (size, size, 3))
    images = [Image.fromarray(np.asarray(a, dtype=np.uint8)) for a in (smooth, noisy, 255 - smooth, noisy // 2)]
    context_length = int(config.text_config.max_position_embeddings)
    return {
        "text": _tokenize(tokenizer, texts, context_length, "np"),
        "vision": dict(processor(images=images, return_tensors="np")),
    }


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
