"""Hand-picked first senses for common photo words of other languages, where OMW's order or coverage misleads.

OMW ranks a word's senses by how many of its sources agree and by English
usage counts, neither of which knows what people photograph: "faro" and
"phare" are a headlight before a lighthouse, "bol" is luck before a bowl,
"bambino" a boy before a child; and its tables lack the adjectives photo
searches use most ("lleno", full; "nevado", snowy; "ensoleillé", sunny), the
small numbers an English query keeps ("deux chiens": two dogs), and some fixed
phrases ("barco de vela", a sailboat). Each entry puts one synset
first for a folded lemma (plural and gender forms reach it through the
lemma) as its only sense, and a hand-picked form ends the forms a word is read
through ("mères" is "mère", not "mer"). A name that the English lexicon does
not keep ("full.a.01") is read as its lemma, which the English reading
knows. Keys, and "=" terms, write a phrase's spaces as "_".
"""

from __future__ import annotations

FIRST_SENSES = {
    "es": "faro=beacon.n.03 nino=child.n.01 lleno=full.a.01 nevado=snowy.s.01 soleado=sunny.s.01 "
    "velero=sailboat.n.01 barco_de_vela=sailboat.n.01 puesta_de_sol=sunset.n.02 estanque=pond.n.01 "
    "calle=street.n.01 copa=glass.n.02 desierto=desert.n.01 mercado==market retrato=portrait.n.02 "
    "anciana=old_woman.n.01 calabaza=pumpkin.n.02 arcoiris==rainbow arbol_de_navidad=christmas_tree.n.05 "
    "cielo_azul==blue_sky salvaje=wild.a.01 atardecer=sunset.n.02 amanecer=sunrise.n.02 "
    "dos==two tres==three cuatro==four cinco==five papas_fritas==french_fries patatas_fritas==french_fries "
    "frito==fried dulce==sweet oso_polar==polar_bear religioso=religious.a.01 volador==flying encendido==burning "
    "clase==lesson musica==music dia==day escuela=school.n.02 lindo==cute camara=camera.n.01 platano=banana.n.02 "
    "plato=plate.n.04 porcion==slice barco=boat.n.01 pasta=pasta.n.02",
    "fr": "phare=beacon.n.03 bol=bowl.n.01 cerise=cherry.n.03 fete==party plein=full.a.01 enneige=snowy.s.01 ensoleille=sunny.s.01 "
    "bateau_a_voile=sailboat.n.01 fleuri=flowery.s.01 sauvage=wild.a.01 vue=view.n.04 "
    "coucher_du_soleil=sunset.n.02 lever_du_soleil=sunrise.n.02 lever_de_soleil=sunrise.n.02 "
    "mere=mother.n.01 jour==day journee==day salle_de_bain=bathroom.n.01 coquillage=seashell.n.01 "
    "colere=angry.a.01 deux==two trois==three quatre==four cinq==five argent==money porter==wear "
    "insecte=insect.n.01 ours_polaire==polar_bear religieux=religious.a.01 loup=wolf.n.01 bateau=boat.n.01 "
    "part==slice cles=key.n.01 appareil==camera cours==lesson",
    "de": "verschneit=snowy.s.01 sonnig=sunny.s.01 laub=leaf.n.01 wild=wild.a.01 "
    "zwei==two drei==three vier==four funf==five suss==sweet sussigkeit==candy obst==fruit musik==music tag==day "
    "zeit==time unterricht==lesson religios=religious.a.01 nachtisch=dessert.n.01 grosse=large.a.01 "
    "wuste=desert.n.01 teller=plate.n.04 schloss==castle eisbar==polar_bear busse=bus.n.01 weihnacht==christmas "
    "sturmisch==stormy fahren==riding schul=school.n.02",
    "it": "faro=beacon.n.03 bambino=child.n.01 pieno=full.a.01 innevato=snowy.s.01 soleggiato=sunny.s.01 "
    "veliero=sailboat.n.01 selvaggio=wild.a.01 alba=sunrise.n.02 due==two tre==three quattro==four cinque==five "
    "orso_polare==polar_bear religioso=religious.a.01 dolce==sweet acceso==burning giornata==day giorno==day "
    "lezione==lesson musica==music carino==cute stella=star.n.01 caramella==candy piatto=plate.n.04 "
    "tamburo=drum.n.01 tazza_di_te==cup_of_tea accesa==burning caramelle==candy",
    "pt": "farol=beacon.n.03 cheio=full.a.01 cheia=full.a.01 nevado=snowy.s.01 ensolarado=sunny.s.01 "
    "veleiro=sailboat.n.01 barco_a_vela=sailboat.n.01 selvagem=wild.a.01 "
    "dois==two duas==two tres==three quatro==four cinco==five urso_polar==polar_bear religioso=religious.a.01 "
    "doce==sweet grande=large.a.01 voador==flying sino=bell.n.01 aceso==burning violao=guitar.n.01 dia==day "
    "aula==lesson escola=school.n.02 fofo==cute cachorro=dog.n.01 cachorros=dog.n.01 camera=camera.n.01 "
    "taca=glass.n.02 prato=plate.n.04 musica==music",
}


def first_senses(language: str) -> dict[str, str]:
    """Folded lemma -> the synset name read first, for one language."""
    pairs = (entry.split("=", 1) for entry in FIRST_SENSES.get(language, "").split())
    return {lemma.replace("_", " "): name.replace("_", " ") if name.startswith("=") else name for lemma, name in pairs}
