"""Embedder backends side by side: torch float32/bfloat16/int8 against ONNX Runtime float32/int8.

`python -m bench.backends [--rounds 8 --texts 20] [--record]`. One process loads a SigLIP-base-shaped model
with random weights (built offline, bench.workspace) once per backend, exactly as the service does
(`SiglipCheckpoint`), then runs rounds: in each, every backend in turn (the order rotates each round)
embeds `--texts` text queries one at a time (batch 1, as a search query arrives) and one batch of 16
photos (preprocessed beforehand, outside the timing, identical for all). Agreement is each row's cosine
with torch float32's row for the same input. The ONNX int8 backend is loaded with no agreement floor, so
the table shows its real agreement; the service's default floor (EMBEDDER_ONNX_INT8_MIN_COSINE) decides
whether it would run a tower in int8 or fall back to float32, and the notes say which.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench import report
from bench.embedder_parts import prepare
from bench.stats import Latencies, Progress, fmt
from bench.workspace import Workspace, photo_bytes, text_query
from embedder_svc.core.model import ModelOptions, SiglipCheckpoint
from embedder_svc.settings import EmbedderSettings

IMAGE_BATCH = 16
PROMPT = "This is a photo of {}."
BACKENDS = (
    ("torch float32", "torch", "float32"),
    ("torch bfloat16", "torch", "bfloat16"),
    ("torch int8", "torch", "int8"),
    ("onnx float32", "onnx", "float32"),
    ("onnx int8", "onnx", "int8"),
)
REFERENCE = "torch float32"


@dataclass
class Measured:
    text: Latencies = field(default_factory=Latencies)
    image: Latencies = field(default_factory=Latencies)
    text_cosines: list[float] = field(default_factory=list)
    image_cosines: list[float] = field(default_factory=list)


def load(folder: Path, backend: str, precision: str, threads: int, cache: Path) -> SiglipCheckpoint:
    checkpoint = SiglipCheckpoint(
        ModelOptions(str(folder), precision=precision, cpu_threads=threads, backend=backend, onnx_cache_dir=cache,
                     onnx_int8_min_cosine=0.0)
    )
    checkpoint.load()
    return checkpoint


def run_rounds(checkpoints: dict[str, SiglipCheckpoint], texts: list[list[str]], images: list[list[dict]],
               progress: Progress) -> dict[str, Measured]:
    measured = {name: Measured() for name in checkpoints}
    names = list(checkpoints)
    for round_number, (round_texts, round_images) in enumerate(zip(texts, images, strict=True)):
        shift = round_number % len(names)
        outputs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in names[shift:] + names[:shift]:
            checkpoint, into = checkpoints[name], measured[name]
            rows = [into.text.time(lambda c=checkpoint, t=text: c.encode_texts([t])) for text in round_texts]
            batch = into.image.time(lambda c=checkpoint, b=round_images: c.encode_images(b))
            outputs[name] = (np.concatenate(rows), batch)
        reference_texts, reference_images = outputs[REFERENCE]
        for name, (text_rows, image_rows) in outputs.items():
            measured[name].text_cosines += np.sum(text_rows * reference_texts, axis=1).tolist()
            measured[name].image_cosines += np.sum(image_rows * reference_images, axis=1).tolist()
        progress(f"round {round_number + 1}/{len(texts)}: " + ", ".join(
            f"{n} {measured[n].text.seconds[-1] * 1000:.0f}/{measured[n].image.seconds[-1]:.2f}s" for n in names))
    return measured


def table(measured: dict[str, Measured], rounds: int, per_round: int) -> str:
    reference = measured["torch int8"].text.p50_ms
    lines = [
        f"| backend | text p50 ms | text p99 ms | texts/s (batch 1) | text p50 vs torch int8 | "
        f"images p50 s (batch {IMAGE_BATCH}) | images p99 s | images/s | worst text cosine | worst image cosine |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in measured.items():
        lines.append(
            f"| {name} | {m.text.p50_ms:.1f} | {m.text.p99_ms:.1f} | {len(m.text.seconds) / m.text.total:.1f} | "
            f"{reference / m.text.p50_ms:.2f}x | {m.image.p50_ms / 1000:.2f} | {m.image.p99_ms / 1000:.2f} | "
            f"{IMAGE_BATCH * len(m.image.seconds) / m.image.total:.1f} | {min(m.text_cosines):.5f} | "
            f"{min(m.image_cosines):.5f} |"
        )
    lines += ["", f"- {rounds} rounds; per round and backend {per_round} text queries one at a time and one batch "
              f"of {IMAGE_BATCH} photos: {rounds * per_round} text and {rounds} image samples per backend.",
              "- text p50 vs torch int8 = torch int8's p50 / this backend's p50 (above 1: faster than torch int8)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--texts", type=int, default=20, help="text queries per round and backend")
    parser.add_argument("--model", choices=("base", "tiny"), default="base", help="tiny: a smoke run of the script")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads per backend (0 = every core)")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "mediasearch-backends",
                        help="model and ONNX exports, kept for later runs")
    parser.add_argument("--record", action="store_true", help="write the figures into bench/results.json and docs")
    args = parser.parse_args()
    run = report.StandaloneRun.start(args.threads)
    threads, progress = run.threads, run.progress
    ws = Workspace(args.work_dir, threads, progress)
    folder = ws.model_dir(args.model)
    checkpoints = {}
    load_seconds = {}
    for name, backend, precision in BACKENDS:
        loading = time.monotonic()
        checkpoints[name] = load(folder, backend, precision, threads, args.work_dir / "onnx")
        load_seconds[name] = time.monotonic() - loading
        progress(f"loaded {name} in {load_seconds[name]:.0f} s")
    words = ws.query_words(args.model)
    texts = [[PROMPT.format(text_query(words, r * 1000 + i, 3 + i % 5)) for i in range(args.texts)]
             for r in range(args.rounds)]
    photos = [[photo_bytes(r * 100 + i, (640, 480)) for i in range(IMAGE_BATCH)] for r in range(args.rounds)]
    images = [prepare(checkpoints[REFERENCE], batch) for batch in photos]
    for checkpoint in checkpoints.values():  # first calls pay one-time costs outside the timing
        checkpoint.encode_texts([texts[0][0]])
        checkpoint.encode_images(images[0][:2])
    measured = run_rounds(checkpoints, texts, images, progress)
    onnx_int8 = checkpoints["onnx int8"]._onnx
    assert onnx_int8 is not None
    floor = EmbedderSettings.model_fields["onnx_int8_min_cosine"].default
    verdicts = ", ".join(
        f"{tower} {cosine:.5f} ({'int8' if cosine >= floor else 'falls back to float32'})"
        for tower, cosine in onnx_int8.agreement.items()
    )
    printed = table(measured, args.rounds, args.texts) + (
        f"\n- ONNX int8 probe agreement per tower (the service's check at load, floor {floor}): {verdicts}."
        f"\n- load (first: export and quantise; seconds): "
        + ", ".join(f"{n} {fmt(s, 1)}" for n, s in load_seconds.items())
    )
    print(printed, flush=True)
    if args.record:
        command = f"python -m bench.backends --model {args.model} --rounds {args.rounds} --texts {args.texts}"
        data = {name: {"text": m.text.summary(), "image": m.image.summary(), "worst_text_cosine": min(m.text_cosines),
                       "worst_image_cosine": min(m.image_cosines)} for name, m in measured.items()}
        run.record("embedder_backends", command=command, printed=printed,
                   data={"backends": data, "int8_agreement": onnx_int8.agreement, "load_seconds": load_seconds})


if __name__ == "__main__":
    main()
