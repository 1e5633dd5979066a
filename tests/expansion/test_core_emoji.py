"""Emoji in a query are read as the words they stand for, before the phrase is analysed (emoji_names.py)."""

from __future__ import annotations

import pytest

from expansion_svc.core.expander import Expander


@pytest.mark.parametrize(
    ("typed", "concepts"),
    [
        ("🐶 on the 🏖️", {"dog", "beach"}),  # variation selector on the beach
        ("🚗", {"car"}),  # the familiar alias, not the CLDR name "automobile"
        ("🐵", {"monkey"}),  # "monkey face" is the monkey
        ("🐻‍❄️", {"polar bear"}),  # a ZWJ sequence is one emoji
        ("a 🐕 and a 🐈", {"dog", "cat"}),
        ("🏃🏽‍♀️ on the beach", {"beach"}),  # skin tone and gender inside a sequence
    ],
)
def test_an_emoji_is_read_as_the_thing_it_shows(expander: Expander, typed: str, concepts: set[str]) -> None:
    result = expander.expand(typed)
    assert concepts <= set(result.concepts), result.concepts
    assert any("(emoji)" in note for note in result.notes), result.notes
    assert not any(ch in result.normalized_query for ch in typed if ord(ch) > 0x2000), result.normalized_query


def test_repeated_emoji_are_one_thing_and_skin_tones_change_nothing(expander: Expander) -> None:
    assert expander.expand("🍕🍕🍕").concepts == expander.expand("🍕").concepts == ("pizza",)
    assert expander.expand("👍🏽").concepts == expander.expand("👍").concepts


def test_emoji_expansions_are_licensed_and_name_their_part(expander: Expander) -> None:
    result = expander.expand("🐶 on the 🏖️", max_terms=30)
    texts = [t.text for t in result.expansions]
    assert "puppy" in texts or "domestic dog" in texts, texts
    assert [text for text in texts if not expander.is_licensed(text)] == []
    assert {t.concept for t in result.expansions} <= {"dog", "beach", "umbrella", "beach umbrella", "dog beach"}


def test_an_emoji_with_no_noun_name_keeps_its_cldr_name(expander: Expander) -> None:
    result = expander.expand("😂")
    assert "(emoji)" in result.notes[0] and "face with tears of joy" in result.notes[0]


@pytest.mark.parametrize(("typed", "concepts"), [("eiffel tower ©", ("eiffel tower",)),
                                                 ("dog on a beach ® ‼", ("dog", "beach"))])
def test_symbols_typed_as_text_are_not_read_as_emoji(expander: Expander, typed: str, concepts: tuple[str, ...]) -> None:
    """©, ® and ™ are emoji to Unicode, but no one typing them asks for a copyright sign."""
    result = expander.expand(typed)
    assert not any("(emoji)" in note for note in result.notes), result.notes
    assert result.concepts == concepts
