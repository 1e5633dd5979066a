"""The grammar the foreign reader knows, per language: function words, endings, verbs, compounding.

Hand-written, small and closed: what OMW's noun and adjective tables lack and
a photo search needs to read a phrase rather than a word list (foreign.py
uses them). Every word is folded (lower case, no accents), as the table's
lemmas are.
"""

from __future__ import annotations

# Articles, prepositions, conjunctions and photo-search filler, folded. They mark the language and are dropped.
FUNCTION_WORDS = {
    "es": "el la los las un una unos unas de del al a en con sin y o pero por para sobre bajo entre junto cerca que "
    "mi mis tu tus su sus nuestro nuestra nuestros nuestras "
    "foto fotos imagen imagenes fotografia fotografias muestrame busco quiero ver donde "
    "algo cosas tipo especie algun alguna ejemplos tenemos tienen puedes encontrar puse se "
    "despues antes durante desde hacia este esta estos estas ese esa esos esas es estan muy hace hacen "
    "algunos algunas varios muchos muchas todos todas hola gracias favor",
    "fr": "le la les l un une des du de d au aux en dans avec sans et ou sur sous par pour pres entre qui que "
    "mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs "
    "photo photos image images moi je cherche voir montre-moi montrez-moi au-dessus au-dessous "
    "chose choses exemple exemples montrant contenant y a-t-il est-ce ont quel quels quelle quelles "
    "ai-je peux-tu trouver mis "
    "apres avant pendant depuis vers chez il elle ils elles ce cet cette ces est sont tres fait font faire qu "
    "quelques plusieurs beaucoup tous toutes bonjour salut merci",
    "de": "der die das den dem des ein eine einen einem einer eines im in am an auf mit ohne und oder "
    "unter uber vor neben zwischen bei zum zur von vom "
    "mein meine meinen meinem meiner meines dein deine deinen unser unsere unseren unserem "
    "foto fotos bild bilder zeig mir nach wahrend seit dieser diese dieses diesen ist sind sehr einige viele "
    "etwas zu wo welche welches welcher welchen gibt es irgendein irgendeine irgendwelche sachen beispiele "
    "haben habe ich wir du findest hingelegt hallo danke bitte",
    "it": "il lo la i gli le l un uno una del della dei degli delle dello al alla ai alle nel nella nei nelle "
    "sul sulla di d da a in con senza e o su per tra fra sotto che dell dall nell sull all quell "
    "mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre "
    "foto immagine immagini mostrami dopo durante questo questa questi queste quello quella sono molto "
    "alcuni alcune molti molte tutti tutte qualcosa cose tipo qualche esempi ci messo trova trovare abbiamo "
    "tante tanti ciao grazie favore",
    "pt": "o a os as um uma uns umas do da dos das no na nos nas ao aos de em com sem e ou por para sobre que "
    "num numa nuns numas dum duma pelo pela pelos pelas "
    "meu minha meus minhas teu tua teus tuas seu sua seus suas nosso nossa nossos nossas "
    "sob entre perto foto fotos imagem imagens mostre me depois antes durante desde este esta estes estas "
    "esse essa esses essas sao muito alguns algumas muitos muitas todos todas algo coisas especie algum alguma onde "
    "estao tem temos coloquei encontre ola obrigado obrigada favor",
}
# Words for "without" (and German "kein", "no"): read as English "without", so what follows is excluded as in
# English ("playa sin gente" had searched people). Spanish "no" and Italian "non" negate verbs ("no hay"): left.
NEGATION_WORDS = {
    "es": frozenset({"sin"}),
    "fr": frozenset({"sans"}),
    "de": frozenset({"ohne", "kein", "keine", "keinen", "keinem", "keiner"}),
    "it": frozenset({"senza"}),
    "pt": frozenset({"sem"}),
}
# "Of" and the articles that may follow it: in the Romance languages "N1 de N2" is the English compound "N2 N1"
# ("animales de granja": farm animals, "vêtements d'hiver": winter clothes). English has no such word order.
OF_WORDS = {
    "es": frozenset({"de", "del"}),
    "fr": frozenset({"de", "du", "des", "d"}),
    "it": frozenset({"di", "del", "della", "dello", "dei", "degli", "delle", "d"}),
    "pt": frozenset({"de", "do", "da", "dos", "das"}),
}
OF_ARTICLES = {
    "es": frozenset({"la", "el", "los", "las"}),
    "fr": frozenset({"la", "le", "les", "l"}),
    "it": frozenset({"la", "il", "lo", "l", "i", "gli", "le"}),
    "pt": frozenset({"a", "o", "os", "as"}),
}
# English names of containers and portions: "N1 de N2" with one of these as N1 is "N1 of N2", two things.
CONTAINERS = frozenset(
    word.strip()
    for word in """cup, glass, mug, bowl, plate, bottle, slice, piece, bunch, box, bag, basket, jar, can, pot, tray,
    bucket, pile, stack, loaf, bar, cone, carton, pitcher, jug, teapot, handful, drinking glass, wineglass, vase,
    pair, platter, heap, crate, sack, tub, scoop, spoonful,
    coffee cup, tea cup""".split(",")
)
# Filler of more than one word, dropped whole: "montre" alone is a watch. One-word entries are filler that is
# also an English word ("hay", "type"): as a phrase it is dropped in that language, yet still English evidence,
# so "hay bales" stays English while "¿hay perros?" is Spanish.
FUNCTION_PHRASES = {
    "es": (("hay",), ("dame",)),
    "fr": (
        ("montre", "moi"),
        ("montrez", "moi"),
        ("fais", "moi", "voir"),
        ("quelque", "chose"),
        ("il", "y", "a"),
        ("type",),
    ),
    "de": (("eine", "art"), ("ein", "art")),
    "it": (("specie",),),
    "pt": (),
}
# Plural and gender endings tried, in order, when the word as typed is no lemma: (ending, replacement).
INFLECTIONS = {
    "es": (("ces", "z"), ("es", ""), ("s", ""), ("as", "o"), ("a", "o")),
    "fr": (("aux", "al"), ("x", ""), ("s", ""), ("es", ""), ("e", "")),
    "de": (("en", ""), ("n", ""), ("e", ""), ("er", ""), ("s", ""), ("es", "")),
    "it": (("i", "o"), ("i", "e"), ("e", "a"), ("e", "o"), ("a", "o"), ("he", "a"), ("chi", "co")),
    "pt": (
        ("oes", "ao"),
        ("aes", "ao"),
        ("ns", "m"),
        ("ais", "al"),
        ("eis", "el"),
        ("ois", "ol"),
        ("uis", "ul"),
        ("es", ""),
        ("s", ""),
        ("as", "o"),
        ("a", "o"),
    ),
}
# Feminine endings back to the masculine, tried after the endings above as well, so a plural feminine reaches
# its lemma in two steps ("anciennes" -> "ancienne" -> "ancien", "blanches" -> "blanc"): (ending, replacement).
FEMININE = {
    "es": (),
    "fr": (
        ("enne", "en"),
        ("onne", "on"),
        ("euse", "eux"),
        ("euse", "eur"),
        ("rice", "eur"),
        ("ive", "if"),
        ("elle", "el"),
        ("tte", "t"),
        ("che", "c"),
        ("ere", "er"),
    ),
    "de": (),
    "it": (),
    "pt": (),
}
# Diminutive endings back to the word they shrink ("pajarito" -> "pajaro", "casinha" -> "casa"), tried last:
# a photo search for a little bird wants birds. (ending, replacement).
DIMINUTIVE = {
    "es": (("ito", "o"), ("ita", "a"), ("itos", "os"), ("itas", "as"), ("cito", ""), ("cita", ""), ("ito", "")),
    "fr": (),
    "de": (("chen", ""), ("chen", "e")),
    "it": (("ino", "o"), ("ina", "a"), ("ini", "i"), ("ine", "e"), ("etto", "o"), ("etta", "a")),
    "pt": (("inho", "o"), ("inha", "a"), ("inhos", "os"), ("inhas", "as"), ("zinho", ""), ("zinha", "")),
}
# The curated map's activities and other things photos show people doing (laughing, reading), per language
# (infinitive:English -ing form, which the English reading parses
# as a verb: "perros corriendo" -> "dog running" -> "dog run"). Verbs are not in the lexicon, and OMW's
# verb offsets are those of Princeton's WordNet 3.0, which Debian's patched verb file has shifted.
ACTIVITY_VERBS = {
    "es": "correr:running nadar:swimming durmiendo:sleeping duerme:sleeping jugar:playing comer:eating caminar:walking pasear:walking "
    "andar:walking montar:riding cabalgar:riding dormir:sleeping bailar:dancing cocinar:cooking "
    "esquiar:skiing surfear:surfing viajar:traveling senderismo:hiking "
    "reir:laughing riendo:laughing rie:laughing rien:laughing sonreir:smiling sonriendo:smiling sonrie:smiling sonrien:smiling "
    "leer:reading leyendo:reading volar:flying volando:flying beber:drinking bebiendo:drinking saltar:jumping "
    "sonar:ringing suena:ringing arrastrar:crawling tocar:playing ponerse:wearing",
    "fr": "courir:running court:running courent:running courant:running dort:sleeping dorment:sleeping nager:swimming jouer:playing manger:eating "
    "marcher:walking promener:walking monter:riding dormir:sleeping danser:dancing cuisiner:cooking "
    "skier:skiing surfer:surfing voyager:traveling randonner:hiking "
    "rire:laughing rit:laughing rient:laughing riant:laughing sourire:smiling sourit:smiling sourient:smiling souriant:smiling "
    "lire:reading lit:reading lisent:reading lisant:reading voler:flying vole:flying volent:flying boire:drinking "
    "sauter:jumping saute:jumping sautent:jumping sonner:ringing sonne:ringing sonnent:ringing ramper:crawling "
    "rampant:crawling rampants:crawling rampent:crawling allume:burning allumee:burning allumees:burning allumes:burning "
    "briller:shining brille:shining brillent:shining",
    "de": "laufen:running rennen:running joggen:running schwimmen:swimming spielen:playing essen:eating "
    "gehen:walking spazieren:walking reiten:riding fahren:riding schlafen:sleeping tanzen:dancing "
    "kochen:cooking skifahren:skiing surfen:surfing reisen:traveling wandern:hiking lachen:laughing lacheln:smiling lesen:reading liest:reading fliegen:flying fliegt:flying trinken:drinking springen:jumping "
    "lauten:ringing klingeln:ringing leuchten:shining brennen:burning krabbeln:crawling kriechen:crawling",
    "it": "correre:running nuotare:swimming giocare:playing mangiare:eating camminare:walking "
    "passeggiare:walking cavalcare:riding dormire:sleeping ballare:dancing danzare:dancing "
    "cucinare:cooking sciare:skiing surfare:surfing viaggiare:traveling ridere:laughing sorridere:smiling leggere:reading volare:flying bere:drinking bevendo:drinking saltare:jumping "
    "indossare:wearing brillare:shining strisciare:crawling",
    "pt": "correr:running nadar:swimming brincar:playing jogar:playing comer:eating caminhar:walking "
    "andar:walking passear:walking cavalgar:riding montar:riding dormir:sleeping dancar:dancing "
    "cozinhar:cooking esquiar:skiing surfar:surfing viajar:traveling rir:laughing sorrir:smiling ler:reading lendo:reading voar:flying beber:drinking saltar:jumping pular:jumping "
    "vestir:wearing rastejar:crawling tocar:playing brilhar:shining",
}
# Verb forms photo searches use (gerund, third person, participle) back to the infinitive the table holds.
VERB_INFLECTIONS = {
    "es": (
        ("ando", "ar"),
        ("iendo", "er"),
        ("iendo", "ir"),
        ("yendo", "er"),
        ("a", "ar"),
        ("e", "er"),
        ("e", "ir"),
        ("an", "ar"),
        ("en", "er"),
        ("ado", "ar"),
        ("ido", "er"),
        ("ido", "ir"),
    ),
    "fr": (("ant", "er"), ("ant", "ir"), ("ent", "er"), ("e", "er"), ("t", "tir"), ("it", "ir"), ("e", "re")),
    # The present participle is the infinitive and a d, with an adjective's ending ("krabbelnde", "laufender").
    "de": (("nd", "n"), ("nde", "n"), ("nder", "n"), ("nden", "n"), ("ndes", "n"), ("t", "en"), ("et", "en")),
    "it": (
        ("ando", "are"),
        ("endo", "ere"),
        ("endo", "ire"),
        ("a", "are"),
        ("e", "ere"),
        ("e", "ire"),
        ("ano", "are"),
        ("ono", "ere"),
        ("ato", "are"),
    ),
    "pt": (
        ("ando", "ar"),
        ("endo", "er"),
        ("indo", "ir"),
        ("a", "ar"),
        ("e", "er"),
        ("e", "ir"),
        ("am", "ar"),
        ("em", "er"),
        ("ado", "ar"),
        ("ido", "er"),
    ),
}
# After these a word is read as a verb first ("chiot qui joue": the puppy plays; "joue" is also a cheek).
RELATIVE_PRONOUNS = frozenset({"que", "qui", "che"})
# Languages that write compounds as one word, the shortest part tried, and the letters that may join them.
COMPOUNDING = frozenset({"de"})
MIN_COMPOUND_PART = 3
LINKING_ELEMENTS = ("s", "n", "en", "e", "er", "es")
# Languages whose adjectives mostly follow the noun.
ADJECTIVE_AFTER_NOUN = frozenset({"es", "fr", "it", "pt"})
