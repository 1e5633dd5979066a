"""Write the demo corpus: generated emoji scenes plus the real photographs that ship inside installed packages.

    python -m mediasearch.demo.corpus OUT_DIR [--count 2000] [--seed 777] [--image-size 96]

OUT_DIR/scenes/scene-NNNNN.png are byte-for-byte reproducible from the seed
(the seed differs from every training seed, so these are held-out scenes).
OUT_DIR/photos/ gets the sample photographs of scikit-image and scikit-learn
when those packages are installed (found without importing them; neither is a
dependency). OUT_DIR/ground_truth.json lists every file with the concepts it
shows, each photo's licence, the concept vocabulary and, for the held-out
words, the concepts each should retrieve.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mediasearch.demo.heldout import HELD_OUT_RELEVANCE, relevant_concepts
from mediasearch.demo.scenes import SceneStream, render_scene
from mediasearch.demo.sprites import SpriteAtlas, load_atlas

CORPUS_SEED = 777
DEFAULT_COUNT = 2000


@dataclass(frozen=True)
class Photo:
    """A photograph inside an installed package: where it is, what it shows, and its licence."""

    package: str
    relative_path: str
    concepts: tuple[str, ...]  # atlas concept names it truly shows (may be empty)
    labels: tuple[str, ...]  # free words describing it, for people reading the ground truth
    license: str


PHOTOS: tuple[Photo, ...] = (
    Photo("skimage", "data/chelsea.png", ("cat",), ("cat", "tabby"),
          "CC0, photographer Stefan van der Walt (scikit-image data)"),
    Photo("skimage", "data/coffee.png", ("coffee",), ("coffee", "cup", "saucer"),
          "CC0, photographer Rachel Michetti (scikit-image data)"),
    Photo("skimage", "data/rocket.jpg", ("rocket",), ("rocket", "launch pad"),
          "public domain, SpaceX (scikit-image data)"),
    Photo("skimage", "data/astronaut.png", (), ("astronaut", "person", "flag"),
          "public domain, NASA Great Images (scikit-image data)"),
    Photo("skimage", "data/camera.png", ("camera",), ("photographer", "tripod", "grayscale"),
          "CC0, photographer Lav Varshney (scikit-image data)"),
    Photo("skimage", "data/coins.png", ("coin",), ("coins", "grayscale"),
          "no known copyright restrictions, Brooklyn Museum (scikit-image data)"),
    Photo("skimage", "data/hubble_deep_field.jpg", (), ("galaxies", "space"),
          "public domain, NASA (scikit-image data)"),
    Photo("sklearn", "datasets/images/china.jpg", (), ("temple", "building", "tree"),
          "CC BY 2.0, danielbuechele on Flickr (scikit-learn sample image)"),
    Photo("sklearn", "datasets/images/flower.jpg", (), ("flower",),
          "CC BY 2.0, vultilion on Flickr (scikit-learn sample image)"),
)


def package_dir(package: str) -> Path | None:
    """Where an installed package lives, found without importing it (importing scikit-image takes seconds)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def available_photos(
    photos: Sequence[Photo] = PHOTOS, roots: dict[str, Path | None] | None = None
) -> list[tuple[Photo, Path]]:
    """The photos whose package is installed (or whose root is given) and whose file exists."""
    found = []
    for photo in photos:
        root = roots[photo.package] if roots and photo.package in roots else package_dir(photo.package)
        if root is not None and (root / photo.relative_path).is_file():
            found.append((photo, root / photo.relative_path))
    return found


def write_corpus(
    out_dir: Path,
    count: int = DEFAULT_COUNT,
    seed: int = CORPUS_SEED,
    image_size: int = 96,
    atlas: SpriteAtlas | None = None,
    include_photos: bool = True,
    photo_roots: dict[str, Path | None] | None = None,
) -> dict[str, object]:
    """Render `count` scenes and copy the available photos into out_dir; write and return the ground truth."""
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
        photos_dir = out_dir / "photos"
        for photo, source in available_photos(roots=photo_roots):
            photos_dir.mkdir(exist_ok=True)
            target = photos_dir / source.name
            shutil.copyfile(source, target)
            items.append(
                {
                    "path": target.relative_to(out_dir).as_posix(),
                    "source": f"{photo.package} package",
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
        "held_out": {word: [atlas.concepts[i].name for i in relevant_concepts(word, atlas)] for word in HELD_OUT_RELEVANCE},
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
