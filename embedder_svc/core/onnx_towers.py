"""The ONNX Runtime backend (EMBEDDER_BACKEND=onnx): both SigLIP towers exported once per model, cached on disk.

ONNX Runtime is what immich runs its CLIP models on for CPUs: its graph
optimiser fuses attention and layer norms that eager torch runs op by op, and
its dynamic int8 quantisation covers every MatMul, where torch's
`quantize_dynamic` only covers `nn.Linear`. Exporting a tower takes seconds
to minutes, so the files are kept in `<cache>/<model identity>/`: the
identity is the content fingerprint of the checkpoint (mediasearch.models),
so another checkpoint never reuses them and a moved one still does. A
manifest records each file's SHA-256; a file that is missing, damaged or
refused by ONNX Runtime is exported again, never trusted and never fatal.
An exclusive file lock lets replicas that share the folder export once.

int8 is used per tower only where it keeps agreement: each quantised tower
is compared with its float32 export on probe inputs, and a tower whose worst
cosine falls below `int8_min_cosine` runs in float32 instead (logged).
torch, onnx and onnxruntime are imported lazily: only this backend needs them.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

EXPORT_FORMAT = 1
OPSET = 17
MANIFEST = "manifest.json"
TOWERS = {"text": "get_text_features", "vision": "get_image_features"}
_ONNX_PRECISIONS = ("float32", "int8")


def default_cache_dir() -> Path:
    """Where exports go when EMBEDDER_ONNX_CACHE_DIR is unset: beside the fetched models' default folder."""
    return Path.home() / ".cache" / "mediasearch" / "onnx"


@dataclass(frozen=True)
class OnnxOptions:
    """How the ONNX backend runs; mirrors the EMBEDDER_ONNX_* settings."""

    cache_dir: Path
    precision: str = "float32"
    threads: int = 0
    int8_min_cosine: float = 0.999

    def __post_init__(self) -> None:
        if self.precision not in _ONNX_PRECISIONS:
            raise ValueError(
                f"the onnx backend runs float32 or int8, not {self.precision}; use EMBEDDER_BACKEND=torch for it"
            )


@dataclass
class OnnxTowers:
    """One ONNX Runtime session per tower, with what loading them took."""

    sessions: dict[str, Any]
    folder: Path
    # Files written by this load (empty when every file came from the cache).
    exported: list[str]
    # Per tower: "int8" or "float32", and the worst probe cosine of int8 against float32 (when checked).
    precision: dict[str, str]
    agreement: dict[str, float]

    def run(self, tower: str, inputs: dict[str, np.ndarray]) -> np.ndarray:
        """The tower's unnormalised features for a batch of model inputs."""
        return _run(self.sessions[tower], inputs)


def _run(session: Any, inputs: dict[str, np.ndarray]) -> np.ndarray:
    names = {i.name for i in session.get_inputs()}
    return np.asarray(session.run(None, {k: v for k, v in inputs.items() if k in names})[0], dtype=np.float32)


def cache_folder(cache_dir: Path, identity: str) -> Path:
    """A folder name from a model identity (`name@fingerprint`, or a hub id with slashes)."""
    return cache_dir / re.sub(r"[^A-Za-z0-9._@-]+", "--", identity)


def load_towers(
    model: Any, identity: str, options: OnnxOptions, probes: dict[str, dict[str, np.ndarray]]
) -> OnnxTowers:
    """Sessions for both towers of `model` (a float32 torch SigLIP), exporting what the cache lacks.

    `probes` holds one batch of model inputs per tower: the example the export traces, and the inputs
    int8 agreement is checked on.
    """
    folder = cache_folder(options.cache_dir, identity)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _exclusive(folder / ".lock"):
            cache = _Cache(folder, identity)
            towers = OnnxTowers({}, folder, [], {}, {})
            for tower in TOWERS:
                _load_tower(towers, cache, model, tower, probes[tower], options)
            towers.exported = cache.written
            return towers
    except OSError as error:
        raise ValueError(
            f"the onnx backend cannot use its cache folder {folder} ({error}); "
            "point EMBEDDER_ONNX_CACHE_DIR at a writable folder with room for the exports"
        ) from error


def _load_tower(
    towers: OnnxTowers, cache: _Cache, model: Any, tower: str, probe: dict[str, np.ndarray], options: OnnxOptions
) -> None:
    def export(path: Path) -> None:
        _export(model, TOWERS[tower], probe, path)

    fp32 = cache.ensure(f"{tower}.float32.onnx", export)
    name, make = fp32, export
    if options.precision == "int8":

        def quantise(path: Path) -> None:
            _quantise(cache.folder / fp32, path)

        int8 = cache.ensure(f"{tower}.int8.onnx", quantise)
        cosine = cache.agreement(int8, lambda: _agreement(cache.folder, fp32, int8, probe, options))
        towers.agreement[tower] = cosine
        if cosine >= options.int8_min_cosine:
            name, make = int8, quantise
        else:
            log.warning(
                "onnx int8 %s tower agrees with float32 only to cosine %.5f (< %.5f): it runs in float32",
                tower,
                cosine,
                options.int8_min_cosine,
            )
    towers.sessions[tower] = cache.session(name, options.threads, rebuild=make)
    towers.precision[tower] = "int8" if name != fp32 else "float32"


class _Cache:
    """The export folder and its manifest of file checksums."""

    def __init__(self, folder: Path, identity: str) -> None:
        self.folder, self.identity = folder, identity
        self.written: list[str] = []
        self.manifest = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text())
        except (OSError, ValueError):
            return self._empty()
        valid = (
            isinstance(manifest, dict)
            and manifest.get("format") == EXPORT_FORMAT
            and manifest.get("identity") == self.identity
            and isinstance(manifest.get("files"), dict)
        )
        return manifest if valid else self._empty()

    def _empty(self) -> dict[str, Any]:
        return {"format": EXPORT_FORMAT, "identity": self.identity, "opset": OPSET, "files": {}, "agreement": {}}

    def _write(self) -> None:
        temporary = self.folder / (MANIFEST + ".tmp")
        temporary.write_text(json.dumps(self.manifest, indent=1, sort_keys=True))
        os.replace(temporary, self.folder / MANIFEST)

    def ensure(self, name: str, make: Callable[[Path], None], *, force: bool = False) -> str:
        """`name`, made by `make` unless the folder already holds it with the checksum the manifest records."""
        path = self.folder / name
        recorded = self.manifest["files"].get(name)
        if not force and recorded and path.is_file() and _sha256(path) == recorded:
            return name
        if recorded:
            log.warning("onnx cache %s: %s is missing or damaged; exporting it again", self.folder, name)
        temporary = self.folder / (name + ".tmp")
        make(temporary)
        os.replace(temporary, path)
        self.manifest["files"][name] = _sha256(path)
        self.manifest["agreement"].pop(name, None)
        self._write()
        self.written.append(name)
        return name

    def agreement(self, name: str, measure: Callable[[], float]) -> float:
        """The recorded probe agreement of `name`, measured once per file."""
        known = self.manifest["agreement"].get(name)
        if isinstance(known, (int, float)):
            return float(known)
        cosine = measure()
        self.manifest["agreement"][name] = cosine
        self._write()
        return cosine

    def session(self, name: str, threads: int, *, rebuild: Callable[[Path], None]) -> Any:
        """An ONNX Runtime session for `name`; a file it refuses (damaged after the check) is made again once."""
        try:
            return _session(self.folder / name, threads)
        except Exception as error:  # noqa: BLE001  # onnxruntime raises its own Fail/InvalidProtobuf types
            log.warning("onnx cache %s: onnxruntime refused %s (%s); exporting it again", self.folder, name, error)
        self.ensure(name, rebuild, force=True)
        return _session(self.folder / name, threads)


def _session(path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads > 0:
        options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1  # one forward pass at a time holds the cores (the model's forward lock)
    return onnxruntime.InferenceSession(os.fspath(path), options, providers=["CPUExecutionProvider"])


def _tower_module(model: Any, method: str, names: Sequence[str]) -> Any:
    """A torch module running one tower from positional tensors, as torch.onnx.export traces it."""
    import torch

    class Tower(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: Any) -> Any:
            output = getattr(self.model, method)(**dict(zip(names, tensors, strict=True)))
            return output if hasattr(output, "dim") else output.pooler_output

    return Tower()


def _export(model: Any, method: str, probe: dict[str, np.ndarray], path: Path) -> None:
    import warnings

    import torch

    names = sorted(probe)
    example = tuple(torch.from_numpy(np.ascontiguousarray(probe[name])) for name in names)
    axes = {name: {0: "batch"} for name in names}
    log.info("exporting the %s tower to %s (once per model)", method, path.name)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer chatter
            torch.onnx.export(
                _tower_module(model, method, names),
                example,
                os.fspath(path),
                input_names=names,
                output_names=["features"],
                dynamic_axes={**axes, "features": {0: "batch"}},
                opset_version=OPSET,
                dynamo=False,
            )
    except Exception as error:  # noqa: BLE001  # an export failure is a configuration problem, said once
        path.unlink(missing_ok=True)
        raise ValueError(
            f"cannot export this model's {method} to ONNX ({error}); run it with EMBEDDER_BACKEND=torch"
        ) from error


def _quantise(source: Path, path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    # It advises a pre-processing pass on the root logger at every call; that pass changes nothing here.
    advice = _DropMessages("pre-processing before quantization")
    root.addFilter(advice)
    try:
        # MatMul weights only: quantising the embedding Gather as well costs agreement for no speed.
        quantize_dynamic(
            os.fspath(source), os.fspath(path), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"]
        )
    finally:
        root.removeFilter(advice)


class _DropMessages(logging.Filter):
    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.fragment = fragment

    def filter(self, record: logging.LogRecord) -> bool:
        return self.fragment not in record.getMessage()


def _agreement(folder: Path, fp32: str, int8: str, probe: dict[str, np.ndarray], options: OnnxOptions) -> float:
    """The worst row cosine between the int8 and float32 files' outputs on the probe inputs."""
    reference = _session(folder / fp32, options.threads)
    quantised = _session(folder / int8, options.threads)
    exact, approximate = (_run(session, probe) for session in (reference, quantised))
    exact /= np.maximum(np.linalg.norm(exact, axis=1, keepdims=True), 1e-12)
    approximate /= np.maximum(np.linalg.norm(approximate, axis=1, keepdims=True), 1e-12)
    return float(np.min(np.sum(exact * approximate, axis=1)))


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
