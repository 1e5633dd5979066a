"""The `mediasearch` command as a user runs it: a real stack started by `up`, every command as a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediasearch.testing.images import pattern_image
from tests.cli.up_output import UpOutput
from tests.servers import free_port

CLI = [sys.executable, "-m", "mediasearch.cli"]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Iterator[dict[str, str]]:
    """`mediasearch up` running with the tiny model; yields the environment that points the CLI at it."""
    ports = [free_port() for _ in range(4)]
    data = tmp_path_factory.mktemp("stack-data")
    process = subprocess.Popen(
        [*CLI, "up", "--data-dir", str(data), "--model", str(tiny_model_dir), "--embedder-port", str(ports[0]),
         "--expansion-port", str(ports[1]), "--search-port", str(ports[2]), "--metrics-base-port", "-1",
         "--web-port", str(ports[3])],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = UpOutput(process)
    output.wait_for(lambda line: line.startswith("stack ready"))
    env = {
        **os.environ,
        "MEDIASEARCH_EMBEDDER_ADDRESS": f"127.0.0.1:{ports[0]}",
        "MEDIASEARCH_EXPANSION_ADDRESS": f"127.0.0.1:{ports[1]}",
        "MEDIASEARCH_SEARCH_ADDRESS": f"127.0.0.1:{ports[2]}",
        "MEDIASEARCH_COLLECTION": "e2e",
        "COLUMNS": "200",
        "WEB_URL": f"http://127.0.0.1:{ports[3]}",
    }
    yield env
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    seen = output.drain()
    assert any(line.startswith("stack stopped") for line in seen), "".join(seen[-20:])


def run(env: dict[str, str], *args: str, stdin: str | None = None, ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*CLI, *args], env=env, input=stdin, capture_output=True, text=True, timeout=180)
    if ok:
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("photos")
    (folder / "trips" / "beach").mkdir(parents=True)
    for n in range(5):
        (folder / "trips" / f"photo{n}.png").write_bytes(pattern_image(n))
    (folder / "trips" / "beach" / "sea.jpg").write_bytes(pattern_image(9, fmt="JPEG"))
    (folder / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    (folder / "notes.txt").write_text("not an image, not indexed")
    return folder


def test_status_reports_all_serving(stack: dict[str, str]) -> None:
    out = run(stack, "status").stdout
    assert out.count("SERVING") == 3


def test_index_reports_the_corrupt_file_and_indexes_the_rest(stack: dict[str, str], photos: Path) -> None:
    result = run(stack, "index", str(photos), ok=False)
    assert result.returncode == 1 and "1 of 7 files failed" in result.stderr  # scripts can tell
    assert "indexed 6" in result.stdout and "errors 1" in result.stdout
    assert "corrupt.jpg" in result.stdout
    again = run(stack, "index", str(photos), ok=False).stdout
    assert "indexed 0" in again and "6 not re-read" in again


def test_search_table_and_json(stack: dict[str, str], photos: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    table = run(stack, "search", "dog on a beach", "-k", "3").stdout
    assert "normal search: dog on a beach" in table and "calibration:" in table
    data = json.loads(run(stack, "search", "dog", "-k", "10", "--json").stdout)
    results = data["results"]
    assert len(results) == 6 and [r["rank"] for r in results] == list(range(1, 7))
    assert all(0.0 <= r.get("score", 0.0) <= 1.0 for r in results)
    filtered = json.loads(run(stack, "search", "dog", "--path-prefix", str(photos / "trips" / "beach"), "--json").stdout)
    assert [r["item"]["metadata"]["uri"] for r in filtered["results"]] == [str(photos / "trips" / "beach" / "sea.jpg")]
    # Paging: the table names the next page's token, which continues the same ranking.
    first = run(stack, "search", "dog", "-k", "4").stdout
    token = first.split("next page: --page-token ")[1].split()[0]
    rest = json.loads(run(stack, "search", "dog", "-k", "4", "--page-token", token, "--json").stdout)
    assert [r["rank"] for r in rest["results"]] == [5, 6]
    assert [r["item"]["id"] for r in rest["results"]] == [r["item"]["id"] for r in results[4:]]


def test_weighted_query_with_an_image_file(stack: dict[str, str], photos: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    image = photos / "trips" / "photo3.png"
    data = json.loads(run(stack, "search", f"2:{image} - dog", "--json", "-k", "2").stdout)
    assert data["results"][0]["item"]["metadata"]["uri"] == str(image)


def test_deep_search_explains_matches(stack: dict[str, str], photos: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    out = run(stack, "search", "--deep", "dog", "-k", "3").stdout
    assert "deep search: dog" in out and "terms searched: dog (original" in out
    data = json.loads(run(stack, "search", "--deep", "dog", "--json").stdout)
    assert data["mode"] == "SEARCH_MODE_DEEP" and not data.get("expansion_unavailable", False)
    assert len(data["expanded_terms"]) > 1
    original, *expansions = data["expanded_terms"]
    assert original["relation"] == "TERM_RELATION_ORIGINAL" and original["query_part"] == ""
    assert all(t["relation"] != "TERM_RELATION_ORIGINAL" and t["query_part"] == "dog" for t in expansions)
    assert all(r["matches"] for r in data["results"])


def test_similar_delete_and_stats(stack: dict[str, str], photos: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    target = photos / "trips" / "photo1.png"
    similar = json.loads(run(stack, "similar", str(target), "--json", "-k", "3").stdout)
    # The indexed photo is the query, not its own first answer (issue 17).
    assert str(target) not in [r["item"]["id"] for r in similar["results"]] and len(similar["results"]) == 3
    assert "deleted 1" in run(stack, "delete", str(target)).stdout
    stats = json.loads(run(stack, "stats", "--json").stdout)["collections"][0]
    assert stats["name"] == "collections/e2e" and int(stats["item_count"]) == 5
    run(stack, "index", str(photos), ok=False)  # puts it back for the other tests


def test_index_removes_missing_files_when_asked(stack: dict[str, str], photos: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shrinking"
    shutil.copytree(photos / "trips", folder)
    run(stack, "index", str(folder))
    (folder / "photo0.png").unlink()
    out = run(stack, "index", "--remove-missing", str(folder)).stdout
    assert "removed 1" in out


def test_debug_scores_text_and_html(stack: dict[str, str], photos: Path, tmp_path: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    image = str(photos / "trips" / "photo2.png")
    out = run(stack, "debug-scores", image).stdout
    assert "semantic profile" in out and "recommendation:" in out and "rule:" in out
    report = tmp_path / "report.html"
    out = run(stack, "debug-scores", image, "--report", str(report)).stdout
    page = report.read_text()
    assert "<svg" in page and "Recommendation" in page and "report written" in out
    assert "<img src='data:image/jpeg;base64," in page  # the report shows the image it explains
    # Deterministic: the same image gives the same recommendation.
    assert run(stack, "debug-scores", image).stdout.split("recommendation:")[1] == out.split("recommendation:")[1].split("report written")[0]


def test_tune_with_piped_input(stack: dict[str, str], photos: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    out = run(stack, "tune", stdin="recommend\nquit\n").stdout
    assert "two-point form: temp" in out
    session = run(stack, "tune", stdin="temp 30\nbias 0\nquery dog\nthreshold 0.6\nsave\nquit\n").stdout
    assert "saved for collection 'e2e': sigmoid(30.000 * cos +0.000)" in session
    stats = json.loads(run(stack, "stats", "--json").stdout)["collections"][0]
    assert stats["calibration"]["method"] == "CALIBRATION_METHOD_FIXED_TEMPERATURE"
    assert "unknown command" in run(stack, "tune", stdin="frobnicate\nquit\n").stdout


def test_tune_help_warnings_and_piped_prompts(stack: dict[str, str], photos: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    helped = run(stack, "tune", stdin="help\nquit\n").stdout
    assert "Undocumented" not in helped and "EOF" not in helped and "recommend" in helped
    assert "tune> \n" in helped  # piped input: each prompt ends its line before the answer
    asked = run(stack, "tune", stdin="temp 12\nquit\nquit\n").stdout
    assert "unsaved: temp 12.000" in asked and "quit` again leaves without saving" in asked
    ended = run(stack, "tune", stdin="temp 13\n").stdout  # input ends with the change unsaved
    assert "warning: left without saving temp 13.000" in ended
    kept = run(stack, "tune", stdin="temp 14\nsave\nquit\n").stdout
    assert "unsaved" not in kept and "saved for collection" in kept


def test_bad_query_is_a_clear_error(stack: dict[str, str]) -> None:
    result = run(stack, "search", "./missing.jpg", ok=False)
    assert result.returncode == 2 and "cannot read image" in result.stderr


def test_up_uses_a_running_embedder_instead_of_starting_one(embedder_server, tmp_path: Path, photos: Path) -> None:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    ports = [free_port(), free_port()]
    process = subprocess.Popen(
        [*CLI, "up", "--data-dir", str(tmp_path / "data"), "--embedder-address", f"127.0.0.1:{embedder_port}",
         "--expansion-port", str(ports[0]), "--search-port", str(ports[1]), "--metrics-base-port", "-1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    env = {**os.environ, "MEDIASEARCH_EMBEDDER_ADDRESS": f"127.0.0.1:{embedder_port}",
           "MEDIASEARCH_EXPANSION_ADDRESS": f"127.0.0.1:{ports[0]}", "MEDIASEARCH_SEARCH_ADDRESS": f"127.0.0.1:{ports[1]}",
           "MEDIASEARCH_COLLECTION": "remote"}
    try:
        assert run(env, "status", "--wait", "120").stdout.count("SERVING") == 3
        assert "indexed 6" in run(env, "index", str(photos), ok=False).stdout
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    assert process.returncode == 0
    assert "[embedder" not in output  # not started here: only expansion and search were
    assert "[search" in output and "[expansion" in output


def test_up_with_the_milvus_backend_keeps_collections_in_milvus_lite(embedder_server, tmp_path: Path, photos: Path) -> None:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    ports = [free_port(), free_port()]
    data = tmp_path / "data"
    process = subprocess.Popen(
        [*CLI, "up", "--data-dir", str(data), "--backend", "milvus", "--embedder-address", f"127.0.0.1:{embedder_port}",
         "--expansion-port", str(ports[0]), "--search-port", str(ports[1]), "--metrics-base-port", "-1",
         "--web-port", "-1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    env = {**os.environ, "MEDIASEARCH_EMBEDDER_ADDRESS": f"127.0.0.1:{embedder_port}",
           "MEDIASEARCH_EXPANSION_ADDRESS": f"127.0.0.1:{ports[0]}", "MEDIASEARCH_SEARCH_ADDRESS": f"127.0.0.1:{ports[1]}",
           "MEDIASEARCH_COLLECTION": "lite"}
    try:
        assert run(env, "status", "--wait", "120").stdout.count("SERVING") == 3
        assert "indexed 6" in run(env, "index", str(photos), ok=False).stdout
        assert "sea.jpg" in run(env, "search", "sea", "--page-size", "6").stdout
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    assert process.returncode == 0, output[-2000:]
    assert (data / "milvus.db").exists() and not (data / "collections" / "lite").exists()


def test_preview_draws_pictures_in_a_terminal_and_not_in_a_pipe(stack: dict[str, str], photos: Path) -> None:
    import pty

    run(stack, "index", str(photos), ok=False)
    piped = run(stack, "search", "dog", "-k", "2", "--preview")
    assert "previews need a terminal" in piped.stderr and "\x1b[38;2;" not in piped.stdout
    controller, terminal = pty.openpty()
    env = {**stack, "TERM": "xterm-256color"}
    process = subprocess.Popen([*CLI, "search", "dog", "-k", "2", "--preview"], env=env, stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the pty closes when the process exits
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0
    text = output.decode(errors="replace")
    assert "#1 " in text and "\x1b[38;2;" in text and "\u2580" in text  # half blocks in 24-bit colour


def test_output_for_scripts_and_pipes(stack: dict[str, str], photos: Path) -> None:
    run(stack, "index", str(photos), ok=False)
    # Piped, a table keeps whole paths, however long, instead of cutting them to 80 columns.
    narrow = {**stack}
    narrow.pop("COLUMNS", None)
    table = run(narrow, "search", "dog", "--page-size", "6").stdout
    assert str(photos / "trips" / "beach" / "sea.jpg") in table and "…" not in table
    # JSON has stable shapes: `results` even when empty, counts as numbers.
    empty = json.loads(run(stack, "search", "dog", "--tag", "no-such-tag", "--json").stdout)
    assert empty["results"] == [] and empty["remaining"] == 0
    listed = json.loads(run(stack, "stats", "--json").stdout)["collections"][0]
    assert isinstance(listed["item_count"], int) and isinstance(listed["disk_bytes"], int)
    # An empty result says so and what to try, instead of an empty table.
    hint = run(stack, "search", "dog", "--tag", "no-such-tag").stdout
    assert "no results" in hint and "--deep" in hint


def test_up_starts_the_web_page_and_reread_backfills_previews(stack: dict[str, str], photos: Path) -> None:
    import time
    import urllib.request

    run(stack, "index", str(photos / "trips"))
    again = run(stack, "index", "--reread", str(photos / "trips")).stdout
    assert "(0 not re-read)" in again, again
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(stack["WEB_URL"] + "/api/v1/collections/e2e/items?pageSize=100") as answer:
                items = json.load(answer)["items"]
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
    names = [item["name"] for item in items if "trips" in item["id"]]
    request = urllib.request.Request(stack["WEB_URL"] + "/api/v1/collections/e2e/items:batchGetThumbnails",
                                     data=json.dumps({"names": names}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        assert len(json.load(answer)["thumbnails"]) == len(names) == 6
    with urllib.request.urlopen(stack["WEB_URL"] + "/") as page:
        assert b"mediasearch" in page.read()


def test_index_a_folder_of_photos_and_a_video_and_search_prints_the_moment(
    stack: dict[str, str], tmp_path: Path
) -> None:
    pytest.importorskip("av")
    from mediasearch.testing.videos import Segment, write_video

    env = {**stack, "MEDIASEARCH_COLLECTION": "clips"}
    (tmp_path / "photo.png").write_bytes(pattern_image(30))
    write_video(tmp_path / "clip.mp4", [Segment(pattern_image(s), 4.0) for s in (31, 32, 33)])
    (tmp_path / "query.png").write_bytes(pattern_image(32))
    indexed = run(env, "index", str(tmp_path)).stdout
    assert "indexed 3," in indexed and "errors 0" in indexed  # the photo, the query picture and the video
    found = run(env, "search", str(tmp_path / "query.png"), "-k", "5").stdout
    assert "query.png" in found and re.search(r"clip\.mp4 @ 00:00:0[4-7]", found), found  # the second shot, 4-8 s
    photos_only = run(env, "search", str(tmp_path / "query.png"), "--media", "image").stdout
    assert "clip.mp4" not in photos_only and "photo.png" in photos_only
