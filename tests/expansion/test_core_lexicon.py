"""The distilled lexicon and morphy: coverage, license, senses ranked by frequency, lemmatisation."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import pytest

from expansion_svc.core.curated import CURATED
from expansion_svc.core.lexicon import Lexicon, LexiconError
from expansion_svc.core.morphy import Lemmatizer, morphy


def test_covers_ten_thousand_concrete_nouns_and_visual_adjectives(lexicon: Lexicon) -> None:
    assert all(map(lexicon.is_concrete_noun, ("dog", "violin", "tulip", "hammer", "canoe", "golden retriever")))
    assert sum(1 for s in lexicon.synsets if s.name.split(".")[-2] == "n") >= 10_000
    assert all(lexicon.has_adjective(a) for a in ("red", "fluffy", "wooden", "large", "shiny", "snowy"))
    # Abstract nouns are not expansion material.
    assert not lexicon.is_concrete_noun("happiness") and not lexicon.is_concrete_noun("democracy")


def test_ships_with_wordnet_license() -> None:
    text = resources.files("expansion_svc").joinpath("data/WORDNET_LICENSE").read_text()
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text


def test_senses_are_ranked_by_frequency(lexicon: Lexicon) -> None:
    senses = lexicon.senses("dog", "n")
    assert senses[0].synset.name == "dog.n.01" and senses[0].tag_count > 0
    assert "frump" in {lemma for s in senses for lemma in s.synset.lemmas}  # WordNet's literary senses exist...
    assert all(s.tag_count <= senses[0].tag_count for s in senses)  # ...but rank below the animal


def test_hyponyms_are_derived_from_hypernym_links(lexicon: Lexicon) -> None:
    dog = lexicon.synset("dog.n.01")
    assert dog is not None
    children = {lexicon.synsets[i].lemmas[0] for i in lexicon.hyponyms[dog.id]}
    assert {"puppy", "dalmatian"} <= children


def test_bad_lexicon_file_is_a_clear_error(tmp_path: Path) -> None:
    wrong_format = tmp_path / "old.json.gz"
    wrong_format.write_bytes(gzip.compress(json.dumps({"format": 0}).encode()))
    with pytest.raises(LexiconError, match="format"):
        Lexicon.load(wrong_format)
    with pytest.raises(LexiconError, match="cannot load"):
        Lexicon.load(tmp_path / "missing.json.gz")


@pytest.mark.parametrize(
    ("word", "pos", "base"),
    [("dogs", "n", "dog"), ("geese", "n", "goose"), ("boxes", "n", "box"), ("puppies", "n", "puppy"),
     ("women", "n", "woman"), ("ran", "v", "run"), ("running", "v", "run"), ("bigger", "a", "big")],
)
def test_morphy_finds_base_forms(lexicon: Lexicon, word: str, pos: str, base: str) -> None:
    assert base in morphy(word, pos, lexicon)


def test_morphy_rejects_non_words(lexicon: Lexicon) -> None:
    assert morphy("xyzzies", "n", lexicon) == []


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("dogs", "dog"), ("running", "run"), ("swimming", "swim"), ("glasses", "glasses"), ("building", "building"),
     ("wedding", "wedding"), ("leaves", "leaf"), ("children", "child"), ("bigger", "big"), ("perro", "perro"),
     # WordNet's own "flies" (above a stage) is rare beside the insect; sunglasses are "shades", and chips fries.
     ("flies", "fly"), ("sands", "sand"), ("shades", "shades"), ("fries", "fries"), ("chips", "chips"),
     # WordNet lists "oxen" among the names of cattle, of which the ox is a kind: the typed animal is meant.
     ("oxen", "ox"), ("cattle", "cattle"), ("dice", "dice")],
)
def test_lemmatizer_prefers_what_a_photo_search_means(lexicon: Lexicon, word: str, lemma: str) -> None:
    assert Lemmatizer(lexicon, frozenset(CURATED)).lemma(word) == lemma
