"""Results as tables and goals; the Markdown a suite prints is stored verbatim and written to the docs.

Each table is rendered to Markdown once, printed, and that same text is kept
in results.json and copied into docs/benchmarks.md, so the docs hold exactly
what the run printed. Runs of different sizes (and suites run with --only)
are merged: a run replaces only the sections it measured.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import machine as machine_info
from bench.stats import Progress

SUITE_TITLES = {"embedder": "Embedder", "search": "Search index", "e2e": "End to end over gRPC",
                "expansion": "Expansion"}
SIZE_ORDER = ("full", "standard", "smoke")
_REPO = Path(__file__).resolve().parent.parent
RESULTS, MARKDOWN = _REPO / "bench" / "results.json", _REPO / "docs" / "benchmarks.md"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"#### {self.title}", "", "| " + " | ".join(self.columns) + " |",
                 "|" + "|".join("---" for _ in self.columns) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.notes:
            lines.append("")
            lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)


@dataclass
class Goal:
    """One goal of the issue, checked against a measurement of this run."""

    name: str
    target: str
    measured: str
    met: bool
    shortfall: str = ""
    # Where the time goes, for a missed goal: a breakdown or profile (Markdown).
    analysis: str = ""


@dataclass
class SuiteResult:
    suite: str
    tables: list[Table] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def markdown(self) -> str:
        parts = [table.markdown() for table in self.tables]
        if self.notes:
            parts.append("\n".join(f"- {note}" for note in self.notes))
        return "\n\n".join(parts)


def goals_table(goals: list[Goal]) -> Table:
    return Table("Goals", ["goal", "target", "measured", "met", "shortfall"],
                 [[g.name, g.target, g.measured, "yes" if g.met else "**no**", g.shortfall or "-"] for g in goals])


def analysis_markdown(goals: list[Goal]) -> str:
    missed = [g for g in goals if not g.met and g.analysis]
    if not missed:
        return ""
    # Goals missed for the same reason share one explanation.
    by_analysis: dict[str, list[Goal]] = {}
    for goal in missed:
        by_analysis.setdefault(goal.analysis, []).append(goal)
    parts = ["#### Where the time goes (missed goals)"]
    for analysis, group in by_analysis.items():
        names = "; ".join(f"**{g.name}** ({g.shortfall})" for g in group)
        parts.append(f"{names}\n\n{analysis}")
    return "\n\n".join(parts)


def suite_record(result: SuiteResult, machine: dict[str, Any], command: str, started: str) -> dict[str, Any]:
    """The JSON form of one suite's run, with the exact Markdown that was printed."""
    return {
        "started": started, "seconds": round(result.seconds, 1), "command": command, "machine": machine,
        "printed": result.markdown(), "goals_printed": goals_table(result.goals).markdown() if result.goals else "",
        "analysis_printed": analysis_markdown(result.goals),
        "goals": [asdict(g) for g in result.goals], "tables": [asdict(t) for t in result.tables], "data": result.data,
    }


def load_results(path: Path) -> dict[str, Any]:
    if path.exists():
        try:
            loaded = json.loads(path.read_text())
            if isinstance(loaded, dict) and isinstance(loaded.get("runs"), dict):
                return loaded
        except (OSError, ValueError):
            pass
    return {"runs": {}}


def merge(results: dict[str, Any], size: str, suites: dict[str, dict[str, Any]]) -> dict[str, Any]:
    results["runs"].setdefault(size, {}).update(suites)
    return results


HEADER = """# Benchmarks

Written by `python -m bench.run` from `bench/results.json`; do not edit by hand. Every table below is the
text the run printed. The machine is shared and noisy, so every speed claim is a ratio of two things measured
side by side (interleaved) in the same run; absolute times drift between runs, ratios hold.

How to run (from the repository root, in the project's virtual environment, with `faiss-cpu` installed):

```
python -m bench.run --size smoke                  # seconds: tiny model, 2k vectors (CI runs this)
python -m bench.run --size standard               # SigLIP-base-shaped model, 100k vectors
python -m bench.run --size full --only search,e2e # 1M vectors (the issue's ANN goals are stated at 1M)
python -m bench.run --size standard --only embedder   # one suite; others keep their last results
python -m bench.run --size standard --only expansion  # Expand latency and top-5 quality (seconds)
```

A run replaces only the sections it measured; sections from other sizes stay as they were, with the machine
and date they were measured on. `python -m bench.load` (64 clients of mixed load, and the fairness measurement;
heavy, not in CI) writes the last section.
"""


# Sections written by the benchmarks that run on their own (bench.load, bench.security_bench, bench.photos,
# bench.ingest_decode):
# the results key, the heading, and how to read the figures.
_STANDALONE_SECTIONS = (
    ("load", "Load and fairness", ""),
    ("security", "Security on vs off (`python -m bench.security_bench`)",
     "Two stacks run at once (`mediasearch up` and `mediasearch up --secure`: TLS on every hop, a bearer token "
     "checked on every call, search reaching its dependencies with its own token); rounds alternate between "
     "them. Issue 16's goal: security costs at most 10% of throughput and p50."),
    ("photos", "Phone photos end to end (`python -m bench.photos`)",
     "How to read it: each run's seconds are dominated by decoding the originals, in the search service when it "
     "shrinks them and in the embedder when it does not; on one machine the two runs cost the same, and what "
     "shrinking saves is the bytes that travel to the embedder (the \"bytes saved\" column), which is the time "
     "saved when the embedder is another machine or a GPU. Draft mode applies to JPEG only; WebP, PNG and HEIF "
     "have no reduced-size decode, so their \"draft decode\" is a full one. The pre-resized run shows what "
     "decoding 12 MP costs."),
    ("embedder_backends", "Embedder backends: torch vs ONNX Runtime (`python -m bench.backends`)",
     "One process, one SigLIP-base-shaped random model, every backend loaded at once and called in turn (rounds "
     "interleaved). Agreement is the cosine of each row with torch float32's row for the same input (worst row "
     "over all rounds); random weights make it a strict test, since nothing about them is robust to rounding."),
    ("index_config", "Search index configuration (`python -m bench.index_config`)",
     "**The pick: inner product, bf16, M 16, ef_construction 128** (the service's default since this run). "
     "Inner product equals cosine on the unit vectors the store holds and skips cosine's norms: 0.494 against "
     "0.544 ms at ef 32 (f16 both). bf16 distances are cheaper here than f16's conversions and than f32's "
     "twice-as-wide reads: 0.367 ms, 1.20x FAISS at equal recall (0.993 against 0.992), in 56% of FAISS's memory. "
     "i8 cannot be rescued by the exact re-scoring: the 2k candidates already miss true neighbours, recall stops "
     "at 0.983 (a 4k pool fixed that later: see the i8 section below). M 32 buys recall per ef but costs more per step (1.40x). ef_construction 64 is close at 100k "
     "(1.02x here; 1.18x against the pick's 1.15x in the previous, unrecorded pass over the same indexes: noise) with a 4x cheaper build, "
     "but its recall ceiling is lower (0.999) and a weaker graph loses more recall as it grows, so 128 stays "
     "until it is measured at 1M (where 256 proved better and became the default: see the 1M sections). With the service's own ef_search at 100k (64), the pick answers in 0.505 ms "
     "at recall 1.000 against FAISS's 0.437 ms at the same recall (1.16x).\n\n"
     "Measured at 100k vectors (200k and 1M below, for the pick and FAISS). The ratio to FAISS did not carry "
     "over to 1M: there the pick is 1.8x to 2.9x FAISS at equal recall, and 32 links 1.32x (see the 1M section). Builds ran in separate bounded "
     "passes under varying load, so the build seconds compare loosely; the queries ran in one process."),
    ("index_config_200k", "Search index configuration at 200k (`python -m bench.index_config`, the main candidates)",
     "The same measurement at twice the size, for the configurations that decide the pick. At recall@10 >= 0.99 "
     "the pick stays near 1.2x FAISS (1.24x; 1.20x at 100k) and the former default near 1.8x (1.79x; 1.78x). "
     "ef_construction 64 now needs ef 96 where 128 needs 48: its weaker graph loses recall as it grows, which "
     "is why 128 stays. FAISS gains more recall per ef step at this size (0.997 against 0.992 at ef 48), so at "
     "1M, where the service's ef_search is 208, the pick's ratio to FAISS at equal recall was expected at or "
     "somewhat above 1.2x; measured at 1M it is 1.8x to 2.9x (next section)."),
    ("index_config_1m", "Search index configuration at 1M (`python -m bench.index_config`, the pick against FAISS)",
     "(Since superseded: ef_construction 256 gives USearch's graph FAISS's recall per ef at 1M, and the goal is "
     "met with it; see \"ef_construction 256 at 1M\" below. This section measured ef_construction 128.) "
     "**Issue 19's index goal, measured at 1M: not met.** The service's default configuration (ip bf16, M 16) "
     "reaches recall@10 >= 0.99 (0.994 at ef 192, 0.998 at 256; its own ef_search at 1M is 208), but at 2.73x "
     "FAISS HNSW's p50 at equal or better recall in this recorded pass (3.38 against 1.24 ms). Two earlier passes "
     "over the same two indexes gave 1.79x (1.94 against 1.09 ms) and 2.91x: the ratio moves by a large margin "
     "from pass to pass on this shared machine, and every pass puts it far above 1.2x. The cause is the graph: "
     "at this size 16 links find fewer true neighbours per ef (0.926 against FAISS's 0.970 at ef 64, 0.982 "
     "against 0.996 at 128; at 100k the two were level). **32 links fix most of it: 0.990 at ef 48 and 0.994 at "
     "ef 64, 1.63 ms, 1.32x FAISS at 0.996** (1.50x at 0.990 against FAISS's ef 96), for a 1.6x longer build "
     "(1,452 s against 888 s) and 7% more memory (1.8 GiB, against FAISS's 3.0 GiB). At 100k, 32 links cost "
     "more per step than they bought (1.40x against 1.20x), which is why the default stayed at 16: the best "
     "degree depends on the size a collection will reach, which the service does not know when it creates the "
     "index. For a collection expected past about 500k items, set SEARCH_INDEX_CONNECTIVITY=32 and pin "
     "SEARCH_INDEX_EXPANSION_SEARCH near 64 (the size rule's 208 is tuned for 16 links and would cost 5 ms "
     "here for recall 1.000). Even so the goal's 1.2x is not reached in this pass. The queries of each pass ran "
     "in one process, interleaved query by query. What is left is the cost of a step: at the same ef and 16 "
     "links, a USearch query costs 1.6x to 1.7x a FAISS query at 1M (ef 32: 0.92 against 0.54 ms; ef 64: 1.30 "
     "against 0.76 ms), against 1.2x at 100k. Page walks are not the cause: backing all three indexes with 2 MiB "
     "pages (MADV_COLLAPSE on the loaded process, in a one-off probe over the same indexes and 300 queries) made every query 15% to 30% faster and "
     "left the ratio at 1.56x to 1.65x. The step is inside USearch's compiled search, which no setting of its "
     "Python API reaches."),
    ("index_config_i8", "i8 storage with a wider re-scoring pool at 100k (`python -m bench.index_config`)",
     "i8 stores a vector in 768 bytes, half of bf16, but USearch keeps an i8 vector as its unit vector times 127: one step is a fifth of a 768-d component's typical size, so i8 distances misorder near neighbours. From the service's 2*k candidates the exact re-scoring could not bring them back (recall@10 stopped at 0.983 in the 100k configuration section above). The index now returns 4*k candidates from an i8 index (search_svc/core/index.py), and recall@10 reaches 0.999 at every ef. In this pass, at the service's own ef_search at 100k (64): i8 0.511 ms against bf16's 0.627 (0.81x) and FAISS's 0.411, all at recall 1.000; at the lowest ef reaching 0.99, i8 1.42x FAISS and bf16 1.57x (1.20x in that section's pass: the ratio moves between passes on this shared machine). i8 takes 57% of bf16's memory (98 against 172 MiB) and half its build time. Below ef 48 i8's cost stays flat: USearch's beam is at least the number of results asked for, 40 here. **The default stays bf16.** i8's step is fixed at 1/127 of a unit vector, so how much it loses depends on how a model spreads its embeddings over the components; bf16 keeps about three significant digits of any component. On these clustered vectors and on the demo model's own text and image embeddings (2,000 items, 2,000 lexicon terms as queries, in a one-off probe: recall@10 0.998 for i8 with the wider pool, bf16 0.998) the wider pool is enough, but no SigLIP-base embeddings can be checked on this machine. At 1M the per-step gain is gone (next section), and at 100k it is a tenth of a millisecond beside a 70 ms text embedding. Set SEARCH_INDEX_DTYPE=i8 where memory decides."),
    ("index_config_1m_i8", "i8 storage at 1M, 16 and 32 links (`python -m bench.index_config`)",
     "**Issue 19's index goal with i8: still not met.** i8 with 16 links first reaches recall@10 0.99 at ef 192 (0.997, 2.75 ms), 3.29x FAISS's p50 at equal or better recall (0.835 ms at ef 96, 0.994); with 32 links at ef 64 (0.992, 1.43 ms), 1.71x. A first, unrecorded pass over the same i8 M32 and FAISS indexes gave 1.77x (1.09 against 0.62 ms); this pass ran under more load. At the same ef and 16 links an i8 query costs 1.59x to 1.62x a FAISS query (ef 64 to 192), the ratio bf16 had (1.6x to 1.7x, section above): at this size the narrower vectors do not make USearch's step cheaper relative to FAISS's. What they save is memory: 969 MiB for the M16 index and 1,091 MiB for M32, against FAISS's 3,070 MiB, and build time (691 s against 888 s for bf16 M16 in the earlier pass). With 16 links recall is 0.997 at ef 192 and at 256, which bracket the size rule's 208, so the rule holds for i8 as well."),
    ("index_config_1m_efc256", "ef_construction 256 at 1M (`python -m bench.index_config`)",
     "**Issue 19's index goal, measured at 1M: met, with ef_construction 256 and the size rule's ef 96 (the service's defaults since this run).** The earlier 1M passes traced most of the gap to the graph: built with ef_construction 128, USearch's 16-link graph finds fewer true neighbours per ef than FAISS's with the same M and ef_construction (0.932 against 0.970 at ef 64). Built with 256 it follows FAISS's curve: 0.970 at ef 64, 0.992 at 96, 0.996 at 112, within 0.002 of FAISS at every ef from 64 up, so 0.99 needs ef 96 instead of 192. The size rule now gives 96 at 1M (96·sqrt(size/1M), search_svc/core/index.py). **At that default: recall@10 0.992 at 0.856 ms p50, 1.02x FAISS's lowest ef reaching 0.99 (112: 0.996, 0.842 ms) and 1.12x FAISS interpolated to the same recall (goal <= 1.2x).** A second pass over the same indexes, unrecorded, gave 0.927 ms: 1.05x and 1.17x. The old default needs ef 192 for 0.997: 1.76 ms, 2.09x (2.27x in the second pass). The margin is thin and was chosen: at ef 112 (0.996) the new graph is 1.16x FAISS at the same recall in this pass and 1.34x in the second, so a rule aiming at 0.995 would not meet the goal in every pass; the rule aims at the goal's 0.99, and `SEARCH_INDEX_EXPANSION_SEARCH=128` buys 0.996 for about 0.3 ms more. The cost of the graph is the build: 1,396 s against 723 s for a million vectors on two cores, about 1.4 ms of CPU per vector added, beside about 100 ms to embed one image on this CPU, so ingest from images does not feel it; a rebuild from the store does (23 minutes per million vectors here). Memory is unchanged: 1.7 GiB, against FAISS's 3.0 GiB. The other half of the earlier gap, the cost of a step, depends on the CPU: in these passes a USearch query cost 1.14x to 1.25x a FAISS query at the same ef (ef 32 to 256; 1.26x to 1.37x in the second pass), on an AMD EPYC whose USearch build computes bf16 distances with native instructions (kernel \"genoa\", printed under the tables from now on). The earlier passes, on an Intel Xeon host, measured 1.6x to 1.7x per step; on such a host the new graph still halves the ef needed, but the goal would likely not be met (ef 96 at 1.6x FAISS's 0.71 ms step is about 1.14 ms, against FAISS's 0.79 ms interpolated to the same recall: near 1.45x; an estimate, not measured: no such host was lent this session). Every pass ran its queries in one process, interleaved query by query, after 100 warm-up queries per index (the first ef step of the earlier passes paid the page faults: 0.90 ms at ef 16 against 0.53 at ef 24)."),
    ("index_config_efc256_small", "ef_construction 256 at 100k and 200k (`python -m bench.index_config`)",
     "The new default below 1M. ef_construction 256 reaches recall@10 0.99 at ef 32 at both sizes (0.996 and 0.993), where 128 needs 32 and 48; the size rule's floor, ef 64, gives 1.000 at both. The build takes 1.6x to 1.8x longer (65 against 39 s at 100k, 151 against 84 s at 200k). At these sizes the two graphs answer alike per ef step (ef 64: 0.50 against 0.48 ms at 100k, 0.66 against 0.66 at 200k), so the new default costs queries nothing here. Against FAISS the ratio is the step's, not the graph's, and a query of 0.3 to 0.5 ms carries the same fixed costs as a larger one (the call into USearch, the service's candidate pool and exact re-scoring, as the benchmark times them for both libraries): at the lowest ef reaching 0.99 the new default is 1.53x FAISS at 100k and 1.20x at 200k in this pass (1.20x and 1.24x for the old default in the earlier, Intel Xeon passes); at the service's own ef 64, 1.14x and 1.28x, at recall 1.000 for both libraries. Issue 19's goal is stated at 1M (previous section). Single queries now run on one USearch worker instead of every core (search_svc/core/index.py): one query cannot be split across workers, and starting them cost about 0.03 ms a query at 100k in a probe (p50 0.30 ms on every core, 0.26 on one)."),
    ("term_store", "The term store (`python -m bench.term_store`)",
     "**Measured at 100,000 items after issue 19's deep-search work: deep search uncached with warmed terms, p50 55.6 ms against normal search uncached 43.0 ms in the same service: 1.29x (goal <= 1.3x, met in this run, by a thin margin).** An unrecorded pass of the same command just before gave 1.27x (62.7 against 49.4 ms); passes before the last change below gave 1.30x and 1.31x, and one before the BLAS change 1.40x. The run before all of it gave 1.37x (92.9 against 67.8 ms) at a moment when this host's text forward took about 68 ms rather than 36 to 49, so the same extra milliseconds weighed less: the goal is a ratio to the forward pass, and a faster or busier host moves it either way. A repeated deep query, which embeds nothing, now costs 12.7 ms against 3.9 for a normal one (22.5 against 4.9 before). What changed, each timed part by part in unrecorded probes at 100k: (1) an expansion's index lookup asks for half the query's pool (5 x the page instead of 10 x, at least the page; search_svc/core/deep_candidates.py says why that is enough), so USearch's beam for it is the size rule's ef 64 rather than 100: over 80 back-to-back deep searches, index lookups 6.1 -> 4.7 ms and exact re-scoring of the smaller union 2.1 -> 1.4 ms; (2) folding near-duplicates compares rows with one product instead of a row-by-row walk: 2.6 -> 0.6 ms; (3) numpy's BLAS runs on one thread in the search service (SEARCH_BLAS_THREADS=1): with searches 300 ms apart, as this benchmark runs them, the wake-up of BLAS's sleeping second thread had made exact re-scoring 4.6 ms and folding 2.6 ms; with one thread 1.5 and 0.7 ms; (4) the Expand call, the store lookups of its terms and, for a query of one text term, the expansions' index lookups run on a worker while the query is embedded (search_svc/core/deep.py): in a warm-store probe over 25 new queries, the Expand part took deep p50 from 61.7 to 59.1 ms (normal 41.4), and moving the lookups too took bench passes from 1.30x-1.31x to 1.27x-1.29x. On this machine the embedder's forward pass already uses both cores, so overlapping work with it gains little; with the embedder on its own node or a GPU, the lookups (about 4 ms here) come off deep search's path. Quality: bench.natural rerun with (1) gives the same deep figures in every set (docs/natural.md, 2,000 items; only normal search moved, by up to 0.001, from rebuilding the index). At 100k items, which bench.natural does not reach and where this synthetic collection has no judgements, the check was agreement with a near-exact reference (full pools, ef 1024) over 80 queries: deep search's top 10 agree 0.74 with the new pools and 0.76 with the old. Both are low for a reason outside the change: these queries come from an untrained base-shaped model and land far from every clustered item, so their nearest items are near-ties that the index orders approximately. With a cold store a deep search embeds 11.3 texts and takes 336 ms (7.6x; 438 ms and 6.2x in the run before, the ratio higher because normal search was faster). **Foreground p99 while the store warms: 60.1 ms against 56.2 ms without warming, 1.07x (goal <= 1.2x, met)**; p50 44.3 against 44.3 ms. Warm-up with no queries: 2,501 terms in 81.7 s, 30.6 texts/s with one text per background pass. On disk 4.84 KiB per term.\n\nThe run before, at 100,000 items (2026-12-04 05:01 UTC, before the changes above; its tables are replaced by the run above): deep search uncached with warmed terms 92.9 ms against normal 67.8 ms, 1.37x; a repeated deep search 22.5 against 4.9 ms, timed part by part as index lookups 9.1 ms, near-duplicate collapsing 3.3 ms, exact re-scoring 2.7 ms, the Expand call 1.3 ms and the expansion checks 1.2 ms. (A py-spy sampling profile first pointed at the re-scoring's matrix product; timed directly, that product took 0.1 ms, so the sampler's attribution was not used.) Foreground p99 while warming 1.00x; warm-up 22.1 texts/s.\n\nThe earlier run, at 20,000 items (2026-12-01, passes of four; its tables are replaced by the run above): "
     "Issue 19's goals, on the SigLIP-base-shaped int8 text tower: **deep search uncached with warmed terms, p50 "
     "76.9 ms against normal search uncached 61.0 ms in the same service: 1.26x (goal <= 1.3x, met)**. With a cold "
     "store the same deep searches embed 11.4 texts each and take 6.9x. A warm deep search embeds the query itself "
     "(1.2 texts on average: three queries also met terms the 2,500-term listing did not reach, 'white river', "
     "'castle' and 'palace', 'wild'), then does what it always did: one Expand call, about twelve index lookups and the fusion, which "
     "is the remaining 16 ms. **Foreground p99 while the store warms: 91.3 ms against 67.9 ms without warming, "
     "1.34x (goal <= 1.2x, not met in this run; met since the expansion service paces its listing, see the "
     "layout section below)**; p50 63.9 against 58.4 ms. Background passes start once queries have been "
     "quiet for EMBEDDER_BACKGROUND_IDLE_MS (200 ms) and then run back to back, so with pauses averaging 400 ms "
     "about 60% of queries (e^(-200/400)) arrive while one is in flight; it gives way at the next layer boundary "
     "(a twelfth of a 4-text pass), and the query also meets the search service's own warming work (gRPC, SQLite "
     "writes) and threads still busy from the pass. The knob is the quiet time: a query meets a pass with "
     "probability about e^(-quiet time / mean pause), so 1 s would make it 8% of queries at this load and 2 s "
     "0.7%, at the cost of warming only in longer lulls (measured since: it did not help, see the schedule section below); 60 samples make this p99 the worst two searches, so it "
     "moves by tens of ms between runs (an earlier run of this script on a busier machine had 1,038 ms without "
     "warming and 85 ms with it).\n\n"
     "Warm-up: 28.5 texts/s at background priority on the two cores with no queries (2,500 terms in 88 s; the "
     "default SEARCH_TERM_WARMING_MAX_TERMS of 20,000 would take about 12 minutes); during the foreground run it "
     "managed 240 terms in about 30 s. On disk 4.85 KiB per term at 768 dimensions (the 3 KiB float32 vector, the "
     "text, the unique index and SQLite's page slack): about 95 MiB for 20,000 terms and 475 MiB for the default "
     "bound of 100,000. In memory the store keeps only SQLite's page cache (2 MiB); the LRU in front holds at most 4,096 "
     "vectors (12 MiB), and warming does not fill it.\n\n"
     "On a GPU (not measured here, none was available): one text costs about 11 GFLOP in this tower (12 layers of "
     "12 x 768^2 multiply-adds per token, 64 tokens), so 28.5 texts/s is about 0.3 TFLOP/s of effective int8 "
     "compute. A data-center GPU running the text tower in float16 at batch 128 sustains tens of TFLOP/s (30% of "
     "a 100-300 TFLOP/s peak), 100 to 300 times this: some 3,000 to 9,000 texts/s, so the 20,000-term lexicon "
     "would warm in a few seconds and a 4-text background pass would last a few milliseconds, which makes the "
     "collisions above cost next to nothing. The ratio is an estimate from the FLOP count and typical utilisation, not "
     "a measurement. Measured at 20,000 items rather than 100,000 to stay inside this shared machine's time "
     "bound; the item count only changes the index lookups, the same for both kinds of query."),
    ("term_store_schedule", "Foreground searches while the term store warms, per embedder schedule "
     "(`python -m bench.term_store_schedule`)",
     "**Issue 19's last goal, foreground p99 while warming within 1.2x of p99 without: not met.** This is the "
     "recorded run of three (200, 300 and 300 searches per row; the term-store section above has a fourth, "
     "older one). Across them, one text per background pass (now the default, EMBEDDER_MAX_BACKGROUND_BATCH_SIZE=1) "
     "against four: p99 while warming 1.12x, 1.56x and 1.39x against 1.69x, 1.62x and 1.70x; p50 while warming "
     "+5%, +1% and +7% against +13%, +17% and +21%; 8-13% fewer terms warmed in the same time. A query that "
     "arrives during a background pass waits for the layer in flight, and a one-text layer is a quarter of a "
     "four-text one. A quiet time of 1 s instead of 200 ms leaves almost no passes to meet (32 to 112 terms "
     "warmed in two minutes) yet did not bring p99 to 1.2x in the unrecorded runs (1.45x, 1.63x); its 0.98x here "
     "is an artefact of a 117 ms p99 without warming, the slowest baseline of all runs (the others: 65 to 85 ms). "
     "That spread is the measurement's limit on this shared 2-core machine: the p99 of 300 searches is their "
     "third slowest, and it moves by a third between identical rows, as much as the effect sought. The runs are "
     "in one process (embedder, expansion and search services, and the client), so the warming thread, SQLite "
     "writes and the Python parts of all four share one interpreter; in a deployment they are separate pods. "
     "The warmer reads the expander's listing whole when warming starts (20,000 terms: 3.6 s of expander CPU). "
     "The second and third runs read it one message at a time instead, as warming embedded; that showed no "
     "p99 gain within this noise and held an expansion worker thread for the whole warm-up, so it was "
     "reverted. These rows predate the paced listing: the section after this one finds the excess was mostly "
     "the listing's CPU burst when warming starts, and measures the goal met once it is paced."),
    ("term_store_layout", "Foreground searches while the term store warms: one process against a process per "
     "service, with the listing paced (`python -m bench.term_store_schedule --layout both`)",
     "**Issue 19's last goal, foreground p99 while warming within 1.2x of p99 without: met in this run, in both "
     "layouts: 1.04x with every service in one process (162 against 156 ms), 0.88x with each in its own (162 "
     "against 184 ms, a slow baseline); p50 +2% and -2%.** What changed it is found by where the slow searches "
     "fall: in a diagnostic run of 300 searches (own processes, before the change) the first nine searches after "
     "warming started took 177 to 343 ms against a median of 112, and the rest of the run looked like the "
     "baseline. Those nine are the 3.6 s in which the expansion service listed its 20,000 terms for the warmer "
     "(StreamTerms), a CPU burst on a 2-core machine whose embedder was running queries. The listing is background "
     "work, so the expansion service now paces it to EXPANSION_LISTING_CPU_SHARE of one core (default 0.25: "
     "after each concept it rests three times as long as the concept took), which spreads the same CPU over "
     "about 14 s. Before that change, the same command gave 1.42x (one process) and 1.38x (own processes) at 600 "
     "searches, 1.90x and 1.05x at 300, and 1.26x in a 600-search run of the own-process layout alone; after it, "
     "the diagnostic run's first searches took 162 to 168 ms and its p99 was 1.11x (168 against 151 ms), and "
     "a second run of the one-process layout alone gave 1.03x (167 against 163 ms). The process layout (bench.service_processes: each service started as `python -m <service>`, as pods "
     "run) was added to test whether sharing one interpreter was the cause; it was not: both layouts moved "
     "together once the burst was gone. On a GPU the pacing sets the warm-up's floor: 20,000 terms are listed in "
     "about 14 s instead of 3.6 s, while embedding them takes seconds; EXPANSION_LISTING_CPU_SHARE=1 lists at "
     "full speed. The p99 of 600 searches is their sixth slowest, and the baselines of identical rows still "
     "differ by up to a fifth (156 to 184 ms here), so a single run can still land either side of 1.2x."),
    ("ingest_decode", "One decode per photo at ingest (`python -m bench.ingest_decode`)",
     "How to read it: \"two decodes\" is ingest as it was before the shrinker's decode also made the preview "
     "(each preview made again from the original bytes, one after the other in the pipeline's thread); \"one "
     "decode\" is ingest now (the preview made from the model's decode on the shrinker's worker threads). The "
     "speed-up is the second decode saved plus previews no longer made serially. The tiny model's forward pass "
     "costs next to nothing, so this is the search service's own work per photo."),
)


def record_standalone(key: str, *, command: str, started: str, seconds: float, machine: dict[str, Any], printed: str,
                      data: dict[str, Any], results_path: Path = RESULTS, markdown_path: Path = MARKDOWN) -> None:
    """Stores a stand-alone benchmark's run under `key` and re-renders docs/benchmarks.md.

    `machine` is `machine.describe()` as taken when the run started."""
    results = load_results(results_path)
    results[key] = {"started": started, "seconds": round(seconds, 1), "command": command,
                    "machine": {**machine, "load_average_at_end": machine_info.load_average()},
                    "printed": printed, "data": json.loads(json.dumps(data, default=float))}
    results_path.write_text(json.dumps(results, indent=1, default=float) + "\n")
    markdown_path.write_text(render(results))


@dataclass(frozen=True)
class StandaloneRun:
    """A stand-alone benchmark's run: its threads, its progress lines, and when and where it started, which
    `record` stores with the figures."""

    threads: int
    progress: Progress
    started: str
    machine: dict[str, Any]
    began: float

    @classmethod
    def start(cls, threads: int) -> StandaloneRun:
        """A run starting now with `threads` threads (0: every core this process may use)."""
        threads = threads or len(os.sched_getaffinity(0))
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return cls(threads, Progress(), started, machine_info.describe(threads), time.monotonic())

    def record(self, key: str, *, command: str, printed: str, data: dict[str, Any]) -> None:
        """`record_standalone` for this run, its duration counted until now."""
        record_standalone(key, command=command, started=self.started, seconds=time.monotonic() - self.began,
                          machine=self.machine, printed=printed, data=data)


def render(results: dict[str, Any]) -> str:
    parts = [HEADER]
    for size in SIZE_ORDER:
        suites = results["runs"].get(size)
        if not suites:
            continue
        parts.append(f"## Size: {size}")
        if size == "smoke":
            parts.append("Smoke numbers come from a tiny model on tiny data: they show that every "
                         "benchmark runs end to end (CI runs this size), not how fast the system is. The goals are "
                         "judged on the standard and full sizes.")
        for name in SUITE_TITLES:
            record = suites.get(name)
            if not record:
                continue
            parts.append(f"### {SUITE_TITLES[name]}")
            parts.append(f"Measured {record['started']} in {record['seconds']} s with `{record['command']}` on:\n\n"
                         + machine_info.markdown(record["machine"]))
            parts.append(record["printed"])
            if record["goals_printed"]:
                parts.append(record["goals_printed"])
            if record["analysis_printed"]:
                parts.append(record["analysis_printed"])
    for key, title, reading in _STANDALONE_SECTIONS:
        record = results.get(key)
        if record:
            took = f" in {record['seconds']} s" if "seconds" in record else ""
            parts.append(f"## {title}")
            parts.append(f"Measured {record['started']}{took} with `{record['command']}` on:\n\n"
                         + machine_info.markdown(record["machine"]))
            parts.append(record["printed"])
            if reading:
                parts.append(reading)
    return "\n\n".join(parts).rstrip() + "\n"
