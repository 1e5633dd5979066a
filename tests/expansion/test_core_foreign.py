"""Queries in other languages: detection, articles and prepositions, accents and case, plurals, word order."""

from __future__ import annotations

import pytest

from expansion_svc.core import Expander
from expansion_svc.core.foreign import LANGUAGE_NAMES, ForeignLexicon, fold
from tests.expansion.fresh_expansions import FRESH_ACCEPTABLE
from tests.expansion.heldout_expansions import HELDOUT_ACCEPTABLE
from tests.expansion.labelled_expansions import ACCEPTABLE
from tests.expansion.natural_phrases import NATURAL_PHRASES
from tests.expansion.third_expansions import THIRD_ACCEPTABLE


@pytest.mark.parametrize(
    ("query", "language", "english"),
    [("perro en la playa", "es", "dog beach"), ("una foto de un perro en la nieve", "es", "dog snow"),
     ("flores rojas", "es", "red flower"), ("chat noir", "fr", "black cat"), ("chien sur la plage", "fr", "dog beach"),
     ("une voiture rouge", "fr", "red car"), ("Hund", "de", "dog"), ("Hunde am Strand", "de", "dog beach"),
     ("rote Blumen", "de", "red flower"), ("gatti neri", "it", "black cat"), ("fiori rossi", "it", "red flower"),
     ("cane sulla spiaggia", "it", "dog beach"), ("cães na praia", "pt", "dog beach"),
     ("flores vermelhas", "pt", "red flower"), ("barco no lago", "pt", "boat lake"),
     ("Wald im Herbst", "de", "forest autumn"), ("bosco in autunno", "it", "forest autumn"),
     ("fiesta de cumpleaños", "es", "birthday party"), ("oso polar", "es", "polar bear"),
     ("mesa de madeira", "pt", "wood table"), ("die Katze", "de", "cat"), ("Berglandschaft", "de", "mountain landscape"),
     ("Holztisch", "de", "wood table"), ("Vollmond", "de", "moon")],
)
def test_foreign_queries_are_read_as_english_concepts(expander: Expander, query: str, language: str,
                                                      english: str) -> None:
    expansion = expander.expand(query)
    assert (expansion.language, expansion.normalized_query) == (language, english)
    assert expansion.terms[0].text == english  # the original an English-only model embeds
    assert expansion.expansions
    assert f"language: {language} ({LANGUAGE_NAMES[language]})" in expansion.notes[0]


@pytest.mark.parametrize("query", ["árbol", "Árbol", "ÁRBOL", "arbol"])
def test_accents_and_case_do_not_matter(expander: Expander, query: str) -> None:
    assert expander.expand(query).normalized_query == "tree"


@pytest.mark.parametrize("query", ["pizza", "hot dog", "golden retriever in the snow", "dog on the beach", "red car"])
def test_english_queries_stay_english_even_with_loan_words(expander: Expander, query: str) -> None:
    expansion = expander.expand(query)
    assert expansion.language == "en" and not any(n.startswith("language:") for n in expansion.notes)


def test_words_with_no_english_concept_are_named_in_a_note(expander: Expander) -> None:
    expansion = expander.expand("perros ladrando en la playa")
    assert expansion.normalized_query == "dog beach"
    assert any("ladrando" in note for note in expansion.notes)


@pytest.mark.parametrize(
    ("query", "english"),
    [("perros corriendo en la playa", "dog run beach"), ("Kinder spielen im Park", "child play park"),
     ("cane che corre", "dog run"), ("crianças brincando no parque", "child play park"),
     ("chiens qui courent", "dog run"), ("chiot qui joue", "puppy play")],
)
def test_activity_verbs_are_read_in_any_form(expander: Expander, query: str, english: str) -> None:
    expansion = expander.expand(query, max_terms=50)
    assert expansion.normalized_query == english
    assert any(t.concept == "run" or t.concept == "play" for t in expansion.expansions)


def test_fold_and_lookup_by_form() -> None:
    assert fold("  Ärger  im  Café ") == "arger im cafe"
    table = ForeignLexicon({"format": 1, "languages": {"it": {"lemmas": {"fiori": ["club.n.01"],
                                                                          "fiore": ["flower.n.01"]}}}})
    assert table.lookup("it", "fiori") == (("club.n.01",), ("flower.n.01",))
    assert table.lookup("it", "xyz") == ()
    assert table.detect(["fiori", "il"], english_score=1) == "it"
    assert table.detect(["fiori"], english_score=1) == "en"  # a tie stays English


def test_every_language_has_thousands_of_lemmas(expander: Expander) -> None:
    table = ForeignLexicon.load()
    assert set(table.languages) == set(LANGUAGE_NAMES)
    assert all(len(lemmas) > 5_000 for lemmas in table.languages.values())


def test_a_bad_foreign_table_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        ForeignLexicon({"format": 0, "languages": {}})


def test_no_english_query_of_any_label_set_is_read_as_another_language(expander: Expander) -> None:
    queries = [*ACCEPTABLE, *HELDOUT_ACCEPTABLE, *FRESH_ACCEPTABLE, *THIRD_ACCEPTABLE, *NATURAL_PHRASES]
    misread = {q: expander.expand(q).language for q in queries if expander.expand(q).language != "en"}
    assert not misread


@pytest.mark.parametrize(("query", "concepts"), [("music lesson", ("music", "lesson")), ("coins", ("coin",))])
def test_english_words_the_lexicon_does_not_expand_are_still_english(expander: Expander, query: str,
                                                                     concepts: tuple[str, ...]) -> None:
    # "lesson" read as German (Lesson?) gave "sun"; "coins" read as French gave "corner".
    expansion = expander.expand(query)
    assert expansion.language == "en" and expansion.concepts == concepts


@pytest.mark.parametrize(
    ("query", "language", "english"),
    [("fotos de mi perro", "es", "dog"), ("photos de mon chien", "fr", "dog"), ("mes lunettes de soleil", "fr",
     "sunglasses"), ("meine Katze", "de", "cat"), ("il mio cane", "it", "dog"), ("o meu gato", "pt", "cat")],
)
def test_a_possessive_is_a_function_word_not_a_concept(expander: Expander, query: str, language: str,
                                                       english: str) -> None:
    # "mon" once read as a French lemma for a watch: "photos de mon chien" searched for watches and dogs.
    expansion = expander.expand(query)
    assert (expansion.language, expansion.normalized_query) == (language, english)


@pytest.mark.parametrize(
    ("query", "english"),
    [("des oiseaux dans l'arbre", "bird tree"), ("la casa sull'albero", "house tree"),
     ("feux d'artifice", "firework"), ("fuegos artificiales", "firework"), ("tortugas", "turtle")],
)
def test_elisions_inflected_phrases_and_plain_plurals_are_read(expander: Expander, query: str, english: str) -> None:
    # "l'arbre" folds to one token "l arbre", which no lemma is; a phrase agrees in every word ("fuegos
    # artificiales"); a Spanish plural is no German compound guess ("Tortu-gas").
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("voitures anciennes", "old car"), ("ma petite chienne", "small dog"), ("une petite maison", "small house"),
     ("las luces de la ciudad", "city light"), ("peces en el acuario", "fish aquarium"), ("un pajarito", "bird"),
     ("uma casinha", "house"), ("une souris grise", "grey mouse")],
)
def test_feminine_plural_and_diminutive_forms_reach_their_lemma(expander: Expander, query: str, english: str) -> None:
    # Each of these lost a word or read it as a person or a rare sense: "anciennes" needs two endings undone,
    # "petite" was the little girl, "chienne" the female dog's own word, "luces"/"peces" a z-stem plural,
    # "pajarito" a diminutive, "grise" a tipsy sense that only the uninflected "gris" ranks below grey.
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("une tasse vide", "empty cup"), ("une assiette blanche", "white plate")],
)
def test_a_curated_word_stands_only_for_its_own_sense(expander: Expander, query: str, english: str) -> None:
    # "tasse" is also "one's cup of tea", a sense WordNet files under "bag"; "assiette" has the home
    # plate of baseball among its senses. Neither is what a photo search for a cup or a plate means.
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("une montre", "watch"), ("montre moi des chiens", "dog"), ("un arc-en-ciel après la pluie", "rainbow rain"),
     ("un homme qui fait du ski", "man ski"), ("un garçon qui court", "boy run")],
)
def test_filler_phrases_and_irregular_verbs(expander: Expander, query: str, english: str) -> None:
    # "montre" alone is a watch, "montre moi" filler; "après" had been read as "âpre" (sharp) with its s
    # undone; "court" after "qui" is the verb, not "short".
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("un faro", "lighthouse"), ("le phare", "lighthouse"), ("um farol", "lighthouse"),
     ("un bol de soupe", "soup"), ("niños jugando en el parque", "child play park"),
     ("bambini che giocano nel parco", "child play park"), ("une fête d'halloween", "halloween party"),
     ("la luna llena", "full moon"), ("luna piena", "full moon"), ("lua cheia", "full moon"),
     ("la pleine lune", "full moon"), ("les montagnes enneigées", "snowy mountain"),
     ("montagne innevate", "snowy mountain"), ("verschneite berge", "snowy mountain"),
     ("temps ensoleillé", "sunny weather"), ("un barco de vela", "sailboat"), ("barca a vela", "sailboat"),
     ("un bateau à voile", "sailboat"), ("un velero", "sailboat"), ("herbstlaub", "autumn leaf"),
     ("una calle de noche", "night street"), ("el cielo azul", "blue sky"), ("un mercado", "market"),
     ("un árbol de navidad", "christmas tree"), ("un arcoíris", "rainbow"), ("un jardin fleuri", "flowery garden")],
)
def test_common_photo_words_read_in_the_sense_people_photograph(expander: Expander, query: str, english: str) -> None:
    # OMW ranks "faro" a headlight before a lighthouse, "bol" luck before a bowl, "niño" a baby, "bambino" a
    # boy, "fête" a banquet; it lacks "lleno"/"pieno"/"plein" (full) and the snowy participles, and reads
    # "barco de vela" as a ship and a candle. foreign_senses.FIRST_SENSES puts the photographed sense first.
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("pôr do sol no mar", "sunset sea"), ("puesta de sol", "sunset"), ("las montañas nevadas", "snowy mountain"),
     ("foglie d'autunno", "autumn leaf")],
)
def test_fixed_phrases_and_adjectives_after_their_noun(expander: Expander, query: str, english: str) -> None:
    # "pôr do sol" starts with "por" (by), which was dropped as a preposition, leaving "sun"; "nevadas" after
    # a noun is "nevado" (snowy), not the noun "nevada" (snowfall); Italian elides "di" to "d'".
    assert expander.expand(query).normalized_query == english


def test_every_first_sense_names_a_term_the_english_reading_knows(expander: Expander) -> None:
    from expansion_svc.core.foreign_senses import FIRST_SENSES, first_senses

    for language in FIRST_SENSES:
        for lemma, name in first_senses(language).items():
            term = expander._synset_term(name)
            known = expander._licence.is_word(term) or expander._licence.licenses(term)
            assert expander.lexicon.synset(name) is not None or known, (language, lemma)
            assert expander._foreign.lookup(language, lemma)[0][0] == name


@pytest.mark.parametrize(
    ("query", "english", "language"),
    [("des pâtes", "pasta", "fr"), ("des amis", "friend", "fr"), ("uvas", "grape", "es"),
     ("barca a vela", "sailboat", "it"), ("barco à vela", "sailboat", "pt")],
)
def test_a_tie_between_languages_goes_to_the_more_written_one(expander: Expander, query: str, english: str,
                                                             language: str) -> None:
    # "des" is a French and a German article; German reads "pâtes" as Pate (godfather) and "amis" as Amis
    # (Americans). Ties went to whichever language the table lists first, alphabetically German. A phrase read
    # whole ("barca a vela") beats the same words read one by one in another language.
    expansion = expander.expand(query)
    assert expansion.normalized_query == english
    assert f"language: {language} " in " ".join(expansion.notes)


@pytest.mark.parametrize(
    ("query", "english"),
    [("un bébé qui rit", "baby laugh"), ("un bebé riendo", "baby laugh"), ("une fille qui sourit", "girl smile"),
     ("un arc en ciel", "rainbow"), ("un homme qui lit un livre", "man reading book"),
     ("pájaros volando sobre el mar", "bird flying sea"), ("montre-moi la mer", "sea"),
     ("plage au coucher du soleil", "beach sunset"), ("chevaux sauvages", "wild horse"),
     ("deux chiens qui jouent", "dog play"), ("trois enfants sur un banc", "child bench"),
     ("une salle de bain", "bathroom"), ("un homme en colère", "man angry")],
)
def test_more_verbs_filler_and_fixed_phrases(expander: Expander, query: str,
                                                                  english: str) -> None:
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("la fête des mères", "mother party"), ("una niña con un globo rojo", "girl red balloon"),
     ("una anciana", "old woman")],
)
def test_a_hand_picked_form_ends_the_forms_a_word_is_read_through(expander: Expander, query: str,
                                                                  english: str) -> None:
    # "mères" undone is "mère" (mother, hand-picked) and "mer" (sea, a curated word, which had won); "niña" as
    # typed is a girl, which the hand-picked "niño" after it must not replace.
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("crocodil dans la rivière", "crocodile river"), ("chein sur la plage", "dog beach"),
     ("des papilons sur une fleur", "butterfly flower")],
)
def test_a_typo_of_the_query_language_is_read_as_the_word_one_edit_away(expander: Expander, query: str,
                                                                        english: str) -> None:
    assert expander.expand(query).normalized_query == english


def test_a_respelling_never_replaces_a_letter(expander: Expander) -> None:
    # The table holds photo subjects, not every word: "heure" (hour) is one replaced letter from "hêtre"
    # (beech), and reading it so would search for trees.
    assert "beech" not in expander.expand("l'heure du petit déjeuner").normalized_query


@pytest.mark.parametrize(
    ("query", "english"),
    [("quelque chose à boire", "drink"), ("fruit sucré", "fruit sugar"), ("y a-t-il des chiens ?", "dog"),
     ("quelles photos ont des trains", "train"), ("peux-tu trouver mes clés", "key"),
     ("où ai-je mis l'appareil photo", "camera"), ("grenouille qui saute", "frog jumping"),
     ("insectes rampants", "insect crawling"), ("images d'argent", "money"), ("montañas nevadas", "snowy mountain")],
)
def test_development_queries_said_in_french_read_like_their_english(expander: Expander, query: str,
                                                                     english: str) -> None:
    # French renderings of bench/queries/natural_dev.py: filler ("quelque chose", "y a-t-il"), questions,
    # participles after their noun, and words typed with accents, which WordNet never spells ("sucré" is no
    # sucre, the currency, and "montañas" no Montana), so they are no English evidence.
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("algo dulce", "sweet"), ("un tipo de postre", "dessert"), ("¿hay perros?", "dog"),
     ("campana sonando", "bell ringing"), ("vela encendida", "candle burning"), ("clase de música", "music lesson"),
     ("día de escuela", "school"), ("dónde puse la cámara", "camera"), ("pan de plátano", "banana bread"),
     ("una copa de vino", "wine"), ("patos en el estanque", "duck pond"), ("un plato de pasta", "pasta")],
)
def test_development_queries_said_in_spanish_read_like_their_english(expander: Expander, query: str,
                                                                      english: str) -> None:
    # Spanish renderings of bench/queries/natural_dev.py. OMW's Spanish (Wiktionary and CLDR links only) lacks
    # "escuela", "música" and "día", and a hand-picked sense is a word's only one: "copa" had stayed a cup, and
    # "estanque" a pool, because a curated word among its other senses won.
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("etwas zu trinken", "drinking"), ("eine Art Hut", "hat"), ("Eisbär", "polar bear"),
     ("süßes Obst", "sweet fruit"), ("große Tiere", "large animal"), ("religiöses Gebäude", "religious building"),
     ("leuchtender Stern", "shine star"), ("krabbelnde Insekten", "crawling insect"),
     ("sonniger Tag", "sunny"), ("gibt es Hunde?", "dog"), ("gibt es ein Schloss", "castle"),
     ("ein Kaktus in der Wüste", "cactus desert")],
)
def test_development_queries_said_in_german_read_like_their_english(expander: Expander, query: str,
                                                                     english: str) -> None:
    # German renderings of bench/queries/natural_dev.py: OMW has no German wordnet, and its Wiktionary links lack
    # "süß", "Obst", "Tag" and "Nachtisch"; "große" had been Größe (size), "Schloss" a lock; participles are the
    # infinitive and a d ("krabbelnde", "leuchtender").
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(
    ("query", "english"),
    [("una tazza di tè", "tea"), ("candela accesa sul tavolo", "candle burning table"), ("tante stelle", "star"),
     ("lezione di musica", "music lesson"), ("animais grandes", "large animal"), ("girassóis", "sunflower"),
     ("tem cachorros?", "dog"), ("onde coloquei a câmera", "camera"), ("dia de escola", "school"),
     ("uma taça de vinho", "wine")],
)
def test_development_queries_said_in_italian_and_portuguese_read_like_their_english(
    expander: Expander, query: str, english: str
) -> None:
    # "tazza di tè" is WordNet's "cuppa"; "animais" and "girassóis" need Portuguese's -ais/-óis plurals; "tem"
    # and "coloquei" are filler; "câmera" is the camera (Italian "camera" is a room, so only Portuguese).
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize(("query", "english"), [("hay", "hay"), ("hay bales", "hay bale"), ("a dame", "dame")])
def test_filler_that_is_also_an_english_word_leaves_english_queries_english(expander: Expander, query: str,
                                                                             english: str) -> None:
    # "hay" is Spanish filler ("¿hay perros?": are there dogs?) and English hay; as Spanish function words they
    # had stopped counting as English, so "hay bales" was read as French ("hay ball") and "hay" as empty Spanish.
    expansion = expander.expand(query)
    assert expansion.normalized_query == english
    assert not any(note.startswith("language:") for note in expansion.notes)


@pytest.mark.parametrize(("query", "english"), [("lapin", "rabbit"), ("cerise", "cherry"), ("ananas", "pineapple"),
                                                ("éléphant", "elephant")])
def test_a_word_rare_in_english_is_read_in_the_language_that_uses_it(expander: Expander, query: str,
                                                                      english: str) -> None:
    # WordNet knows "lapin" (rabbit fur), "cerise" (a red) and "ananas" (the plant), rarely used in English.
    expansion = expander.expand(query)
    assert expansion.normalized_query == english
    assert any(note.startswith("language:") for note in expansion.notes)


@pytest.mark.parametrize("query", ["aardvark", "gnocchi", "camellia in a vase"])
def test_a_loan_word_read_back_as_typed_stays_english(expander: Expander, query: str) -> None:
    expansion = expander.expand(query)
    assert expansion.language == "en" and not any(n.startswith("language:") for n in expansion.notes)


@pytest.mark.parametrize(("separated", "joined"), [("perro, gato", "perro y gato"), ("chien & chat", "chien et chat"),
                                                   ("Hund/Katze", "Hund und Katze")])
def test_separators_in_another_language_separate_things_as_its_and_does(expander: Expander, separated: str,
                                                                        joined: str) -> None:
    typed, spelled_out = expander.expand(separated, max_terms=50), expander.expand(joined, max_terms=50)
    assert typed.language == spelled_out.language != "en"
    assert typed.concepts == spelled_out.concepts == ("dog", "cat")
    assert {(t.text, t.concept) for t in typed.expansions} == {(t.text, t.concept) for t in spelled_out.expansions}


@pytest.mark.parametrize(("query", "kept", "excluded"), [
    ("playa sin gente", "beach", "people"), ("plage sans personne", "beach", "person"),
    ("Strand ohne Menschen", "beach", "people"), ("Strand, keine Menschen", "beach", "people"),
    ("spiaggia senza persone", "beach", "person"), ("praia sem pessoas", "beach", "people"),
])
def test_without_in_another_language_excludes_as_in_english(expander: Expander, query: str, kept: str,
                                                            excluded: str) -> None:
    """"playa sin gente" had searched people: the negation was dropped as a function word."""
    expansion = expander.expand(query, max_terms=50)
    assert expansion.concepts == (kept,)
    assert not any(excluded in t.text.split() for t in expansion.expansions)
    assert any(repr(excluded) in note and "excluded" in note for note in expansion.notes)


@pytest.mark.parametrize(("query", "english"), [
    ("animales de granja", "farm animal"), ("animaux de la ferme", "farm animal"),
    ("animali della fattoria", "farm animal"), ("animais da fazenda", "farm animal"),
    ("ropa de invierno", "winter clothes"), ("vêtements d'hiver", "winter clothes"),
    ("un vaso de leche", "milk"), ("une tasse de thé", "tea"),  # a container gives way to what it holds
])
def test_noun_de_noun_is_the_english_compound(expander: Expander, query: str, english: str) -> None:
    """"animales de granja" had been two parts, animal and farm; English says "farm animals"."""
    assert expander.expand(query).normalized_query == english


@pytest.mark.parametrize("query", ["bonjour je cherche des chats", "hola, fotos de gatos", "ciao, foto di gatti",
                                   "hallo, Bilder von Katzen bitte", "olá, fotos de gatos"])
def test_greetings_in_another_language_are_no_search(expander: Expander, query: str) -> None:
    assert expander.expand(query).concepts == ("cat",)  # "bonjour" had searched the morning


def test_a_phrase_of_the_curated_map_is_english_whatever_its_words_mean_elsewhere(expander: Expander) -> None:
    # "mardi gras" had been read as French, word by word: "husband fat".
    expansion = expander.expand("mardi gras parade")
    assert expansion.language == "en" and "mardi gras" in expansion.concepts
    assert "husband" not in {t.text for t in expansion.expansions}
    # A foreign phrase is still read as its language.
    assert expander.expand("perro en la playa").concepts == ("dog", "beach")
