"""Phone photos end to end: 200 12 MP photos through `mediasearch index`, beside the same photos pre-resized.

    PYTHONPATH=. python -m bench.photos [--count 200] [--folder /tmp/mediasearch-photos] [--unshrunk]

Generates photo-like 4000x3000 images (gradients, shapes, sensor grain) as
JPEG q95, WebP, PNG and HEIC, half of them stored sideways or upside down with an EXIF
orientation, 4-8 MB each (sizes are printed). The folder is kept, so a second
run skips generation. Then, against real services started as processes (the
embedder with the embedded default model, a fresh search service), it runs
`mediasearch index` on (a) the photos, (b) the same photos pre-resized
(upright JPEG q90, shorter side 384 px), and with --unshrunk (c) the photos
with SEARCH_SHRINK_PHOTOS=false (originals sent to the embedder). It prints
errors and images/s for each, and where the time goes per format: decoding
(with and without JPEG draft), shrinking, the bytes that travel, the model.
Heavy (minutes, all cores): run it alone.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parent.parent
SIZE = (4000, 3000)
PRE_RESIZED_SIDE = 384
# Format, file suffix, grain (noise std in levels) and save options chosen so each lands at 4-8 MB.
FORMATS = {
    "JPEG": (".jpg", 12.0, {"quality": 95}),
    "WEBP": (".webp", 12.0, {"quality": 90, "method": 0}),
    "PNG": (".png", 0.3, {}),
    "HEIF": (".heic", 3.0, {"quality": 85, "enc_params": {"preset": "ultrafast"}}),
}
# Out of every 20 photos: 12 JPEG, 3 WebP, 3 PNG (screenshots, edits), 2 HEIC (slow to encode here).
MIX = ["JPEG"] * 12 + ["WEBP"] * 3 + ["PNG"] * 3 + ["HEIF"] * 2
ORIENTATIONS = (1, 6, 1, 8, 1, 3)  # half stored sideways or upside down, as phones write them


def plan(count: int) -> list[tuple[int, str, int]]:
    return [(i, MIX[i % len(MIX)], ORIENTATIONS[i % len(ORIENTATIONS)]) for i in range(count)]


def _write(job: tuple[Path, int, str, int]) -> tuple[str, int]:
    from mediasearch.testing.photos import encode_photo, photo

    path, seed, fmt, orientation = job
    if not path.exists():
        _suffix, grain, options = FORMATS[fmt]
        data = encode_photo(photo(seed, SIZE, grain=grain), fmt, orientation=orientation, **options)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.rename(path)
    return fmt, path.stat().st_size


def generate(folder: Path, count: int, workers: int, printed: list[str]) -> list[Path]:
    originals = folder / "originals"
    originals.mkdir(parents=True, exist_ok=True)
    jobs = [(originals / f"photo-{i:03d}{FORMATS[fmt][0]}", i, fmt, o) for i, fmt, o in plan(count)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        sizes = list(pool.map(_write, jobs))
    by_format: dict[str, list[int]] = {}
    for fmt, size in sizes:
        by_format.setdefault(fmt, []).append(size)
    print(f"photos ready in {time.perf_counter() - started:.0f} s")
    printed.append(f"{len(sizes)} photos of {SIZE[0]}x{SIZE[1]}, {sum(s for _, s in sizes) / 1e9:.2f} GB: " + ", ".join(
        f"{len(s)} {fmt} {min(s) / 1e6:.1f}-{max(s) / 1e6:.1f} MB" for fmt, s in by_format.items())
        + f"; {sum(1 for _i, _f, o in plan(count) if o != 1)} stored sideways or upside down with an EXIF orientation")
    return [job[0] for job in jobs]


def pre_resize(paths: list[Path], folder: Path) -> Path:
    """Upright JPEG copies with the shorter side at PRE_RESIZED_SIDE, as a user's export or thumbnail would be."""
    import mediasearch.imaging  # noqa: F401 - registers the HEIF plugin

    out = folder / f"resized-{PRE_RESIZED_SIDE}"
    out.mkdir(exist_ok=True)
    for path in paths:
        target = out / (path.stem + ".jpg")
        if not target.exists():
            with Image.open(path) as image:
                image.draft("RGB", (PRE_RESIZED_SIDE, PRE_RESIZED_SIDE))
                upright = ImageOps.exif_transpose(image.convert("RGB"))
                upright.thumbnail((10**6, PRE_RESIZED_SIDE) if upright.width > upright.height
                                  else (PRE_RESIZED_SIDE, 10**6), Image.Resampling.BICUBIC)
                upright.save(target, quality=90)
    return out


def where_time_goes(paths: list[Path], per_format: int = 4) -> list[str]:
    """Per format, seconds per photo: full decode, JPEG draft decode, decode+shrink as served, PNG encode; bytes."""
    from embedder_svc.core.model import DEFAULT_MODEL_DIR, ModelOptions, SiglipCheckpoint
    from mediasearch.imaging import decode_image, encode_reduced

    checkpoint = SiglipCheckpoint(ModelOptions(source=str(DEFAULT_MODEL_DIR)))
    checkpoint.load()
    assert checkpoint.info is not None
    model_size = checkpoint.info.image_size
    lines = [f"Where the time goes, seconds per photo (mean of {per_format} per format; model input {model_size} px). "
             "\"As served\" is what the search service runs: decode (JPEG in draft mode), EXIF rotation, shrink to "
             "the model's size; \"KB sent\" is what then travels to the embedder.", "",
             "| format | MB in | full decode (no draft) | draft decode | decode+shrink as served | PNG encode | "
             "KB sent | bytes saved |", "|---|---|---|---|---|---|---|---|"]
    decoded_images = []
    decode_image(paths[0].read_bytes(), target_size=model_size, max_bytes=1 << 30, max_pixels=1 << 30)  # warm-up
    for fmt, (suffix, _grain, _opts) in FORMATS.items():
        sample = [p for p in paths if p.suffix == suffix][:per_format]
        if not sample:
            continue
        full = draft = served = encode = 0.0
        sent = original = 0
        for path in sample:
            data = path.read_bytes()
            original += len(data)
            t0 = time.perf_counter()
            with Image.open(io.BytesIO(data)) as image:
                ImageOps.exif_transpose(image.convert("RGB"))
            t1 = time.perf_counter()
            with Image.open(io.BytesIO(data)) as image:
                image.draft("RGB", (model_size, model_size))
                image.load()
            t2 = time.perf_counter()
            decoded = decode_image(data, target_size=model_size, max_bytes=1 << 30, max_pixels=1 << 30)
            t3 = time.perf_counter()
            reduced = encode_reduced(decoded.image)
            t4 = time.perf_counter()
            full, draft, served, encode = full + t1 - t0, draft + t2 - t1, served + t3 - t2, encode + t4 - t3
            sent += min(len(reduced), len(data))
            decoded_images.append(decoded.image)
        n = len(sample)
        lines.append(f"| {fmt} | {original / n / 1e6:.1f} | {full / n:.3f} | {draft / n:.3f} | {served / n:.3f} | "
                     f"{encode / n:.4f} | {sent / n / 1e3:.1f} | {100 * (1 - sent / original):.2f}% |")
    prepared = [checkpoint.preprocess_image(image) for image in decoded_images]
    checkpoint.encode_images(prepared)  # warm-up
    started = time.perf_counter()
    checkpoint.encode_images(prepared)
    per_image = (time.perf_counter() - started) / len(prepared)
    lines.append(f"\nModel forward pass (embedded default model, batch of {len(prepared)}): {per_image * 1000:.1f} ms per image")
    return lines


class Services:
    """A real embedder (embedded default model) and search service as processes on free ports."""

    def __init__(self, data_dir: Path, **search_env: str) -> None:
        from tests.servers import free_port, wait_serving

        self.embedder_port, self.search_port = free_port(), free_port()
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.processes = [
            subprocess.Popen([sys.executable, "-m", "embedder_svc", "--port", str(self.embedder_port),
                              "--metrics-port", "-1"], env=env, stderr=subprocess.PIPE, text=True),
        ]
        wait_serving(self.embedder_port, "mediasearch.embedder.v1.EmbedderService", self.processes[0])
        search_env = {f"SEARCH_{k.upper()}": v for k, v in search_env.items()}
        self.processes.append(subprocess.Popen(
            [sys.executable, "-m", "search_svc", "--port", str(self.search_port), "--metrics-port", "-1",
             "--data-dir", str(data_dir), "--embedder-address", f"127.0.0.1:{self.embedder_port}"],
            env={**env, **search_env}, stderr=subprocess.PIPE, text=True))
        wait_serving(self.search_port, "mediasearch.search.v1.SearchService", self.processes[1])

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(30)


def index_run(label: str, folder: Path, work: Path, count: int, **search_env: str) -> dict[str, float]:
    services = Services(work / f"data-{label}", **search_env)
    try:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", "from mediasearch.cli.app import run; run()", "--search",
             f"127.0.0.1:{services.search_port}", "--collection", "photos", "index", str(folder)],
            env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
    finally:
        services.close()
    summary = re.search(r"indexed (\d+).*errors (\d+)", done.stdout)
    if done.returncode != 0 or summary is None:
        raise SystemExit(f"{label}: mediasearch index failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    indexed, errors = int(summary.group(1)), int(summary.group(2))
    rate = indexed / elapsed
    print(f"{label}: indexed {indexed}/{count}, errors {errors}, {elapsed:.1f} s, {rate:.2f} images/s")
    if errors:
        print(done.stdout)
    return {"indexed": indexed, "errors": errors, "seconds": elapsed, "rate": rate}


def write_record(printed: list[str], seconds: float, started: str, command: str, key: str = "photos") -> None:
    """Keep the run in bench/results.json (under `key`) beside bench.run's suites, and re-render docs/benchmarks.md."""
    import json

    from bench import machine, report

    path = REPO / "bench" / "results.json"
    results = report.load_results(path)
    results[key] = {"started": started, "seconds": round(seconds), "command": command,
                         "machine": {**machine.describe(os.cpu_count() or 1), "load_average_at_end": machine.load_average()},
                         "printed": "\n".join(printed)}
    path.write_text(json.dumps(results, indent=1, default=float) + "\n")
    (REPO / "docs" / "benchmarks.md").write_text(report.render(results))
    print(f"wrote {path} and docs/benchmarks.md")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "mediasearch-photos")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--unshrunk", action="store_true", help="also index with SEARCH_SHRINK_PHOTOS=false")
    parser.add_argument("--write", action="store_true", help="record the run in bench/results.json and the docs")
    args = parser.parse_args(argv)
    from datetime import datetime, timezone

    started, began = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), time.monotonic()
    printed: list[str] = []
    paths = generate(args.folder, args.count, args.workers, printed)
    resized = pre_resize(paths, args.folder)
    printed.append("")
    printed += where_time_goes(paths)
    print("\n".join(printed))
    for path in paths:  # every run then reads from the page cache, not the first one alone from disk
        path.read_bytes()
    with tempfile.TemporaryDirectory() as work:
        runs = {"photos (shrunk by the search service)": index_run("photos", paths[0].parent, Path(work), args.count)}
        if args.unshrunk:
            runs["photos (originals sent, SEARCH_SHRINK_PHOTOS=false)"] = index_run(
                "unshrunk", paths[0].parent, Path(work), args.count, shrink_photos="false")
        runs[f"pre-resized to {PRE_RESIZED_SIDE} px"] = index_run("resized", resized, Path(work), args.count)
    table = ["", "| `mediasearch index` into a fresh collection (services as processes) | indexed | errors | seconds | "
                 "images/s |", "|---|---|---|---|---|"]
    for label, r in runs.items():
        table.append(f"| {label} | {r['indexed']:.0f} | {r['errors']:.0f} | {r['seconds']:.1f} | {r['rate']:.2f} |")
    print("\n".join(table))
    printed += table
    if args.write:
        command = "python -m bench.photos " + " ".join(sys.argv[1:] if argv is None else argv)
        write_record(printed, time.monotonic() - began, started, command)
    return 1 if any(r["errors"] or r["indexed"] != args.count for r in runs.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
