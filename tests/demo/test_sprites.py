"""The committed sprite atlas loads without the font and covers the concept families the demo needs."""

from __future__ import annotations

import unicodedata

import numpy as np

from mediasearch.demo.build_sprites import read_concept_table
from mediasearch.demo.sprites import DATA_DIR, load_atlas


def test_atlas_has_at_least_300_distinct_concepts() -> None:
    atlas = load_atlas()
    assert len(atlas) >= 300
    assert len(set(atlas.names)) == len(atlas)
    assert [c.index for c in atlas.concepts] == list(range(len(atlas)))


def test_every_family_of_the_issue_is_represented() -> None:
    categories = {c.category for c in load_atlas().concepts}
    assert {"animal", "food", "vehicle", "plant", "weather", "household", "sport", "building"} <= categories


def test_every_sprite_is_a_visible_rgba_image_of_the_atlas_size() -> None:
    atlas = load_atlas()
    for concept, sprite in zip(atlas.concepts, atlas.sprites):
        assert sprite.mode == "RGBA" and sprite.size == (atlas.sprite_size, atlas.sprite_size)
        opaque = (np.asarray(sprite)[..., 3] > 128).mean()
        assert opaque > 0.1, f"{concept.name} is almost empty ({opaque:.2f} opaque)"


def test_index_matches_the_curated_table_and_unicode() -> None:
    atlas = load_atlas()
    table = read_concept_table(DATA_DIR / "concepts.tsv")
    assert [row["name"] for row in table] == atlas.names
    for concept in atlas.concepts:
        assert unicodedata.name(concept.char) == concept.unicode_name
        assert concept.codepoint == f"U+{ord(concept.char):04X}"


def test_phrases_carry_articles_only_where_english_wants_them() -> None:
    atlas = load_atlas()
    assert atlas.by_name("dog").phrase == "a dog"
    assert atlas.by_name("apple").phrase == "an apple"
    assert atlas.by_name("grapes").phrase == "grapes"
    assert atlas.by_name("sun").phrase == "the sun"


def test_the_font_licence_ships_beside_the_atlas() -> None:
    licence = (DATA_DIR / "LICENSE-noto-color-emoji.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
