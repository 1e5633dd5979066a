"""Expansion: Expand latency (cached and uncached, in-process and over gRPC) and top-5 quality against judgements.

Uncached runs use a cache of size 0, so every call reads the language,
parses, lemmatises and expands the query; cached runs repeat queries already in the cache. The
one-word queries mix curated terms and WordNet-only words. The "+vocab" rows
send a 5,000-word vocabulary with every call, as the search service does.
Quality scores the top 5 against the hand-written judgements the tests
check (tests/expansion): the labelled set the expander was tuned with, the
held-out set nobody tuned on (split by the path that expanded each word),
and two sets of uncurated words labelled before the expander saw them
(the fresh one has been read since; the third judges rules made after).
Licensing runs the expander's own check (core.is_licensed) over every term
of every query measured here.
"""

from __future__ import annotations

from collections.abc import Callable

import grpc

from bench.report import Goal, SuiteResult, Table
from bench.sizes import SizeProfile
from bench.stats import Latencies, fmt
from bench.workspace import Workspace
from expansion_svc.core.expander import Expander
from expansion_svc.core.lexicon import Lexicon
from mediasearch.cli.stack import ServiceSpec, Stack
from mediasearch.expansion.v1 import expansion_pb2, expansion_pb2_grpc
from tests.servers import free_port
from tests.expansion.fresh_expansions import FRESH_ACCEPTABLE, FRESH_KNOWN_BAD
from tests.expansion.heldout_expansions import CURATED_PATH, HELDOUT_ACCEPTABLE, HELDOUT_KNOWN_BAD, WORDNET_PATH
from tests.expansion.judgement import Judged, judge
from tests.expansion.labelled_expansions import ACCEPTABLE, KNOWN_BAD
from tests.expansion.third_expansions import THIRD_ACCEPTABLE, THIRD_KNOWN_BAD

ONE_WORD = (
    "dog cat beach outdoor person car tree flower mountain city night snow bicycle pizza wedding "
    "violin tulip hammer canoe giraffe lighthouse kettle sofa strawberry tractor dogs running geese xyzzy"
).split()
MULTI_WORD = [
    "a photo of dogs running on the beach", "golden retriever in the snow", "red car parked on a city street",
    "hot dog with mustard", "children playing in the park at sunset", "show me some pictures of old wooden boats",
]
# Eight words, the longest the latency goal covers, written as people type them (not from tests/expansion).
EIGHT_WORDS = [
    "photo of two dogs running on the beach", "red car parked on a wet city street",
    "children playing football in a park at sunset", "an old wooden boat on a calm lake",
    "a black cat sleeping on a sofa indoors", "something to eat at a street market tonight",
    "wild animals drinking water at a river bank", "people walking with umbrellas in the rain today",
]
FOREIGN = [
    "perro en la playa", "una foto de un gato negro", "chat noir sur le canapé", "une voiture rouge dans la rue",
    "Hund im Schnee", "rote Blumen im Garten", "gatti neri sul divano", "barca sul lago al tramonto",
    "cães na praia", "flores vermelhas no jardim",
]
LATENCY_SETS = (("one word", ONE_WORD), ("multi-word", MULTI_WORD), ("8 words", EIGHT_WORDS),
                ("other languages", FOREIGN))
VOCABULARY_SIZE = 5000
P99_GOAL_MS = 5.0
ALL_FIVE_GOAL = 0.9


def common_words(lexicon: Lexicon, count: int) -> list[str]:
    """The most familiar single-word lemmas: a stand-in for a model's vocabulary."""
    words = [w for w in lexicon.words["n"] | lexicon.words["a"] if lexicon.familiarity(w) > 0]
    return sorted(words, key=lexicon.familiarity, reverse=True)[:count]


def measure(call: Callable[[str], object], queries: list[str], rounds: int) -> Latencies:
    timings = Latencies()
    for _ in range(rounds):
        for query in queries:
            timings.time(lambda: call(query))
    return timings


def grpc_caller(cache_size: int) -> tuple[Callable[..., object], Callable[[], None]]:
    """A client of the service running in its own process, as deployed: no GIL shared with the client."""
    spec = ServiceSpec("expansion", "expansion_svc", free_port(), "mediasearch.expansion.v1.ExpansionService",
                       ["--metrics-port", "-1", "--cache-size", str(cache_size), "--log-level", "WARNING"])
    stack = Stack([spec], emit=lambda line: None)
    stack.start()
    channel = grpc.insecure_channel(spec.address)
    stub = expansion_pb2_grpc.ExpansionServiceStub(channel)

    def close() -> None:
        channel.close()
        stack.stop()

    return (lambda q, vocabulary=(): stub.Expand(expansion_pb2.ExpandRequest(query=q, vocabulary=vocabulary))), close


def _latencies(rounds: int, lexicon: Lexicon, ws: Workspace) -> list[tuple[str, str, str, Latencies]]:
    vocabulary = common_words(lexicon, VOCABULARY_SIZE)
    uncached, cached = Expander(lexicon, cache_size=0), Expander(lexicon, cache_size=1024)
    rows = []
    ws.progress(f"expansion: in-process latency, {rounds} rounds")
    for label, queries in LATENCY_SETS:
        measure(cached.expand, queries, 1)  # fill the cache
        rows.append(("in-process", label, "uncached", measure(uncached.expand, queries, rounds)))
        rows.append(("in-process", label, "cached", measure(cached.expand, queries, rounds)))
    with_vocabulary = measure(lambda q: uncached.expand(q, vocabulary=vocabulary), ONE_WORD, rounds)
    rows.append(("in-process", "one word", "uncached+vocab", with_vocabulary))
    for cache_size, state in ((0, "uncached"), (1024, "cached")):
        ws.progress(f"expansion: latency over gRPC, {state}, {rounds} rounds")
        call, close = grpc_caller(cache_size)
        try:
            for label, queries in LATENCY_SETS:
                measure(call, queries, 1)  # warm the channel (and the cache)
                rows.append(("gRPC", label, state, measure(call, queries, rounds)))
            if cache_size == 0:
                rows.append(("gRPC", "one word", "uncached+vocab",
                             measure(lambda q: call(q, vocabulary), ONE_WORD, rounds)))
        finally:
            close()
    return rows


def _quality_table(labelled: Judged, heldout: Judged, fresh: Judged, third: Judged) -> Table:
    rows = []
    for name, judged in (("labelled (tuned with)", labelled), ("held-out (not tuned on)", heldout),
                         ("held-out, WordNet-only words", heldout.only(WORDNET_PATH)),
                         ("held-out, curated words", heldout.only(CURATED_PATH)),
                         ("fresh held-out, WordNet-only words (read since)", fresh),
                         ("third held-out, WordNet-only words (never tuned on)", third)):
        passed = len(judged.tops) - len(judged.failures)
        rows.append([name, str(len(judged.tops)), f"{passed} ({judged.all_five_share:.1%})",
                     f"{judged.term_precision:.1%}", str(len(judged.known_bad_hits))])
    return Table(
        "Top-5 quality against hand-written judgements", ["label set", "queries", "all five acceptable",
                                                          "top-5 terms acceptable", "queries with a known-bad term"],
        rows, [
            "all five acceptable: five terms shown and every one in the query's acceptable list (a query with "
            "fewer than five expansions fails).",
            "labelled failures: " + ", ".join(sorted(labelled.failures)) + ".",
        ])


def run(profile: SizeProfile, ws: Workspace) -> SuiteResult:
    result = SuiteResult("expansion")
    lexicon = Lexicon.load()
    rows = _latencies(profile.expansion_rounds, lexicon, ws)
    result.tables.append(Table(
        "Expand latency per call", ["path", "queries", "cache", "calls", "p50 ms", "p99 ms"],
        [[path, label, state, str(len(t.seconds)), fmt(t.p50_ms, 3), fmt(t.p99_ms, 3)]
         for path, label, state, t in rows],
        [f"one word: {len(ONE_WORD)} queries ({', '.join(ONE_WORD[:6])}, ...); multi-word: {len(MULTI_WORD)} "
         f"({MULTI_WORD[0]!r}, ...); 8 words: {len(EIGHT_WORDS)} ({EIGHT_WORDS[0]!r}, ...); other languages: "
         f"{len(FOREIGN)} in es/fr/de/it/pt ({FOREIGN[0]!r}, ...); +vocab sends a {VOCABULARY_SIZE:,}-word "
         "vocabulary with every call.",
         "gRPC: one client on a loopback channel to the service in its own process (`python -m expansion_svc`)."]))
    result.data["latency"] = {f"{path}/{label}/{state}": t.summary() for path, label, state, t in rows}
    ws.progress("expansion: scoring top 5 against the labelled and held-out judgements")
    expander = Expander(lexicon)
    labelled, heldout = judge(expander, ACCEPTABLE, KNOWN_BAD), judge(expander, HELDOUT_ACCEPTABLE, HELDOUT_KNOWN_BAD)
    fresh = judge(expander, FRESH_ACCEPTABLE, FRESH_KNOWN_BAD)
    third = judge(expander, THIRD_ACCEPTABLE, THIRD_KNOWN_BAD)
    result.tables.append(_quality_table(labelled, heldout, fresh, third))
    result.data["quality"] = {
        f"{name}_{measure}": getattr(judged, attribute)
        for name, judged in (("labelled", labelled), ("heldout", heldout), ("fresh", fresh), ("third", third))
        for measure, attribute in (("all_five", "all_five_share"), ("term_precision", "term_precision"))
    }
    for path in ("in-process", "gRPC"):
        for set_label in ("one word", "8 words", "other languages"):
            p99 = next(t for p, label, state, t in rows if (p, label, state) == (path, set_label, "uncached")).p99_ms
            met = p99 < P99_GOAL_MS
            result.goals.append(Goal(f"uncached {set_label} Expand p99 ({path})", f"< {P99_GOAL_MS:.0f} ms",
                                     f"{fmt(p99, 3)} ms", met, "" if met else f"{p99 / P99_GOAL_MS:.2f}x the target"))
    queries = [*ACCEPTABLE, *HELDOUT_ACCEPTABLE, *FRESH_ACCEPTABLE, *THIRD_ACCEPTABLE, *ONE_WORD, *MULTI_WORD,
               *EIGHT_WORDS, *FOREIGN]
    terms = {t.text for q in queries for t in expander.expand(q, max_terms=50).expansions}
    unlicensed = sorted(t for t in terms if not expander.is_licensed(t))
    result.data["licensing"] = {"queries": len(queries), "terms": len(terms), "unlicensed": unlicensed}
    result.goals.append(Goal("expansion terms the lexicon does not license", "0",
                             f"{len(unlicensed)} of {len(terms):,}", not unlicensed, ", ".join(unlicensed[:10])))
    share = labelled.all_five_share
    result.goals.append(Goal("labelled queries with all top 5 acceptable", f">= {ALL_FIVE_GOAL:.0%}", f"{share:.1%}",
                             share >= ALL_FIVE_GOAL, "" if share >= ALL_FIVE_GOAL else
                             f"{len(labelled.failures)} failures"))
    bad = labelled.known_bad_hits
    result.goals.append(Goal("labelled queries with a known-bad sense in the top 5", "0", str(len(bad)), not bad,
                             ", ".join(sorted(bad))))
    return result
