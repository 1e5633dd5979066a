"""Embedder settings, read from EMBEDDER_* environment variables and flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from embedder_svc.core.embedder import EmbedderLimits
from embedder_svc.core.model import DEFAULT_MODEL_DIR, ModelOptions
from mediasearch.models import ModelError, find_local
from mediasearch.runtime.settings import ServiceSettings


class EmbedderSettings(ServiceSettings):
    """Settings of the embedder service (environment prefix EMBEDDER_)."""

    model_config = SettingsConfigDict(env_prefix="EMBEDDER_")

    port: int = Field(50051, ge=0, le=65535, description="gRPC port; 0 picks a free one.")
    metrics_port: int = Field(9091, ge=-1, le=65535, description="Prometheus port; 0 picks a free one, -1 disables.")
    max_receive_message_mb: float = Field(64.0, gt=0, description="Largest request in MiB (images travel here).")
    max_concurrent_rpcs: int = Field(
        64,
        ge=1,
        description="RPCs served at once, beyond which calls get RESOURCE_EXHAUSTED; twice the search service's 32, "
        "so one search pod gets all it needs within a 0.5 share.",
    )
    max_caller_share: float = Field(
        0.5,
        gt=0,
        le=1,
        description="Largest fraction of max_concurrent_rpcs one caller holds; each search pod is one caller and "
        "needs as many slots as it serves calls at once.",
    )
    unary_deadline_s: float = Field(
        300.0, gt=0, description="Server-side deadline of unary calls; a full image batch on a slow CPU takes minutes."
    )
    model: str | None = Field(
        None,
        description="SigLIP model id (offline cache), local folder, or a name from `mediasearch models list`; "
        "unset = the embedded default model.",
    )
    revision: str | None = Field(None, description="Checkpoint revision (branch, tag or commit).")
    offline: bool = Field(True, description="Never contact a model hub (HF_HUB_OFFLINE semantics).")
    device: str = Field("auto", description="auto (CUDA when present), cpu, cuda or cuda:N.")
    precision: Literal["auto", "float32", "bfloat16", "float16", "int8"] = Field(
        "auto", description="auto = float16 on CUDA, float32 on CPU; bfloat16/int8 speed up CPUs."
    )
    cpu_threads: int = Field(
        0, ge=0, description="torch or ONNX Runtime CPU threads; 0 keeps the runtime's default (all cores)."
    )
    backend: Literal["torch", "onnx"] = Field(
        "torch",
        description="What runs the model: torch (any device and precision) or onnx (ONNX Runtime, CPU only, "
        "float32 or int8; needs onnxruntime from the [embedder] extra).",
    )
    onnx_cache_dir: Path | None = Field(
        None,
        description="Folder for the onnx backend's exports, one subfolder per model identity, reused across "
        "restarts; unset = ~/.cache/mediasearch/onnx.",
    )
    onnx_int8_min_cosine: float = Field(
        0.999,
        ge=0,
        le=1,
        description="Worst cosine against float32, on probe inputs, an int8 ONNX tower may have; a tower below it "
        "runs in float32.",
    )
    lowercase_text: bool | None = Field(None, description="Lower-case texts; unset = auto (SigLIP 2 yes).")
    prompt_templates: list[str] = Field(
        default_factory=lambda: ["This is a photo of {}."],
        description="Default prompt template(s); several form an ensemble.",
    )
    max_batch_size: int = Field(32, ge=1, le=1024, description="Most items in one forward pass.")
    max_batch_wait_ms: float = Field(5.0, ge=0, description="How long a batch waits for more items, in ms.")
    max_queue: int = Field(1024, ge=1, description="Items waiting for the model before RESOURCE_EXHAUSTED.")
    max_background_batch_size: int = Field(
        1,
        ge=1,
        le=1024,
        description="Most background texts (PRIORITY_BACKGROUND: term-store warming) in one forward pass; on "
        "the torch backend a pass gives way to a query between layers, on onnx the query waits for it. One text "
        "per pass keeps a query's wait shortest (foreground p50 +1-7% while warming, against +13-21% with 4) for "
        "8-13% less warming throughput on CPU.",
    )
    background_idle_ms: float = Field(
        200.0,
        ge=0,
        description="How long no query may have arrived or finished before background texts are embedded, in ms.",
    )
    decode_workers: int = Field(2, ge=1, description="Threads decoding and preprocessing images.")
    max_image_bytes: int = Field(32 * 1024 * 1024, ge=1, description="Largest encoded image, in bytes.")
    max_image_pixels: int = Field(50_000_000, ge=1, description="Largest decoded image (decompression bomb guard).")
    max_texts: int = Field(256, ge=1, description="Most texts in one EmbedTexts call.")
    max_text_chars: int = Field(1000, ge=1, description="Longest text, in characters.")
    max_prompt_templates: int = Field(16, ge=1, description="Most prompt templates in one EmbedTexts call.")
    max_prompt_template_chars: int = Field(256, ge=2, description="Longest prompt template, in characters.")

    def model_options(self) -> ModelOptions:
        # A pinned revision is the hub cache's business; otherwise local names resolve to their folder.
        source = (self.model if self.revision else _local_folder(self.model)) if self.model else _embedded_default()
        if not source:
            raise ValueError(
                "no model given and no embedded default model is installed: pass --model "
                "(or set EMBEDDER_MODEL) to a SigLIP model id or folder"
            )
        return ModelOptions(
            source=source,
            revision=self.revision,
            device=self.device,
            precision=self.precision,
            cpu_threads=self.cpu_threads,
            lowercase_text=self.lowercase_text,
            offline=self.offline,
            backend=self.backend,
            onnx_cache_dir=self.onnx_cache_dir,
            onnx_int8_min_cosine=self.onnx_int8_min_cosine,
        )

    def limits(self) -> EmbedderLimits:
        return EmbedderLimits(
            max_batch_size=self.max_batch_size,
            max_batch_wait_ms=self.max_batch_wait_ms,
            max_queue=self.max_queue,
            max_background_batch_size=self.max_background_batch_size,
            background_idle_ms=self.background_idle_ms,
            decode_workers=self.decode_workers,
            max_image_bytes=self.max_image_bytes,
            max_image_pixels=self.max_image_pixels,
            max_texts=self.max_texts,
            max_text_chars=self.max_text_chars,
            max_prompt_templates=self.max_prompt_templates,
            max_prompt_template_chars=self.max_prompt_template_chars,
            stream_idle_timeout_s=self.stream_idle_timeout_s,
            prompt_templates=tuple(self.prompt_templates),
        )


def _embedded_default() -> str | None:
    """The small SigLIP shipped inside the package (trained on emoji scenes), when installed."""
    return str(DEFAULT_MODEL_DIR) if (DEFAULT_MODEL_DIR / "config.json").is_file() else None


def _local_folder(model: str) -> str:
    """A models-folder name or identity (`mediasearch models list`) as its folder; anything else as given.

    Hub ids and paths pass through unchanged to from_pretrained, which keeps the
    offline hub-cache lookup it always had.
    """
    try:
        return str(find_local(model))
    except ModelError:
        return model
