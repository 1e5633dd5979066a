"""Natural phrasings of photo searches, by class, for the licensing check over every term the expander sends.

Written as people type them, not from the expander's output; no relevance
labels (the search service's held-out sets judge relevance). Eight-word
phrases are the longest the latency goal covers.
"""

from __future__ import annotations

FILLER = [
    "something to eat", "a kind of bird", "pictures of boats", "means of transport", "photos of my dog",
    "an image showing a lighthouse", "show me a picture of a horse", "some sort of flower", "a type of tree",
    "lots of balloons", "things to do at the beach", "a bunch of bananas", "close up of a bee on a flower",
    "i'm looking for pictures of old cars", "somewhere to sleep", "examples of modern architecture",
]
MODIFIER_AND_CATEGORY = [
    "wild animal", "baby animal", "big dog", "red fruit", "small bird", "old building", "wooden boat",
    "wild bird", "black cat", "white horse", "green vegetable", "tall tree", "toy car", "stuffed animal",
    "fake flowers", "domestic animal", "yellow flower", "colorful fish", "young child", "empty street",
]
VERBS_AND_PARTICIPLES = [
    "flying eagle", "flying bird", "running dog", "dogs running", "swimming fish", "sleeping cat",
    "children playing in the park", "man riding a bicycle", "woman walking a dog", "birds flying over the sea",
    "people eating dinner", "jumping horse", "falling leaves", "parked car", "burning building",
]
NO_SINGLE_HEAD = [
    "nice weather", "winter scene", "summer vibes", "rainy day", "sunny morning", "night city",
    "autumn colors", "beach day", "spring time", "foggy morning", "christmas time", "city at night",
]
MULTIWORD_EXPRESSIONS = [
    "ice cream", "polar bear", "hot dog", "polar bear on ice", "ice cream cone", "hot dogs with mustard",
    "golden retriever in the snow", "fire truck", "christmas tree", "teddy bear", "sea turtle",
]
LONG = [
    "a photo of dogs running on the beach", "red car parked on a city street at night",
    "two children playing with a ball in the garden", "an old wooden boat on a calm lake",
    "a cat sleeping on a sofa next to a window", "people walking in the rain with umbrellas",
    "a small house in the mountains covered in snow", "a bowl of fresh fruit on a kitchen table",
]
FOREIGN = [
    "perro en la playa", "gato negro", "flores rojas", "un árbol en el bosque", "niños jugando en el parque",
    "chat noir", "chien sur la plage", "une voiture rouge", "les fleurs du jardin", "maison à la montagne",
    "Hund", "Hunde am Strand", "rote Blumen", "ein Haus im Wald", "Katze auf dem Sofa",
    "gatti neri", "cane sulla spiaggia", "fiori rossi", "una casa in montagna", "barca sul lago",
    "cães na praia", "gato preto", "flores vermelhas", "uma casa na montanha", "barco no lago",
]
NATURAL_PHRASES = [*FILLER, *MODIFIER_AND_CATEGORY, *VERBS_AND_PARTICIPLES, *NO_SINGLE_HEAD, *MULTIWORD_EXPRESSIONS,
                   *LONG]
