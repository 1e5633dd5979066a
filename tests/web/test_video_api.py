"""The HTTP API shows a video result's moments: times, scores and the frame's preview."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mediasearch.cli.video_ingest import ingest_video
from mediasearch.testing.images import pattern_image
from mediasearch.testing.videos import Segment, write_video
from mediasearch.web.app import create_app
from mediasearch.web.backend import SearchBackend
from tests.web.conftest import Stack, web_settings

pytest.importorskip("av")

CLIPS = "clips"  # its own collection: the package's stack serves the photo tests too


@pytest.fixture(scope="module")
def client(stack: Stack) -> TestClient:
    settings = web_settings(stack)
    backend = SearchBackend.connect(settings.search_address, security=None, own_identity=False)
    return TestClient(create_app(settings, backend))


def test_a_video_result_carries_its_moments_and_their_frames(tmp_path: Path, stack: Stack, client: TestClient) -> None:
    video = tmp_path / "walk.webm"
    write_video(video, [Segment(pattern_image(s), 2.0) for s in (21, 22, 23)], codec="vp9")
    outcome = ingest_video(stack.stub, CLIPS, video, video.stat())
    assert outcome.status == "indexed" and outcome.frames == 3

    query = {"terms": [{"image": base64.b64encode(pattern_image(23)).decode()}], "pageSize": 5,
             "filter": {"mediaTypes": ["MEDIA_TYPE_VIDEO_FRAME", "MEDIA_TYPE_VIDEO"]}}
    answer = client.post(f"/api/v1/collections/{CLIPS}/items:search", json=query)
    assert answer.status_code == 200, answer.text
    first = answer.json()["results"][0]
    assert first["item"]["metadata"]["mediaType"] == "MEDIA_TYPE_VIDEO" and first["item"]["id"] == str(video)
    moment = first["videoMoments"][0]
    assert 4000 <= int(moment["frameTimeMs"]) < 6000 and 0 <= moment["score"] <= 1
    frame_id = moment["name"].rsplit("/", 1)[-1]
    preview = client.get(f"/api/v1/collections/{CLIPS}/items/{frame_id}/thumbnail")
    assert preview.status_code == 200 and preview.headers["content-type"].startswith("image/")


def test_the_page_plays_an_indexed_video_from_its_folder_and_nothing_else(tmp_path: Path, stack: Stack) -> None:
    folder, elsewhere = tmp_path / "videos", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    video = folder / "jump.webm"
    write_video(video, [Segment(pattern_image(s), 1.0) for s in (24, 25)], codec="vp9")
    assert ingest_video(stack.stub, CLIPS, video, video.stat()).status == "indexed"
    stray = folder / "never-indexed.webm"
    stray.write_bytes(video.read_bytes())
    outside = elsewhere / "jump.webm"
    outside.write_bytes(video.read_bytes())
    assert ingest_video(stack.stub, CLIPS, outside, outside.stat()).status == "indexed"

    settings = web_settings(stack).model_copy(update={"media_roots": [str(folder)], "collection": CLIPS})
    backend = SearchBackend.connect(settings.search_address, security=None, own_identity=False)
    client = TestClient(create_app(settings, backend))
    whole = client.get("/media", params={"uri": str(video), "collection": CLIPS})
    assert whole.status_code == 200 and whole.content == video.read_bytes()
    assert whole.headers["content-type"] == "video/webm" and whole.headers["accept-ranges"] == "bytes"
    part = client.get("/media", params={"uri": str(video)}, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == video.read_bytes()[100:200]  # what lets a player seek
    assert client.get("/media", params={"uri": str(stray)}).status_code == 404  # under the folder, not indexed
    assert client.get("/media", params={"uri": str(outside)}).status_code == 404  # indexed, not under the folder
    sneaky = f"{folder}/../elsewhere/jump.webm"
    assert client.get("/media", params={"uri": sneaky}).status_code == 404
    bad = client.get("/media", params={"uri": "relative/jump.txt"})
    assert bad.status_code == 400 and bad.json()["error"]["fieldViolations"] == {"uri": "relative/jump.txt"}
    assert 'data-plays-videos="1"' in client.get("/").text

    off = TestClient(create_app(web_settings(stack), backend))
    assert off.get("/media", params={"uri": str(video)}).status_code == 404
    assert 'data-plays-videos="0"' in off.get("/").text
