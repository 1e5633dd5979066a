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
