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
