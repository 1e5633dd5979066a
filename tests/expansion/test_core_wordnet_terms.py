"""WordNet ranking rules: sense-adjusted familiarity, see-through categories, phrases, adjectives, novelty.

The rules serve every word the curated map does not cover, so they are tested
on an expander without the map: the words used here (bee, soup, wooden) are
common enough that the map covers them too.
"""

from __future__ import annotations

from expansion_svc.core.curated import entry
from expansion_svc.core.expander import Expander
from expansion_svc.core.lexicon import Lexicon


def _top(expander: Expander, query: str, count: int = 5) -> list[str]:
    return [t.text for t in expander.expand(query, max_terms=count).expansions]


def test_familiarity_is_for_the_sense_not_the_word(lexicon: Lexicon) -> None:
    # "stock" is a very common word, but rarely the soup base: its soup sense must count as rarer.
    broth = next(s.synset for s in lexicon.senses("stock", "n") if s.synset.name == "broth.n.01")
    in_broth = broth.familiarities[broth.lemmas.index("stock")]
    assert in_broth < lexicon.familiarity("stock") - 1
    racer_senses = [s.synset for s in lexicon.senses("racer", "n")]
    snake = next(s for s in racer_senses if s.name == "racer.n.04")
    driver = next(s for s in racer_senses if s.name == "racer.n.01")
    assert snake.familiarities[0] < driver.familiarities[0]


def test_ambiguous_and_obscure_kinds_stay_out_of_the_top_five(wordnet_expander: Expander) -> None:
    assert not set(_top(wordnet_expander, "soup")) & {"stock", "won ton"}
    assert "racer" not in _top(wordnet_expander, "snake")
    bee = _top(wordnet_expander, "bee")
    assert {"honeybee", "bumblebee", "insect"} <= set(bee)
    assert not set(bee) & {"mining bee", "mason bee", "leaf-cutter", "potter bee"}


def test_phrases_that_repeat_the_word_rank_below_familiar_kinds(wordnet_expander: Expander) -> None:
    bee = _top(wordnet_expander, "bee", 50)
    assert bee.index("honeybee") < bee.index("mining bee")


def test_rare_categories_are_see_through(wordnet_expander: Expander, lexicon: Lexicon) -> None:
    # camel -> (Arabian camel's parents) ... -> even-toed ungulate -> ... -> mammal: the rare links are skipped.
    camel = wordnet_expander.expand("camel", max_terms=50).expansions
    assert {"mammal", "animal"} <= {t.text for t in camel if t.relation.value == "hypernym"}
    assert "even-toed ungulate" not in {t.text for t in camel}
    assert lexicon.synset("even-toed_ungulate.n.01") is not None  # kept in the lexicon so the chain is whole


def test_abstract_categories_are_never_hypernyms(wordnet_expander: Expander) -> None:
    found = {term for word in ("lightning", "sushi", "soup") for term in _top(wordnet_expander, word, 50)}
    assert not found & {"atmospheric electricity", "atmospheric phenomenon", "nutrition", "nutriment"}
    assert {"dish", "food"} <= set(_top(wordnet_expander, "sushi"))


def test_fruit_and_vegetables_expand_as_food_not_as_plants(wordnet_expander: Expander) -> None:
    # WordNet's main sense of these is the plant (pineapple -> herb, carrot -> plant organ); photos show the food.
    pineapple, carrot = _top(wordnet_expander, "pineapple"), _top(wordnet_expander, "carrot")
    assert "edible fruit" in pineapple and not set(pineapple) & {"herb", "plant", "pineapple plant"}
    assert "vegetable" in carrot and not set(carrot) & {"plant organ", "plant part"}


def test_adjectives_expand_to_their_nouns_and_close_neighbours(wordnet_expander: Expander) -> None:
    assert "wood" in _top(wordnet_expander, "wooden")  # through its head adjective "woody"
    tall = _top(wordnet_expander, "tall")
    assert "high" in tall and not set(tall) & {"tall-growing", "long-legged"}
    assert "white" not in _top(wordnet_expander, "empty")  # the "blank" sense's rare lemma, not the colour


def test_curated_terms_repeating_the_concept_follow_the_novel_ones(lexicon: Lexicon) -> None:
    curated = {"sky": entry(syn="heavens", hypo="blue sky, cumulus", hyper="air", rel="horizon, sky line")}
    expander = Expander(lexicon, curated=curated)
    terms = expander.expand("sky", relations=[]).expansions
    assert [t.text for t in terms if t.source == "curated"] == [
        "heavens", "cumulus", "air", "blue sky", "horizon", "sky line",
    ]
    weights = [t.weight for t in terms]
    assert weights == sorted(weights, reverse=True) and all(0 < w < 1 for w in weights)


def test_a_synonym_is_sent_only_in_a_sense_the_word_often_has(wordnet_expander: Expander) -> None:
    # WordNet lists "wheel" for the bicycle and "machine" for the car: read in their usual sense they find
    # wheels and machines. A word at least a tenth as common in this sense stays ("bag" for the suitcase).
    assert "wheel" not in _top(wordnet_expander, "bicycle", 50)
    assert "machine" not in _top(wordnet_expander, "car", 50)
    assert "cell" not in _top(wordnet_expander, "mobile phone", 50)
    assert "bicycle" in _top(wordnet_expander, "bike", 50)
    assert "bag" in _top(wordnet_expander, "suitcase", 50)
    assert "pool" in _top(wordnet_expander, "pond", 50)


def test_a_kind_is_sent_only_by_a_name_that_often_means_it(wordnet_expander: Expander) -> None:
    # WordNet files the cay, a coral islet, as "key" under coral reef: read as usual, "key" finds keys. The rule
    # is the synonyms' (a tenth as often as the word's commonest sense); familiar kinds named so stay.
    assert "key" not in _top(wordnet_expander, "coral reef", 50)
    assert "horse" not in _top(wordnet_expander, "sports equipment", 50), "the vaulting horse is rarely 'horse'"
    assert {"honeybee", "bumblebee"} <= set(_top(wordnet_expander, "bee", 50))
