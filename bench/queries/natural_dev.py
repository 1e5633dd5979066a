"""Development natural queries: the set fusion and expansion may be tuned on (the held-out set may not).

Same classes and format as natural_heldout.py, different queries.
"""

from __future__ import annotations

NATURAL_DEV: dict[str, dict[str, str]] = {
    "filler and function phrases": {
        "photos of birds": "@bird",
        "something to drink": "category:drink",
        "a kind of dessert": "@dessert",
        "pictures of trees": "tree, pine tree, palm tree, christmas tree",
        "show me the flowers": "@flower",
        "images of money": "@money",
    },
    "modifier + category": {
        "domestic animal": "@pet, " + "cow, ox, pig, goat, sheep, horse, chicken",
        "orange fruit": "orange, mango, peach",
        "hot food": "pizza, ramen, hamburger, french fries, steak",
        "polar bear": "bear",
        "sweet fruit": "@fruit",
        "big cat": "tiger, lion, leopard",
    },
    "verbs and participles": {
        "flying animals": "@bird, bat, butterfly, bee",
        "swimming animals": "whale, dolphin, seal, fish, tropical fish, shark, duck, swan, penguin",
        "jumping frog": "frog",
        "ringing bell": "bell",
        "shining star": "star, shooting star",
    },
    "no single head word": {
        "sunny day": "sun",
        "stormy night": "@storm",
        "movie night": "popcorn, television",
        "breakfast time": "croissant, pancakes, egg, bacon, coffee",
        "music lesson": "category:music",
    },
    "plurals": {
        "cute kittens": "cat",
        "green apples": "apple",
        "lots of stars": "star, shooting star",
        "hot dogs": "hot dog",
    },
    "questions": {
        "where are the horses": "horse",
        "do we have pictures of owls?": "owl",
        "what vegetables are there": "@vegetable",
    },
    "typos": {
        "bananna bread": "banana, bread",
        "crocodil in the river": "crocodile",
        "elephent family": "elephant",
    },
    "photo of my ...": {
        "photo of my horse": "horse",
        "my new laptop": "laptop",
        "my kid's bicycle": "bicycle",
    },
    "scene descriptions": {
        "a cup of tea": "tea",
        "a bird on a tree": "@bird, tree",
        "a boat on the sea": "@boat",
        "a bowl of salad": "salad",
    },
    "two concepts in a phrase": {
        "cat and mouse": "cat, mouse",
        "tea and cake": "tea, birthday cake, cupcake",
        "sun and moon": "sun, crescent moon, full moon",
        "rain and umbrella": "@rain",
    },
}

# A second round of development queries, written on 2026-12-01 before any output for them was seen, so that
# tuning rests on more than a handful of queries per class. Same classes, same judging rules. 26 queries of this
# round were also in the held-out set (same phrasing) and were dropped here before any run, so nothing is tuned on them.
_MORE: dict[str, dict[str, str]] = {
    "filler and function phrases": {
        "pictures of dogs": "dog",
        "any photos with cars": "@automobile",
        "something sweet": "@sweets",
        "things to wear": "category:clothing",
        "a type of fish": "fish, tropical fish, shark",
        "images showing insects": "@insect",
        "some kind of vehicle": "category:vehicle",
        "examples of musical instruments": "category:music",
        "a sort of hat": "top hat, baseball cap",
        "pics of my shoes": "@footwear",
        "something to play with": "@toy, game controller",
        "photos containing furniture": "@furniture",
    },
    "modifier + category": {
        "red flowers": "rose, hibiscus, tulip",
        "large animals": "elephant, giraffe, rhinoceros, hippopotamus, whale",
        "sports equipment": "category:sport",
        "religious building": "church, mosque",
        "kitchen utensils": "@cutlery",
    },
    "verbs and participles": {
        "burning candle": "candle",
        "flying kite": "kite",
        "crawling insects": "ant, beetle, ladybug, caterpillar, spider",
        "sailing boats": "@boat",
        "playing guitar": "guitar",
        "riding a bike": "bicycle",
    },
    "no single head word": {
        "christmas morning": "christmas tree, gift",
        "school day": "school, backpack, pencil, stack of books",
        "office work": "laptop, keyboard, office tower",
    },
    "plurals": {
        "horses": "horse",
        "puppies": "@puppy",
        "strawberries": "strawberry",
        "butterflies": "butterfly",
        "sunflowers": "sunflower",
        "knives": "kitchen knife, fork and knife",
        "mice": "mouse",
        "buses": "bus",
        "candies": "candy",
        "wolves": "wolf",
    },
    "questions": {
        "are there any dogs?": "dog",
        "can you find my keys": "key",
        "which photos have trains": "steam locomotive, bullet train, subway, tram",
        "show me pictures with snow": "snowman, snowflake, snow cloud",
        "where did i put the camera": "camera",
        "is there a castle": "castle",
    },
    "typos": {
        "giraff": "giraffe",
        "strawbery": "strawberry",
        "buterfly": "butterfly",
        "helicoptor": "helicopter",
        "sandwhich": "sandwich",
        "umbrela": "umbrella",
        "choclate": "chocolate bar",
        "pinapple": "pineapple",
    },
    "photo of my ...": {
        "my dog": "dog",
        "our new car": "car",
        "my grandmother's house": "house",
        "our cat sleeping": "cat",
        "my guitar": "guitar",
    },
    "scene descriptions": {
        "a dog on the beach": "dog, beach",
        "a glass of wine": "wine",
        "a plate of spaghetti": "spaghetti",
        "a slice of pizza": "pizza",
        "a cactus in the desert": "cactus, desert",
        "a ship at sea": "ship, cruise ship, ferry",
        "fish in the water": "fish, tropical fish",
        "a house with a tree": "house, tree",
    },
    "two concepts in a phrase": {
        "coffee and cookies": "coffee, cookie",
        "bread and milk": "bread, milk",
        "guitar and drum": "guitar, drum",
        "snow and mountains": "mountain, snowflake, snowman, snow cloud",
        "cars and buses": "car, bus",
        "apples and oranges": "apple, orange",
    },
}
for _kind, _group in _MORE.items():
    NATURAL_DEV[_kind].update(_group)
