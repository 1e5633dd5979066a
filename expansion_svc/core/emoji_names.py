"""Emoji read as the English words they stand for: "🐶 on the 🏖️" is a dog on a beach.

Phone keyboards put emoji into search boxes, and a text model reads them as
noise: the demo model has no token for any, a SentencePiece vocabulary few.
The `emoji` package carries every emoji and emoji sequence (skin tones, ZWJ
families, flags) with its Unicode CLDR name (":dog_face:") and GitHub's
shorter aliases (":dog:"). An emoji is read as:

- the one of those names that is a concrete noun the lexicon knows, the
  most familiar first: "car" over "automobile" and "red car", "ocean" over
  "water wave";
- else its CLDR name, less a trailing "face" or "with face" where what stands
  before it is such a noun ("monkey face" is the monkey, "sun with face" the
  sun); else the name as it is
  ("cloud with rain", "face with tears of joy"), which the phrase analysis
  then reads like any typed phrase.

Skin tones and other presentation marks change no name here: 👍🏽 is 👍.
Symbols that Unicode also counts as emoji but people type as text (©, ®, ™,
‼, arrows: one character below the Miscellaneous Symbols block) stay as typed;
"Eiffel Tower ©" asks for no copyright.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import emoji

# Fitzpatrick skin-tone modifiers: the CLDR name of 👍🏽 is "thumbs up medium skin tone", a tone no photo search means.
_SKIN_TONES = re.compile("[\U0001f3fb-\U0001f3ff]")
_DIGIT = re.compile(r"\d")
# "monkey face" and "sun with face" are the monkey and the sun.
_FACE_SUFFIXES = (" with face", " face")
# Where pictures start: Miscellaneous Symbols (☀, ☂), then Dingbats (✈, ❤) and the emoji planes; the same
# boundary as the search service's unknown-word pattern (search_svc/core/expansion_check.py).
_FIRST_PICTURE = 0x2600


def _words(shortcode: str) -> str:
    """ ":Christmas_tree:" -> "christmas tree"."""
    return " ".join(shortcode.strip(":").replace("_", " ").replace("-", " ").lower().split())


class EmojiReader:
    """Finds the emoji in a query and names each by the words a person would type for it."""

    def __init__(self, is_thing: Callable[[str], bool], familiarity: Callable[[str], float]) -> None:
        self._is_thing = is_thing
        self._familiarity = familiarity
        self._names: dict[str, str] = {}  # bounded by the emoji table (about 5,000 entries)

    def read(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """The text with each emoji replaced by its name, and (emoji, name) per emoji found, in order."""
        if text.isascii():  # the common case costs one scan
            return text, []
        found = emoji.emoji_list(text)
        if not found:
            return text, []
        pieces: list[str] = []
        mapped: list[tuple[str, str]] = []
        end = 0
        for match in found:
            symbol = match["emoji"]
            if len(symbol) == 1 and ord(symbol) < _FIRST_PICTURE:
                continue  # left in the text as typed
            between = text[end : match["match_start"]]
            if mapped and mapped[-1][0] == symbol and not between.strip():
                end = match["match_end"]  # "🍕🍕🍕" is emphasis: one pizza
                continue
            name = self.name(symbol)
            pieces += [between, f" {name} "]
            mapped.append((symbol, name))
            end = match["match_end"]
        pieces.append(text[end:])
        return " ".join("".join(pieces).split()), mapped

    def name(self, symbol: str) -> str:
        """The words for one emoji (see the module docstring); its CLDR name when nothing better is known."""
        known = self._names.get(symbol)
        if known is None:
            known = self._names[symbol] = self._choose(symbol)
        return known

    def _choose(self, symbol: str) -> str:
        data = emoji.EMOJI_DATA.get(_SKIN_TONES.sub("", symbol)) or emoji.EMOJI_DATA.get(symbol)
        if data is None:
            return _words(emoji.demojize(symbol))
        cldr = _words(data["en"])
        names = [cldr, *(_words(alias) for alias in data.get("alias", ()) if not _DIGIT.search(alias))]
        things = [name for name in dict.fromkeys(names) if self._is_thing(name)]
        if things:
            return max(things, key=self._familiarity)  # max keeps the first of equals: the CLDR name
        for suffix in _FACE_SUFFIXES:
            if cldr.endswith(suffix) and self._is_thing(cldr[: -len(suffix)]):
                return cldr[: -len(suffix)]
        return cldr
