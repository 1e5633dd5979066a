"""The demo corpus generator writes reproducible scenes, their ground truth and the committed photos."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from mediasearch.demo.corpus import PHOTOS, PHOTOS_DIR, main, write_corpus
from mediasearch.demo.scenes import SceneStream
from mediasearch.demo.sprites import load_atlas


def test_writes_n_images_and_ground_truth_that_matches_the_scenes(tmp_path: Path) -> None:
    truth = write_corpus(tmp_path, count=12, seed=11, include_photos=False)
    files = sorted((tmp_path / "scenes").glob("*.png"))
    assert len(files) == 12
    on_disk = json.loads((tmp_path / "ground_truth.json").read_text())
    assert on_disk == truth
    atlas = load_atlas()
    stream = SceneStream(11, 96, concepts=len(atlas))
    for index, item in enumerate(on_disk["items"]):
        assert (tmp_path / item["path"]).is_file()
        assert item["concepts"] == [atlas.concepts[c].name for c in stream.spec(index).concepts]
        with Image.open(tmp_path / item["path"]) as image:
            assert image.size == (96, 96) and image.mode == "RGB"
    assert "dog" in on_disk["held_out"]["puppy"]
    assert len(on_disk["concepts"]) == len(atlas)


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", count=5, seed=3, include_photos=False)
    write_corpus(tmp_path / "b", count=5, seed=3, include_photos=False)
    for name in (f"scene-{i:05d}.png" for i in range(5)):
        assert (tmp_path / "a" / "scenes" / name).read_bytes() == (tmp_path / "b" / "scenes" / name).read_bytes()


def test_the_committed_photos_are_copied_with_their_licences(tmp_path: Path) -> None:
    truth = write_corpus(tmp_path, count=2)
    photos = [item for item in truth["items"] if item["source"] != "generated"]  # type: ignore[union-attr,index]
    assert [item["path"] for item in photos] == [f"photos/{photo.file_name}" for photo in PHOTOS]
    chelsea = next(item for item in photos if item["path"] == "photos/chelsea.jpg")
    assert chelsea["concepts"] == ["cat"] and "CC0" in chelsea["license"]
    for item in photos:
        assert (tmp_path / item["path"]).read_bytes() == (PHOTOS_DIR / Path(item["path"]).name).read_bytes()
    # The attribution the CC BY photos require travels with them.
    assert "danielbuechele" in (tmp_path / "photos" / "LICENSES").read_text()


def test_every_photo_is_small_names_real_concepts_and_is_credited() -> None:
    atlas = load_atlas()
    credits = (PHOTOS_DIR / "LICENSES").read_text()
    assert sorted(path.name for path in PHOTOS_DIR.glob("*.jpg")) == sorted(photo.file_name for photo in PHOTOS)
    assert sum(path.stat().st_size for path in PHOTOS_DIR.glob("*.jpg")) < 1_000_000
    for photo in PHOTOS:
        assert photo.license and photo.file_name in credits
        with Image.open(PHOTOS_DIR / photo.file_name) as image:
            assert image.format == "JPEG" and max(image.size) <= 512
        for name in photo.concepts:
            atlas.by_name(name)
        if "CC BY" in photo.license:
            assert "flickr.com/photos/" in photo.license


def test_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([str(tmp_path), "--count", "3", "--no-photos"]) == 0
    assert "wrote 3 scenes" in capsys.readouterr().out
    assert len(list((tmp_path / "scenes").glob("*.png"))) == 3
