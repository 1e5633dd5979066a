"""Deep search: query expansion, the model's check on it, per-term candidates, exact re-scoring, fusion.

Fusion rule (evidence can only be added, in probability space). For item i,
the original query o and each kept expansion t with weight w_t <= 0.95:

    p_it  = calibration(cos(q_t, x_i))               exact float32 cosine
    fused = max(p_io, c * max_t w_t * p_it)           c = DeepOptions.expansion_ceiling

Why this rule: fused >= p_io always, so an expansion can raise an item's
score but never lower the score of an item the original query ranks. Since
c * w_t * p_it < c, every item the original scores at least c keeps exactly
its original score: the original's ranking of its confident matches is kept,
and no item found only through an expansion can pass them. Below c an item
matched only by an expansion ("puppy" for "dog") still surfaces, ordered by
its weighted evidence, which a mean over ten terms would dilute away. Ties go
to the original. The reported raw cosine is the cosine the calibration maps
to `fused` (for original-term winners, exactly their cosine).

c applies when the model reads every word of the query: its ranking is then
the model's informed judgement, worth protecting, and c = 0.05 lets an
expansion order only the items the model finds next to no evidence for
(tuned on bench.natural's development set, concept names and two-concept
queries: at 0.1 and above, expansions pushed true but weakly scored pair
matches out of the top 10). A query with a word the model cannot read embeds
partly as noise, whose confident matches are accidents; there c = 1 and
expansions (weights <= 0.95) compete in full.

Parts of the query. When the expander finds several parts the model reads
("cat" and "mouse" in "cat and mouse", "dog" and "beach" in "perro en la
playa"), they are searched as well and count together, uncapped:

    joint = part_weight * (max_parts p_ip + mean_parts p_ip) / 2,   fused = max(fused, joint)

An item showing every part scores near part_weight; one showing one of two
parts clearly scores 3/4 of that (2/3 of three parts), which keeps it above
most matches of expansions ("cars and buses": a car typed beats a "school
bus" the model half-sees in a rocket). Measured with the demo model
(bench.natural): the min of the parts in place of the max gave a single part
a quarter, and development phrases naming two things lost 0.28 precision@10
(0.49 against 0.77), for 0.015 recall@10 on two-concept queries, where only
items showing both count (0.930 against 0.915): an item the model sees
both parts in only faintly can now fall below one showing a single part
clearly. Items with all parts clearly shown come first, then items with
some, then the rest, whatever the model makes of the whole phrase. When the
model cannot read the whole query and the expander found parts or terms it
can read, the original's own evidence weighs `unreadable_original_weight`:
its embedding is partly noise ("where is the race car photo", two words
unknown to the demo model, put cocktails first at cosine 0.85 above every
"racing car" match; development sets +0.009 and +0.008 precision@10 when
readable expansions, not only parts, bring the original down). 0.35 rather
than 0.5 lets the kinds an attribute selects lead "australian animals" or
"prehistoric reptiles", whose unknown modifier made the phrase's own matches
accidents (five development sets, 748 phrases: +0.0012 precision@10, six
phrases up by 0.1 to 0.4, one down, "my daughter's birthday party" 0.7 ->
0.3; 0.2 and 0.4 measured alike). On items that clearly show a part
(`CORROBORATING_PART_SCORE`) it counts in full.

A part the expander names as a setting, typed after a preposition of place
("beach" in "a dog running on the beach"), counts `SETTING_SHARE` as much as
the others, in the best part and in the mean alike: an item showing both
still scores as one showing every part, one showing the dog alone 0.9 of
that, one showing the beach alone 0.225. The demo model reads such phrases
as their setting (all ten results of "a dog running on the beach" were
beaches, none with a dog); eight development sets, 1,217 phrases: +0.0014
precision@10, twelve phrases up by 0.1 to 0.5 ("a teddy on a kid's bed" 0.5
-> 1.0), four down by 0.1 to 0.2, where the writer judged the setting
relevant too ("snow on the pine trees"; 0.5 in place of 0.25: +0.0010). The setting
still corroborates an unreadable phrase's own reading: counting only the
other parts there cost "a camel in the desert", judged by both, 0.4.
Where the setting is the only part the model reads and what is there is
searched only through expansions (the model cannot read "red fox", so
"fox" stands for it in "a red fox standing in the snow"), there is no joint
evidence to share it in, and the setting and its expansions (snowflake,
snowman) count SETTING_SHARE of their weight instead: nine development sets,
1,401 phrases, +0.0033 precision@10, seventeen phrases up ("a red fox
standing in the snow" 0.0 -> 1.0, "a glass of red wine by the fire" 0.0 ->
0.9, "someone skateboarding at the park" 0.1 -> 0.8), five down ("the big
wheel at the fair" 0.6 -> 0.0, where "big wheel" reads as "big fish" and
the fair's ferris wheel was what found it). Keeping the lone setting from
corroborating the phrase's own reading as well measured alike (-0.0001).
Nor does a kind named by a setting part ("pine tree" for the "tree" of "a
giraffe eating leaves from a tall tree"), which stays a term of its own
beside the joint evidence, escape the share: at its own weight it had put
ten pine trees first (that phrase 0.0 -> 1.0, nothing else moved).
The expander also lists as settings what a thing typed before a verb acts
on ("pollen" and "sunflower" in "bee collecting pollen from a sunflower").

A part counts just below its best kind when the model places it far from
every kind named by it that the model reads whole ("leaves": "leaf" finds
nothing in particular for the demo model, which learned it only inside
"maple leaf"; `_stand_in_weight`), and so does an expansion, or the part of
one the model reads ("autumn leaf" is "leaf" to it; `kind_led_weights`). An
expansion the model reads partly as nothing (0.5 or closer to a string it
cannot read) is led by its kinds unless it reads as one of them (0.8): the
demo model's "blossom", learned only inside "cherry blossom", sits 0.63 from
that string and 0.75 from the kind, and as a synonym of "flower" it had put
unicorns and sandwiches first (ten development sets, 1,590 phrases: +0.0026
precision@10, thirteen phrases up, ten asking for flowers 0.5 -> 0.8, two
down by 0.1). A part typed stands in even where another part's expansion
names it ("cookie" among the bakes of "baking cookies"). Among several parts, an expansion of one
part counts as evidence for that part, inside the joint score, never above
the part itself (`_joint_evidence`).

Region views. Where the collection holds them (views.py), candidates come
from the region views as well, and each cosine above is the item's best over
its whole image and its views: a small dog in a busy picture counts as a dog.

Before fusion the model checks the lexicon (search_svc/core/expansion_check.py):
expansions it places far from the query term and from their query part are
not searched at all, and neither is an expansion or part the model embeds as
it embeds a string it cannot read (`UNREAD_PROBE`, `BLANK_COSINE`): a word in
its vocabulary that it learned only inside longer names matches every image
alike. Nor is a kind the model reads as unlike each other kind of its part
(`outlying_kinds`): the demo model's "jack", among the tools, is the
jack-o'-lantern it learned the word in (four development phrases asking for
tools 0.0 -> 0.9), unless the user typed it.

Each expansion's query vector replaces the text term it expanded inside the
weighted query, so image terms and negative terms still apply to it. Every
term is scored through the calibration that fits the query (text, image or
the blend for a mixed query; see image_calibration.py).

Near-duplicates fold where the collection's image calibration scores two
results' cosine at least 0.985 (unless the request gives a cosine): the cut
follows the model, since one fixed cosine folds distinct scenes for a model
whose unrelated images sit close together and misses copies for another.

A capture-time order (ordering.py) sorts the passing, collapsed results by
time within a pool of `candidate_multiplier` x TIME_ORDER_POOL candidates
per term, the same for every page, so paging neither repeats nor skips.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from contextvars import copy_context
from dataclasses import dataclass, replace

import numpy as np

from mediasearch.runtime.errors import DeadlineExceeded, DomainError, InvalidArgument, ResourceExhausted, Unavailable
from search_svc.core.collection import Collection
from search_svc.core.deep_candidates import CandidateLookups, row_pools
from search_svc.core.expansion_check import (
    Candidate,
    kind_led_weight,
    kind_led_weights,
    names_a_kind,
    outlying_kinds,
    readable,
    readable_parts,
    relatedness,
)
from search_svc.core.filters import NO_FILTER, ItemFilter
from search_svc.core.image_calibration import QueryCalibration, duplicate_cosine
from search_svc.core.ordering import ResultOrder, effective_min_score
from search_svc.core.paging import validate_paging, validate_thresholds
from search_svc.core.query import QueryTerm, TermKind, combine_term_vectors, format_query, validate_terms
from search_svc.core.results import Hit, SearchMode, SearchOutcome, TermMatch, TermRelation
from search_svc.core.retrieval import best_first
from search_svc.core.search import (
    Embedders,
    embed_terms,
    item_term_keys,
    query_calibration,
    search_one_vector,
    with_calibration,
)

# Expansion weights are capped below the original's 1 so the original always dominates.
MAX_EXPANSION_WEIGHT = 0.95
# A part the model reads only inside the names of its kinds counts this much below the best of them.
STAND_IN_BELOW_KIND = 0.95
# An item a readable part of the query matches at least this clearly lets the original's evidence count in full
# when the model cannot read the whole query (deep_search): "a tent under the stars", two words unknown to the
# demo model, still ranked tents under stars first in normal search, and deep search had let single tents and
# stars pass them (development sets: +0.005 on the fourth, the others and the fifth set's mean unchanged; at 0.5,
# items showing a part only faintly were lifted too, and the fifth set lost 0.004).
CORROBORATING_PART_SCORE = 0.9
# How much a part that says where the rest is counts in the parts' joint evidence, against 1 for the others.
SETTING_SHARE = 0.25
# Words of a query or term, as `_typed_in` compares them.
_WORDS = re.compile(r"[^\W_]+")
# A string no tokenizer reads as a word: the model's embedding of it is how it embeds what it cannot read.
UNREAD_PROBE = "qzxjvq"
# A term embedded at least this close to UNREAD_PROBE is read as nothing: with the demo model, unknown words at
# 1.0, "knife" 0.96, "movie"; not "dog" (0.08), "tree" (0.36). At 0.85, words the model reads a little alone were
# dropped too ("cake" 0.87, "leaf" 0.92), and development sets lost 0.002 to 0.006 precision@10 ("cake and ice
# cream" 1.0 -> 0.6); at 0.95 two phrases gained ("movie night" 0.9 -> 1.0) and none lost.
BLANK_COSINE = 0.95
# ... provided some term of the query lies below this cosine to the probe: the model then tells texts apart.
SEPARATED_COSINE = 0.5
# Folding near-duplicates compares this many pairs of results at a time at most (16 MiB of float32 similarities).
FOLD_BLOCK_CELLS = 1 << 22
# Deep searches' Expand calls, run while their queries are embedded (a call's deadline travels in its context).
# Twice the RPCs a service serves at once by default (SEARCH_MAX_CONCURRENT_RPCS=32), so a search seldom waits for
# a worker; threads start only as needed.
_EXPANDING = ThreadPoolExecutor(max_workers=64, thread_name_prefix="deep-expand")
# The relation of a query part: from the expander, a part it found in the query (not an expansion); in
# results, a readable part searched in place of a query term the model cannot read.
PART = TermRelation.QUERY_PART


@dataclass(frozen=True)
class ExpansionTerm:
    """One related term from the expansion service; `query_part` is the concept of the query it came from."""

    text: str
    relation: TermRelation
    weight: float
    query_part: str = ""  # the part of the query it was derived from ("bird" in "flying bird"); "" if unknown
    setting: bool = False  # a query part that says where the rest is ("beach" in "a dog on the beach")


Expander = Callable[[str, int], Sequence[ExpansionTerm]]


@dataclass(frozen=True)
class DeepOptions:
    """Mirrors `search.v1.DeepSearchOptions`, plus how explanations are chosen."""

    max_expansions: int = 10
    disable_expansion: bool = False
    candidate_multiplier: int = 10
    # None: the cosine where the collection's image calibration scores DUPLICATE_SCORE (image_calibration.py).
    duplicate_threshold: float | None = None
    # A term "matched" an item when its calibrated score reaches this.
    match_threshold: float = 0.5
    max_matches: int = 5
    # Expansion evidence is scaled into [0, expansion_ceiling): the original keeps its ranking above it
    # (for a query the model reads; see the module docstring).
    expansion_ceiling: float = 0.05
    # An expansion the model places below this cosine to its query term and its query part is dropped.
    min_relatedness: float = 0.5
    # Weight of a readable query part searched in place of a query term the model cannot read, and of the
    # parts' joint evidence in a query of several parts.
    part_weight: float = 0.9
    # Weight of the original query's own evidence when the model cannot read all of it and the expander
    # found parts or terms it can: its embedding is then partly noise, whose confident matches are accidents.
    unreadable_original_weight: float = 0.35

    def __post_init__(self) -> None:
        if not 0 <= self.max_expansions <= 50:
            raise InvalidArgument.for_field("deep.max_expansions", "must be 0 to 50")
        if not 10 <= self.candidate_multiplier <= 100:
            raise InvalidArgument.for_field("deep.candidate_multiplier", "must be 10 to 100")
        if self.duplicate_threshold is not None and not 0.0 < self.duplicate_threshold <= 1.0:
            raise InvalidArgument.for_field("deep.duplicate_threshold", "must be in (0, 1]")
        if not 0.0 < self.expansion_ceiling <= 1.0:
            raise InvalidArgument.for_field("deep.expansion_ceiling", "must be in (0, 1]")
        if not 0.0 < self.unreadable_original_weight <= 1.0:
            raise InvalidArgument.for_field("deep.unreadable_original_weight", "must be in (0, 1]")
        if not 0.0 < self.part_weight <= MAX_EXPANSION_WEIGHT:
            raise InvalidArgument.for_field("deep.part_weight", f"must be in (0, {MAX_EXPANSION_WEIGHT}]")
        if not -1.0 <= self.min_relatedness <= 1.0:
            raise InvalidArgument.for_field("deep.min_relatedness", "must be in [-1, 1]")


@dataclass(frozen=True)
class FusionTerm:
    """A searched term: its label, relation and query part for explanations, fusion weight and unit query vector."""

    label: str
    relation: TermRelation
    weight: float
    vector: np.ndarray
    query_part: str = ""
    # One of several parts of the query ("cat" in "cat and mouse"): the parts count together (module docstring),
    # so an item showing every part comes first and one showing some of them next.
    conjunct: bool = False
    # A part that says where the others are ("beach" in "a dog on the beach"): it counts `SETTING_SHARE` as much.
    setting: bool = False


def deep_search(
    collection: Collection,
    terms: Sequence[QueryTerm],
    embedders: Embedders,
    expander: Expander | None,
    *,
    top_k: int = 10,
    offset: int = 0,
    min_score: float | None = None,
    item_filter: ItemFilter = NO_FILTER,
    options: DeepOptions = DeepOptions(),
    order: ResultOrder = ResultOrder.RELEVANCE,
) -> SearchOutcome:
    """Expands the query, fuses per-term results and explains them.

    If the expander is unreachable the query runs as a normal search with
    `expansion_unavailable` set; an unreachable embedder fails the call.
    """
    # The request's checks, once, here at deep search's edge; `fuse` and the helpers trust them.
    validate_terms(terms)
    validate_paging(top_k, offset)
    validate_thresholds(min_score)
    expanding = None
    lookups = CandidateLookups(collection, item_filter)
    if expander is not None and not options.disable_expansion and options.max_expansions > 0:
        # Asked while the query is embedded: neither needs the other, and the embedder's forward pass is most of
        # a search's time, so the Expand call, its terms' vectors and (deep_candidates.py) their index lookups
        # overlap it.
        expanding = _EXPANDING.submit(
            copy_context().run,
            _expand_and_prefetch,
            terms,
            expander,
            options.max_expansions,
            embedders,
            _looking_ahead(terms, lookups, row_pools(options.candidate_multiplier, order, offset + top_k)),
        )
    vectors = embed_terms(collection, terms, embedders)
    calibration = query_calibration(collection, terms)
    weights = [t.weight for t in terms]
    fusion_terms = [FusionTerm(format_query(terms), TermRelation.ORIGINAL, 1.0, combine_term_vectors(weights, vectors))]
    if expanding is not None:
        try:
            expansions, parts, settings, embedded = expanding.result()
        except (Unavailable, DeadlineExceeded, ResourceExhausted):
            outcome = search_one_vector(
                collection,
                fusion_terms[0].vector,
                calibration,
                top_k=top_k,
                offset=offset,
                min_score=min_score,
                item_filter=item_filter,
                order=order,
                known_keys=item_term_keys(collection, terms),
            )
            return replace(outcome, expansion_unavailable=True)
        if expansions or parts:
            fusion_terms += checked_expansions(
                terms, vectors, expansions, parts, embedders, options, settings, embedded
            )
    if not all(readable(str(t.value), embedders.vocabulary) for t in terms if t.kind == TermKind.TEXT):
        options = replace(options, expansion_ceiling=1.0)
        if any(t.relation == PART or readable(t.label, embedders.vocabulary) for t in fusion_terms[1:]):
            fusion_terms[0] = replace(fusion_terms[0], weight=options.unreadable_original_weight)
    outcome = fuse(
        collection,
        fusion_terms,
        top_k=top_k,
        offset=offset,
        min_score=min_score,
        item_filter=item_filter,
        options=options,
        calibration=calibration,
        order=order,
        known_keys=item_term_keys(collection, terms),
        lookups=lookups,
    )
    return with_calibration(outcome, calibration)


def checked_expansions(
    terms: Sequence[QueryTerm],
    vectors: np.ndarray,
    expansions: Sequence[tuple[int, ExpansionTerm]],
    parts: Sequence[tuple[int, str]],
    embedders: Embedders,
    options: DeepOptions,
    settings: frozenset[str] = frozenset(),
    embedded: np.ndarray | None = None,
) -> list[FusionTerm]:
    """Fusion terms for the expansions the model does not place far from their query term and part, and for
    the readable parts of query terms the model cannot read (named by the expander, or by an expansion).

    `embedded`: the vectors of `_texts_to_embed`'s texts when they were embedded ahead; else embedded here."""
    texts = [e.text for _, e in expansions]
    probes = [
        Candidate(str(terms[source].value), vectors[source], expansion.query_part, vectors[source], expansion.text)
        for source, expansion in expansions
    ]
    named, parts_read = _named_parts(terms, expansions, parts, embedders.vocabulary)
    if not texts and not parts_read:
        return []  # only parts the model cannot read: nothing to embed or search
    if embedded is None:
        embedded = np.asarray(embedders.texts(texts + parts_read + [UNREAD_PROBE]), dtype=np.float32)
    embedded, unread = embedded[:-1], embedded[-1]
    blank = _blank_rows(embedded, unread)
    expansion_vectors, part_vectors = embedded[: len(texts)], dict(zip(parts_read, embedded[len(texts) :], strict=True))
    # A word the model has in its vocabulary but reads as nothing (the demo model's "knife", learned only inside
    # "kitchen knife" and "bread knife") matches every image alike: it is not searched.
    parts_read = [part for part, empty in zip(parts_read, blank[len(texts) :], strict=True) if not empty]
    candidates = [replace(probe, vector=vector) for probe, vector in zip(probes, expansion_vectors, strict=True)]
    judged = relatedness(candidates, embedders.vocabulary, part_vectors)
    # A kind the model reads as unlike all its siblings is read as another thing ("jack", the tool, as the lantern);
    # one the user typed ("tropical fish", among the "<unknown> fish" kinds of fish) is what they asked for.
    outlying = outlying_kinds(
        [e.query_part for _, e in expansions],
        [
            e.relation == TermRelation.HYPONYM and not _typed_in(e.text, str(terms[source].value))
            for source, e in expansions
        ],
        expansion_vectors,
    )
    weights = [t.weight for t in terms]

    def substituted(source: int, vector: np.ndarray) -> np.ndarray:
        rows = vectors.copy()
        rows[source] = vector
        return combine_term_vectors(weights, rows)

    kept = [
        FusionTerm(
            expansion.text,
            expansion.relation,
            min(expansion.weight, MAX_EXPANSION_WEIGHT),
            substituted(source, vector),
            expansion.query_part,
        )
        for (source, expansion), vector, related, empty, odd in zip(
            expansions, expansion_vectors, judged, blank[: len(texts)], outlying, strict=True
        )
        if (related is None or related >= options.min_relatedness) and not empty and not odd
    ]
    # A part the expander already sent as a term of its own (the "hot" of "hot food", weighted as a modifier) keeps
    # that weight; one only another part suggested ("cookie" among the bakes of "baking cookies") stands in.
    stood_in = {str(t.value).lower() for t in terms} | {
        t.label.lower() for t in kept if t.label.lower() == t.query_part.lower()
    }
    source_of: dict[str, int] = {}
    for source, part in named:
        source_of.setdefault(part, source)
    parts_of: dict[int, list[str]] = {}
    for part in parts_read:
        parts_of.setdefault(source_of[part], []).append(part)
    vector_of = {expansion.text: vector for (_, expansion), vector in zip(expansions, expansion_vectors, strict=True)}
    for source, parts_here in parts_of.items():
        several = len(parts_here) > 1
        for part in parts_here:
            # Several parts are searched together whether or not the model reads the whole ("cat and mouse"
            # embeds as one scene, and finds the few items showing both); a single part only stands in for
            # a query term the model cannot read.
            if several or (
                part.lower() not in stood_in and not readable(str(terms[source].value), embedders.vocabulary)
            ):
                stood_in.add(part.lower())
                vector = substituted(source, part_vectors[part])
                weight = _stand_in_weight(part, part_vectors[part], kept, vector_of, embedders.vocabulary, options)
                setting = several and part.lower() in settings
                kept.append(FusionTerm(part, PART, weight, vector, part, conjunct=several, setting=setting))
    expansions_kept = [t for t in kept if t.relation != PART]
    lowered = kind_led_weights(
        [t.label for t in expansions_kept],
        [t.weight for t in expansions_kept],
        vector_of,
        embedders.vocabulary,
        options.min_relatedness,
        STAND_IN_BELOW_KIND,
        unread,
    )
    kept = [replace(t, weight=w) for t, w in zip(expansions_kept, lowered, strict=True)] + [
        t for t in kept if t.relation == PART
    ]
    # An expansion that is one of the parts searched ("cherry", the modifier of "cherry blossom" sent alone) is
    # that part: listed once, where it counts with the other parts.
    parts_searched = {t.label.lower() for t in kept if t.relation == PART}
    kept = [t for t in kept if t.relation == PART or t.label.lower() not in parts_searched]
    return _settings_shared(kept, settings)


def _named_parts(
    terms: Sequence[QueryTerm],
    expansions: Sequence[tuple[int, ExpansionTerm]],
    parts: Sequence[tuple[int, str]],
    vocabulary: frozenset[str],
) -> tuple[list[tuple[int, str]], list[str]]:
    """(query term, part) for every part the expander or an expansion named, and those parts the model reads;
    which ones needs no vectors. `checked_expansions` embeds the expansions' texts, then the parts read, then
    UNREAD_PROBE."""
    named = [(source, expansion.query_part) for source, expansion in expansions] + list(parts)
    blank = np.zeros(0, dtype=np.float32)
    read = readable_parts(
        [Candidate(str(terms[source].value), blank, part, blank) for source, part in named], vocabulary
    )
    return named, read


# Given the expansions' vectors and the parts', looks up their rows' candidates ahead.
LookAhead = Callable[[np.ndarray, np.ndarray], None]


def _expand_and_prefetch(
    terms: Sequence[QueryTerm], expander: Expander, limit: int, embedders: Embedders, look_ahead: LookAhead | None
) -> tuple[list[tuple[int, ExpansionTerm]], list[tuple[int, str]], frozenset[str], np.ndarray | None]:
    """`gather_expansions`, then the vectors of the texts `checked_expansions` embeds (a warm term store: read
    from disk; else embedded beside the query), and with `look_ahead` the index lookups of their rows. The
    vectors are None when embedding them failed: checked_expansions then asks again, and reports the failure."""
    expansions, parts, settings = gather_expansions(terms, expander, limit)
    _, parts_read = _named_parts(terms, expansions, parts, embedders.vocabulary)
    texts = [e.text for _, e in expansions] + parts_read
    if not texts:
        return expansions, parts, settings, None
    try:
        embedded = np.asarray(embedders.texts(texts + [UNREAD_PROBE]), dtype=np.float32)
    except DomainError:
        return expansions, parts, settings, None
    if look_ahead is not None:
        with suppress(DomainError):  # only a head start: fusion looks up what is missing, and reports failures
            look_ahead(embedded[: len(expansions)], embedded[len(expansions) : len(texts)])
    return expansions, parts, settings, embedded


def _looking_ahead(terms: Sequence[QueryTerm], lookups: CandidateLookups, pools: tuple[int, int]) -> LookAhead | None:
    """For a query of one text term, whose expansions and parts are searched by their own (weighted, unit)
    vectors as `checked_expansions` forms them: their lookups, an expansion's at its pool and a part's at the
    query's. None for other queries, whose rows also hold the other terms' vectors, known only later."""
    if len(terms) != 1 or terms[0].kind != TermKind.TEXT or terms[0].weight <= 0:
        return None
    weights = [terms[0].weight]
    full, narrow = pools

    def look_ahead(expansion_vectors: np.ndarray, part_vectors: np.ndarray) -> None:
        for vectors, pool in ((expansion_vectors, narrow), (part_vectors, full)):
            if len(vectors):
                lookups.fetch(np.stack([combine_term_vectors(weights, vector[None, :]) for vector in vectors]), pool)

    return look_ahead


def _settings_shared(kept: list[FusionTerm], settings: frozenset[str]) -> list[FusionTerm]:
    """The terms of a setting weighed by SETTING_SHARE wherever the joint evidence of the parts does not share them.

    Among several parts, the joint evidence shares the setting parts and absorbs their expansions, but not the
    kinds a setting names ("pine tree" for the "tree" of "a giraffe eating leaves from a tall tree"), which stay
    terms of their own (`_joint_evidence`) and had put ten pine trees before any giraffe. Where the setting is the
    only part the model reads and a kept term stands for what is there (the model cannot read "red fox", so
    "fox" stands for it in "a red fox standing in the snow"), there is no joint evidence at all, and the snow
    with its snowflakes and snowmen had outranked every fox. Alone, a setting is all there is to go on."""
    if not settings:
        return kept

    def shared(term: FusionTerm) -> FusionTerm:
        return replace(term, weight=term.weight * SETTING_SHARE)

    if any(t.conjunct for t in kept):
        return [
            shared(t)
            if t.relation != PART and t.query_part.lower() in settings and names_a_kind(t.label, t.query_part)
            else t
            for t in kept
        ]
    if not any(t.query_part and t.query_part.lower() not in settings for t in kept):
        return kept
    return [shared(t) if t.query_part.lower() in settings else t for t in kept]


def _typed_in(text: str, query: str) -> bool:
    """Whether `text` appears in `query` as whole words ("tropical fish" in "snorkelling with tropical fish"; an
    "ant" is not typed in "plants")."""
    words, typed = _WORDS.findall(text.lower()), _WORDS.findall(query.lower())
    return any(typed[start : start + len(words)] == words for start in range(len(typed) - len(words) + 1))


def _blank_rows(vectors: np.ndarray, unread: np.ndarray) -> np.ndarray:
    """Per row, whether the model embeds that text as it embeds a string it cannot read (`UNREAD_PROBE`). None is,
    unless some row lies far from the probe (`SEPARATED_COSINE`): a model that embeds every text alike (an
    untrained one) says nothing by being close to it."""
    norms = np.linalg.norm(vectors, axis=1) * max(float(np.linalg.norm(unread)), 1e-12)
    cosines = (vectors @ unread) / np.maximum(norms, 1e-12)
    if not len(cosines) or cosines.min() >= SEPARATED_COSINE:
        return np.zeros(len(cosines), dtype=bool)
    return cosines >= BLANK_COSINE


def _stand_in_weight(
    part: str,
    part_vector: np.ndarray,
    kept: Sequence[FusionTerm],
    vector_of: dict[str, np.ndarray],
    vocabulary: frozenset[str],
    options: DeepOptions,
) -> float:
    """The weight of a part (one of several, or standing in for a query the model cannot read): `part_weight`,
    unless the model places the part far from every kept kind named by it (`kind_led_weight`: the demo model's
    "leaf", "moon" and "knife" find nothing in particular), so that the kind leads."""
    named = [(t.label, t.weight, vector_of[t.label]) for t in kept if t.label in vector_of]
    return kind_led_weight(
        part, part_vector, options.part_weight, named, vocabulary, options.min_relatedness, STAND_IN_BELOW_KIND
    )


def gather_expansions(
    terms: Sequence[QueryTerm], expander: Expander, limit: int
) -> tuple[list[tuple[int, ExpansionTerm]], list[tuple[int, str]], frozenset[str]]:
    """(index of the expanded term, expansion) for each positive text term, best weights first, at most `limit`;
    (index, part) for the query parts the expander named (relation PART), which are not expansions; and those
    parts that say where the rest is.

    Expansions that repeat a query term or an earlier expansion, or have no positive weight, are dropped.
    """
    seen = {str(t.value).strip().lower() for t in terms if t.kind == TermKind.TEXT}
    gathered: list[tuple[int, ExpansionTerm]] = []
    parts: list[tuple[int, str]] = []
    settings: set[str] = set()
    for position, term in enumerate(terms):
        if term.kind != TermKind.TEXT or term.weight <= 0:
            continue
        for expansion in expander(str(term.value), limit):
            key = expansion.text.strip().lower()
            if expansion.relation == PART:
                parts.append((position, key))
                if expansion.setting:
                    settings.add(key)
            elif key and key not in seen and expansion.weight > 0:
                seen.add(key)
                gathered.append((position, expansion))
    gathered.sort(key=lambda pair: -pair[1].weight)
    return gathered[:limit], parts, frozenset(settings)


def fuse(
    collection: Collection,
    terms: Sequence[FusionTerm],
    *,
    top_k: int,
    offset: int = 0,
    min_score: float | None = None,
    item_filter: ItemFilter = NO_FILTER,
    options: DeepOptions = DeepOptions(),
    calibration: QueryCalibration | None = None,
    order: ResultOrder = ResultOrder.RELEVANCE,
    known_keys: Sequence[int] = (),
    lookups: CandidateLookups | None = None,
) -> SearchOutcome:
    """Per-term candidate lookup, exact re-scoring of their union, weighted-max fusion, collapse, paging.

    Paging and threshold are checked by `deep_search`, its caller; `calibration` defaults to the text profile.
    `known_keys` (the items of `item:` terms) are candidates whether or not the approximate index finds them.
    `lookups` may hold rows' candidates looked up ahead (deep_candidates.py); the rest are looked up here."""
    profile = calibration.profile if calibration is not None else collection.calibration
    min_score = effective_min_score(min_score, order)
    queries = np.stack([t.vector for t in terms])
    # The original counts by its own weight (1, or lower when the model cannot read it: deep_search); expansions
    # only up to the ceiling (see the module docstring).
    term_weights = np.array([terms[0].weight] + [options.expansion_ceiling * t.weight for t in terms[1:]])
    # What the user typed (the query, its parts) gets the full pool, an expansion a share (deep_candidates.py).
    full, narrow = row_pools(options.candidate_multiplier, order, offset + top_k)
    typed = np.array([row == 0 or t.relation == PART or t.conjunct for row, t in enumerate(terms)])
    if lookups is None:
        lookups = CandidateLookups(collection, item_filter)
    candidate_lists = lookups.fetch(queries[typed], full) + lookups.fetch(queries[~typed], narrow)
    if len(known_keys):
        known = np.asarray(known_keys, dtype=np.int64)
        candidate_lists.append(known if item_filter.is_empty else collection.allowed_keys(known, item_filter))
    union = np.unique(np.concatenate(candidate_lists)) if candidate_lists else np.zeros(0, np.int64)
    keys, vectors, cosines = collection.exact_scores(queries, union)
    cosines = collection.with_views(queries, keys, cosines)

    probabilities = profile.score(cosines).reshape(len(keys), len(terms))
    weighted = probabilities * term_weights[None, :]
    part_columns = [i for i, t in enumerate(terms) if t.relation == PART]
    if terms[0].weight < 1.0 and part_columns:
        # An unreadable query's own evidence is down-weighted as partly noise, except on items that clearly show
        # a part the model reads: there its reading of the whole phrase is corroborated, not an accident.
        corroborated = probabilities[:, part_columns].max(axis=1) >= CORROBORATING_PART_SCORE
        weighted[corroborated, 0] = probabilities[corroborated, 0]
    conjuncts = [i for i, t in enumerate(terms) if t.conjunct]
    rows = np.arange(len(keys))
    if conjuncts:
        joint, deciding = _joint_evidence(terms, conjuncts, probabilities, weighted, options)
        weighted[:, conjuncts] = 0.0
        weighted[rows, deciding] = joint
    best_term = np.argmax(weighted, axis=1)  # first maximum: ties go to the original (column 0)
    fused = weighted[rows, best_term]
    fused_cosine = np.where(best_term == 0, cosines[rows, 0], profile.cosine_for_score(fused))

    passing = np.ones(len(keys), dtype=bool) if min_score is None else fused >= min_score
    ranked = np.flatnonzero(passing)[best_first(keys[passing], fused[passing])]
    fold_at = options.duplicate_threshold
    kept, duplicates = collapse_near_duplicates(
        vectors, ranked, fold_at if fold_at is not None else duplicate_cosine(collection.image_calibration)
    )
    if order.by_time:
        kept = [kept[p] for p in collection.order_by_capture_time(keys[kept], order)]

    page = kept[offset : offset + top_k]
    records = collection.records_by_key(keys[page])
    hits = []
    for position, row in enumerate(page):
        record = records.get(int(keys[row]))
        if record is None:
            continue
        duplicate_records = collection.records_by_key(keys[duplicates[row]]) if duplicates[row] else {}
        hits.append(
            Hit(
                record,
                offset + position + 1,
                float(fused_cosine[row]),
                float(fused[row]),
                matches=_explain(terms, cosines[row], probabilities[row], weighted[row], int(best_term[row]), options),
                duplicate_ids=[
                    duplicate_records[int(keys[d])].id for d in duplicates[row] if int(keys[d]) in duplicate_records
                ],
            )
        )
    expanded = [TermMatch(t.label, t.relation, t.weight, query_part=t.query_part) for t in terms]
    return SearchOutcome(
        hits, profile, SearchMode.DEEP, remaining=max(0, len(kept) - (offset + top_k)), expanded_terms=expanded
    )


def _joint_evidence(
    terms: Sequence[FusionTerm],
    conjuncts: list[int],
    probabilities: np.ndarray,
    weighted: np.ndarray,
    options: DeepOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """The parts' joint score per item and the column that decides it; zeroes the expansions it absorbs.

    The parts count in full (they are what the user typed), by the mean of their best and their average: an item
    showing every part scores as one part alone would, one showing one of two parts 3/4 of that, so it still
    outranks an expansion's match ("car" typed beats "sports car" found). An expansion of a part is evidence for
    that part, never more than the part itself: it counts inside the joint at its weight relative to
    `part_weight` (and under the ceiling, like every expansion). Counted on its own, "wine" for the "champagne"
    of "champagne and strawberries" had outranked the items showing either part (development sets: +0.002,
    +0.001, +0.008 precision@10; the never-tuned fifth set +0.002). A kind named by the part ("full moon" for
    "moon") stays a term of its own: it is the part, named more precisely, and a small model may read the part
    only inside such names (absorbed too, "cake and balloons" lost 0.4 and "moon and stars" 0.3).
    """
    column_of_part = {terms[c].label.lower(): k for k, c in enumerate(conjuncts)}
    # A part the model reads only inside its kinds' names weighs less than `part_weight` (`_stand_in_weight`).
    evidence = probabilities[:, conjuncts] * np.array([terms[c].weight for c in conjuncts]) / options.part_weight
    source = np.tile(np.asarray(conjuncts), (len(evidence), 1))
    for column, term in enumerate(terms):
        part = column_of_part.get(term.query_part.lower())
        if column == 0 or term.conjunct or part is None or names_a_kind(term.label, term.query_part):
            continue
        share = options.expansion_ceiling * min(term.weight, options.part_weight) / options.part_weight
        scaled = share * probabilities[:, column]
        better = scaled > evidence[:, part]
        evidence[better, part] = scaled[better]
        source[better, part] = column
        weighted[:, column] = 0.0
    # A setting counts for less, in the best part and in the mean alike: a dog alone is a fair answer to "a dog on
    # the beach", a beach alone a poor one.
    shares = np.array([SETTING_SHARE if terms[c].setting else 1.0 for c in conjuncts])
    shared = evidence * shares
    joint = (shared.max(axis=1) / shares.max() + shared.sum(axis=1) / shares.sum()) / 2 * options.part_weight
    return joint, source[np.arange(len(evidence)), np.argmax(shared, axis=1)]


def collapse_near_duplicates(
    vectors: np.ndarray, ranked_rows: np.ndarray, threshold: float
) -> tuple[list[int], dict[int, list[int]]]:
    """Greedy collapse in rank order: a row whose cosine to an already kept row reaches `threshold` joins
    the most similar kept row's duplicates instead of being listed. Returns (kept rows, duplicates per row)."""
    rows = np.asarray(ranked_rows, dtype=np.int64)
    ranked = vectors[rows]
    # Only a row close to some earlier row can fold; every other row is kept whatever the earlier rows did, so the
    # greedy walk visits just the few that can (a row-by-row walk had cost 2.6 ms of a 17 ms deep search at 100k).
    is_kept = ~_close_to_an_earlier_row(ranked, threshold)
    owner = np.full(len(rows), -1, dtype=np.int64)
    for position in np.flatnonzero(~is_kept):
        among = np.where(is_kept[:position], ranked[:position] @ ranked[position], -np.inf)
        closest = int(np.argmax(among))  # the first of equals, as kept rows are in rank order
        if among[closest] >= threshold:
            owner[position] = closest
        else:
            is_kept[position] = True
    kept = [int(row) for row in rows[is_kept]]
    duplicates: dict[int, list[int]] = {row: [] for row in kept}
    for position in np.flatnonzero(owner >= 0):
        duplicates[int(rows[owner[position]])].append(int(rows[position]))
    return kept, duplicates


def _close_to_an_earlier_row(ranked: np.ndarray, threshold: float) -> np.ndarray:
    """Per row, whether an earlier row's cosine to it reaches `threshold`. Computed in blocks of rows, so memory
    stays near FOLD_BLOCK_CELLS similarities whatever the pool (a deep page at offset 990 with a multiplier of
    100 can hold every item of a large collection, and all their pairs would not fit)."""
    count = len(ranked)
    close = np.zeros(count, dtype=bool)
    block = max(1, FOLD_BLOCK_CELLS // max(count, 1))
    for start in range(0, count, block):
        stop = min(count, start + block)
        earlier = np.arange(stop)[None, :] < np.arange(start, stop)[:, None]
        close[start:stop] = ((ranked[start:stop] @ ranked[:stop].T >= threshold) & earlier).any(axis=1)
    return close


def _explain(
    terms: Sequence[FusionTerm],
    cosines: np.ndarray,
    probabilities: np.ndarray,
    weighted: np.ndarray,
    best: int,
    options: DeepOptions,
) -> list[TermMatch]:
    """The deciding term and every term scoring at least `match_threshold`, best weighted score first."""
    chosen = [t for t in range(len(terms)) if t == best or probabilities[t] >= options.match_threshold]
    chosen.sort(key=lambda t: (-weighted[t], t))
    return [
        TermMatch(
            terms[t].label,
            terms[t].relation,
            terms[t].weight,
            float(cosines[t]),
            float(probabilities[t]),
            terms[t].query_part,
        )
        for t in chosen[: options.max_matches]
    ]
