"""Data tables of query analysis: filler frames people wrap searches in, and modifiers that do not compose.

A frame is dropped wherever it stands, longest first, and breaks the phrase
there ("pictures of boats" -> "boats"; "something to eat" -> "eat"; "a kind
of bird" -> "bird"). Words that are never content on their own are dropped
too, once multiword expressions have had their chance ("crime scene" is
WordNet's, "winter scene" is "winter"): "something", "scene", and words a
photo search never means as WordNet does ("day" would read as Clarence Day,
"vibes" as the vibraphone, "colors" as a flag). So are the words people add
about the photo rather than what it shows: counts ("two dogs": WordNet's
"two" is a playing card), when it was taken ("cat photos last week"), how
they feel about it ("my favorite car", "the best pizza ever": "ever" would
be read as Eve) and how it was shot ("a flower close up", "top view of a
pizza": "aerial" would expand to "ethereal"). Numbers in digits were already
dropped; dates are no filter the expansion service can apply.

A modifier composes when "modifier + any kind of the head" still means the
modifier and the kind: colours, sizes, materials ("red fruit" -> "red
apple"). The adjectives listed here do not: a "wild house cat" is no wild
animal, a "fake flower" no flower. With them only phrases the lexicon or the
curated map knows are kept ("wild dog"), and the modifier goes out as a
term of its own.
"""

from __future__ import annotations

FRAMES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(frame.split())
            for frame in """
        photo of|photos of|picture of|pictures of|image of|images of|pic of|pics of|photograph of|photographs of
        shot of|shots of|snapshot of|close up of|closeup of|close-up of|view of|a view of
        close up|closeup|close-up|close-ups|closeups|top view|side view|front view|back view|aerial view
        overhead view|bird eye view|birds eye view|aerial shot|aerial photo|from above|from below
        taken at|taken in|taken on|taken by|taken with|taken from|taken during|i took|we took
        an image showing|image showing|images showing|a photo showing|photo showing|photos showing
        a picture showing|picture showing|pictures showing|photo with|picture with|image with
        something to|anything to|things to|stuff to|something for|somewhere to|a place to|place to
        a kind of|kind of|kinds of|a type of|type of|types of|a sort of|sort of|sorts of|some sort of
        a form of|form of|forms of|means of|a means of|example of|examples of|an example of
        a lot of|lots of|a bunch of|bunch of|a couple of|plenty of|full of
        a group of|group of|a herd of|herd of|a flock of|flock of|a school of|school of|a pack of|pack of
        a swarm of|swarm of|a pride of|pride of|a pod of|pod of|a colony of|colony of|a troop of|troop of
        a gaggle of|gaggle of|a litter of|litter of
        show me|find me|give me|looking for|look for|search for|i want|i need|i'm looking for
        """.replace("\n", "|").split("|")
            if frame.strip()
        ),
        key=len,
        reverse=True,
    )
)
# Never content on their own: dropped when no multiword expression holds them.
# Numbers written as words: a count is about the photo ("two dogs"), and before a participle it makes one
# adjective with it ("two wheeled" vehicles: query.py).
COUNT_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty hundred".split())

FILLER_WORDS = COUNT_WORDS | frozenset(
    """
    something anything everything nothing someone somebody anyone stuff thing things scene scenes
    kind kinds type types sort sorts form example examples means lot lots bunch plenty
    showing shows featuring depicting containing nice good great cool awesome random
    today tonight now yesterday recently day days time moment moments vibe vibes
    color colors colour colours
    dozen dozens pair pairs
    first second third
    week weeks weekend month months year years ago last past latest recent earlier later tomorrow
    monday tuesday wednesday thursday friday saturday sunday weekday weekdays trip life eve
    go goes went gone going come comes came coming got gotten make makes made making
    out up down off away holding carrying wearing using having take takes taking
    hi hello hey thanks thank thx pls plz ok okay lol remember recall think know guess wonder forgot forget
    together alone both also view views season seasons quality
    favorite favourite favorites favourites fave fav best better worst ever never always again
    taken took uploaded posted shared saved sent downloaded captured outside
    overhead nearby everywhere somewhere upstairs downstairs abroad ahead setup setups
    snap snaps pix vid vids video videos clip clips footage
    like kinda sorta maybe idk um umm uh uhh uhm hmm w whatever etc lately literally honestly actually basically
    yeah yes oh omg wow need needed remembered asap
    """.split()
)
# Verbs whose subject is the weather ("it's snowing"): what they show is their noun, the snow itself.
WEATHER_VERBS = frozenset("snow rain hail sleet drizzle storm thunder".split())
# Adjectives that change what their noun is, so they never attach to the noun's kinds by rule.
NON_COMPOSING_MODIFIERS = frozenset(
    """
    wild domestic tame fake mock imitation artificial stuffed dead former false pretend
    """.split()
)
