"""Expand latency, cached and uncached, in-process and over gRPC; prints a table of p50/p99.

    python bench/expansion_bench.py [--rounds 5]

Uncached runs use a cache of size 0, so every call parses, lemmatises and
expands the query; cached runs repeat queries already in the cache. The
one-word queries mix curated terms and WordNet-only words. The "+vocab" rows
send a 5,000-word vocabulary with every call, as the search service does.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import grpc

from expansion_svc.core.expander import Expander
from expansion_svc.core.lexicon import Lexicon
from expansion_svc.server import create_server
from expansion_svc.settings import ExpansionSettings
from mediasearch.expansion.v1 import expansion_pb2, expansion_pb2_grpc

ONE_WORD = (
    "dog cat beach outdoor person car tree flower mountain city night snow bicycle pizza wedding "
    "violin tulip hammer canoe giraffe lighthouse kettle sofa strawberry tractor dogs running geese xyzzy"
).split()
MULTI_WORD = [
    "a photo of dogs running on the beach", "golden retriever in the snow", "red car parked on a city street",
    "hot dog with mustard", "children playing in the park at sunset", "show me some pictures of old wooden boats",
]


VOCABULARY_SIZE = 5000


def common_words(lexicon: Lexicon, count: int) -> list[str]:
    """The most familiar single-word lemmas: a stand-in for a model's vocabulary."""
    words = [w for w in lexicon.words["n"] | lexicon.words["a"] if lexicon.familiarity(w) > 0]
    return sorted(words, key=lexicon.familiarity, reverse=True)[:count]


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def measure(call: Callable[[str], object], queries: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter_ns()
            call(query)
            samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def grpc_caller(cache_size: int) -> tuple[Callable[[str], object], Callable[[], None]]:
    settings = ExpansionSettings(host="127.0.0.1", metrics_port=-1, cache_size=cache_size, log_format="text",
                                 log_level="WARNING")
    server, port = create_server(settings, port=0)
    server.wait_ready(60)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    stub = expansion_pb2_grpc.ExpansionServiceStub(channel)

    def close() -> None:
        channel.close()
        server.stop(0)

    return (lambda q, vocabulary=(): stub.Expand(expansion_pb2.ExpandRequest(query=q, vocabulary=vocabulary))), close


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over each query list")
    args = parser.parse_args()
    lexicon = Lexicon.load()
    vocabulary = common_words(lexicon, VOCABULARY_SIZE)
    uncached, cached = Expander(lexicon, cache_size=0), Expander(lexicon, cache_size=1024)
    rows = []
    for label, queries in (("one word", ONE_WORD), ("multi-word", MULTI_WORD)):
        measure(cached.expand, queries, 1)  # fill the cache
        rows.append(("in-process", label, "uncached", measure(uncached.expand, queries, args.rounds)))
        rows.append(("in-process", label, "cached", measure(cached.expand, queries, args.rounds)))
    with_vocabulary = measure(lambda q: uncached.expand(q, vocabulary=vocabulary), ONE_WORD, args.rounds)
    rows.append(("in-process", "one word", "uncached+vocab", with_vocabulary))
    for cache_size, state in ((0, "uncached"), (1024, "cached")):
        call, close = grpc_caller(cache_size)
        try:
            for label, queries in (("one word", ONE_WORD), ("multi-word", MULTI_WORD)):
                measure(call, queries, 1)  # warm the channel (and the cache)
                rows.append(("gRPC", label, state, measure(call, queries, args.rounds)))
            if cache_size == 0:
                samples = measure(lambda q: call(q, vocabulary), ONE_WORD, args.rounds)
                rows.append(("gRPC", "one word", "uncached+vocab", samples))
        finally:
            close()
    print(f"{'path':<11} {'queries':<11} {'cache':<15} {'calls':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for path, label, state, samples in rows:
        p50, p99 = percentiles(samples)
        print(f"{path:<11} {label:<11} {state:<15} {len(samples):>6} {p50:>8.3f} {p99:>8.3f}")


if __name__ == "__main__":
    main()
