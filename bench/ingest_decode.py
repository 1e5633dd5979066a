"""Ingest with one decode per photo against ingest with two (one for the model, one for the preview), side by side.

    PYTHONPATH=. python -m bench.ingest_decode [--count 24] [--rounds 3] [--model-sizes 224,384] [--write]

Generates phone-sized JPEGs (4000x3000, quality 92, gradients, shapes and
sensor grain, half stored sideways with EXIF orientation 6; sizes printed),
then ingests them through the real `IngestPipeline`: a real shrinker (2
decode workers, the default), a real embedder core on a tiny random SigLIP
(its forward pass costs next to nothing, so the decode work shows), a real
collection on disk. "two decodes" asks the embedding side for no previews,
so the pipeline makes each preview itself from the original bytes, as
ingest did before the decode was shared; "one decode" is ingest as it is.
Rounds alternate between the two into fresh collections; the best round of
each is reported. Keep it under the shared lock: it uses both cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.photos import write_record
from embedder_svc.core.embedder import EmbedderCore, EmbedderLimits
from embedder_svc.core.model import ModelOptions, SiglipCheckpoint
from mediasearch.testing.photos import encode_photo, photo
from mediasearch.testing.tiny_siglip import build_tiny_siglip
from search_svc.core.calibration import default_profile
from search_svc.core.collection import Collection
from search_svc.core.embedding import DeadlinePlanner, ImageSender, PhotoShrinker
from search_svc.core.ingest import ImageEmbedding, IngestItem, IngestPipeline
from search_svc.core.thumbnails import ThumbnailSpec

SIZE = (4000, 3000)
MAX_BYTES = 1 << 26


def photos(folder: Path, count: int) -> list[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        path = folder / f"phone-{i:02d}.jpg"
        if not path.exists():
            path.write_bytes(encode_photo(photo(100 + i, SIZE), "JPEG", orientation=6 if i % 2 else 1, quality=92))
        out.append(path.read_bytes())
    return out


def run_once(core: EmbedderCore, data: list[bytes], model_size: int, shared: bool, work: Path) -> float:
    """Seconds to ingest `data` into a fresh collection; `shared` False makes previews from the bytes again."""
    info = core.checkpoint.info
    assert info is not None
    collection = Collection.create(work, name="photos", model_id=info.model_id, dimension=info.embedding_dimension,
                                   calibration=default_profile(info.logit_scale_exp, info.logit_bias))

    def call(images: Sequence[bytes], timeout_s: float) -> list[ImageEmbedding]:
        outcomes = core.embed_images([(str(i), d) for i, d in enumerate(images)], deadline=time.monotonic() + timeout_s)
        return [ImageEmbedding(o.vector, o.failure, o.width, o.height) for o in outcomes]

    shrinker = PhotoShrinker(max_bytes=MAX_BYTES, max_pixels=50_000_000, workers=2)
    sender = ImageSender(call, target_size=lambda: model_size, shrinker=shrinker, max_images=16,
                         max_message_bytes=64 << 20, deadlines=DeadlinePlanner(120.0))

    def embed(images: Sequence[bytes], previews: ThumbnailSpec | None) -> list[ImageEmbedding]:
        return sender(images, previews if shared else None)

    pipeline = IngestPipeline(roots=[], max_image_bytes=MAX_BYTES, embed_images=embed,
                              collection_for=lambda name: collection)
    try:
        started = time.perf_counter()
        # Batches of 16, as the service's default SEARCH_INGEST_BATCH_SIZE hands the pipeline.
        for start in range(0, len(data), 16):
            results = pipeline.run([IngestItem("photos", f"p{start + i}", data=d)
                                    for i, d in enumerate(data[start:start + 16])])
            assert all(r.status.name == "INDEXED" for r in results), results
        elapsed = time.perf_counter() - started
        assert len(collection.thumbnails([f"p{i}" for i in range(len(data))])) == len(data)
    finally:
        shrinker.close()
        collection.close(snapshot=False)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model-sizes", default="224,384", help="model input sides to shrink for, comma-separated")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "mediasearch-ingest-decode")
    parser.add_argument("--write", action="store_true", help="record the run in bench/results.json and the docs")
    args = parser.parse_args(argv)
    started, began = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), time.monotonic()
    data = photos(args.folder, args.count)
    sizes = sorted(len(d) for d in data)
    printed = [f"{len(data)} JPEGs {SIZE[0]}x{SIZE[1]} q92, {sizes[0] / 1e6:.1f}-{sizes[-1] / 1e6:.1f} MB, half "
               f"stored sideways (EXIF 6), ingested in batches of 16; best of {args.rounds} alternating rounds", "",
               "| model input | two decodes (before) images/s | one decode (now) images/s | speed-up |", "|---|---|---|---|"]
    print(printed[0])
    with tempfile.TemporaryDirectory() as work:
        core = EmbedderCore(SiglipCheckpoint(ModelOptions(source=str(build_tiny_siglip(Path(work) / "model")))),
                            EmbedderLimits())
        core.load()
        try:
            for model_size in (int(s) for s in args.model_sizes.split(",")):
                best = {False: float("inf"), True: float("inf")}
                run_once(core, data[:2], model_size, True, Path(work) / f"warm-{model_size}")
                for round_ in range(args.rounds):
                    for shared in (False, True):
                        folder = Path(work) / f"{model_size}-{round_}-{shared}"
                        best[shared] = min(best[shared], run_once(core, data, model_size, shared, folder))
                before, now = len(data) / best[False], len(data) / best[True]
                printed.append(f"| {model_size} px | {before:.2f} | {now:.2f} | {now / before:.2f}x |")
        finally:
            core.close()
    print("\n".join(printed[1:]))
    if args.write:
        command = "python -m bench.ingest_decode " + " ".join(sys.argv[1:] if argv is None else argv)
        write_record(printed, time.monotonic() - began, started, command, key="ingest_decode")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
