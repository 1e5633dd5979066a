"""Query validation and parsing into tagged parts: frames and filler dropped, compounds kept whole, heads found."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from expansion_svc.core.foreign_grammar import CONTAINERS
from expansion_svc.core.phrases import COUNT_WORDS, FILLER_WORDS, FRAMES, WEATHER_VERBS
from mediasearch.runtime.errors import InvalidArgument

MAX_QUERY_CHARS = 256
ARTICLES = frozenset({"a", "an", "the"})
# Longest compound tried, in words ("lily of the valley").
MAX_COMPOUND_WORDS = 4
# Letters and digits, with inner apostrophes and hyphens ("t-shirt", "jack-o'-lantern").
TOKEN = re.compile(r"[^\W_]+(?:(?:['\u2019]-?|-)[^\W_]+)*")
# What people type between separate things ("dog, cat", "dog & cat", "dog/cat", "#beach #sunset", "dog - cat"):
# a phrase ends there, as at "and". A tokenizer with breaks returns each as BREAK.
BREAK = ","
# A number as digits, ordinal or decade ("2019", "80th", "1990s"): a date or count, nothing a picture shows.
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|s)?")
_SEPARATOR = r"[,;/&+|#!?()\[\]{}]|(?<=\s)[-\u2013\u2014](?=\s)|\.(?=\s|$)"
_PIECE = re.compile(f"{TOKEN.pattern}|{_SEPARATOR}")
# Words that exclude what follows them ("beach without people", "dog but no cat"): what they cover is not
# searched for. Their scope runs over content words and the few function words of a list ("without a hat or
# gloves") and ends at any other function word ("no people on the beach": the beach is wanted) or separator.
# Before an -ing form a negation names a prohibition, not an absence: "no parking sign" is a sign.
NEGATIONS = frozenset("without no not except excluding minus".split())
NEGATION_SCOPE_WORDS = frozenset("a an the any or and other".split())
# Prepositions that put what follows them around the rest of the phrase: "a dog on the beach" is a photo of a dog,
# which a photo of the beach alone is not. "with" (a part of the scene), "of" and "from" (what something is made
# of or comes out of: "steam rising from a cup") are not among them.
PLACE_PREPOSITIONS = frozenset(
    """
    on in at by under over near beside behind inside outside around across along through beneath underneath
    above below atop among amid amongst alongside against onto into down
    """.split()
)
# Adverbs of direction between a word and its preposition: "high up in the mountains", "far out at sea".
DIRECTION_PARTICLES = frozenset("up out down off away back over".split())
# The frames by their first word, longest first: a lookup per token instead of a scan of every frame.
_FRAMES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _frame in FRAMES:  # FRAMES is sorted longest first
    _FRAMES_BY_FIRST.setdefault(_frame[0], []).append(_frame)
# Words that open the object of a verb: an -ing word before one is that verb ("building a", "opening the").
OBJECT_DETERMINERS = frozenset("a an the my our your his her their some".split())
# Function words, and the filler people wrap photo searches in ("show me a photo of ...").
STOP_WORDS = frozenset(
    """
    a an the this that these those some any all each every few many much more most several no not
    of in on at to for with without from by into onto over under near next beside behind above below
    against toward towards upon within beyond via throughout underneath beneath alongside amid amongst despite
    until till unlike
    between among through around across along during before after while and or but nor so than then as
    is are was were be been being am do does did doing have has had having will would can could should
    may might must shall it its it's i me my mine we us our you your he him his she her they them their
    there here what which who whom whose where when why how very just also only really quite too
    photo photos picture pictures pic pics image images photograph photographs shot shots
    show find search looking look see want get give please let
    """.split()
)


def validate_query(query: str) -> str:
    """The query with surrounding white space removed; InvalidArgument("query") when unusable."""
    if not query:
        raise InvalidArgument.for_field("query", "must not be empty", reason="QUERY_EMPTY")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidArgument.for_field(
            "query", f"must be at most {MAX_QUERY_CHARS} characters, got {len(query)}", reason="QUERY_TOO_LONG"
        )
    bad = next((ch for ch in query if unicodedata.category(ch) in ("Cc", "Cs")), None)
    if bad is not None:
        raise InvalidArgument.for_field(
            "query", f"must not contain control characters (found U+{ord(bad):04X})", reason="QUERY_CONTROL_CHARACTER"
        )
    if not query.strip():
        raise InvalidArgument.for_field("query", "must not be only white space", reason="QUERY_BLANK")
    return query.strip()


def normalized(query: str) -> str:
    """NFKC, lower case, curly apostrophes straightened: the text tokens are taken from."""
    return unicodedata.normalize("NFKC", query).lower().replace("\u2019", "'")


def tokenize(query: str, *, breaks: bool = False) -> list[str]:
    """Lower-case word tokens; possessive "'s" dropped; with `breaks`, each separator as BREAK."""
    text = normalized(query)
    if not breaks:
        return [token.removesuffix("'s") for token in TOKEN.findall(text)]
    return [BREAK if not piece[0].isalnum() else piece.removesuffix("'s") for piece in _PIECE.findall(text)]


@dataclass(frozen=True, slots=True)
class Concept:
    """A content part of the query.

    `text` is the lemma or compound ("dog", "hot dog"), or a participle as typed ("flying");
    `pos` is "n", "a" or "v"; parts typed next to each other share a `chunk` (a noun phrase),
    whose last noun is its `head` and whose other parts modify it.
    """

    text: str
    typed: str
    modifies_next: bool = False
    pos: str = "n"
    chunk: int = 0
    head: bool = True
    negated: bool = False  # typed after a negation ("people" in "beach without people")
    # Typed after a preposition of place, following another part: where the rest is ("beach" in "a dog running
    # on the beach"), not what the photo is of. Or what a thing typed before a verb acts on ("pollen" and
    # "sunflower" in "bee collecting pollen from a sunflower"): the photo is of the bee.
    setting: bool = False


@dataclass(frozen=True, slots=True)
class WordClasses:
    """What the parser asks the lexicon: compounds, lemmas, and parts of speech of lemmas."""

    is_compound: Callable[[str], bool]
    lemma: Callable[[str], str]
    is_noun: Callable[[str], bool]
    is_visual_adjective: Callable[[str], bool]
    verb_base: Callable[[str], str | None]  # "flying" -> "fly"; None when the word is no verb form
    is_activity: Callable[[str], bool]  # a verb the curated map expands ("run"; not "park", the place)
    is_thing: Callable[[str], bool]  # a word as typed that names something a photo shows ("building")
    # Singulars of a plural noun, even one that is a lemma of its own ("eggs"): compounds are singular.
    singulars: Callable[[str], list[str]] = lambda word: []
    # A noun whose commonest sense is a person ("kids", "grandma"): what a person does is the photo's subject.
    is_person: Callable[[str], bool] = lambda word: False
    # An adjective that is no noun anyone tags ("deep", "far", "lost"; not "orange" or "cold"): typed before a
    # preposition it says how or where things are ("deep in the jungle"), and names nothing the photo shows.
    is_predicative: Callable[[str], bool] = lambda word: False


class QueryParser:
    """Splits a query into parts: frames and filler dropped, compounds first, words lemmatised and tagged."""

    def __init__(self, words: WordClasses) -> None:
        self._words = words

    def _compound_at(self, tokens: list[str], start: int) -> tuple[str, int] | None:
        longest = min(MAX_COMPOUND_WORDS, len(tokens) - start)
        for size in range(longest, 1, -1):
            span = tokens[start : start + size]
            if span[0] in STOP_WORDS or span[-1] in STOP_WORDS:
                continue
            for candidate in self._compound_spellings(span):
                if self._words.is_compound(candidate):
                    return candidate, size
        return None

    def _compound_spellings(self, span: list[str]) -> Iterator[str]:
        """The span as typed, with its last word's lemma, with a possessive the tokenizer dropped or the user
        did not type restored on one earlier word ("valentines day", "new year's eve": tokens "new year
        eve"), since collocations are written with it ("valentine's day"), and two words written as one."""
        last = [span[-1], self._words.lemma(span[-1]), *self._words.singulars(span[-1])]
        for end in dict.fromkeys(last):
            yield " ".join([*span[:-1], end])
        for i, word in enumerate(span[:-1]):
            owners = [word + "'s"] + ([word[:-1] + "'s"] if word.endswith("s") and len(word) > 3 else [])
            for owner in owners:
                for end in dict.fromkeys(last):
                    yield " ".join([*span[:i], owner, *span[i + 1 : -1], end])
        # "carving the pumpkin" is "carving pumpkin": an article inside a phrase is not part of its name.
        inner = [word for word in span[1:-1] if word not in ARTICLES]
        if len(inner) < len(span) - 2:
            for end in dict.fromkeys(last):
                yield " ".join([span[0], *inner, end])
        # "birds of prey", "cups of tea": collocations with "of" inflect their first word.
        if len(span) >= 3 and span[1] == "of":
            first = self._words.lemma(span[0])
            if first != span[0]:
                yield " ".join([first, *span[1:]])
        # A count before a participle is one adjective: "two wheeled" is "two-wheeled", "four legged".
        if len(span) == 2 and span[0] in COUNT_WORDS and span[1].endswith("ed"):
            yield f"{span[0]}-{span[1]}"
        # A closed compound typed as two words ("sun flower", "water fall", "snow man"), unless the first is a
        # colour or other visual adjective: a "green house" is a house, not a greenhouse.
        if len(span) == 2 and not self._words.is_visual_adjective(span[0]):
            for end in dict.fromkeys(last):
                yield span[0] + end

    def _yields_to_next(self, tokens: list[str], start: int) -> bool:
        """Whether a two-word compound led by a visual adjective gives way to a compound that starts at its second
        word: the adjective then describes that compound."""
        return self._words.is_visual_adjective(tokens[start]) and self._compound_at(tokens, start + 1) is not None

    @staticmethod
    def _frame_at(tokens: list[str], start: int) -> int:
        """Length of the filler frame starting at `start` (0 when none); the longest wins."""
        for frame in _FRAMES_BY_FIRST.get(tokens[start], ()):
            if tuple(tokens[start : start + len(frame)]) == frame:
                return len(frame)
        return 0

    def _portion_at(self, tokens: list[str], start: int) -> int:
        """Length of "bowl of", "a vase of the" before a content word (0 when none): a container or portion
        holds what the photo is of ("a bowl of ramen" is ramen, not the bowl). Collocations ("cup of tea") are
        compounds, found before this."""
        after = start + 2
        if after >= len(tokens) or tokens[start + 1] != "of" or self._words.lemma(tokens[start]) not in CONTAINERS:
            return 0
        if tokens[after] in OBJECT_DETERMINERS and after + 1 < len(tokens):
            after += 1
        content = tokens[after]
        return after - start if content not in STOP_WORDS and content not in FILLER_WORDS else 0

    def _participle(self, token: str, following: str = "") -> str | None:
        """The verb of an -ing or -ed form that is no noun or adjective as typed ("flying", not "building"), or
        of an -ing form with an object after it ("kids building a sandcastle": no edifice is shown)."""
        if not token.endswith(("ing", "ed")):
            return None
        if self._words.is_thing(token) and not (token.endswith("ing") and following in OBJECT_DETERMINERS):
            return None
        return self._words.verb_base(token)

    def parse(self, query: str) -> list[Concept]:
        tokens = tokenize(query, breaks=True)
        found: list[tuple[str, str, int, int, str]] = []  # (text, typed, first token, token after, pos)
        negated: set[int] = set()  # first tokens of parts a negation covers
        negating = False
        position = 0
        while position < len(tokens):
            token = tokens[position]
            if token == BREAK:  # the gap it leaves ends the phrase (`_tagged`), and any negation
                negating = False
                position += 1
                continue
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            if token in NEGATIONS and not following.endswith("ing"):  # "no smoking sign" is a sign
                negating = True
                position += 1
                continue
            if negating and token in STOP_WORDS and token not in NEGATION_SCOPE_WORDS:
                negating = False
            if negating:
                negated.add(position)
            compound = self._compound_at(tokens, position)
            if compound is not None and compound[1] == 2 and self._yields_to_next(tokens, position):
                compound = None  # "red fire engine" is a red fire engine, not a "red fire" (a plant) and an engine
            frame = self._frame_at(tokens, position)
            if compound is not None and frame < compound[1]:  # "birds eye view" is a frame, not the plant
                text, size = compound
                pos = "n" if self._words.is_noun(text) or not self._words.is_visual_adjective(text) else "a"
                found.append((text, " ".join(tokens[position : position + size]), position, position + size, pos))
                position += size
                continue
            if frame:
                position += frame
                continue
            portion = self._portion_at(tokens, position)
            if portion:
                position += portion
                continue
            if token not in STOP_WORDS and token not in FILLER_WORDS and not _NUMBER.fullmatch(token):
                verb = self._participle(token, following)
                lemma = verb or self._words.lemma(token)
                if verb or (lemma not in STOP_WORDS and lemma not in FILLER_WORDS):  # "stuffed" is no "stuff"
                    found.append((lemma, token, position, position + 1, "v" if verb else "n"))
            position += 1
        found = self._without_predicates(found, tokens)
        concepts = self._tagged(found)
        concepts = self._settings(concepts, found, tokens)
        concepts = self._objects(concepts, found, tokens)
        return [replace(c, negated=True) if f[2] in negated else c for c, f in zip(concepts, found, strict=True)]

    def _without_predicates(
        self, found: list[tuple[str, str, int, int, str]], tokens: list[str]
    ) -> list[tuple[str, str, int, int, str]]:
        """`found` less a lone adjective typed before a preposition of place, where something follows it: "deep in
        the jungle", "high up in the mountains", "lost in the woods" are a jungle, mountains and woods. Searched
        as a modifier, "deep" went out as "rich" and "colorful", "far" of "far out at sea" as "long"."""
        kept = []
        for index, part in enumerate(found):
            text, _, start, end, pos = part
            after = tokens[end : end + 2]
            if after and after[0] in DIRECTION_PARTICLES:
                after = after[1:]
            lone = (index == 0 or found[index - 1][3] != start) and index + 1 < len(found)
            before_place = bool(after) and after[0] in PLACE_PREPOSITIONS
            if lone and before_place and pos == "n" and end - start == 1 and self._words.is_predicative(text):
                continue
            kept.append(part)
        return kept

    @staticmethod
    def _settings(
        concepts: list[Concept], found: list[tuple[str, str, int, int, str]], tokens: list[str]
    ) -> list[Concept]:
        """Marks the chunks typed after a preposition of place, once an earlier part says what is there: "on the
        beach" after "a dog". A phrase that starts with one ("at the beach") is about the place itself."""
        setting_chunks: set[int] = set()
        for index in range(1, len(found)):
            if concepts[index].chunk == concepts[index - 1].chunk:
                continue
            between = tokens[found[index - 1][3] : found[index][2]]
            if BREAK not in between and any(word in PLACE_PREPOSITIONS for word in between):
                setting_chunks.add(concepts[index].chunk)
        return [replace(c, setting=True) if c.chunk in setting_chunks else c for c in concepts]

    def _objects(
        self, concepts: list[Concept], found: list[tuple[str, str, int, int, str]], tokens: list[str]
    ) -> list[Concept]:
        """Marks as settings the parts typed after the first verb that follows a thing, up to a separator: "bee
        collecting pollen from a sunflower" is a photo of a bee, as a writer judging it says, and a sunflower
        alone a poor answer to it. Not after a person ("kids building a snowman"): what people do is the picture.
        """
        for verb in range(1, len(found)):
            if found[verb][4] != "v":
                continue
            things = [f for f in found[:verb] if f[4] == "n"]
            if not things or BREAK in tokens[found[0][2] : found[verb][2]] or self._words.is_person(things[-1][0]):
                return concepts
            marked = list(concepts)
            for index in range(verb + 1, len(found)):
                if BREAK in tokens[found[verb][3] : found[index][2]]:
                    break
                marked[index] = replace(marked[index], setting=True)
            return marked
        return concepts

    def _does(self, found: list[tuple[str, str, int, int, str]], index: int) -> bool:
        """Whether a thing is the subject of the verb after it: "chickens pecking" are birds that peck, not
        cowardly pecking; "red flying kite" is a colour."""
        verb = index + 1
        attributive = verb + 1 < len(found) and found[verb + 1][2] == found[verb][3]  # "flying" kite
        return found[verb][4] == "v" and not attributive and self._words.is_noun(found[index][0])

    def _tagged(self, found: list[tuple[str, str, int, int, str]]) -> list[Concept]:
        """Chunks, heads and parts of speech: a participle before another part stays as typed ("flying bird")."""
        concepts: list[Concept] = []
        chunk = -1
        for index, (text, typed, start, end, pos) in enumerate(found):
            if index == 0 or found[index - 1][3] != start:
                chunk += 1
            modifies_next = index + 1 < len(found) and found[index + 1][2] == end
            if pos == "v" and text in WEATHER_VERBS:
                pos = "n"  # "snowing outside" shows snow; "snowing" is no noun of WordNet's
            elif (
                pos == "v" and (modifies_next or not self._words.is_activity(text)) and not self._words.is_thing(typed)
            ):
                text = typed  # "flying bird"; "car parked" is no car park; "building" (a sandcastle) stays "build"
            elif (
                pos == "n" and modifies_next and self._words.is_visual_adjective(text) and not self._does(found, index)
            ):
                pos = "a"
            concepts.append(Concept(text, typed, modifies_next, pos, chunk, head=False))
        for number in range(chunk + 1):
            members = [i for i, c in enumerate(concepts) if c.chunk == number]
            nouns = [i for i in members if concepts[i].pos == "n"]
            head = nouns[-1] if nouns else members[-1]
            concepts[head] = replace(concepts[head], head=True)
        return concepts
