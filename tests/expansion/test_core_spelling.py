"""Typos: a word no lexicon knows is read as the closest familiar word, and nothing else is touched."""

from __future__ import annotations

import pytest

from expansion_svc.core.expander import Expander
from expansion_svc.core.spelling import SpellingCorrector


@pytest.mark.parametrize(("typed", "meant"), [("bananna bread", "banana bread"), ("elephent family", "elephant family"),
                                              ("crocodil in the river", "crocodile river"),
                                              ("sunset over montains", "sunset mountain"), ("a giraff", "giraffe")])
def test_a_typo_is_read_as_the_word_meant_and_said_so(expander: Expander, typed: str, meant: str) -> None:
    expansion = expander.expand(typed)
    assert expansion.normalized_query == meant
    assert any("(spelling)" in note for note in expansion.notes)
    assert expansion.expansions  # the corrected word is expanded like any other


@pytest.mark.parametrize("query", ["perro en la playa", "Hund im Schnee", "dog on the beach", "red apples",
                                   "flying eagle", "kids playing soccer"])
def test_known_words_and_other_languages_are_not_corrected(expander: Expander, query: str) -> None:
    assert not any("(spelling)" in note for note in expander.expand(query).notes)


def test_the_closest_and_then_most_familiar_word_wins() -> None:
    corrector = SpellingCorrector({"banana": 5.0, "bandanna": 2.3, "cat": 6.0, "kitchen": 4.7, "mitten": 3.0})
    assert corrector.correct("bananna") == "banana"  # both one edit away: the familiar one
    assert corrector.correct("kitchn") == "kitchen"
    assert corrector.correct("cta") is None  # too short to guess
    assert corrector.correct("zzzzzzz") is None  # nothing close
    assert corrector.correct("banana") is None  # already right
    assert corrector.correct("b4n4n4") is None  # not plain letters


@pytest.mark.parametrize(("typed", "meant"), [("helicoptor", "helicopter"), ("umbrela", "umbrella")])
def test_a_typo_no_language_reads_stays_english(expander: Expander, typed: str, meant: str) -> None:
    # "helicoptor" once read as a German compound ending in "Tor" (fool): a typo is no word of any language.
    expansion = expander.expand(typed)
    assert expansion.concepts == (meant,)
    assert not any(note.startswith("language:") for note in expansion.notes)


def test_a_common_word_beats_a_name_and_a_doubled_letter_is_left_out() -> None:
    corrector = SpellingCorrector(
        {"hamburg": 4.5, "hamburger": 4.0, "cast": 5.0, "cat": 4.5}, is_name=lambda word: word == "hamburg"
    )
    assert corrector.correct("hamburgr") == "hamburger"  # one edit from both; Hamburg is a city
    assert corrector.correct("catt") == "cat"  # one edit from both; "cast" is more familiar


@pytest.mark.parametrize(("typed", "meant"), [("hamburgr", "hamburger"), ("catt", "cat"), ("dogg", "dog")])
def test_typos_of_the_shipped_lexicon_read_as_the_common_word(expander: Expander, typed: str, meant: str) -> None:
    assert expander.expand(typed).concepts == (meant,)


@pytest.mark.parametrize(("typed", "meant"), [("sun flower", "sunflower"), ("water fall", "waterfall"),
                                              ("snow man", "snowman"), ("butter fly", "butterfly"),
                                              ("play ground", "playground")])
def test_a_compound_typed_as_two_words_is_one_thing(expander: Expander, typed: str, meant: str) -> None:
    assert expander.expand(typed).concepts == (meant,)


def test_a_colour_and_a_noun_stay_two_words(expander: Expander) -> None:
    assert expander.expand("green house").concepts == ("green", "house")  # a house painted green


@pytest.mark.parametrize(("typed", "meant"), [("teddy baer", "teddy bear"), ("polar baer", "polar bear"),
                                              ("ice creem", "ice cream")])
def test_a_typo_is_read_as_the_word_that_makes_a_phrase_with_its_neighbour(expander: Expander, typed: str,
                                                                           meant: str) -> None:
    # "bar" is as close to "baer" as "bear", and more familiar: only the phrase decides.
    assert expander.expand(typed).concepts == (meant,)


def test_a_candidate_that_fits_its_neighbours_beats_a_more_familiar_one() -> None:
    corrector = SpellingCorrector({"bar": 5.0, "bear": 4.0})
    assert corrector.correct("baer") == "bar"
    assert corrector.correct("baer", fits=lambda candidate: candidate == "bear") == "bear"


def test_a_word_the_callers_model_reads_is_never_respelled(expander: Expander) -> None:
    # WordNet lacks "ramen"; the demo model knows it, and "raven" is not what was typed.
    assert expander.expand("ramen noodles").concepts[0] != "ramen"
    assert expander.expand("ramen noodles", vocabulary=["ramen", "noodle"]).concepts[0] == "ramen"
    assert expander.expand("a bowl of ramen", vocabulary=["ramen"]).concepts == ("ramen",)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("treehouse", "tree house"),  # spelling alone read it as "greenhouse", two edits away
        ("teddybears", "teddy bear"),
        ("firetruck", "fire truck"),
        ("a heatwave", "heat wave"),
        ("hotairballoon", "hot-air balloon"),  # as WordNet writes it
    ],
)
def test_a_phrase_typed_without_its_spaces_is_read_as_the_phrase(expander: Expander, typed: str, meant: str) -> None:
    expansion = expander.expand(typed)
    assert expansion.concepts == (meant,)
    assert any(meant in note for note in expansion.notes)


@pytest.mark.parametrize("word", ["butterfly", "sunflower", "cupcake", "icecream", "snowboarding"])
def test_a_word_the_lexicon_knows_is_not_split(expander: Expander, word: str) -> None:
    # "icecream" is one of WordNet's names for ice cream: read whole, as its own entry.
    assert " " not in expander.expand(word).normalized_query
