"""Ingest's decode pinned: what reaches the embedder and the stored preview, through the real pipeline.

The references are the separate decodes as they stand on their own: the
embedder's decode and reduction of the original bytes (`decode_image` +
`encode_reduced`, the original when that is smaller) and `make_thumbnail` of
the original bytes. The pipeline runs with a real shrinker, a real embedder
core (tiny model, real forward passes), a real collection on disk; the
payload is recorded on its way to the embedder. Inputs are real encoded
photos: a 12 MP JPEG stored sideways (EXIF 6), a PNG with alpha, a small JPEG
the model size does not shrink, a HEIC.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from embedder_svc.core.embedder import EmbedderCore
from mediasearch.imaging import decode_image, encode_reduced
from mediasearch.testing.photos import encode_photo, photo
from search_svc.core.calibration import default_profile
from search_svc.core.collection import Collection
from search_svc.core.embedding import DeadlinePlanner, ImageSender, PhotoShrinker
from search_svc.core.ingest import ImageEmbedding, IngestItem, IngestPipeline
from search_svc.core.thumbnails import DEFAULT_SPEC, Thumbnail, make_thumbnail

LIMITS = {"max_bytes": 1 << 26, "max_pixels": 50_000_000}


def _alpha_png() -> bytes:
    rgba = photo(3, (900, 600)).convert("RGBA")
    mask = Image.new("L", rgba.size, 255)
    mask.paste(0, (0, 0, 450, 600))  # the left half fully transparent: composited over white for the model
    rgba.putalpha(mask)
    return encode_photo(rgba, "PNG", compress_level=1)


@pytest.fixture(scope="module")
def inputs() -> dict[str, bytes]:
    return {
        "phone-sideways.jpg": encode_photo(photo(1, (4000, 3000)), "JPEG", orientation=6, quality=92),
        "alpha.png": _alpha_png(),
        "small.jpg": encode_photo(photo(2, (200, 150)), "JPEG", quality=90),
        "phone.heic": encode_photo(photo(4, (1600, 1200), grain=3.0), "HEIF", orientation=6, quality=85),
        "wide.jpg": encode_photo(photo(5, (2400, 1000)), "JPEG", quality=92),
    }


class RecordingCall:
    """Calls the real embedder core and keeps every payload it was sent."""

    def __init__(self, core: EmbedderCore) -> None:
        self.core = core
        self.sent: list[bytes] = []

    def __call__(self, images: Sequence[bytes], timeout_s: float) -> list[ImageEmbedding]:
        self.sent.extend(images)
        outcomes = self.core.embed_images([(str(i), d) for i, d in enumerate(images)],
                                          deadline=time.monotonic() + timeout_s)
        return [ImageEmbedding(o.vector, o.failure, o.width, o.height) for o in outcomes]


def ingest(tmp_path: Path, core: EmbedderCore, items: dict[str, bytes], model_size: int) -> tuple[dict[str, bytes], dict[str, Thumbnail]]:
    """Ingest `items` as the service does at `model_size`; the payload per item and its stored preview."""
    info = core.checkpoint.info
    assert info is not None
    collection = Collection.create(tmp_path / f"c{model_size}", name="photos", model_id=info.model_id,
                                   dimension=info.embedding_dimension, calibration=default_profile(10.0, -10.0))
    call = RecordingCall(core)
    shrinker = PhotoShrinker(workers=2, **LIMITS)
    try:
        sender = ImageSender(call, target_size=lambda: model_size, shrinker=shrinker, max_images=1,
                             max_message_bytes=64 << 20, deadlines=DeadlinePlanner(60.0))
        pipeline = IngestPipeline(roots=[], max_image_bytes=LIMITS["max_bytes"], embed_images=sender,
                                  collection_for=lambda name: collection)
        results = pipeline.run([IngestItem("photos", name, data=data) for name, data in items.items()])
    finally:
        shrinker.close()
    assert [r.status.name for r in results] == ["INDEXED"] * len(items), results
    return dict(zip(items, call.sent, strict=True)), collection.thumbnails(list(items))


def model_pixels(payload: bytes, model_size: int) -> np.ndarray:
    return np.asarray(decode_image(payload, target_size=model_size, **LIMITS).image)


@pytest.mark.parametrize("model_size", [224, 32, 384])
def test_the_embedder_gets_the_pixels_of_its_own_decode(tmp_path: Path, embedder_core: EmbedderCore,
                                                        inputs: dict[str, bytes], model_size: int) -> None:
    sent, _ = ingest(tmp_path, embedder_core, inputs, model_size)
    for name, data in inputs.items():
        reduced = encode_reduced(decode_image(data, target_size=model_size, **LIMITS).image)
        # Byte-identical payloads: the very bytes the separate decode makes, so the very same pixels.
        assert sent[name] == min(reduced, data, key=len), name
        assert np.array_equal(model_pixels(sent[name], model_size), model_pixels(data, model_size)), name


def draft_size(data: bytes, requested: int) -> tuple[int, int]:
    """The size JPEG draft mode decodes `data` at for `requested` (the full size for other formats)."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (requested, requested))
        return image.size


def pixels(preview: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(preview)) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.float32)


@pytest.mark.parametrize("model_size", [224, 32, 384])
def test_the_stored_preview_is_the_one_made_from_the_original(tmp_path: Path, embedder_core: EmbedderCore,
                                                              inputs: dict[str, bytes], model_size: int) -> None:
    _, stored = ingest(tmp_path, embedder_core, inputs, model_size)
    identical = 0
    for name, data in inputs.items():
        reference = make_thumbnail(data, DEFAULT_SPEC)
        assert reference is not None
        preview = stored[name]
        # Same size, so the same orientation, whichever decode it came from.
        assert (preview.width, preview.height) == (reference.width, reference.height), name
        if draft_size(data, model_size) == draft_size(data, DEFAULT_SPEC.max_px):
            # The model's decode is the preview's own: the very same bytes.
            assert preview.data == reference.data, name
            identical += 1
        else:
            # Made from the model's decode at another JPEG draft scale (the model's pixels must not move):
            # the same picture, resampled from a slightly different source.
            assert float(np.abs(pixels(preview.data) - pixels(reference.data)).mean()) < 3.0, name
    assert identical >= 3  # the common case (phone photo, PNG, HEIC) is not the tolerant branch
