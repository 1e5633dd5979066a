"""Informal names of common things, as people type them into a photo search: word -> the standard word.

WordNet lacks most of them ("sarnie", "pressie", "hammy") or files them under
another sense ("spud" a spade, "ducky" a darling), and spelling then reads
them as a nearer familiar word ("moggy" became "doggy", "sunnies" "sunny",
"froggy" "foggy"). Each stands for its standard word: that word's curated
entry under another name where it has one (curated/__init__.py), else the
standard word as its synonym. British, Australian and American usage alike.
"""

from __future__ import annotations

INFORMAL = {
    # food and drink
    "spud": "potato",
    "tater": "potato",
    "sarnie": "sandwich",
    "sarny": "sandwich",
    "butty": "sandwich",
    "sammy": "sandwich",
    "sammich": "sandwich",
    "bevvy": "drink",
    "bevvie": "drink",
    "brekkie": "breakfast",
    "brekky": "breakfast",
    "choccy": "chocolate",
    "biccy": "biscuit",
    "bikkie": "biscuit",
    "avo": "avocado",
    "shroom": "mushroom",
    "froyo": "frozen yogurt",
    "cuppa": "tea",
    "vino": "wine",
    "bubbly": "champagne",
    "boba": "bubble tea",
    "veggie": "vegetable",
    "veggies": "vegetable",
    # animals
    "moggy": "cat",
    "moggie": "cat",
    "doggo": "dog",
    "pupper": "puppy",
    "roo": "kangaroo",
    "hammy": "hamster",
    "birdie": "bird",
    "fishie": "fish",
    "ducky": "duck",
    "duckie": "duck",
    "froggy": "frog",
    "horsey": "horse",
    "horsie": "horse",
    "piggy": "pig",
    "piggie": "pig",
    "creepy crawly": "bug",
    "creepy-crawly": "bug",
    "creepy crawlies": "bug",
    "beastie": "animal",
    "mozzie": "mosquito",
    "birb": "bird",
    # things
    "bling": "jewelry",
    "sunnies": "sunglasses",
    "brolly": "umbrella",
    "pressie": "gift",
    "prezzie": "gift",
    "prezzy": "gift",
    "lappy": "laptop",
    "jammies": "pajamas",
    "pjs": "pajamas",
    "telly": "television",
    "loo": "toilet",
    "footy": "football",
    "ute": "pickup truck",
    "chopper": "helicopter",
    "cab": "taxi",  # WordNet's commonest cab is a driver's compartment; a photo's is a taxi
    "cop car": "police car",
    "choo choo": "train",
    "choo-choo": "train",
    "double decker": "bus",
    "welly": "rubber boot",
    "wellie": "rubber boot",
    "wellies": "rubber boot",
    # occasions
    "x-mas": "christmas",
    "xmas tree": "christmas tree",
    "valentines": "valentine's day",
}
