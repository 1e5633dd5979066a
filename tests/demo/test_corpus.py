"""The demo corpus generator writes reproducible scenes, their ground truth and any available photos."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from mediasearch.demo.corpus import PHOTOS, available_photos, main, write_corpus
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


def test_photos_from_an_installed_package_are_copied_with_their_licence(tmp_path: Path) -> None:
    fake_skimage = tmp_path / "site" / "skimage"
    (fake_skimage / "data").mkdir(parents=True)
    Image.new("RGB", (40, 30), (120, 80, 40)).save(fake_skimage / "data" / "chelsea.png")
    roots = {"skimage": fake_skimage, "sklearn": None}
    assert [photo.relative_path for photo, _ in available_photos(roots=roots)] == ["data/chelsea.png"]
    truth = write_corpus(tmp_path / "out", count=2, photo_roots=roots)
    photo = truth["items"][-1]  # type: ignore[index]
    assert photo["path"] == "photos/chelsea.png" and photo["concepts"] == ["cat"]
    assert "CC0" in photo["license"]
    assert (tmp_path / "out" / "photos" / "chelsea.png").read_bytes() == (fake_skimage / "data" / "chelsea.png").read_bytes()


def test_every_listed_photo_names_real_concepts_and_a_licence() -> None:
    atlas = load_atlas()
    for photo in PHOTOS:
        assert photo.license
        for name in photo.concepts:
            atlas.by_name(name)


def test_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([str(tmp_path), "--count", "3", "--no-photos"]) == 0
    assert "wrote 3 scenes" in capsys.readouterr().out
    assert len(list((tmp_path / "scenes").glob("*.png"))) == 3
