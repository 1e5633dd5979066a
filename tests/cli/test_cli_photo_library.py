"""The photo-library side of `mediasearch search` and `similar` through the real CLI against a real stack:
capture time and camera in results, --taken-after/--taken-before, --sort time, and calibrated similar scores."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

import mediasearch.imaging  # noqa: F401  # HEIC writing needs pillow-heif's plugin
from mediasearch.testing.images import encode_image, photo_with_exif
from tests.cli.test_cli_e2e import run, stack  # noqa: F401  # `stack` is the module's fixture: `up` with the tiny model

PHOTOS = {
    "beach.heic": dict(taken="2023:07:14 16:05:00", offset="+02:00", make="Apple", model="iPhone 15", fmt="HEIF"),
    "party.jpg": dict(taken="2023:12:31 23:30:00", make="Canon", model="Canon EOS R5", fmt="JPEG"),
    "hike.jpg": dict(taken="2022:05:01 09:00:00", offset="-07:00", make="FUJIFILM", model="X100V", fmt="JPEG"),
    "scan.jpg": dict(fmt="JPEG"),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, stack: dict[str, str]) -> tuple[dict[str, str], Path]:  # noqa: F811
    folder = tmp_path_factory.mktemp("library")
    for seed, (name, exif) in enumerate(PHOTOS.items()):
        (folder / name).write_bytes(photo_with_exif(seed=seed + 1, **exif))  # type: ignore[arg-type]
    env = {**stack, "MEDIASEARCH_COLLECTION": "library"}
    assert "indexed 4" in run(env, "index", str(folder)).stdout
    return env, folder


def names(data: dict) -> list[str]:
    return [Path(r["item"]["metadata"]["uri"]).name for r in data["results"]]


def test_results_show_capture_time_and_camera(library) -> None:  # type: ignore[no-untyped-def]
    env, _ = library
    data = json.loads(run(env, "search", "photo", "--json", "-k", "10").stdout)
    by_name = {Path(r["item"]["metadata"]["uri"]).name: r["item"] for r in data["results"]}
    assert by_name["beach.heic"]["capture_time"] == "2023-07-14T14:05:00Z"
    assert by_name["beach.heic"]["capture_time_offset"] == "+02:00"
    assert by_name["party.jpg"]["camera_model"] == "Canon EOS R5" and by_name["party.jpg"]["camera_make"] == "Canon"
    assert "capture_time" not in by_name["scan.jpg"] and by_name["scan.jpg"]["camera_model"] == ""
    table = run(env, "--wide", "search", "photo", "-k", "10").stdout
    assert "taken" in table and "camera" in table
    assert "2023-07-14 16:05 +02:00" in table and "Apple iPhone 15" in table  # the camera's own clock
    assert "Canon EOS R5" in table and "Canon Canon" not in table
    assert "2023-12-31 23:30 UTC?" in table  # no offset in the photo: read as UTC, and said so


def test_taken_after_and_before_filter_and_leave_out_photos_without_a_time(library) -> None:  # type: ignore[no-untyped-def]
    env, _ = library
    after = json.loads(run(env, "search", "photo", "--taken-after", "2023-01-01", "--json", "-k", "10").stdout)
    assert sorted(names(after)) == ["beach.heic", "party.jpg"]
    window = json.loads(run(env, "search", "photo", "--taken-after", "2022-01-01T00:00+00:00",
                            "--taken-before", "2023-07-14T14:05:00+00:00", "--json").stdout)
    assert names(window) == ["hike.jpg"]
    bad = run(env, "search", "photo", "--taken-after", "last tuesday", ok=False)
    assert bad.returncode == 2 and "not an ISO date" in bad.stderr


def test_sort_time_lists_newest_first_above_the_threshold(library) -> None:  # type: ignore[no-untyped-def]
    env, folder = library
    newest = json.loads(run(env, "search", "photo", "--sort", "time", "--threshold", "0", "--json", "-k", "10").stdout)
    assert names(newest) == ["party.jpg", "beach.heic", "hike.jpg", "scan.jpg"]  # no capture time: last
    # Without --threshold the calibrated 0.5 applies: the tiny model's text scores are all below it.
    strict = json.loads(run(env, "search", "photo", "--sort", "time", "--json").stdout)
    assert all(r["score"] >= 0.5 for r in strict["results"])
    paged = run(env, "search", "photo", "--sort", "time", "--threshold", "0", "-k", "2").stdout
    token = paged.split("next page: --page-token ")[1].split()[0]
    rest = json.loads(run(env, "search", "photo", "--sort", "time", "--threshold", "0", "-k", "2",
                          "--page-token", token, "--json").stdout)
    assert names(rest) == ["hike.jpg", "scan.jpg"]
    wrong = run(env, "search", "photo", "--threshold", "0", "-k", "2", "--page-token", token, ok=False)
    assert wrong.returncode == 2 and "different query" in wrong.stderr


def test_similar_scores_a_copy_high_and_the_rest_low(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, folder = library
    copy = tmp_path / "hike-copy.png"
    copy.write_bytes(encode_image(Image.open(io.BytesIO((folder / "hike.jpg").read_bytes())).convert("RGB"), "PNG"))
    data = json.loads(run(env, "similar", str(copy), "--json").stdout)
    assert names(data)[0] == "hike.jpg" and data["results"][0]["score"] > 0.9
    assert all(r["score"] < 0.5 for r in data["results"][1:])
