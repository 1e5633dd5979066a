"""Terms for a word-level model: the forms it reads, heads it cannot read, and terms it cannot tell apart."""

from __future__ import annotations

from expansion_svc.core.expander import Expander
from expansion_svc.core.model_reading import ModelReading
from expansion_svc.core.types import Relation, Term

VOCABULARY = frozenset({"sandwich", "leaf", "maple", "bubble", "tea", "ring", "dog", "coffee", "cup"})


def _term(text: str, weight: float = 0.5) -> Term:
    return Term(text, weight, Relation.RELATED, "x", "test")


def _texts(expander: Expander, query: str, vocabulary: list[str]) -> list[str]:
    return [t.text for t in expander.expand(query, vocabulary=vocabulary, max_terms=20).expansions]


def _reading(licensed=lambda text: True) -> ModelReading:  # type: ignore[no-untyped-def]
    bases = {"sandwiches": ["sandwich"], "leaves": ["leaf", "leave"], "cups": ["cup"], "firework": ["fireworks"]}
    return ModelReading(VOCABULARY, lambda word: bases.get(word, []), licensed)


def test_a_plural_the_model_lacks_goes_out_in_the_singular_it_reads() -> None:
    reading = _reading()
    assert reading.respelled("sandwiches") == "sandwich"
    assert reading.respelled("coffee cups") == "coffee cup"
    assert reading.respelled("maple leaves") == "maple leaf"
    assert reading.respelled("dog") == "dog" and reading.respelled("zebras") == "zebras"
    # And the other way round, where the model knows only the plural.
    assert ModelReading(frozenset({"fireworks"}), lambda w: ["fireworks"], lambda t: True).respelled("firework") == (
        "fireworks"
    )


def test_a_respelling_that_is_no_licensed_phrase_is_not_made() -> None:
    assert _reading(licensed=lambda text: text != "maple leaf").respelled("maple leaves") == "maple leaves"


def test_terms_whose_head_the_model_cannot_read_are_dropped_and_identical_readings_sent_once() -> None:
    terms = [
        _term("bubble bath", 0.8),
        _term("simple leaf", 0.7),
        _term("floral leaf", 0.6),
        _term("leaf", 0.55),
        _term("fig leaf", 0.5),
        _term("sandwiches", 0.45),
        _term("zebra", 0.4),
        _term("iced coffee", 0.3),
    ]
    selection = _reading().select(terms)
    assert [t.text for t in selection.fully] == ["leaf", "sandwich"]
    assert all(t.in_vocabulary for t in selection.fully)
    # "simple leaf" stands for "floral leaf" and "fig leaf": all three are "<unknown> leaf" to the model.
    assert [(t.text, t.in_vocabulary) for t in selection.partly] == [("simple leaf", False), ("iced coffee", False)]
    assert selection.unreadable == 2  # "bubble bath" (the model reads a bubble), "zebra"
    assert selection.repeated == 2  # "floral leaf", "fig leaf"


def test_a_term_the_model_reads_exactly_as_the_query_is_not_sent() -> None:
    selection = _reading().select([_term("sandwiches"), _term("dog")], already_read=("sandwich",))
    assert [t.text for t in selection.fully] == ["dog"] and not selection.partly and selection.repeated == 1


def test_the_expander_keeps_plurals_that_are_nouns_of_their_own(expander: Expander) -> None:
    # "rings" is the gymnastics apparatus and "glasses" spectacles: their singulars mean something else.
    vocabulary = ["ring", "glass", "bar", "sandwich", "picnic"]
    unfiltered = [t.text for t in expander.expand("sports equipment", max_terms=20).expansions]
    assert {"rings", "bars"} <= set(unfiltered)
    terms = [t.text for t in expander.expand("sports equipment", vocabulary=vocabulary, max_terms=20).expansions]
    assert "ring" not in terms and "bar" not in terms
    picnic = [t.text for t in expander.expand("picnic", vocabulary=vocabulary, max_terms=20).expansions]
    assert "sandwich" in picnic, picnic


def test_a_plural_wordnet_lists_under_its_singulars_sense_goes_out_as_that_singular(expander: Expander) -> None:
    # WordNet names dumpling.n.01 "dumpling" and "dumplings": the curated Chinese new year's "dumplings" are the
    # dumpling a model reads. "rings" and "glasses" name other senses and keep their own (test above).
    chinese = _texts(expander, "chinese new year", vocabulary=["dumpling", "lantern", "dragon"])
    assert "dumpling" in chinese
    assert "glass" not in _texts(expander, "reading glasses", vocabulary=["glass", "book"])


def test_a_curated_plural_goes_out_under_the_one_name_the_model_reads(expander: Expander) -> None:
    # The curated barbecue lists "burgers"; WordNet's only common burger is hamburger.n.01, which the demo model
    # knows as "hamburger". A plural of an ambiguous word ("bikes": bicycles or motorcycles) is not renamed, and
    # a term WordNet lists as typed ("domestic cat") keeps the name the map chose.
    assert "hamburger" in _texts(expander, "barbecue", vocabulary=["hamburger", "steak"])
    assert "motorcycle" not in _texts(expander, "cycling", vocabulary=["bicycle", "motorcycle", "wheel"])
    cat = _texts(expander, "cat", vocabulary=["cat", "house", "tabby"])
    assert "house cat" in cat


def test_the_query_parts_are_named_in_the_form_the_model_reads(expander: Expander) -> None:
    # The search service searches a readable part in place of a query the model cannot read.
    expansion = expander.expand("firework", vocabulary=["fireworks", "rocket"])
    assert expansion.concepts == ("fireworks",)
    assert all(t.concept == "fireworks" for t in expansion.expansions)
    assert expander.expand("firework").concepts == ("firework",)



def test_a_wordnet_term_the_model_cannot_read_goes_out_under_another_name_of_its_synset() -> None:
    names = {("tyrannosaur", "wordnet:tyrannosaur.n.01"): ("tyrannosaur", "tyrannosaurus", "tyrannosaurus rex")}
    reading = ModelReading(frozenset({"tyrannosaurus", "dog"}), lambda word: [], lambda text: True,
                           lambda term, source: names.get((term, source), ()))
    kinds = [Term("tyrannosaur", 0.6, Relation.HYPONYM, "dinosaur", "wordnet:tyrannosaur.n.01"),
             Term("stegosaur", 0.5, Relation.HYPONYM, "dinosaur", "wordnet:stegosaur.n.01")]
    selection = reading.select(kinds)
    assert [(t.text, t.weight, t.source) for t in selection.fully] == [
        ("tyrannosaurus", 0.6, "wordnet:tyrannosaur.n.01")]
    assert selection.unreadable == 1  # "stegosaur" has no other name


def test_a_synonym_is_never_renamed_to_the_query_part_it_stands_for() -> None:
    # "felis catus" renamed "cat" would be searched as an expansion at its weight instead of the part at its own.
    reading = ModelReading(frozenset({"cat"}), lambda word: [], lambda text: True,
                           lambda term, source: ("felis catus", "cat") if term == "felis catus" else ())
    selection = reading.select([Term("felis catus", 0.5, Relation.SYNONYM, "cat", "wordnet:cat.n.01")])
    assert not selection.fully and selection.unreadable == 1


def test_words_are_read_as_a_tokenizer_splits_them() -> None:
    reading = ModelReading(frozenset({"jack", "lantern", "shirt"}), lambda word: [], lambda text: True)
    assert reading.reading("jack-o'-lantern") == ("jack", "lantern")
    assert reading.reading("t-shirt") == ("shirt",)


def test_the_expander_renames_unreadable_kinds_and_splits_hyphenated_terms(expander: Expander) -> None:
    dinosaur = [t.text for t in expander.expand("dinosaur", vocabulary=["tyrannosaurus", "dog"]).expansions]
    assert "tyrannosaurus" in dinosaur, dinosaur
    halloween = [t.text for t in expander.expand("halloween", vocabulary=["jack", "lantern"]).expansions]
    assert halloween == ["jack-o'-lantern"], halloween


def test_a_singular_is_never_respelled_into_a_plural_that_names_something_else(expander: Expander) -> None:
    # "kid" -> "small fry" (a child); the demo model knows "fries", which are french fries.
    terms = [t.text for t in expander.expand("kid", vocabulary=["fries", "small", "child"], max_terms=30).expansions]
    assert not any("fries" in t for t in terms), terms
