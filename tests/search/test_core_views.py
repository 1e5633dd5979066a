"""Region views: an item whose dog fills only a quarter of the picture is found by deep search through its views,
and the views live and die with the item, survive a restart, and follow the same bytes."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from mediasearch.models import DEMO_MODEL_NAME
from mediasearch.testing.images import pattern_image
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection
from search_svc.core.deep import DeepOptions, deep_search
from search_svc.core.ingest import ImageEmbedding, IngestItem, IngestPipeline
from search_svc.core.query import parse_query
from search_svc.core.records import NewItem
from search_svc.core.search import Embedders, normal_search
from search_svc.core.views import QUADRANTS, VIEW_BOXES, view_crops, views_wanted
from tests.search.conftest import ids_of, make_items, sha_of, unit_rows

DIM = 16
AXES = np.eye(DIM, dtype=np.float32)
DOG, BEACH, CAR = AXES[0], AXES[1], AXES[2]
TEXTS = {"dog": DOG, "car": CAR}
EMBEDDERS = Embedders(texts=lambda texts: np.stack([TEXTS[t] for t in texts]))
CALIBRATION = CalibrationProfile.model_native(20.0, -10.0)  # p = 0.5 at cosine 0.5


TOP_RIGHT = VIEW_BOXES.index((0.5, 0, 1, 0.5))
HOLDING_TOP_RIGHT = [VIEW_BOXES.index((0.5, 0, 1, 1)), VIEW_BOXES.index((0, 0, 1, 0.5))]  # right and top halves


def small_dog_views(dog_in_halves: float = 1.0) -> np.ndarray:
    """A beach scene with a small dog in the top-right quadrant: the whole image reads as beach, that quadrant
    as dog, and the two halves holding it as beach and dog (`dog_in_halves` 0: a crop that matches by chance)."""
    views = np.tile(unit_rows((BEACH + 0.1 * AXES[3])[None, :]), (len(VIEW_BOXES), 1))
    views[TOP_RIGHT] = unit_rows((DOG + 0.1 * BEACH)[None, :])[0]
    views[HOLDING_TOP_RIGHT] = unit_rows((dog_in_halves * DOG + BEACH)[None, :])[0]
    return views


@pytest.fixture
def beach(new_collection) -> Collection:  # type: ignore[no-untyped-def]
    collection = new_collection(dimension=DIM, calibration=CALIBRATION)
    rng = np.random.default_rng(3)
    noise = unit_rows(rng.normal(size=(30, DIM)) * 0.2 + BEACH)  # beach scenes without a dog
    scene = unit_rows((BEACH + 0.25 * DOG)[None, :])[0]  # the whole picture: mostly beach
    collection.ingest([replace(make_items(scene[None, :], prefix="smalldog")[0], views=small_dog_views())]
                      + make_items(noise, prefix="beach"))
    return collection


def test_deep_search_finds_a_small_thing_through_its_view_and_normal_search_does_not(beach: Collection) -> None:
    deep = deep_search(beach, parse_query("dog"), EMBEDDERS, None, top_k=5)
    assert ids_of(deep.hits)[0] == "smalldog-0" and deep.hits[0].score > 0.9
    normal = normal_search(beach, parse_query("dog"), EMBEDDERS, top_k=5)
    assert normal.hits[0].score < 0.5  # the whole picture alone is no dog to the model


def test_a_view_counts_with_a_second_view_that_agrees(new_collection) -> None:  # type: ignore[no-untyped-def]
    # "chance": one crop alone reads as a dog, more strongly than any view of "dog" does; "dog": the dog also
    # shows in the halves holding its quadrant. The best view alone ranked the chance match first.
    collection = new_collection(dimension=DIM, calibration=CALIBRATION)
    beach_scene = unit_rows((BEACH + 0.25 * DOG)[None, :])
    real = small_dog_views()
    real[TOP_RIGHT] = unit_rows((DOG + 0.3 * BEACH)[None, :])[0]
    chance = small_dog_views(dog_in_halves=0.0)
    collection.ingest([replace(make_items(beach_scene, prefix="dog")[0], views=real),
                       replace(make_items(unit_rows((BEACH + 0.25 * CAR)[None, :]), prefix="chance")[0], views=chance)])
    no_folding = DeepOptions(duplicate_threshold=1.0)  # the two scenes are alike; both must be listed
    hits = deep_search(collection, parse_query("dog"), EMBEDDERS, None, top_k=2, options=no_folding).hits
    assert ids_of(hits) == ["dog-0", "chance-0"]


def test_views_go_with_their_item_and_are_rebuilt_after_a_restart(beach: Collection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    beach.ingest([NewItem("copy", sha_of("smalldog-0"), vector=None)])  # the same bytes: the same views
    keys = {item_id: record.key for item_id, record in beach.records_by_id(["copy", "smalldog-0"]).items()}
    views = beach._store.views_by_key(list(keys.values()))
    np.testing.assert_array_equal(views[keys["copy"]], views[keys["smalldog-0"]])
    top = deep_search(beach, parse_query("dog"), EMBEDDERS, None, top_k=2).hits[0]
    assert {top.record.id, *top.duplicate_ids} == {"copy", "smalldog-0"}  # found, and folded as one picture
    folder = beach.folder
    beach.close()
    reopened = Collection.open(folder)
    try:
        top = deep_search(reopened, parse_query("dog"), EMBEDDERS, None, top_k=2).hits[0]
        assert {top.record.id, *top.duplicate_ids} == {"copy", "smalldog-0"} and top.score > 0.9
        reopened.delete(["smalldog-0", "copy"])
        found = deep_search(reopened, parse_query("dog"), EMBEDDERS, None, top_k=3)
        assert not {"copy", "smalldog-0"} & set(ids_of(found.hits)) and found.hits[0].score < 0.5
    finally:
        reopened.close()


def _crops_of(photo: Image.Image) -> list[Image.Image]:
    buffer = io.BytesIO()
    photo.save(buffer, format="PNG")
    return [Image.open(io.BytesIO(c)) for c in view_crops(buffer.getvalue(), max_bytes=1 << 24, max_pixels=1 << 26)]


def test_view_crops_are_the_halves_quadrants_and_windows_of_the_upright_picture() -> None:
    photo = Image.new("RGB", (800, 600), "white")
    photo.paste((255, 0, 0), (400, 300, 800, 600))  # the bottom right quadrant is red
    crops = _crops_of(photo)
    assert len(crops) == len(VIEW_BOXES) == 13
    width = round(800 * 448 / 600)  # decoded at a shorter side of 448
    assert [c.size[1] for c in crops[:8]] == [448, 448, 224, 224] + [224] * 4
    assert all(abs(c.size[0] - width / (1 if i in (2, 3) else 2)) <= 1 for i, c in enumerate(crops[:8]))
    assert all(abs(c.size[0] - width * 0.6) <= 1 and abs(c.size[1] - 448 * 0.6) <= 1 for c in crops[8:])
    bottom_right = VIEW_BOXES.index((0.5, 0.5, 1, 1))
    assert crops[bottom_right].getpixel((10, 10)) == (255, 0, 0) and crops[4].getpixel((10, 10)) == (255, 255, 255)


def test_a_thing_in_the_middle_that_every_quadrant_cuts_fills_the_centre_window_whole() -> None:
    photo = Image.new("RGB", (800, 600), "white")
    photo.paste((255, 0, 0), (320, 240, 480, 360))  # a red box across the centre, a fifth of each side
    crops = _crops_of(photo)

    def red_share(crop: Image.Image) -> float:
        pixels = np.asarray(crop.convert("RGB")).reshape(-1, 3)
        return float(((pixels[:, 0] > 200) & (pixels[:, 1] < 60)).mean())

    quadrants = [crops[VIEW_BOXES.index(box)] for box in QUADRANTS]
    centre = crops[VIEW_BOXES.index((0.2, 0.2, 0.8, 0.8))]
    # The box is 1/25 of the picture: a quarter of it in each quadrant (1/25 of its area), all of it in the
    # centre window (1/25 / 0.36 = 1/9).
    assert all(abs(red_share(q) - 1 / 25) < 0.01 for q in quadrants)
    assert abs(red_share(centre) - 1 / 9) < 0.01


@pytest.mark.parametrize(("mode", "model_id", "wanted"), [("on", "any@1", True), ("off", "any@1", False),
                                                          ("auto", "any@1", False),
                                                          ("auto", f"{DEMO_MODEL_NAME}@978dac4ee1b1", True)])
def test_views_are_embedded_as_the_setting_says(new_collection, mode: str, model_id: str, wanted: bool) -> None:  # type: ignore[no-untyped-def]
    collection = new_collection(dimension=DIM, model_id=model_id)
    calls: list[int] = []

    def embed(images, previews):  # type: ignore[no-untyped-def]
        calls.append(len(images))
        return [ImageEmbedding(unit_rows(np.random.default_rng(len(d)).normal(size=(1, DIM)))[0]) for d in images]

    pipeline = IngestPipeline(roots=[], max_image_bytes=1 << 20, embed_images=embed,
                              collection_for=lambda _: collection, region_views=mode)
    results = pipeline.run([IngestItem(id=f"p{i}", collection="c", data=pattern_image(i)) for i in range(3)])
    assert [r.status.name for r in results] == ["INDEXED"] * 3
    assert views_wanted(mode, model_id) is wanted
    assert calls == ([3, 3 * len(VIEW_BOXES)] if wanted else [3])  # all crops of the batch in one call
    stored = collection._store.views_by_key(list(range(1, 4)))
    assert (len(stored) == 3 and all(v.shape == (13, DIM) for v in stored.values())) if wanted else not stored


def test_an_image_too_small_to_halve_is_stored_without_views(new_collection) -> None:  # type: ignore[no-untyped-def]
    collection = new_collection(dimension=DIM)

    def embed(images, previews):  # type: ignore[no-untyped-def]
        return [ImageEmbedding(unit_rows(np.ones((1, DIM)))[0]) for _ in images]

    pixel = io.BytesIO()
    Image.new("RGB", (1, 1), "red").save(pixel, format="PNG")
    pipeline = IngestPipeline(roots=[], max_image_bytes=1 << 20, embed_images=embed,
                              collection_for=lambda _: collection, region_views="on")
    (result,) = pipeline.run([IngestItem(id="dot", collection="c", data=pixel.getvalue())])
    assert result.status.name == "INDEXED" and not collection._store.views_by_key([1])
