"""Cross-lingual queries: Spanish, French, German, Italian and Portuguese, each beside the same query in English.

Written by hand as a native speaker types into a photo search (articles,
prepositions, plurals, the odd missing accent), not generated from a lexicon,
and before any output for them was seen; never tune on them. Each row is
(English, relevant concepts, es, fr, de, it, pt); judgements use the format of
bench/queries.
"""

from __future__ import annotations

LANGUAGES = ("es", "fr", "de", "it", "pt")

ROWS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("dog on the beach", "dog, beach",
     "perro en la playa", "chien sur la plage", "Hund am Strand", "cane in spiaggia", "cachorro na praia"),
    ("dog", "dog", "perro", "chien", "Hund", "cane", "cão"),
    ("black cat", "cat", "gato negro", "chat noir", "schwarze Katze", "gatto nero", "gato preto"),
    ("birds", "@bird", "pájaros", "oiseaux", "Vögel", "uccelli", "pássaros"),
    ("horse", "horse", "caballo", "cheval", "Pferd", "cavallo", "cavalo"),
    ("a cow in the field", "cow", "una vaca en el campo", "une vache dans le pré", "eine Kuh auf der Weide",
     "una mucca nel prato", "uma vaca no pasto"),
    ("fish", "fish, tropical fish", "peces", "poissons", "Fische", "pesci", "peixes"),
    ("snake", "snake", "serpiente", "serpent", "Schlange", "serpente", "cobra"),
    ("butterfly", "butterfly", "mariposa", "papillon", "Schmetterling", "farfalla", "borboleta"),
    ("wild animals", "lion, tiger, bear, wolf, fox, elephant, giraffe, zebra, gorilla, leopard, deer",
     "animales salvajes", "animaux sauvages", "wilde Tiere", "animali selvatici", "animais selvagens"),
    ("elephant", "elephant", "elefante", "éléphant", "Elefant", "elefante", "elefante"),
    ("monkey", "monkey", "mono", "singe", "Affe", "scimmia", "macaco"),
    ("rabbit", "rabbit", "conejo", "lapin", "Hase", "coniglio", "coelho"),
    ("pig", "pig", "cerdo", "cochon", "Schwein", "maiale", "porco"),
    ("bee on a flower", "bee, @flower", "abeja en una flor", "abeille sur une fleur", "Biene auf einer Blume",
     "ape su un fiore", "abelha numa flor"),
    ("fruit", "@fruit", "fruta", "fruits", "Obst", "frutta", "frutas"),
    ("apple", "apple", "manzana", "pomme", "Apfel", "mela", "maçã"),
    ("strawberries", "strawberry", "fresas", "fraises", "Erdbeeren", "fragole", "morangos"),
    ("bread", "bread, baguette, croissant", "pan", "pain", "Brot", "pane", "pão"),
    ("cheese pizza", "pizza", "pizza de queso", "pizza au fromage", "Käsepizza", "pizza al formaggio",
     "pizza de queijo"),
    ("a cup of coffee", "coffee", "una taza de café", "une tasse de café", "eine Tasse Kaffee",
     "una tazza di caffè", "uma xícara de café"),
    ("glass of wine", "wine", "copa de vino", "verre de vin", "Glas Wein", "bicchiere di vino", "taça de vinho"),
    ("cold beer", "beer", "cerveza fría", "bière fraîche", "kaltes Bier", "birra fredda", "cerveja gelada"),
    ("ice cream", "ice cream cone, sundae", "helado", "glace", "Eis", "gelato", "sorvete"),
    ("birthday cake", "birthday cake", "pastel de cumpleaños", "gâteau d'anniversaire", "Geburtstagskuchen",
     "torta di compleanno", "bolo de aniversário"),
    ("vegetables", "@vegetable", "verduras", "légumes", "Gemüse", "verdure", "legumes"),
    ("carrots", "carrot", "zanahorias", "carottes", "Karotten", "carote", "cenouras"),
    ("red car", "car", "coche rojo", "voiture rouge", "rotes Auto", "macchina rossa", "carro vermelho"),
    ("bicycle", "bicycle", "bicicleta", "vélo", "Fahrrad", "bicicletta", "bicicleta"),
    ("airplane in the sky", "airplane", "avión en el cielo", "avion dans le ciel", "Flugzeug am Himmel",
     "aereo nel cielo", "avião no céu"),
    ("boat", "@boat", "barco", "bateau", "Boot", "barca", "barco"),
    ("train", "steam locomotive, bullet train, subway, tram", "tren", "train", "Zug", "treno", "trem"),
    ("house", "house", "casa", "maison", "Haus", "casa", "casa"),
    ("church", "church", "iglesia", "église", "Kirche", "chiesa", "igreja"),
    ("mountain", "mountain", "montaña", "montagne", "Berg", "montagna", "montanha"),
    ("trees", "tree, pine tree, palm tree, christmas tree", "árboles", "arbres", "Bäume", "alberi", "árvores"),
    ("flowers", "@flower", "flores", "fleurs", "Blumen", "fiori", "flores"),
    ("rain", "@rain", "lluvia", "pluie", "Regen", "pioggia", "chuva"),
    ("snow", "snowflake, snowman, snow cloud", "nieve", "neige", "Schnee", "neve", "neve"),
    ("the moon", "crescent moon, full moon", "la luna", "la lune", "der Mond", "la luna", "a lua"),
    ("shoes", "@footwear", "zapatos", "chaussures", "Schuhe", "scarpe", "sapatos"),
    ("hat", "top hat, baseball cap", "sombrero", "chapeau", "Hut", "cappello", "chapéu"),
    ("key", "key", "llave", "clé", "Schlüssel", "chiave", "chave"),
    ("book", "stack of books", "libro", "livre", "Buch", "libro", "livro"),
    ("guitar", "guitar", "guitarra", "guitare", "Gitarre", "chitarra", "violão"),
    ("ball", "soccer ball, baseball, basketball, american football, billiard ball", "pelota", "ballon", "Ball",
     "palla", "bola"),
)

CROSSLINGUAL: dict[str, dict[str, tuple[str, str]]] = {
    language: {row[2 + column]: (row[0], row[1]) for row in ROWS} for column, language in enumerate(LANGUAGES)
}
