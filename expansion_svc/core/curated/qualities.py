"""Curated expansions: colours, sizes and other visual qualities."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    "red": entry(
        syn="crimson, scarlet, reddish",
        hypo="ruby, cherry red, maroon, burgundy, vermilion",
        rel="pink",
        senses="red.s.01",
    ),
    "blue": entry(
        syn="bluish, azure",
        hypo="navy blue, sky blue, light blue, dark blue, turquoise, cobalt, teal",
        senses="blue.s.01",
    ),
    "green": entry(
        syn="greenish, verdant", hypo="emerald, lime green, olive green, dark green, mint green", senses="green.s.01"
    ),
    "yellow": entry(syn="yellowish, golden", hypo="lemon yellow, mustard, amber, canary yellow", senses="yellow.s.01"),
    "orange": entry(syn="orangish", hypo="tangerine, amber, apricot, peach", senses="orange.s.01"),
    "pink": entry(syn="pinkish, rosy", hypo="pastel pink, hot pink, salmon, coral, blush", senses="pink.s.01"),
    "purple": entry(syn="violet, purplish", hypo="lavender, lilac, mauve, plum, magenta", senses="purple.s.01"),
    "brown": entry(syn="brownish", hypo="chocolate brown, tan, beige, chestnut, bronze", senses="brown.s.01"),
    "black": entry(syn="jet black, pitch black", hypo="ebony, charcoal", rel="dark", senses="black.a.01"),
    "white": entry(
        syn="snow white, pure white", hypo="ivory, cream, off-white, pearl", rel="bright, pale", senses="white.a.01"
    ),
    "gray": entry(syn="grey, greyish, grayish", hypo="silver, charcoal, slate gray, ash gray", senses="grey.s.01"),
    "colorful": entry(
        syn="colourful, multicolored, vibrant",
        hypo="rainbow colored, brightly colored, psychedelic",
        rel="vivid, bright",
    ),
    "big": entry(syn="large, huge", hypo="giant, enormous, massive, gigantic, vast", rel="tall, wide"),
    "small": entry(syn="little, tiny", hypo="miniature, mini, petite, minute, compact", rel="short"),
    "old": entry(
        syn="aged, ancient", hypo="antique, vintage, historic, weathered, old-fashioned", rel="elderly, worn, retro"
    ),
    "new": entry(syn="brand-new, modern", hypo="shiny, unused, fresh", rel="contemporary, recent"),
    "wet": entry(syn="damp, soaked, drenched", hypo="dripping, soggy, waterlogged", rel="rainy, puddle, moist"),
    "bright": entry(syn="brilliant, luminous", hypo="sunlit, glowing, dazzling, radiant", rel="vivid, colorful, sunny"),
    "dark": entry(syn="dim, unlit", hypo="pitch black, gloomy, shadowy, murky", rel="night, darkness, shadow"),
    "sunny": entry(syn="sunlit, bright", hypo="clear sky, cloudless, sunshine", rel="summer, sunny day, blue sky"),
    "snowy": entry(syn="snow-covered, wintry", hypo="snowbound, snowcapped", rel="snow, winter, frosty, icy"),
    "cute": entry(syn="adorable, sweet, lovely", hypo="kitten, puppy, baby animal", rel="charming, smiling"),
    "happy": entry(syn="joyful, cheerful", hypo="smiling, laughing, delighted", rel="smile, fun, celebration"),
    "beautiful": entry(syn="lovely, gorgeous, pretty", hypo="stunning, picturesque, scenic", rel="elegant"),
    "wooden": entry(
        syn="wood, timber", hypo="oak, pine, walnut, bamboo", rel="rustic, wood grain", senses="wooden.s.01"
    ),
    "golden": entry(
        syn="gold, gilded, gilt, gold-colored", rel="yellow, amber, shiny", senses="aureate.s.02, gold.s.01"
    ),
    "tall": entry(syn="high, lofty", hypo="towering, soaring, sky-high, giant", senses="tall.a.01"),
    "empty": entry(
        syn="vacant, unoccupied, bare",
        hypo="deserted, abandoned, blank, hollow",
        rel="desolate, quiet",
        senses="empty.a.01",
        block="looted, glazed, glassy, lifeless, empty-handed, stripped",
    ),
    "shiny": entry(
        syn="glossy, shining, gleaming, lustrous",
        hypo="polished, sparkling, glittering, metallic",
        rel="reflective, bright",
        senses="glistening.s.01, bright.s.05",
    ),
}
