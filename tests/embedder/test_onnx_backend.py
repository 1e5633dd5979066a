"""The ONNX Runtime backend: agrees with torch, exports once per model, survives a damaged cache, serves gRPC."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import numpy as np
import pytest

from embedder_svc.core.model import ModelOptions, SiglipCheckpoint
from embedder_svc.core.onnx_towers import MANIFEST, cache_folder
from embedder_svc.server import create_server
from mediasearch import vectors
from mediasearch.embedder.v1 import embedder_pb2, embedder_pb2_grpc
from mediasearch.imaging import decode_image
from mediasearch.testing.images import pattern_image
from tests.servers import embedder_settings

pytest.importorskip("onnxruntime")

TEXTS = ["a dog on a beach", "a cat sleeping on a red sofa at night", "pizza", "mountains lake sunset sky clouds"]


def _onnx(model_dir: Path, cache: Path, **options: object) -> SiglipCheckpoint:
    checkpoint = SiglipCheckpoint(
        ModelOptions(str(model_dir), cpu_threads=1, backend="onnx", onnx_cache_dir=cache, **options)  # type: ignore[arg-type]
    )
    checkpoint.load()
    return checkpoint


def _images(checkpoint: SiglipCheckpoint) -> list[dict[str, np.ndarray]]:
    assert checkpoint.info is not None
    size = checkpoint.info.image_size
    decoded = [decode_image(pattern_image(seed), target_size=size, max_bytes=1 << 24, max_pixels=1 << 24) for seed in range(5)]
    return [checkpoint.preprocess_image(d.image) for d in decoded]


def _row_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


@pytest.fixture(scope="module")
def torch_fp32(tiny_model_dir: Path) -> SiglipCheckpoint:
    checkpoint = SiglipCheckpoint(ModelOptions(str(tiny_model_dir), cpu_threads=1))
    checkpoint.load()
    return checkpoint


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx_fp32(tiny_model_dir: Path, cache: Path) -> SiglipCheckpoint:
    return _onnx(tiny_model_dir, cache)


def test_float32_export_agrees_with_torch_float32_row_by_row(
    torch_fp32: SiglipCheckpoint, onnx_fp32: SiglipCheckpoint
) -> None:
    texts = _row_cosines(onnx_fp32.encode_texts(TEXTS), torch_fp32.encode_texts(TEXTS))
    images = _row_cosines(onnx_fp32.encode_images(_images(onnx_fp32)), torch_fp32.encode_images(_images(torch_fp32)))
    assert texts.min() >= 0.999 and images.min() >= 0.999, (texts, images)
    # Different inputs still give different vectors: the comparison above is not between constants.
    assert _row_cosines(onnx_fp32.encode_texts(TEXTS[:1]), onnx_fp32.encode_texts(TEXTS[1:2]))[0] < 0.999


def test_onnx_model_info_matches_torch_and_names_the_runtime(
    torch_fp32: SiglipCheckpoint, onnx_fp32: SiglipCheckpoint
) -> None:
    assert onnx_fp32.info is not None and torch_fp32.info is not None
    assert onnx_fp32.info.model_id == torch_fp32.info.model_id
    assert onnx_fp32.info.embedding_dimension == torch_fp32.info.embedding_dimension
    assert onnx_fp32.info.device == "cpu (onnxruntime)" and onnx_fp32.info.dtype == "float32"
    assert onnx_fp32.model is None, "the torch weights are freed once ONNX Runtime holds its own"


def test_the_export_is_cached_by_model_identity_and_reused(
    tiny_model_dir: Path, cache: Path, onnx_fp32: SiglipCheckpoint
) -> None:
    assert onnx_fp32._onnx is not None and onnx_fp32.info is not None
    folder = cache_folder(cache, onnx_fp32.info.model_id)
    files = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.onnx")}
    assert set(files) == {"text.float32.onnx", "vision.float32.onnx"}

    again = _onnx(tiny_model_dir, cache)
    assert again._onnx is not None and again._onnx.exported == [], "a second load must not export again"
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.onnx")} == files
    assert np.allclose(again.encode_texts(TEXTS), onnx_fp32.encode_texts(TEXTS), atol=1e-6)


def test_another_model_gets_its_own_export(tmp_path: Path, cache: Path, onnx_fp32: SiglipCheckpoint) -> None:
    from mediasearch.testing.tiny_siglip import build_tiny_siglip

    other = _onnx(build_tiny_siglip(tmp_path / "other", seed=1), cache)
    assert other._onnx is not None and sorted(other._onnx.exported) == ["text.float32.onnx", "vision.float32.onnx"]
    assert other._onnx.folder != onnx_fp32._onnx.folder  # type: ignore[union-attr]


def test_a_damaged_export_is_rebuilt_not_trusted(tiny_model_dir: Path, tmp_path: Path, torch_fp32: SiglipCheckpoint) -> None:
    first = _onnx(tiny_model_dir, tmp_path)
    assert first._onnx is not None
    damaged = first._onnx.folder / "text.float32.onnx"
    damaged.write_bytes(damaged.read_bytes()[:1000])  # truncated mid-file

    rebuilt = _onnx(tiny_model_dir, tmp_path)
    assert rebuilt._onnx is not None and rebuilt._onnx.exported == ["text.float32.onnx"]
    assert _row_cosines(rebuilt.encode_texts(TEXTS), torch_fp32.encode_texts(TEXTS)).min() >= 0.999


def test_a_file_onnxruntime_refuses_is_rebuilt_even_when_its_checksum_was_recomputed(
    tiny_model_dir: Path, tmp_path: Path, torch_fp32: SiglipCheckpoint
) -> None:
    first = _onnx(tiny_model_dir, tmp_path)
    assert first._onnx is not None
    folder = first._onnx.folder
    (folder / "vision.float32.onnx").write_bytes(b"not an onnx model at all")
    manifest = json.loads((folder / MANIFEST).read_text())
    import hashlib

    manifest["files"]["vision.float32.onnx"] = hashlib.sha256(b"not an onnx model at all").hexdigest()
    (folder / MANIFEST).write_text(json.dumps(manifest))

    rebuilt = _onnx(tiny_model_dir, tmp_path)
    assert rebuilt._onnx is not None and rebuilt._onnx.exported == ["vision.float32.onnx"]
    images = _row_cosines(rebuilt.encode_images(_images(rebuilt)), torch_fp32.encode_images(_images(torch_fp32)))
    assert images.min() >= 0.999


def test_a_garbled_manifest_means_export_again(tiny_model_dir: Path, tmp_path: Path) -> None:
    first = _onnx(tiny_model_dir, tmp_path)
    assert first._onnx is not None
    (first._onnx.folder / MANIFEST).write_text("{not json")
    again = _onnx(tiny_model_dir, tmp_path)
    assert again._onnx is not None and sorted(again._onnx.exported) == ["text.float32.onnx", "vision.float32.onnx"]


def test_int8_runs_where_it_keeps_agreement(tiny_model_dir: Path, cache: Path, torch_fp32: SiglipCheckpoint) -> None:
    # Any agreement accepted: both towers run int8, close to float32 but not copies of it.
    loose = _onnx(tiny_model_dir, cache, precision="int8", onnx_int8_min_cosine=0.0)
    assert loose._onnx is not None and loose._onnx.precision == {"text": "int8", "vision": "int8"}
    texts = _row_cosines(loose.encode_texts(TEXTS), torch_fp32.encode_texts(TEXTS))
    assert texts.min() < 1.0 - 1e-7, "int8 is not a copy of float32"
    # At 0.99 each tower runs int8 exactly where its measured agreement reaches it. That depends on the CPU's
    # int8 kernels: on AVX2 without VNNI this random tower's vision agreement was 0.58 (u8 x s8 products
    # saturate), so it ran in float32 there, as a user's service would; on VNNI CPUs both towers pass.
    quantised = _onnx(tiny_model_dir, cache, precision="int8", onnx_int8_min_cosine=0.99)
    assert quantised._onnx is not None
    agreement = quantised._onnx.agreement
    assert quantised._onnx.precision == {
        tower: "int8" if agreement[tower] >= 0.99 else "float32" for tower in ("text", "vision")
    }, agreement
    texts = _row_cosines(quantised.encode_texts(TEXTS), torch_fp32.encode_texts(TEXTS))
    assert texts.min() >= (0.98 if quantised._onnx.precision["text"] == "int8" else 0.999)

    strict = _onnx(tiny_model_dir, cache, precision="int8", onnx_int8_min_cosine=1.0)
    assert strict._onnx is not None and strict._onnx.precision == {"text": "float32", "vision": "float32"}
    assert strict._onnx.exported == [], "the int8 files and their measured agreement came from the cache"
    assert _row_cosines(strict.encode_texts(TEXTS), torch_fp32.encode_texts(TEXTS)).min() >= 0.999


@pytest.mark.parametrize(
    ("options", "words"),
    [({"precision": "bfloat16"}, "float32 or int8"), ({"device": "cuda"}, "CUDA|on the CPU")],
)
def test_what_the_onnx_backend_cannot_run_is_a_clear_error(
    tiny_model_dir: Path, tmp_path: Path, options: dict[str, str], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        _onnx(tiny_model_dir, tmp_path, **options)


def test_an_unwritable_cache_folder_is_a_clear_error(tiny_model_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.raises(ValueError, match="EMBEDDER_ONNX_CACHE_DIR"):
        _onnx(tiny_model_dir, blocker)


def test_the_grpc_server_embeds_with_the_onnx_backend(
    tiny_model_dir: Path, cache: Path, torch_fp32: SiglipCheckpoint
) -> None:
    settings = embedder_settings(tiny_model_dir, backend="onnx", onnx_cache_dir=cache, metrics_port=-1)
    server, port = create_server(settings, port=0)
    try:
        server.wait_ready(60)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = embedder_pb2_grpc.EmbedderServiceStub(channel)
            info = stub.GetModelInfo(embedder_pb2.GetModelInfoRequest())
            texts = stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=TEXTS, prompt_templates=["{}"]))
            images = stub.BatchEmbedImages(
                embedder_pb2.BatchEmbedImagesRequest(
                    images=[embedder_pb2.ImageInput(id=str(i), data=pattern_image(i)) for i in range(3)]
                    + [embedder_pb2.ImageInput(id="junk", data=b"junk")]
                )
            )
    finally:
        server.stop(0)
    assert info.device == "cpu (onnxruntime)" and info.precision == embedder_pb2.PRECISION_FLOAT32
    served = np.stack([vectors.from_proto(v) for v in texts.embeddings])
    assert _row_cosines(served, torch_fp32.encode_texts(TEXTS)).min() >= 0.999
    assert [r.WhichOneof("outcome") for r in images.results] == ["embedding"] * 3 + ["error"]
    assert images.results[3].error.reason == "IMAGE_FORMAT_UNSUPPORTED"
