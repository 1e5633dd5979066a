"""Held-out words never reach the model: not in concept names, captions, prompts or the vocabulary."""

from __future__ import annotations

from mediasearch.demo.captions import ALTERNATIVE_PHRASES, caption_vocabulary, scene_caption, tokens
from mediasearch.demo.heldout import HELD_OUT_FORMS, HELD_OUT_RELEVANCE, held_out_words, relevant_concepts
from mediasearch.demo.scenes import SceneStream
from mediasearch.demo.sprites import load_atlas


def test_generated_captions_never_contain_a_held_out_word() -> None:
    atlas = load_atlas()
    banned = held_out_words()
    stream = SceneStream(0, 96, concepts=len(atlas))
    seen: set[str] = set()
    for index in range(4000):
        caption, _ = scene_caption(stream.spec(index).concepts, atlas, stream.caption_rng(index))
        words = set(tokens(caption))
        assert not words & banned, f"{caption!r} contains {words & banned}"
        seen |= words
    assert {"dog", "and", "photo"} <= seen


def test_no_concept_name_or_alternative_phrase_contains_a_held_out_word() -> None:
    atlas = load_atlas()
    phrases = [c.phrase for c in atlas.concepts] + [p for options in ALTERNATIVE_PHRASES.values() for p in options]
    for phrase in phrases:
        assert not set(tokens(phrase)) & held_out_words(), phrase
    assert not set(caption_vocabulary(atlas)) & held_out_words()


def test_captions_name_only_concepts_the_scene_holds() -> None:
    atlas = load_atlas()
    stream = SceneStream(3, 96, concepts=len(atlas))
    subsets = 0
    for index in range(500):
        scene = stream.spec(index).concepts
        _, named = scene_caption(scene, atlas, stream.caption_rng(index))
        assert named and set(named) <= set(scene) and len(set(named)) == len(named)
        subsets += len(named) < len(scene)
    assert subsets > 50  # subset captions are what teach "dog" to match a dog among other things


def test_every_held_out_word_maps_to_existing_concepts() -> None:
    atlas = load_atlas()
    for word in HELD_OUT_RELEVANCE:
        assert relevant_concepts(word, atlas), word
    assert relevant_concepts("puppy", atlas) == [atlas.by_name("dog").index]
    assert relevant_concepts("puppies", atlas) == relevant_concepts("puppy", atlas)
    assert atlas.by_name("car").index in relevant_concepts("vehicle", atlas)
    assert all(base in HELD_OUT_RELEVANCE for base in HELD_OUT_FORMS.values())


def test_caption_rng_is_reproducible() -> None:
    atlas = load_atlas()
    stream = SceneStream(4, 96, concepts=len(atlas))
    a = scene_caption(stream.spec(9).concepts, atlas, stream.caption_rng(9))
    b = scene_caption(stream.spec(9).concepts, atlas, stream.caption_rng(9))
    assert a == b
