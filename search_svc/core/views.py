"""Region views: an image also embedded as halves, quadrants and overlapping windows, so deep search sees small things.

An embedding of a whole picture is mostly about what fills it: a dog in one
quarter of a busy scene, or in the corner of a 12 MP photo, weighs little in
it. Deep search therefore also scores each item by its views (each embedded
on its own as if it were the picture): the mean of its two best views'
cosines, or the whole image's where that is higher (`best_view_cosines` says
why two). The views are the four halves, the four quadrants, and five windows
of 0.6 x 0.6 (the four corners and the centre), because a thing that sits
across a quadrant's edge, or in the middle where every quadrant cuts it,
fills no quadrant but does fill one window.

Measured with the demo model on its 2,000-scene corpus, each item scored by
the mean of its two best views or its whole image, with perfect expansion
(each query's judged concept names): concept names find their pictures at
precision@10 0.767 from whole images, 0.895 with halves and quadrants and
0.907 with the windows added; the nine development phrase sets (1,401
phrases) 0.858, 0.938 and 0.948. Through the live services, deep search on
the development sets went from 0.841 to 0.845 when the windows were added.
Centre strips (the middle half across and down) added less (0.901 on the
names); windows of 0.7 the same as 0.6. The scheme was chosen on the concept
names and the development phrases, not on the held-out phrases.

The cost is thirteen more image embeddings per item at ingest and 13 x
dimension floats on disk. That is nothing for the demo model (96 px, 1.5 M
parameters) and a fourteenfold ingest for a SigLIP-base on a CPU, hence
`SEARCH_REGION_VIEWS`: `auto` (the default) embeds views for collections of
the embedded demo model only, `on` for every collection, `off` for none.
Normal search never uses views: it stays one vector per item and as fast as
before. Items stored with an earlier, shorter list of views keep them: a row
holds its own count.

Views live in the item store (table `item_views`, written in the item's
transaction, removed with it) and, for candidate lookup, in an in-memory
USearch index built from the store on the first deep search and kept in step
with every write afterwards: the store is the truth, the index a cache, as
for the items themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from mediasearch.imaging import decode_image, encode_reduced
from mediasearch.models import is_demo_model
from search_svc.core.index import IndexConfig, VectorIndex

Box = tuple[float, float, float, float]  # left, top, right, bottom as fractions of the picture
HALVES: tuple[Box, ...] = ((0, 0, 0.5, 1), (0.5, 0, 1, 1), (0, 0, 1, 0.5), (0, 0.5, 1, 1))
QUADRANTS: tuple[Box, ...] = ((0, 0, 0.5, 0.5), (0.5, 0, 1, 0.5), (0, 0.5, 0.5, 1), (0.5, 0.5, 1, 1))
# Windows of 0.6 x 0.6 at the four corners and the centre: a thing across a quadrant's edge, or in the middle of
# the picture where all four quadrants cut it, fills one of them whole.
WINDOWS: tuple[Box, ...] = (
    (0, 0, 0.6, 0.6),
    (0.4, 0, 1, 0.6),
    (0, 0.4, 0.6, 1),
    (0.4, 0.4, 1, 1),
    (0.2, 0.2, 0.8, 0.8),
)
VIEW_BOXES = HALVES + QUADRANTS + WINDOWS
# Key of view v of item k in the view index: k * KEYS_PER_ITEM + v.
KEYS_PER_ITEM = 16
# Shorter side the image is decoded at before cropping: a quadrant still has 224 px, a base model's input.
DECODE_SIZE = 448
REGION_VIEW_MODES = ("auto", "on", "off")
# Smallest side of a view in pixels: below it a crop shows nothing the whole image does not.
MIN_VIEW_SIDE = 8
# An item's view score is the mean of its this many best views (best_view_cosines).
AGREEING_VIEWS = 2


def views_wanted(mode: str, model_id: str) -> bool:
    """Whether items of a collection bound to `model_id` get region views under `SEARCH_REGION_VIEWS=mode`."""
    return mode == "on" or (mode == "auto" and is_demo_model(model_id))


def view_crops(data: bytes, *, max_bytes: int, max_pixels: int) -> list[bytes]:
    """Each view of VIEW_BOXES as losslessly encoded image bytes, none for an image too small to halve;
    raises ImageRejected as decoding does."""
    image = decode_image(data, target_size=DECODE_SIZE, max_bytes=max_bytes, max_pixels=max_pixels).image
    width, height = image.size
    if min(width, height) < MIN_VIEW_SIDE * 2:
        return []  # a 1x1 pixel has no halves: the whole image is all there is to see
    return [
        encode_reduced(image.crop((round(a * width), round(b * height), round(c * width), round(d * height))))
        for a, b, c, d in VIEW_BOXES
    ]


class ViewIndex:
    """Approximate lookup of items by their views; thread-safe (VectorIndex locks), built once, then updated."""

    def __init__(self, dimension: int, config: IndexConfig) -> None:
        self._index = VectorIndex(dimension, config)

    @classmethod
    def build(cls, dimension: int, config: IndexConfig, rows: Iterable[tuple[int, np.ndarray]]) -> ViewIndex:
        index = cls(dimension, config)
        batch_keys: list[int] = []
        batch: list[np.ndarray] = []
        for key, views in rows:
            batch_keys.append(key)
            batch.append(views)
            if len(batch_keys) >= 1024:
                index.add(batch_keys, batch)
                batch_keys, batch = [], []
        index.add(batch_keys, batch)
        return index

    def __len__(self) -> int:
        return len(self._index)

    def add(self, item_keys: Sequence[int], views: Sequence[np.ndarray]) -> None:
        if not item_keys:
            return
        keys = np.concatenate(
            [int(k) * KEYS_PER_ITEM + np.arange(len(v)) for k, v in zip(item_keys, views, strict=True)]
        )
        self._index.add(keys.astype(np.int64), np.concatenate(views))

    def remove(self, item_keys: Sequence[int]) -> None:
        if len(item_keys):
            keys = (np.asarray(item_keys, np.int64)[:, None] * KEYS_PER_ITEM + np.arange(len(VIEW_BOXES))).reshape(-1)
            self._index.remove(keys)

    def candidates(self, queries: np.ndarray, pool: int) -> list[np.ndarray]:
        """Per query row, the distinct item keys of its `pool` nearest views (several views may share an item)."""
        return [np.unique(keys // KEYS_PER_ITEM) for keys, _ in self._index.search(queries, pool)]


def best_view_cosines(
    queries: np.ndarray, keys: np.ndarray, views: dict[int, np.ndarray], whole: np.ndarray
) -> np.ndarray:
    """Per key and query, the better of the whole image's cosine (`whole`, [keys x queries]) and the mean of
    its AGREEING_VIEWS best views' cosines.

    A thing in one quadrant shows in three views (the quadrant and the two halves holding it); a text
    that matches one crop by chance shows in one. The best view alone let such chance matches through
    (bicycle: ship and tent scenes at 0.83); with the demo model and perfect expansion (bench/ceiling.py's
    data), concept names went 0.763 -> 0.777 at precision@10 and the development phrases 0.854 -> 0.875;
    the mean of the best three lost (0.747)."""
    best = whole.copy()
    for row, key in enumerate(keys):
        stored = views.get(int(key))
        if stored is not None:
            cosines = np.sort(stored @ queries.T, axis=0)[-AGREEING_VIEWS:]
            best[row] = np.maximum(best[row], cosines.mean(axis=0))
    return best
