"""Video keyframes and ingest, measured: frames kept per minute, scene recall, speed, memory.

    PYTHONPATH=. python -m bench.video [--videos 6] [--minutes 1.0] [--write]

Generates videos from the demo scenes (one known concept per shot, shots of
2-12 s, a slow pan and sensor grain so frames of one shot differ as a
camera's do), half H.264 in MP4 and half VP9 in WebM at 320x240, 24 fps,
plus one 1080p and one 4K H.264 clip for memory. Then:
1. keyframe extraction alone, each file in a fresh process (so its peak RSS
   is the file's): frames kept per minute, scene recall (a shot counts as
   found when a kept frame lies inside it), decoding speed in video-seconds
   per second, peak memory;
2. `mediasearch index` end to end (in-process embedder with the embedded
   default model, and search service) on the 320x240 videos: video-seconds
   ingested per second, and moment recall: a search for each shot's concept,
   restricted to its video, whose best moment lies in a shot of that concept.
Heavy for a few minutes: run it under `flock /work/heavy.lock`.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SIZE = (320, 240)
FPS = 24
CONCEPTS = ("dog", "cat", "pizza", "car", "banana", "apple", "tree", "bicycle", "rocket", "fish", "horse", "house")


def shots(seed: int, minutes: float) -> list[tuple[str, bytes, float]]:
    """(concept, PNG of a demo scene showing it, seconds) until `minutes` are filled; no concept twice in a row."""
    from mediasearch.demo.scenes import render_scene, sample_scene
    from mediasearch.demo.sprites import load_atlas

    atlas = load_atlas()
    rng = np.random.default_rng([77, seed])
    found: list[tuple[str, bytes, float]] = []
    total, previous = 0.0, ""
    while total < minutes * 60:
        concept = str(rng.choice([c for c in CONCEPTS if c != previous]))
        spec = sample_scene(rng, 1, 256, [atlas.names.index(concept)])
        buffer = io.BytesIO()
        render_scene(spec, atlas).save(buffer, format="PNG")
        seconds = float(rng.uniform(2, 12))
        found.append((concept, buffer.getvalue(), seconds))
        total, previous = total + seconds, concept
    return found


def generate(folder: Path, videos: int, minutes: float) -> dict[str, list[tuple[str, float, float]]]:
    """Writes the videos; returns each file's shots as (concept, start s, end s)."""
    from mediasearch.testing.videos import CODECS, Segment, write_video

    truth: dict[str, list[tuple[str, float, float]]] = {}
    for number in range(videos):
        codec = "h264" if number % 2 == 0 else "vp9"
        path = folder / f"clip-{number}{CODECS[codec][0]}"
        plan = shots(number, minutes)
        spans = write_video(
            path, [Segment(png, s) for _, png, s in plan], codec=codec, fps=FPS, size=SIZE, pan_px_per_s=6.0, grain=3.0
        )
        truth[str(path)] = [(concept, start, end) for (concept, _, _), (start, end) in zip(plan, spans, strict=True)]
    return truth


def extract_in_child(path: Path) -> dict[str, object]:
    """Keyframes of one file in a fresh process: times kept, seconds, peak RSS."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.video", "--extract", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent at exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _extract(path: Path) -> None:
    import av  # noqa: F401  (imported before the baseline, as the CLI has it loaded)

    from mediasearch.video import KeyframeReader

    before = _peak_rss_mib()
    started = time.monotonic()
    with KeyframeReader(path) as reader:
        times = [frame.time_ms for frame in reader]
        duration, keyframes_only = reader.facts.duration_s, reader.keyframes_only
    seconds = time.monotonic() - started
    print(
        json.dumps(
            {
                "times_ms": times,
                "seconds": seconds,
                "duration_s": duration,
                "peak_rss_mib": _peak_rss_mib(),
                "rss_before_mib": before,
                "keyframes_only": keyframes_only,
            }
        )
    )


def recall(truth: list[tuple[str, float, float]], times_ms: list[int]) -> tuple[int, int]:
    found = sum(any(start * 1000 <= t < end * 1000 for t in times_ms) for _, start, end in truth)
    return found, len(truth)


def extraction(truth: dict[str, list[tuple[str, float, float]]], large: list[Path]) -> list[str]:
    lines = [
        "| file | codec, size | video s | kept | kept/min | scenes found | decode video-s/s | peak RSS MiB "
        "(after imports) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    totals = {"found": 0, "scenes": 0, "kept": 0, "seconds": 0.0, "video_s": 0.0}
    for path in [*map(Path, truth), *large]:
        run = extract_in_child(path)
        times, video_s, seconds = run["times_ms"], float(run["duration_s"]), float(run["seconds"])  # type: ignore[arg-type]
        assert isinstance(times, list)
        scenes = truth.get(str(path))
        found, count = recall(scenes, times) if scenes else (0, 0)
        if scenes:
            for key, value in (
                ("found", found),
                ("scenes", count),
                ("kept", len(times)),
                ("seconds", seconds),
                ("video_s", video_s),
            ):
                totals[key] += value
        lines.append(
            f"| {path.name} | {_describe(path)} | {video_s:.0f} | {len(times)} | {len(times) / video_s * 60:.1f} | "
            f"{f'{found}/{count}' if scenes else '-'} | {video_s / seconds:.1f} | {float(run['peak_rss_mib']):.0f} ({float(run['rss_before_mib']):.0f}) |"  # type: ignore[arg-type]
        )
    lines.append(
        f"| **all 320x240** | | {totals['video_s']:.0f} | {totals['kept']:.0f} | "
        f"{totals['kept'] / totals['video_s'] * 60:.1f} | {totals['found']:.0f}/{totals['scenes']:.0f} "
        f"({totals['found'] / totals['scenes']:.0%}) | {totals['video_s'] / totals['seconds']:.1f} | |"
    )
    return lines


def _describe(path: Path) -> str:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return f"{stream.codec_context.name} {stream.codec_context.width}x{stream.codec_context.height}"


def large_clips(folder: Path) -> list[Path]:
    """A 1080p and a 4K H.264 clip with two shots each: memory must not grow with the picture."""
    from mediasearch.testing.videos import Segment, write_video

    made = []
    for name, size, seconds in (("hd-1080p.mp4", (1920, 1080), 20.0), ("uhd-4k.mp4", (3840, 2160), 6.0)):
        plan = shots(100 + len(made), seconds / 60)
        write_video(folder / name, [Segment(png, s) for _, png, s in plan], fps=FPS, size=size)
        made.append(folder / name)
    return made


def end_to_end(folder: Path, truth: dict[str, list[tuple[str, float, float]]], work: Path) -> list[str]:
    import grpc

    from embedder_svc.server import create_server as create_embedder
    from embedder_svc.settings import EmbedderSettings
    from mediasearch.cli.indexing import index_paths
    from mediasearch.names import collection_name
    from mediasearch.search.v1 import search_pb2, search_pb2_grpc
    from search_svc.server import create_server as create_search
    from tests.servers import search_settings

    common = {"host": "127.0.0.1", "metrics_port": 0, "log_format": "text", "grace_period_s": 1.0}
    embedder, embedder_port = create_embedder(EmbedderSettings(**common), port=0)
    embedder.wait_ready(120)
    search, search_port = create_search(search_settings(work / "data", embedder_port), port=0)
    search.wait_ready(60)
    try:
        with grpc.insecure_channel(
            f"127.0.0.1:{search_port}", options=[("grpc.max_send_message_length", 64 << 20)]
        ) as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            started = time.monotonic()
            report = index_paths(stub, "videos", [folder], timeout_s=600)
            seconds = time.monotonic() - started
            video_s = sum(end for shots_ in truth.values() for _, _, end in shots_[-1:])
            hits = total = 0
            for path, shots_ in truth.items():
                for concept in sorted({c for c, _, _ in shots_}):
                    response = stub.Search(
                        search_pb2.SearchRequest(
                            parent=collection_name("videos"),
                            terms=[search_pb2.QueryTerm(text=concept)],
                            page_size=1,
                            filter=search_pb2.Filter(uri_prefix=path),
                        )
                    )
                    moment = response.results[0].video_moments[0].frame_time_ms if response.results else -1
                    spans = [(s, e) for c, s, e in shots_ if c == concept]
                    hits += any(s * 1000 <= moment < e * 1000 for s, e in spans)
                    total += 1
    finally:
        search.stop(0)
        embedder.stop(0)
    return [
        f"`mediasearch index` end to end (embedded default model, {len(truth)} videos, {video_s:.0f} video-seconds): "
        f"{report.indexed} indexed, {len(report.errors)} errors, {seconds:.1f} s, "
        f"**{video_s / seconds:.1f} video-seconds per second**.",
        f"Moment recall: a search for a concept within one video returns a best moment inside a shot of that "
        f"concept for **{hits}/{total}** (concept, video) pairs ({hits / total:.0%}; the demo model, not a real "
        "SigLIP).",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=6)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--extract", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help="record in bench/results.json and docs/video.md")
    args = parser.parse_args(argv)
    if args.extract:
        _extract(args.extract)
        return 0
    from datetime import datetime

    began = time.monotonic()
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        folder, large_folder = work / "videos", work / "large"
        folder.mkdir()
        large_folder.mkdir()
        truth = generate(folder, args.videos, args.minutes)
        large = large_clips(large_folder)
        printed = [
            "Keyframe extraction alone (each file in a fresh process; default settings: at most 4 frames "
            "examined per second, 12 kept per minute):",
            "",
            *extraction(truth, large),
            "",
        ]
        print("\n".join(printed), flush=True)
        printed += end_to_end(folder, truth, work)
    print("\n".join(printed[-2:]))
    if args.write:
        write_record(
            printed, time.monotonic() - began, started, "python -m bench.video " + " ".join(argv or sys.argv[1:])
        )
    return 0


def write_record(printed: list[str], seconds: float, started: str, command: str) -> None:
    from bench import machine, report

    path = REPO / "bench" / "results.json"
    results = report.load_results(path)
    results["video"] = {
        "started": started,
        "seconds": round(seconds),
        "command": command,
        "machine": {**machine.describe(os.cpu_count() or 1), "load_average_at_end": machine.load_average()},
        "printed": "\n".join(printed),
    }
    path.write_text(json.dumps(results, indent=1, default=float) + "\n")
    docs = REPO / "docs" / "video.md"
    text = docs.read_text()
    begin, end = "<!-- bench.video:begin -->", "<!-- bench.video:end -->"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    record = results["video"]
    docs.write_text(
        f"{head}{begin}\nRun {started}, `{command}`, {record['seconds']} s:\n\n"
        f"{machine.markdown(record['machine'])}\n\n" + "\n".join(printed) + f"\n{end}{tail}"
    )
    print(f"wrote {path} and {docs}")


if __name__ == "__main__":
    raise SystemExit(main())
