"""Keyframe choice on real encoded videos, and how the command line prints a video's moment."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from mediasearch.cli import render
from mediasearch.search.v1 import search_pb2
from mediasearch.testing.images import pattern_image
from mediasearch.testing.videos import Segment, write_video
from mediasearch.video import KeyframeReader, KeyframeSettings, VideoError, format_time

pytest.importorskip("av")


def kept_times(path: Path, **settings: float) -> list[int]:
    with KeyframeReader(path, KeyframeSettings(**settings)) as reader:  # type: ignore[arg-type]
        return [frame.time_ms for frame in reader]


def test_one_steady_shot_with_grain_and_a_pan_is_one_frame(tmp_path: Path) -> None:
    video = tmp_path / "steady.mp4"
    write_video(video, [Segment(pattern_image(3), 20.0)], pan_px_per_s=1.0, grain=4.0)
    assert kept_times(video) == [0], "near-identical consecutive frames collapse into the first"


def test_fast_cuts_are_capped_per_minute_and_every_cut_is_a_candidate(tmp_path: Path) -> None:
    video = tmp_path / "cuts.webm"
    write_video(video, [Segment(pattern_image(s % 2 * 7), 1.0) for s in range(40)], codec="vp9")
    capped = kept_times(video, max_per_minute=12)
    assert len(capped) == 12 and [t // 1000 for t in capped[:3]] == [0, 1, 2], capped
    uncapped = kept_times(video, max_per_minute=100)
    assert len(uncapped) == 40, "each cut between the two shots is kept when the cap allows it"


def test_a_file_past_its_time_budget_fails_and_a_mov_hevc_file_decodes(tmp_path: Path) -> None:
    video = tmp_path / "clip.mov"
    write_video(video, [Segment(pattern_image(s), 2.0) for s in (1, 5)], codec="hevc")
    assert [t // 2000 for t in kept_times(video)] == [0, 1], "one frame in each shot"
    with pytest.raises(VideoError, match="VIDEO_TIME_BUDGET"):
        kept_times(video, time_budget_s=0.0)


def test_search_prints_a_video_result_as_its_path_and_moment() -> None:
    result = search_pb2.SearchResult(
        item=search_pb2.Item(id="/v/lake.mp4", metadata=search_pb2.ItemMetadata(uri="/v/lake.mp4")),
        rank=1,
        score=0.9,
        video_moments=[
            search_pb2.VideoMoment(name="collections/c/items/x", frame_time_ms=83_250, score=0.9),
            search_pb2.VideoMoment(name="collections/c/items/y", frame_time_ms=3_723_000, score=0.7),
        ],
    )
    console = Console(record=True, width=200)
    console.print(render.results_table([result], title="t", explain=False, relative_paths=False))
    text = console.export_text()
    assert "/v/lake.mp4 @ 00:01:23" in text and "also 01:02:03 (0.70)" in text
    assert format_time(0) == "00:00:00"
