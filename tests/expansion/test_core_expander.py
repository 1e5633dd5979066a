"""The expander: relations and weights, compounds, lemmatisation, vocabulary, bad input, cache, seed API."""

from __future__ import annotations

import pytest

from expansion_svc.core import Expander, Relation, expand_query_multi_word, get_query_context
from expansion_svc.core.curated import entry
from expansion_svc.core.lexicon import Lexicon
from expansion_svc.core.wordnet_terms import WordNetTerms
from mediasearch.runtime.errors import InvalidArgument


def _texts(expander: Expander, query: str, **options: object) -> list[str]:
    return [t.text for t in expander.expand(query, **options).expansions]  # type: ignore[arg-type]


def test_original_first_with_weight_one_and_expansions_strictly_lighter(expander: Expander) -> None:
    expansion = expander.expand("Dogs!")
    original, *rest = expansion.terms
    assert (original.text, original.weight, original.relation) == ("dog", 1.0, Relation.ORIGINAL)
    assert rest and all(0 < t.weight < 1 for t in rest)
    assert [t.weight for t in rest] == sorted((t.weight for t in rest), reverse=True)


@pytest.mark.parametrize(
    ("query", "relation", "expected"),
    [("dog", Relation.HYPONYM, "puppy"), ("dog", Relation.HYPERNYM, "canine"), ("dog", Relation.SYNONYM, "pooch"),
     ("beach", Relation.RELATED, "sand"), ("violin", Relation.SYNONYM, "fiddle"),
     ("snake", Relation.HYPERNYM, "reptile"), ("large", Relation.RELATED, "huge")],
)
def test_each_relation_kind(expander: Expander, query: str, relation: Relation, expected: str) -> None:
    found = {t.text: t for t in expander.expand(query, max_terms=50).expansions}
    assert found[expected].relation == relation


def test_relation_filter_keeps_only_the_asked_kinds(expander: Expander) -> None:
    terms = expander.expand("dog", relations=[Relation.HYPERNYM]).expansions
    assert terms and {t.relation for t in terms} == {Relation.HYPERNYM}


def test_dog_never_expands_to_literary_senses(expander: Expander) -> None:
    texts = set(_texts(expander, "dog", max_terms=50))
    assert {"puppy", "canine", "pet"} <= texts
    assert not texts & {"frump", "cad", "hotdog", "frank", "andiron", "pawl"}


def test_curated_entries_prune_terms_that_show_something_else(expander: Expander,
                                                               wordnet_expander: Expander) -> None:
    # WordNet's male bee is a "drone" (to a photo search, the aircraft); an empty room is not "glazed" or "looted".
    for query, pruned in (("bee", {"drone"}), ("empty", {"glazed", "looted", "stripped"})):
        assert pruned <= set(_texts(wordnet_expander, query, max_terms=50))
        assert not pruned & set(_texts(expander, query, max_terms=50))
        assert len(_texts(expander, query)) == 10  # pruned, and still a full answer


def test_wordnet_fallback_uses_the_common_sense(expander: Expander) -> None:
    hammer = expander.expand("hammer", max_terms=50).expansions
    assert hammer and all(t.source.startswith("wordnet:hammer.n.") for t in hammer)
    assert "cock" not in {t.text for t in hammer}  # the gunlock part, a rarer sense
    # WordNet ranks giant.n.04 ("a whale of a man") first by one tag; the animal is named after the word.
    assert WordNetTerms(expander.lexicon).senses("whale")[0][0].name == "whale.n.02"


def test_compounds_stay_whole(expander: Expander) -> None:
    hot_dog = expander.expand("hot dogs")
    assert hot_dog.concepts == ("hot dog",)
    texts = {t.text for t in hot_dog.expansions}
    assert {"frankfurter", "sausage"} & texts and not {"puppy", "canine"} & texts
    assert expander.expand("golden retrievers on the beach").concepts == ("golden retriever", "beach")


def test_lemmatises_and_drops_filler(expander: Expander) -> None:
    expansion = expander.expand("Show me a photo of some dogs running")
    assert expansion.normalized_query == "dog run"
    assert expansion.concepts == ("dog", "run")


def test_multi_concept_terms_stay_inside_their_part(expander: Expander) -> None:
    expansion = expander.expand("dog on the beach", max_terms=30)
    by_concept = {t.concept for t in expansion.expansions}
    assert by_concept == {"dog", "beach"}
    texts = {t.text for t in expansion.expansions}
    assert "puppy" in texts and "seashore" in texts
    # Pasting a kind into the rest of the query made phrases no one types ("puppy beach", "dog seashore").
    assert not any("beach" in t.text and t.concept == "dog" for t in expansion.expansions)
    assert not any("dog" in t.text and t.concept == "beach" for t in expansion.expansions)


def test_adjective_reading_before_a_noun(expander: Expander) -> None:
    alone = expander.expand("cherry", max_terms=50).expansions
    assert alone and all(t.source.startswith("wordnet:cherry.n.") for t in alone)  # the fruit
    before_noun = {t.text: t for t in expander.expand("cherry wall", max_terms=50).expansions}
    assert before_noun["cherry"].concept == "cherry"  # the colour, sent as a term of its own
    assert not any(t.source.startswith("wordnet:cherry.n.") for t in before_noun.values())  # never the fruit


def test_vocabulary_prefers_known_terms_and_drops_unknown_ones(expander: Expander) -> None:
    vocabulary = ["puppy", "animal", "canine", "pet", "dog"]
    expansion = expander.expand("dog", vocabulary=vocabulary)
    texts = [t.text for t in expansion.expansions]
    assert set(texts[:4]) == {"puppy", "canine", "pet", "animal"}
    assert "domestic animal" in texts[4:]  # partly known: kept, but after the fully known ones
    assert "pooch" not in texts and "retriever" not in texts
    assert all(t.in_vocabulary == all(w in vocabulary for w in t.text.split()) for t in expansion.expansions)
    assert any("dropped" in note for note in expansion.notes)
    assert expansion.terms[0].in_vocabulary


def test_max_terms_limits_the_answer(expander: Expander) -> None:
    assert len(expander.expand("dog", max_terms=3).expansions) == 3
    assert len(expander.expand("dog").expansions) == 10
    with pytest.raises(InvalidArgument) as caught:
        expander.expand("dog", max_terms=51)
    assert caught.value.violations[0].field == "max_terms"


@pytest.mark.parametrize(
    ("query", "reason"),
    [("", "QUERY_EMPTY"), ("   ", "QUERY_BLANK"), ("x" * 257, "QUERY_TOO_LONG"),
     ("dog\x00cat", "QUERY_CONTROL_CHARACTER"), ("dog\ncat", "QUERY_CONTROL_CHARACTER")],
)
def test_bad_queries_are_invalid_argument_on_the_query_field(expander: Expander, query: str, reason: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        expander.expand(query)
    assert caught.value.reason == reason
    assert caught.value.violations[0].field == "query"


def test_longest_allowed_query_is_accepted(expander: Expander) -> None:
    assert expander.expand(("dog " * 64).strip()).terms[0].weight == 1.0


# "koira" is Finnish for dog: a language the foreign lexicon does not cover.
@pytest.mark.parametrize("query", ["xyzzy", "koira", "犬の写真", "a photo of"])
def test_unknown_or_uncovered_language_gives_only_the_original_with_a_note(expander: Expander, query: str) -> None:
    expansion = expander.expand(query)
    assert len(expansion.terms) == 1 and expansion.terms[0].relation == Relation.ORIGINAL
    assert expansion.notes


def test_cache_counts_hits_and_misses_and_evicts_least_recent(lexicon: Lexicon) -> None:
    expander = Expander(lexicon, cache_size=2)
    assert not expander.expand("dog").cache_hit
    assert expander.expand("  DOG ").cache_hit  # same query once normalised
    expander.expand("cat")
    expander.expand("beach")  # evicts "dog"
    assert not expander.expand("dog").cache_hit
    assert (expander.cache.hits, expander.cache.misses, len(expander.cache)) == (1, 4, 2)
    # Filters apply after the cache: a hit still honours them.
    assert len(expander.expand("dog", max_terms=2).expansions) == 2


def test_cache_size_zero_disables_caching(lexicon: Lexicon) -> None:
    expander = Expander(lexicon, cache_size=0)
    expander.expand("dog")
    assert not expander.expand("dog").cache_hit and len(expander.cache) == 0


def test_curated_entries_must_name_real_synsets(lexicon: Lexicon) -> None:
    with pytest.raises(ValueError, match="dgo.n.01"):
        Expander(lexicon, curated={"dog": entry(hypo="puppy", senses="dgo.n.01")})


def test_seed_api() -> None:
    top = expand_query_multi_word("dog")[:5]
    assert "puppy" in top and {"canine", "pet"} & set(expand_query_multi_word("dog"))
    assert "dog" not in top  # the original is not an expansion
    for query in ("dog", "outdoor", "person"):
        context = get_query_context(query)
        assert len(context["expansions"]) == 10
        assert context["normalized_query"] == query and context["concepts"] == [query]
        assert all({"text", "weight", "relation", "concept", "source"} <= set(e) for e in context["expansions"])
        assert context["original"]["weight"] == 1.0


def test_a_small_vocabulary_finds_kinds_filed_deep_and_skips_rare_senses(expander: Expander) -> None:
    # A closed-vocabulary model knows "flamingo" and "penguin", several levels under bird in WordNet; "kiwi"
    # is a bird too, but the word means the fruit, so it is no kind of bird to send.
    vocabulary = ["parrot", "flamingo", "penguin", "kiwi", "dove"]
    texts = _texts(expander, "photos of birds", vocabulary=vocabulary)
    assert {"flamingo", "penguin", "dove"} <= set(texts)
    assert "kiwi" not in texts
    # Without a vocabulary the answer is the familiar kinds only: the deep search is for what a model reads.
    assert "flamingo" not in _texts(expander, "photos of birds")


def test_kinds_found_through_the_vocabulary_respect_a_kind_changing_modifier(expander: Expander) -> None:
    # "wild" changes what an animal is: a dog is no wild animal, however deep the vocabulary search goes.
    texts = _texts(expander, "wild animal", vocabulary=["dog", "cat", "lion", "giraffe"])
    assert "dog" not in texts and "cat" not in texts
    assert {"lion", "giraffe"} <= set(texts)


def test_a_y_adjective_stands_for_the_thing_it_is_made_from(expander: Expander) -> None:
    # "sunny" has no derivation in WordNet; the -y rule finds the sun a sunny photo shows.
    assert "sun" in _texts(expander, "sunny day", vocabulary=["sun", "cloud"])
    stormy = expander.expand("stormy night", vocabulary=["thunderstorm", "moon"]).expansions
    assert {"thunderstorm", "moon"} <= {t.text for t in stormy}
    assert next(t for t in stormy if t.text == "thunderstorm").concept == "stormy"
    assert "ice" in _texts(expander, "icy", vocabulary=["ice"])
    # The rule is for things a photo shows: a busy street holds no bus because of the word.
    assert "bus" not in _texts(expander, "busy street", vocabulary=["bus", "street", "car"])


def test_the_noun_before_a_time_or_occasion_is_what_the_photos_show(expander: Expander) -> None:
    expansion = expander.expand("movie night", vocabulary=["popcorn", "television", "moon"])
    by_text = {t.text: t for t in expansion.expansions}
    assert {"popcorn", "television"} <= set(by_text)
    assert by_text["popcorn"].concept == "movie"


def test_an_occasion_weighs_what_stands_before_it_above_its_own_associations(expander: Expander) -> None:
    # "stormy night" is a storm by night: the thunderstorm outranks the night's moon.
    weights = {t.text: t.weight for t in expander.expand("stormy night", vocabulary=["thunderstorm", "moon"]).expansions}
    assert weights["thunderstorm"] > weights["moon"]
    alone = {t.text: t.weight for t in expander.expand("night", vocabulary=["moon"]).expansions}
    assert weights["moon"] < alone["moon"]


def test_a_time_before_an_occasion_says_when_and_the_occasion_is_what_is_shown(expander: Expander) -> None:
    # A summer's beach is no part of a barbecue: the food is what a "summer bbq" shows.
    bbq = _texts(expander, "summer bbq", vocabulary=["beach", "sun", "hamburger", "steak"])
    assert "hamburger" in bbq and "beach" not in bbq
    # A time before a time is still what it looks like, and a season chooses the holiday it comes before.
    assert "snow" in _texts(expander, "winter morning", vocabulary=["snow", "coffee"])
    assert "beach" in _texts(expander, "summer holiday", vocabulary=["beach", "christmas", "suitcase"])


def test_an_informal_head_is_the_thing_its_standard_word_is(expander: Expander) -> None:
    # WordNet has no "veggies": read as no thing at all, it had been taken for an occasion, and its vegetables
    # went out at 0.6 of their weight, below the french fries a model's vocabulary adds.
    def weights(query: str) -> dict[str, float]:
        return {t.text: t.weight for t in expander.expand(query, vocabulary=["carrot", "fries"]).expansions}

    assert weights("growing veggies")["carrot"] == weights("growing vegetables")["carrot"]
    assert weights("growing veggies")["carrot"] > weights("growing veggies")["fries"]


@pytest.mark.parametrize(("query", "thing", "guess"), [("lobster dinner", "lobster", "candle"),
                                                     ("pancake breakfast", "pancakes", "coffee")])
def test_a_meal_is_shown_by_what_it_is_made_of(expander: Expander, query: str, thing: str, guess: str) -> None:
    # "lobster" had gone out as a mere modifier (0.5), below the dinner's candles: a meal is an occasion, and the
    # thing named before it is what the photos show, weighed as a part of the query.
    weights = {t.text: t.weight for t in expander.expand(query, vocabulary=[thing, guess]).expansions}
    assert weights[thing] >= 0.9 > weights[guess]
    assert {t.text: t.weight for t in expander.expand(f"{thing} plate").expansions}.get(thing, 0.5) <= 0.5


def test_a_word_the_curated_map_lists_under_an_entry_reads_that_entry_back(lexicon: Lexicon) -> None:
    entries = {
        "money": entry(syn="cash", hypo="coin, banknote"),
        "sheep": entry(hypo="lamb", senses="sheep.n.01"),
        "pink": entry(hypo="salmon", senses="pink.s.01"),
        "big": entry(syn="large"),
    }
    expander = Expander(lexicon, curated=entries)

    def terms(query: str) -> dict[str, Relation]:
        return {t.text: t.relation for t in expander.expand(query, max_terms=50).expansions}

    # A synonym in an entry is that entry under another name: WordNet alone knows cash only as Johnny Cash.
    cash = terms("cash")
    assert cash["money"] == Relation.SYNONYM and cash["coin"] == Relation.HYPONYM and "johnny cash" not in cash
    # A kind in an entry has the entry's head as a category, first: WordNet files the lamb as a young mammal.
    lamb = expander.expand("lambs", max_terms=50).expansions
    assert (lamb[0].text, lamb[0].relation) == ("sheep", Relation.HYPERNYM)
    # A quality's kinds are shades and its synonyms degrees, not categories or meanings of the words listed.
    assert "pink" not in terms("salmon") and terms("large").get("huge") != Relation.SYNONYM


@pytest.mark.parametrize(("query", "standard"), [("moggies", "cat"), ("pressies", "gift"), ("sarnies", "sandwich"),
                                                 ("the selfie with the sunnies", "sunglasses"), ("spuds", "potato"),
                                                 ("creepy crawlies", "bug"), ("uhh the photo w the telly", "television")])
def test_an_informal_name_stands_for_its_standard_word(expander: Expander, query: str, standard: str) -> None:
    # WordNet lacks most of them or files them elsewhere, and spelling read "moggy" as "doggy", "sunnies" as
    # "sunny" and "crawlies" as "crawler"; "uhh" and "w" (with) are talk around the query.
    expansion = expander.expand(query, max_terms=10)
    first = expansion.expansions[0] if standard != "sunglasses" else next(
        t for t in expansion.expansions if t.concept == "sunnies")
    assert (first.text, first.relation) == (standard, Relation.SYNONYM)
    assert not {"doggy", "sunny", "crawler", "uhh", "w", "tungsten"} & {t.text for t in expansion.expansions}


@pytest.mark.parametrize(("query", "shown"), [("takeaway night", "pizza"), ("chinese takeout", "dumpling"),
                                              ("a fry-up", "bacon"), ("some bling pls", "ring"),
                                              ("midnight", "moon"), ("guy fawkes", "fireworks")])
def test_everyday_names_of_meals_and_things_wordnet_lacks_are_searched_as_what_they_show(
    expander: Expander, query: str, shown: str
) -> None:
    # WordNet has no takeaway meal, no fry-up and no bling: they had gone out as typed, or as the night's moon.
    vocabulary = ["pizza", "dumpling", "bacon", "egg", "ring", "gemstone", "moon", "star", "fireworks"]
    assert shown in _texts(expander, query, vocabulary=vocabulary, max_terms=10)


@pytest.mark.parametrize(("query", "food"), [("my morning coffee", "coffee"), ("afternoon tea", "tea"),
                                             ("coffee break", "coffee")])
def test_a_moment_named_by_a_food_and_a_time_shows_the_food_first(expander: Expander, query: str, food: str) -> None:
    # The curated moment lists what stands around it (a mug, a croissant, scones), not the coffee the user named.
    first = expander.expand(query, max_terms=10).expansions[0]
    assert (first.text, first.weight) == (food, 0.9)
    assert food not in {t.text for t in expander.expand("morning routine", max_terms=10).expansions[:1]}


def test_a_word_the_model_cannot_read_stands_in_by_its_near_relatives(expander: Expander) -> None:
    # A model that knows no "mitten" still knows the glove it is a kind of; one that knows no "noodle" knows
    # spaghetti, another kind of pasta. Each is explained as coming from the word typed.
    mittens = {t.text: t for t in expander.expand("mittens", vocabulary=["glove", "sock"]).expansions}
    assert "glove" in mittens and mittens["glove"].relation is Relation.HYPERNYM
    assert mittens["glove"].concept == "mitten" and "sock" not in mittens
    noodles = {t.text: t for t in expander.expand("slurping noodles", vocabulary=["spaghetti", "bread"]).expansions}
    assert "spaghetti" in noodles and noodles["spaghetti"].concept == "noodle"
    assert "bread" not in noodles  # food holds hundreds of kinds: a bread is no near relative of a noodle


def test_a_near_relative_is_named_only_by_a_word_meant_in_that_sense(expander: Expander) -> None:
    # A mountain peak is a peak.n.04, which WordNet also names "crown" and "top"; to anyone reading them, a
    # crown is the royal one (a rare sense of the word), no picture of a summit.
    assert "crown" not in _texts(expander, "mountain peak", vocabulary=["crown", "mountain"])


@pytest.mark.parametrize(("query", "relatives"), [("cheetahs", {"lion", "tiger"}), ("rats", {"mouse", "hamster"}),
                                                  ("hawks", {"eagle", "owl"}), ("a donkey", {"horse"})])
def test_near_relatives_stand_in_where_the_model_reads_only_part_of_a_term(
    expander: Expander, query: str, relatives: set[str]
) -> None:
    # The cheetah's "wild cat" is "<unknown> cat" to a word-level model: a house cat, no stand-in for a cheetah.
    # A rodent (94 kinds) or a bird of prey (56) is still a small category; a building (238) is not.
    vocabulary = ["lion", "tiger", "cat", "mouse", "hamster", "eagle", "owl", "horse", "zebra", "house"]
    assert relatives <= set(_texts(expander, query, vocabulary=vocabulary))


def test_a_kind_is_not_named_by_a_word_that_means_another_class_of_thing(expander: Expander) -> None:
    # WordNet files "wolf" (a womaniser) under man.n.01; the word means the animal, which a model reads.
    assert "wolf" not in _texts(expander, "a man on the beach", vocabulary=["wolf", "beach", "fox"])
    # The animal is still a kind of canine, in the same class as the word's commonest sense.
    assert "wolf" in _texts(expander, "canines", vocabulary=["wolf", "fox", "dog"])


def test_near_relatives_stay_out_of_wide_categories_and_readable_phrases(expander: Expander) -> None:
    # A skyscraper's category, building, holds hundreds of kinds: a house is another thing, not a near one.
    assert "house" not in _texts(expander, "skyscraper", vocabulary=["house", "hotel"])
    # "drum" is read: the unknown "kit" of "drum kit" (a bag, to WordNet) is not guessed at.
    assert "suitcase" not in _texts(expander, "my drum kit", vocabulary=["drum", "suitcase", "backpack"])
    # Without a vocabulary every word is read, and no relative is needed.
    assert "glove" not in _texts(expander, "mittens")


def test_a_meal_that_starts_a_compound_says_what_the_table_holds(expander: Expander) -> None:
    # WordNet has "breakfast table" as one word, a kind of table: its kinds and categories are furniture, while the
    # photos people mean show breakfast on it.
    table = {t.text: t for t in expander.expand("breakfast table").expansions}
    assert {"pancakes", "croissant"} <= set(table)
    assert table["pancakes"].concept == "breakfast table"
    # A pastime is no meal: the kinds of fishing are not fishing gear.
    assert "fly fishing" not in _texts(expander, "my fishing gear")


def test_a_phrase_wordnet_lacks_is_what_its_last_word_is_when_nothing_kept_says_so(expander: Expander) -> None:
    # The curated "new puppy" lists what goes with one (a dog bed); a model that cannot read "puppy" needs the dog.
    puppy = {t.text: t for t in expander.expand("our new puppy", vocabulary=["dog", "dog bed", "bed"]).expansions}
    assert "dog" in puppy and puppy["dog"].concept == "new puppy"
    # Its related things already say what a winter wonderland shows: no guess from "wonderland" joins them.
    assert "island" not in _texts(expander, "winter wonderland", vocabulary=["snow", "snowman", "island"])


@pytest.mark.parametrize(
    ("query", "standard"),
    [("cabs", "taxi"), ("the cop car", "police car"), ("that boba pic lol", "bubble tea"), ("choo choo", "train"),
     ("a red double decker", "bus"), ("wellies", "rubber boot"), ("the xmas tree", "christmas tree")],
)
def test_everyday_names_of_things_read_as_the_thing(expander: Expander, query: str, standard: str) -> None:
    # WordNet's commonest cab is a driver's compartment, "boba" and "choo choo" it lacks, and "double decker"
    # it knows only hyphenated: each had found nothing, or the wrong thing, for a photo search.
    texts = [t.text for t in expander.expand(query, max_terms=10).expansions]
    assert standard in texts[:2], texts


def test_an_abstract_noun_before_a_category_selects_among_its_kinds(expander: Expander) -> None:
    # "jazz" is no physical thing, but it does not change what an instrument is: the kinds still go out alone.
    assert {"trumpet", "saxophone"} <= set(_texts(expander, "jazz instruments", vocabulary=["trumpet", "saxophone"]))


def test_noodles_are_searched_as_the_dishes_they_are_served_in(expander: Expander) -> None:
    # WordNet points "noodle" up to pasta alone: "a bowl of noodles" had searched spaghetti and dumplings.
    texts = _texts(expander, "a bowl of noodles")
    assert {"ramen", "udon"} <= set(texts)
