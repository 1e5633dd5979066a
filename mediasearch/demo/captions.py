"""Caption templates for emoji scenes, and the vocabulary they can produce.

A caption names all or a subset of a scene's concepts ("a dog", "a photo of a
dog and a slice of pizza", "pizza next to a car."), so a caption is true of
every image that contains at least the concepts it names: that is the
multi-positive label the training uses. Names appear with and without their
article because searches arrive bare ("This is a photo of dog." is what the
embedder's default prompt template makes of the query "dog").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from mediasearch.demo.sprites import Concept, SpriteAtlas

# The embedder's default prompt template; evaluation embeds concept names with it.
PROMPT_TEMPLATE = "This is a photo of {}."

PREFIXES = ("", "", "a photo of ", "a picture of ", "an image of ", "this is a photo of ", "a drawing of ")
PAIR_JOINERS = (" and ", " and ", " with ", " next to ", " beside ", " near ")
# Word-level, like the tokenizer's Whitespace pre-tokenizer: runs of word characters, or of punctuation.
_TOKEN = re.compile(r"\w+|[^\w\s]+")


def tokens(text: str) -> list[str]:
    """Lower-case words and punctuation runs, split exactly as the model's tokenizer splits them."""
    return _TOKEN.findall(text.lower())


def _mention(concept: Concept, rng: np.random.Generator, alternatives: dict[str, tuple[str, ...]]) -> str:
    options = alternatives.get(concept.name)
    if options is not None and rng.random() < 0.3:
        return str(rng.choice(options))
    return concept.phrase if rng.random() < 0.5 else concept.name


# Natural ways to say a few names; kept small and free of held-out words (a test checks).
ALTERNATIVE_PHRASES: dict[str, tuple[str, ...]] = {
    "pizza": ("a slice of pizza", "a pizza slice"),
    "coffee": ("a cup of coffee", "a coffee cup"),
    "tea": ("a cup of tea",),
    "milk": ("a glass of milk",),
    "wine": ("a glass of wine",),
    "beer": ("a mug of beer",),
    "french fries": ("fries",),
    "grapes": ("a bunch of grapes",),
    "stack of books": ("books",),
    "fork and knife": ("a knife and fork",),
    "sun behind a cloud": ("a sun behind a cloud",),
    "house": ("a small house",),
}


def join_phrases(phrases: Sequence[str], rng: np.random.Generator) -> str:
    if len(phrases) == 1:
        return phrases[0]
    if len(phrases) == 2:
        return phrases[0] + str(rng.choice(PAIR_JOINERS)) + phrases[1]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def caption_for(concepts: Sequence[Concept], rng: np.random.Generator) -> str:
    """One caption naming all of `concepts`, in the given order."""
    phrases = [_mention(concept, rng, ALTERNATIVE_PHRASES) for concept in concepts]
    text = str(rng.choice(PREFIXES)) + join_phrases(phrases, rng)
    return text + "." if rng.random() < 0.3 else text


def mentioned_subset(scene_concepts: Sequence[int], rng: np.random.Generator) -> list[int]:
    """Which of a scene's concepts a caption names: all of them half the time, else a random non-empty subset.

    Subset captions teach the model that "a dog" is true of a picture with a dog
    and a car, which is what a search for "dog" over multi-object images needs.
    """
    concepts = list(scene_concepts)
    if len(concepts) == 1 or rng.random() < 0.5:
        chosen = concepts
    else:
        size = int(rng.integers(1, len(concepts)))
        chosen = [concepts[i] for i in sorted(rng.choice(len(concepts), size=size, replace=False))]
    order = rng.permutation(len(chosen))
    return [chosen[i] for i in order]


def scene_caption(scene_concepts: Sequence[int], atlas: SpriteAtlas, rng: np.random.Generator) -> tuple[str, list[int]]:
    """A training caption for a scene and the concept indices it names."""
    named = mentioned_subset(scene_concepts, rng)
    return caption_for([atlas.concepts[i] for i in named], rng), named


def prompt_for(name: str) -> str:
    """The text the embedder embeds for a bare query."""
    return PROMPT_TEMPLATE.format(name)


def caption_vocabulary(atlas: SpriteAtlas) -> list[str]:
    """Every token any caption (or evaluation prompt) can contain, sorted: the tokenizer's training corpus."""
    words: set[str] = set()
    for text in (*PREFIXES, *PAIR_JOINERS, ", ", ".", PROMPT_TEMPLATE.format("")):
        words.update(tokens(text))
    for concept in atlas.concepts:
        words.update(tokens(concept.phrase))
    for options in ALTERNATIVE_PHRASES.values():
        for option in options:
            words.update(tokens(option))
    return sorted(words)
