"""Words held out of every training caption, and which concepts each of them should find.

The embedded model never sees these words (its tokenizer does not even know
them), so a search for "puppy", "pet" or "vehicle" can only succeed when query
expansion turns it into words the model was trained on ("dog", "cat", "car").
That gap is deliberate: it is what the quality benchmark measures deep search
against. The relations follow WordNet where it is unambiguous (synonym,
hypernym/category) and everyday usage where WordNet is literary.
"""

from __future__ import annotations

from mediasearch.demo.sprites import SpriteAtlas

# Query word -> concept names (caption names in data/concepts.tsv) a searcher would call relevant.
# "category:X" stands for every concept of that category in the atlas.
HELD_OUT_RELEVANCE: dict[str, tuple[str, ...]] = {
    "puppy": ("dog",),
    "hound": ("dog",),
    "canine": ("dog", "wolf", "fox"),
    "kitten": ("cat",),
    "feline": ("cat", "tiger", "lion", "leopard"),
    "pet": ("dog", "cat", "hamster", "rabbit", "mouse", "parrot", "tropical fish"),
    "bird": (
        "rooster",
        "chicken",
        "chick",
        "turkey",
        "dove",
        "eagle",
        "duck",
        "swan",
        "owl",
        "peacock",
        "parrot",
        "flamingo",
        "penguin",
    ),
    "insect": ("butterfly", "caterpillar", "ant", "bee", "beetle", "ladybug", "grasshopper", "mosquito", "fly"),
    "bug": ("butterfly", "caterpillar", "ant", "bee", "beetle", "ladybug", "grasshopper", "mosquito", "fly", "spider"),
    "reptile": ("crocodile", "turtle", "lizard", "snake", "sauropod", "tyrannosaurus"),
    "dinosaur": ("sauropod", "tyrannosaurus"),
    "primate": ("monkey", "gorilla", "orangutan"),
    "ape": ("gorilla", "orangutan"),
    "cattle": ("cow", "ox"),
    "livestock": ("cow", "ox", "pig", "goat", "sheep", "horse", "chicken", "rooster", "turkey"),
    "mammal": (
        "dog",
        "cat",
        "mouse",
        "hamster",
        "rabbit",
        "fox",
        "wolf",
        "bear",
        "panda",
        "koala",
        "tiger",
        "lion",
        "leopard",
        "cow",
        "ox",
        "pig",
        "goat",
        "sheep",
        "horse",
        "zebra",
        "deer",
        "camel",
        "giraffe",
        "elephant",
        "rhinoceros",
        "hippopotamus",
        "monkey",
        "gorilla",
        "orangutan",
        "hedgehog",
        "bat",
        "kangaroo",
        "whale",
        "dolphin",
        "seal",
    ),
    "animal": ("category:animal",),
    "seafood": ("shrimp", "lobster", "crab", "squid", "octopus", "sushi", "fried shrimp"),
    "fruit": (
        "grapes",
        "melon",
        "watermelon",
        "orange",
        "lemon",
        "banana",
        "pineapple",
        "mango",
        "apple",
        "pear",
        "peach",
        "cherries",
        "strawberry",
        "blueberries",
        "kiwi",
    ),
    "vegetable": (
        "tomato",
        "eggplant",
        "potato",
        "carrot",
        "corn",
        "chili pepper",
        "cucumber",
        "lettuce",
        "broccoli",
        "onion",
        "mushroom",
    ),
    "dessert": ("ice cream cone", "sundae", "doughnut", "cookie", "birthday cake", "cupcake", "pie"),
    "sweets": (
        "candy",
        "lollipop",
        "chocolate bar",
        "doughnut",
        "cookie",
        "cupcake",
        "ice cream cone",
        "sundae",
        "birthday cake",
        "pie",
    ),
    "food": ("category:food",),
    "beverage": ("category:drink",),
    "drink": ("category:drink",),
    "alcohol": ("beer", "wine", "champagne", "cocktail", "tropical cocktail"),
    "vehicle": ("category:vehicle",),
    "automobile": ("car", "taxi", "police car", "racing car"),
    "boat": ("ship", "cruise ship", "ferry", "sailboat", "rowboat", "speedboat", "canoe"),
    "aircraft": ("airplane", "helicopter"),
    "flower": ("tulip", "rose", "hibiscus", "sunflower", "cherry blossom", "lotus", "bouquet"),
    "plant": ("category:plant",),
    "rain": ("cloud with raindrops", "thunderstorm", "umbrella"),
    "storm": ("thunderstorm", "tornado"),
    "weather": (
        "sun",
        "cloud",
        "sun behind a cloud",
        "cloud with raindrops",
        "thunderstorm",
        "snow cloud",
        "snowflake",
        "tornado",
        "rainbow",
    ),
    "building": ("category:building",),
    "home": ("house",),
    "furniture": ("bed", "couch", "chair"),
    "instrument": ("category:music",),
    "toy": ("teddy bear", "balloon", "kite"),
    "tool": ("hammer", "wrench", "saw", "axe"),
    "cutlery": ("fork and knife", "spoon", "chopsticks", "kitchen knife"),
    "clothing": ("category:clothing",),
    "footwear": ("leather shoe", "sneaker", "high heel", "sandal", "boot"),
    "jewelry": ("ring", "gemstone", "crown"),
    "money": ("coin", "banknote"),
    "computer": ("laptop",),
    "bag": ("handbag", "backpack", "suitcase"),
}

# Inflections and near-spellings of the held-out words: held out too, so the
# model cannot learn "puppies" and generalise to "puppy" by itself.
HELD_OUT_FORMS: dict[str, str] = {
    "puppies": "puppy",
    "pup": "puppy",
    "pups": "puppy",
    "doggy": "puppy",
    "doggie": "puppy",
    "hounds": "hound",
    "canines": "canine",
    "kittens": "kitten",
    "kitty": "kitten",
    "kitties": "kitten",
    "felines": "feline",
    "pets": "pet",
    "birds": "bird",
    "insects": "insect",
    "bugs": "bug",
    "reptiles": "reptile",
    "dinosaurs": "dinosaur",
    "primates": "primate",
    "apes": "ape",
    "mammals": "mammal",
    "animals": "animal",
    "fruits": "fruit",
    "vegetables": "vegetable",
    "veggie": "vegetable",
    "veggies": "vegetable",
    "desserts": "dessert",
    "foods": "food",
    "beverages": "beverage",
    "drinks": "drink",
    "alcoholic": "alcohol",
    "vehicles": "vehicle",
    "automobiles": "automobile",
    "boats": "boat",
    "flowers": "flower",
    "plants": "plant",
    "rainy": "rain",
    "raining": "rain",
    "rains": "rain",
    "rainfall": "rain",
    "storms": "storm",
    "stormy": "storm",
    "buildings": "building",
    "homes": "home",
    "instruments": "instrument",
    "toys": "toy",
    "tools": "tool",
    "clothes": "clothing",
    "cash": "money",
    "computers": "computer",
    "bags": "bag",
    "jewellery": "jewelry",
}


def held_out_words() -> frozenset[str]:
    """Every word that no training caption may contain (lower case)."""
    return frozenset(HELD_OUT_RELEVANCE) | frozenset(HELD_OUT_FORMS)


def relevant_concepts(word: str, atlas: SpriteAtlas) -> list[int]:
    """Concept indices a held-out word (or one of its forms) should retrieve."""
    word = HELD_OUT_FORMS.get(word, word)
    indices: set[int] = set()
    for entry in HELD_OUT_RELEVANCE[word]:
        if entry.startswith("category:"):
            members = atlas.in_category(entry.removeprefix("category:"))
            if not members:
                raise KeyError(f"held-out word {word!r}: no concepts in {entry!r}")
            indices.update(concept.index for concept in members)
        else:
            indices.add(atlas.by_name(entry).index)
    return sorted(indices)
