"""Deep search with the embedded demo model folds copies of a scene, never distinct scenes.

Real images through the real embedder and search service: 150 varied demo
scenes, eight distinct scenes of a lone dog (some pairs of them at cosine
0.94 to 0.98 for this model, where the old fixed cut of 0.94 folded them),
and three copies of one of them: the same bytes under another id, a JPEG
re-encode and a resized copy.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import grpc
import numpy as np
import pytest
from PIL import Image

from embedder_svc.core.model import DEFAULT_MODEL_DIR
from mediasearch.names import collection_name, image_calibration_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc

pytestmark = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="the embedded default model is not trained yet"
)

PARENT = collection_name("scenes")
# Seeds of lone-dog scenes (rng [4242, seed]); 22-26 is the closest distinct pair, at cosine 0.98.
DOG_SEEDS = (0, 1, 4, 10, 17, 22, 26, 29)


def encode(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def scenes() -> dict[str, bytes]:
    from mediasearch.demo.scenes import render_scene, sample_scene
    from mediasearch.demo.sprites import load_atlas

    atlas = load_atlas()
    dog = atlas.names.index("dog")
    made = {
        f"scene-{n}": encode(render_scene(sample_scene(np.random.default_rng([777, n]), 1 + n % 3, 96,
                                                       len(atlas.names)), atlas))
        for n in range(150)
    }
    dogs = {seed: render_scene(sample_scene(np.random.default_rng([4242, seed]), 1, 96, [dog]), atlas)
            for seed in DOG_SEEDS}
    made.update({f"dog-{seed}": encode(image) for seed, image in dogs.items()})
    original = dogs[22]
    made["dog-22-same-bytes"] = made["dog-22"]
    made["dog-22-jpeg"] = encode(original.convert("RGB"), "JPEG", quality=95)
    made["dog-22-resized"] = encode(original.resize((192, 192), Image.Resampling.BICUBIC))
    return made


@pytest.fixture(scope="module")
def stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[search_pb2_grpc.SearchServiceStub]:
    from embedder_svc.server import create_server as create_embedder
    from embedder_svc.settings import EmbedderSettings
    from search_svc.server import create_server as create_search
    from tests.servers import search_settings

    common = {"host": "127.0.0.1", "metrics_port": 0, "log_format": "text", "grace_period_s": 1.0}
    embedder, embedder_port = create_embedder(EmbedderSettings(cpu_threads=1, **common), port=0)
    embedder.wait_ready(60)
    search, search_port = create_search(search_settings(tmp_path_factory.mktemp("dups"), embedder_port), port=0)
    search.wait_ready(60)
    with grpc.insecure_channel(f"127.0.0.1:{search_port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        requests = [search_pb2.IngestRequest(parent=PARENT, item_id=item_id, data=data)
                    for item_id, data in scenes().items()]
        assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(requests)))
        yield stub
    search.stop(0)
    embedder.stop(0)


def deep_dog(stub: search_pb2_grpc.SearchServiceStub, **deep: object) -> search_pb2.SearchResponse:
    return stub.Search(search_pb2.SearchRequest(
        parent=PARENT, terms=[search_pb2.QueryTerm(item_id="dog-22")], mode=search_pb2.SEARCH_MODE_DEEP,
        page_size=30, deep=search_pb2.DeepSearchOptions(disable_expansion=True, **deep)))  # type: ignore[arg-type]


def test_copies_fold_into_one_result_and_distinct_dog_scenes_stay(stub: search_pb2_grpc.SearchServiceStub) -> None:
    response = deep_dog(stub)
    ids = [r.item.id for r in response.results]
    top = response.results[0]
    family = {"dog-22", "dog-22-same-bytes", "dog-22-jpeg", "dog-22-resized"}
    assert {top.item.id, *top.duplicate_ids} == family, (top.item.id, list(top.duplicate_ids))
    for seed in DOG_SEEDS:
        if seed != 22:
            assert f"dog-{seed}" in ids, f"distinct scene dog-{seed} was folded or lost: {ids}"
    assert all(not r.duplicate_ids for r in response.results[1:])
    # The copies score as copies, the other lone dogs lower, unrelated scenes near 0 (image calibration).
    assert top.score > 0.95 and response.calibration.target == search_pb2.CALIBRATION_TARGET_IMAGE_IMAGE
    assert response.results[-1].score < 0.5


def test_the_old_fixed_cut_folded_distinct_scenes(stub: search_pb2_grpc.SearchServiceStub) -> None:
    folded = deep_dog(stub, duplicate_threshold=0.94)
    swallowed = {d for r in folded.results for d in r.duplicate_ids if not d.startswith("dog-22")}
    assert swallowed, "at 0.94 this model folds distinct lone-dog scenes: the case the image calibration fixes"


def test_the_fold_cut_follows_the_image_calibration(stub: search_pb2_grpc.SearchServiceStub) -> None:
    profile = stub.GetCalibration(search_pb2.GetCalibrationRequest(name=image_calibration_name("scenes"))).calibration
    cut = (np.log(0.985 / 0.015) - profile.intercept) / profile.slope
    assert 0.98 < cut < 0.995, f"the demo model's fold cut: cosine {cut:.4f}"
