"""Scenes are reproducible from their seed, and their ground truth is what was drawn."""

from __future__ import annotations

import numpy as np
import pytest

from mediasearch.demo.scenes import BACKGROUND_KINDS, SceneStream, render_scene, render_sprite, sprite_origin
from mediasearch.demo.sprites import load_atlas


@pytest.fixture(scope="module")
def atlas():  # type: ignore[no-untyped-def]
    return load_atlas()


def test_same_seed_and_index_give_the_same_pixels(atlas) -> None:  # type: ignore[no-untyped-def]
    first = SceneStream(5, 96, concepts=len(atlas))
    second = SceneStream(5, 96, concepts=len(atlas))
    for index in (0, 17, 123456):
        assert first.spec(index) == second.spec(index)
        assert render_scene(first.spec(index), atlas).tobytes() == render_scene(second.spec(index), atlas).tobytes()


def test_other_seeds_and_indices_give_other_scenes(atlas) -> None:  # type: ignore[no-untyped-def]
    stream = SceneStream(5, 96, concepts=len(atlas))
    images = {render_scene(stream.spec(i), atlas).tobytes() for i in range(20)}
    images.add(render_scene(SceneStream(6, 96, concepts=len(atlas)).spec(0), atlas).tobytes())
    assert len(images) == 21


def test_scenes_hold_one_to_three_distinct_concepts_on_every_kind_of_background(atlas) -> None:  # type: ignore[no-untyped-def]
    stream = SceneStream(1, 96, concepts=len(atlas))
    specs = [stream.spec(i) for i in range(300)]
    assert {len(s.concepts) for s in specs} == {1, 2, 3}
    assert all(len(set(s.concepts)) == len(s.concepts) for s in specs)
    assert {s.background.kind for s in specs} == set(BACKGROUND_KINDS)
    singles = SceneStream(1, 96, count_weights=(1.0, 0.0, 0.0), concepts=len(atlas))
    assert all(len(singles.spec(i).concepts) == 1 for i in range(50))


def _footprint(spec, position, atlas) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Where sprite `position` is opaque on the canvas."""
    placement = spec.placements[position]
    sprite = render_sprite(placement, atlas)
    x, y = sprite_origin(placement, sprite)
    size = spec.image_size
    padded = np.zeros((size + 2 * sprite.height, size + 2 * sprite.width), dtype=bool)
    top, left = y + sprite.height, x + sprite.width
    padded[top : top + sprite.height, left : left + sprite.width] = np.asarray(sprite)[..., 3] > 200
    return padded[sprite.height : sprite.height + size, sprite.width : sprite.width + size]


def test_every_listed_concept_is_visibly_drawn_and_none_hides_another(atlas) -> None:  # type: ignore[no-untyped-def]
    stream = SceneStream(2, 96, concepts=len(atlas))
    for index in range(60):
        spec = stream.spec(index)
        full = np.asarray(render_scene(spec, atlas), dtype=np.int16)
        footprints = [_footprint(spec, k, atlas) for k in range(len(spec.placements))]
        for k, footprint in enumerate(footprints):
            sprite = render_sprite(spec.placements[k], atlas)
            # Almost all of the sprite's opaque pixels fall on the canvas.
            assert footprint.sum() >= 0.97 * (np.asarray(sprite)[..., 3] > 200).sum()
            assert footprint.sum() >= 40, f"scene {index}: sprite {k} covers only {footprint.sum()} pixels"
            without = np.asarray(render_scene(spec.without(k), atlas), dtype=np.int16)
            changed = np.abs(full - without).sum(axis=2) > 0
            # Removing a sprite must change most of the pixels it covers: it was drawn and is not hidden.
            assert changed[footprint].mean() > 0.8, f"scene {index}: sprite {k} is not visible"
            for other in footprints[k + 1 :]:
                assert (footprint & other).sum() <= 0.05 * footprint.sum()
