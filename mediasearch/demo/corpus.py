"""Write the demo corpus: generated emoji scenes plus real photographs from Python packages' sample data.

    python -m mediasearch.demo.corpus OUT_DIR [--count 2000] [--seed 777] [--image-size 96]

OUT_DIR/scenes/scene-NNNNN.png are byte-for-byte reproducible from the seed
(the seed differs from every training seed, so these are held-out scenes).
OUT_DIR/photos/ gets the nine sample photographs of scikit-image and
scikit-learn, committed as downscaled copies in mediasearch/demo/photos/
(neither package is needed), with their licences (photos/LICENSES).
OUT_DIR/ground_truth.json lists every file with the concepts it shows, each
photo's licence, the concept vocabulary and, for the held-out words, the
concepts each should retrieve.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from mediasearch.demo.heldout import HELD_OUT_RELEVANCE, relevant_concepts
from mediasearch.demo.scenes import SceneStream, render_scene
from mediasearch.demo.sprites import SpriteAtlas, load_atlas

CORPUS_SEED = 777
DEFAULT_COUNT = 2000


PHOTOS_DIR = Path(__file__).resolve().parent / "photos"


@dataclass(frozen=True)
class Photo:
    """A committed photograph (in mediasearch/demo/photos/): what it shows and its licence.

    Sources, photographers and the changes made are in photos/LICENSES.
    """

    file_name: str
    concepts: tuple[str, ...]  # atlas concept names it truly shows (may be empty)
    labels: tuple[str, ...]  # free words describing it, for people reading the ground truth
    license: str
    source: str


_SKIMAGE = "scikit-image 0.26.0 sample data (skimage/data), downscaled"
_SKLEARN = "scikit-learn 1.9.1 sample image (sklearn/datasets/images), downscaled"
_CC_BY = "CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/), modified: downscaled"

PHOTOS: tuple[Photo, ...] = (
    Photo("chelsea.jpg", ("cat",), ("cat", "tabby"), "CC0, photographer Stefan van der Walt", _SKIMAGE),
    Photo("coffee.jpg", ("coffee",), ("coffee", "cup", "saucer"), "CC0, photographer Rachel Michetti", _SKIMAGE),
    Photo("rocket.jpg", ("rocket",), ("rocket", "launch pad"), "public domain, SpaceX", _SKIMAGE),
    Photo("astronaut.jpg", (), ("astronaut", "person", "flag"), "public domain, NASA Great Images", _SKIMAGE),
    Photo(
        "camera.jpg", ("camera",), ("photographer", "tripod", "grayscale"), "CC0, photographer Lav Varshney", _SKIMAGE
    ),
    Photo("coins.jpg", ("coin",), ("coins", "grayscale"), "no known copyright restrictions, Brooklyn Museum", _SKIMAGE),
    Photo("hubble_deep_field.jpg", (), ("galaxies", "space"), "public domain, NASA", _SKIMAGE),
    Photo(
        "china.jpg",
        (),
        ("temple", "building", "tree", "lake"),
        f"{_CC_BY}; photo by danielbuechele on Flickr (flickr.com/photos/danielbuechele/6061409035)",
        _SKLEARN,
    ),
    Photo(
        "flower.jpg",
        (),
        ("flower", "dahlia"),
        f"{_CC_BY}; photo by vultilion on Flickr (flickr.com/photos/vultilion/6056698931)",
        _SKLEARN,
    ),
)


def write_corpus(
    out_dir: Path,
    count: int = DEFAULT_COUNT,
    seed: int = CORPUS_SEED,
    image_size: int = 96,
    atlas: SpriteAtlas | None = None,
    include_photos: bool = True,
    photos_dir: Path = PHOTOS_DIR,
) -> dict[str, object]:
    """Render `count` scenes and copy the committed photos into out_dir; write and return the ground truth."""
    atlas = atlas or load_atlas()
    stream = SceneStream(seed, image_size, concepts=len(atlas))
    scenes_dir = out_dir / "scenes"
    scenes_dir.mkdir(parents=True, exist_ok=True)
    items: list[dict[str, object]] = []
    width = max(5, len(str(count - 1)))
    for index in range(count):
        spec = stream.spec(index)
        path = scenes_dir / f"scene-{index:0{width}d}.png"
        render_scene(spec, atlas).save(path, format="PNG")
        items.append(
            {
                "path": path.relative_to(out_dir).as_posix(),
                "source": "generated",
                "concepts": [atlas.concepts[c].name for c in spec.concepts],
            }
        )
    if include_photos:
        target_dir = out_dir / "photos"
        target_dir.mkdir(exist_ok=True)
        # The licence file travels with the photos: two of them are CC BY and need their attribution.
        shutil.copyfile(photos_dir / "LICENSES", target_dir / "LICENSES")
        for photo in PHOTOS:
            target = target_dir / photo.file_name
            shutil.copyfile(photos_dir / photo.file_name, target)
            items.append(
                {
                    "path": target.relative_to(out_dir).as_posix(),
                    "source": photo.source,
                    "concepts": list(photo.concepts),
                    "labels": list(photo.labels),
                    "license": photo.license,
                }
            )
    ground_truth: dict[str, object] = {
        "generator": "mediasearch.demo.corpus",
        "seed": seed,
        "image_size": image_size,
        "scene_count": count,
        "concepts": [{"name": c.name, "category": c.category, "unicode_name": c.unicode_name} for c in atlas.concepts],
        "held_out": {
            word: [atlas.concepts[i].name for i in relevant_concepts(word, atlas)] for word in HELD_OUT_RELEVANCE
        },
        "items": items,
    }
    (out_dir / "ground_truth.json").write_text(json.dumps(ground_truth, indent=1) + "\n", encoding="utf-8")
    return ground_truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=CORPUS_SEED)
    parser.add_argument("--image-size", type=int, default=96, help="the embedded model's input size")
    parser.add_argument("--no-photos", action="store_true", help="scenes only")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    truth = write_corpus(args.out_dir, args.count, args.seed, args.image_size, include_photos=not args.no_photos)
    items = truth["items"]
    assert isinstance(items, list)
    photos = sum(1 for item in items if item["source"] != "generated")
    print(f"wrote {args.count} scenes and {photos} photos to {args.out_dir} (ground truth: ground_truth.json)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
