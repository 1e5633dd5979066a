"""Emoji scenes: 1 to 3 sprites on a varied background, fully determined by a seed.

A scene is first sampled as a `SceneSpec` (plain data: background, and for
each sprite its concept, size, centre, rotation and mirror flag) and then
rendered with Pillow. Keeping the two apart lets tests re-render a scene with a
sprite left out and check that the ground truth matches what was drawn.

Layout: the canvas is split into non-overlapping cells (halves, quadrants,
thirds or an L of a half and two quarters), one sprite per cell, each sized to
fit its cell even after rotation, so no sprite hides another.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from PIL import Image

from mediasearch.demo.sprites import SpriteAtlas

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the canvas

LAYOUTS: dict[int, tuple[tuple[Box, ...], ...]] = {
    1: (((0.0, 0.0, 1.0, 1.0),),),
    2: (
        ((0.0, 0.0, 0.5, 1.0), (0.5, 0.0, 1.0, 1.0)),
        ((0.0, 0.0, 1.0, 0.5), (0.0, 0.5, 1.0, 1.0)),
        ((0.0, 0.0, 0.5, 0.5), (0.5, 0.5, 1.0, 1.0)),
        ((0.5, 0.0, 1.0, 0.5), (0.0, 0.5, 0.5, 1.0)),
    ),
    3: (
        ((0.0, 0.0, 1 / 3, 1.0), (1 / 3, 0.0, 2 / 3, 1.0), (2 / 3, 0.0, 1.0, 1.0)),
        ((0.0, 0.0, 1.0, 1 / 3), (0.0, 1 / 3, 1.0, 2 / 3), (0.0, 2 / 3, 1.0, 1.0)),
        ((0.0, 0.0, 0.5, 1.0), (0.5, 0.0, 1.0, 0.5), (0.5, 0.5, 1.0, 1.0)),
        ((0.5, 0.0, 1.0, 1.0), (0.0, 0.0, 0.5, 0.5), (0.0, 0.5, 0.5, 1.0)),
        ((0.0, 0.0, 1.0, 0.5), (0.0, 0.5, 0.5, 1.0), (0.5, 0.5, 1.0, 1.0)),
        ((0.0, 0.5, 1.0, 1.0), (0.0, 0.0, 0.5, 0.5), (0.5, 0.0, 1.0, 0.5)),
    ),
}
BACKGROUND_KINDS = ("plain", "gradient", "noise", "blobs", "stripes", "checker")
MAX_ANGLE = 25.0
# Fraction of the cell's shorter side a sprite's box may take. A lone sprite
# gets a wider range so the model also sees small single objects.
FILL_RANGE = {1: (0.3, 0.9), 2: (0.7, 1.0), 3: (0.75, 1.0)}


@dataclass(frozen=True)
class Placement:
    """One sprite: its concept index, side in pixels before rotation, centre in pixels, angle in degrees."""

    concept: int
    size: int
    center: tuple[float, float]
    angle: float
    mirrored: bool


@dataclass(frozen=True)
class Background:
    kind: str
    colors: tuple[tuple[int, int, int], ...]
    scale: float  # stripe/checker period or blob grid, in pixels; noise strength for "noise"
    angle: float
    seed: int


@dataclass(frozen=True)
class SceneSpec:
    image_size: int
    background: Background
    placements: tuple[Placement, ...]

    @property
    def concepts(self) -> tuple[int, ...]:
        return tuple(placement.concept for placement in self.placements)

    def without(self, position: int) -> SceneSpec:
        """The same scene with one sprite left out (for checking what was drawn)."""
        kept = tuple(p for i, p in enumerate(self.placements) if i != position)
        return replace(self, placements=kept)


def _color(rng: np.random.Generator) -> tuple[int, int, int]:
    red, green, blue = (int(c) for c in rng.integers(0, 256, size=3))
    return red, green, blue


def sample_background(rng: np.random.Generator, image_size: int) -> Background:
    kind = str(rng.choice(BACKGROUND_KINDS))
    colors = (_color(rng), _color(rng))
    if kind in ("stripes", "checker"):
        scale = float(rng.uniform(image_size / 24, image_size / 6))
    elif kind == "blobs":
        scale = float(rng.integers(2, 7))
    elif kind == "noise":
        scale = float(rng.uniform(6, 32))
    else:
        scale = 0.0
    return Background(kind, colors, scale, float(rng.uniform(0, 180)), int(rng.integers(0, 2**31)))


def sample_scene(
    rng: np.random.Generator,
    n_concepts: int,
    image_size: int,
    concepts: Sequence[int] | int,
) -> SceneSpec:
    """Place `n_concepts` distinct concepts (drawn from `concepts`, or range(concepts)) in one layout."""
    pool = range(concepts) if isinstance(concepts, int) else concepts
    chosen = [int(pool[i]) for i in rng.choice(len(pool), size=n_concepts, replace=False)]
    layouts = LAYOUTS[n_concepts]
    layout = layouts[int(rng.integers(len(layouts)))]
    low, high = FILL_RANGE[n_concepts]
    placements = []
    for concept, (x0, y0, x1, y1) in zip(chosen, layout, strict=True):
        angle = float(rng.uniform(-MAX_ANGLE, MAX_ANGLE))
        # A square rotated by `angle` needs a box (|cos| + |sin|) times its side, but emoji are
        # round-ish with transparent corners, so half of that growth is enough to keep them apart.
        spread = 1.0 + (abs(math.cos(math.radians(angle))) + abs(math.sin(math.radians(angle))) - 1.0) / 2
        cell_w, cell_h = (x1 - x0) * image_size, (y1 - y0) * image_size
        extent = rng.uniform(low, high) * min(cell_w, cell_h)
        size = max(8, int(extent / spread))
        half = size * spread / 2
        cx = (
            rng.uniform(x0 * image_size + half, x1 * image_size - half)
            if cell_w > 2 * half
            else (x0 + x1) * image_size / 2
        )
        cy = (
            rng.uniform(y0 * image_size + half, y1 * image_size - half)
            if cell_h > 2 * half
            else (y0 + y1) * image_size / 2
        )
        placements.append(Placement(concept, size, (float(cx), float(cy)), angle, bool(rng.random() < 0.5)))
    return SceneSpec(image_size, sample_background(rng, image_size), tuple(placements))


@lru_cache(maxsize=8)
def _grid(image_size: int) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:image_size, 0:image_size].astype(np.float32)
    ys.flags.writeable = xs.flags.writeable = False
    return ys, xs


def render_background(background: Background, image_size: int) -> np.ndarray:
    """HxWx3 uint8 array."""
    rng = np.random.default_rng(background.seed)
    a, b = (np.asarray(c, dtype=np.float32) for c in background.colors)
    ys, xs = _grid(image_size)
    theta = math.radians(background.angle)
    along = xs * math.cos(theta) + ys * math.sin(theta)
    kind = background.kind
    if kind == "plain":
        pixels: np.ndarray = np.broadcast_to(a, (image_size, image_size, 3)).copy()
    elif kind == "gradient":
        t = (along - along.min()) / max(float(along.max() - along.min()), 1.0)
        pixels = a + (b - a) * t[..., None]
    elif kind == "noise":
        pixels = a + rng.normal(0.0, background.scale, size=(image_size, image_size, 3))
    elif kind == "blobs":
        grid = int(background.scale)
        coarse = rng.integers(0, 256, size=(grid, grid, 3), dtype=np.uint8)
        smooth = Image.fromarray(coarse).resize((image_size, image_size), Image.Resampling.BICUBIC)
        pixels = np.asarray(smooth, dtype=np.float32)
    elif kind == "stripes":
        band = np.floor(along / background.scale) % 2
        pixels = np.where(band[..., None] > 0, a, b)
    elif kind == "checker":
        across = -xs * math.sin(theta) + ys * math.cos(theta)
        cell = (np.floor(along / background.scale) + np.floor(across / background.scale)) % 2
        pixels = np.where(cell[..., None] > 0, a, b)
    else:
        raise ValueError(f"unknown background kind {kind!r}")
    return np.clip(pixels, 0, 255).astype(np.uint8)


def render_sprite(placement: Placement, atlas: SpriteAtlas) -> Image.Image:
    sprite = atlas.sprites[placement.concept]
    if placement.mirrored:
        sprite = sprite.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    sprite = sprite.resize((placement.size, placement.size), Image.Resampling.BILINEAR)
    return sprite.rotate(placement.angle, resample=Image.Resampling.BILINEAR, expand=True)


def sprite_origin(placement: Placement, sprite: Image.Image) -> tuple[int, int]:
    """Top-left canvas position of a rendered sprite centred on its placement; may be negative.

    A large rotated sprite's box can overhang the canvas; only its transparent
    corners do, and the part outside is cropped.
    """
    cx, cy = placement.center
    return int(round(cx - sprite.width / 2)), int(round(cy - sprite.height / 2))


def render_scene(spec: SceneSpec, atlas: SpriteAtlas) -> Image.Image:
    """The scene as an RGB image of spec.image_size pixels square."""
    canvas = Image.fromarray(render_background(spec.background, spec.image_size)).convert("RGBA")
    for placement in spec.placements:
        sprite = render_sprite(placement, atlas)
        x, y = sprite_origin(placement, sprite)
        # alpha_composite refuses negative destinations: crop the overhang off the source instead.
        canvas.alpha_composite(sprite, dest=(max(x, 0), max(y, 0)), source=(max(-x, 0), max(-y, 0)))
    return canvas.convert("RGB")


@dataclass(frozen=True)
class SceneStream:
    """Scene number `index` of stream `seed`, reproducible without generating the ones before it."""

    seed: int
    image_size: int
    count_weights: tuple[float, float, float] = (1 / 3, 1 / 3, 1 / 3)
    concepts: Sequence[int] | int = 0

    def spec(self, index: int) -> SceneSpec:
        rng = np.random.default_rng([self.seed, index])
        n = 1 + int(rng.choice(3, p=np.asarray(self.count_weights) / sum(self.count_weights)))
        return sample_scene(rng, n, self.image_size, self.concepts)

    def caption_rng(self, index: int) -> np.random.Generator:
        """A generator for this scene's caption, independent of the one that placed its sprites."""
        return np.random.default_rng([self.seed, index, 1])
