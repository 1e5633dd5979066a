"""Tables and goals of the search benchmark for one collection size."""

from __future__ import annotations

from typing import Any

from bench.report import Goal, SuiteResult, Table
from bench.stats import fmt

RECALL_GOAL, P50_GOAL_MS, SPEEDUP_GOAL = 0.99, 1.0, 50.0


def report_size(result: SuiteResult, label: str, m: dict[str, Any]) -> None:
    config, sweep, grid, floor, default_ef = m["config"], m["sweep"], m["grid"], m["floor"], m["default_ef"]
    floor_name = min(floor, key=lambda name: floor[name].p50_ms)
    floor_p50 = floor[floor_name].p50_ms
    service = sweep["service"]
    default = service[default_ef]
    reaching = [ef for ef in grid if service[ef]["recall"] >= RECALL_GOAL]
    # The operating point: the default config if it reaches the recall goal, else the cheapest ef that does.
    op_ef = default_ef if default["recall"] >= RECALL_GOAL else (reaching[0] if reaching else grid[-1])
    op = service[op_ef]
    faiss = sweep.get("faiss")
    faiss_ef = next((ef for ef in grid if faiss[ef]["recall"] >= op["recall"]), None) if faiss else None

    rows = [[f"exact, {name}", "-", "1.000", fmt(t.p50_ms), fmt(t.p99_ms), "-", "-", "-"] for name, t in floor.items()]
    for title, ef in ((f"service VectorIndex ({config.dtype}), default config", default_ef),
                      ("service VectorIndex, cheapest ef reaching recall 0.99", reaching[0] if reaching else None)):
        if ef is None or (ef == default_ef and title.startswith("service VectorIndex,")):
            continue
        point = service[ef]
        rows.append([title, str(ef), f"{point['recall']:.3f}", fmt(point["p50_ms"], 3), fmt(point["p99_ms"], 3),
                     f"{floor_p50 / point['p50_ms']:.0f}x", fmt(m["size"] / m["build_s"]["service"]),
                     fmt(m["memory_mib"]["service"])])
    if faiss is None:
        result.notes.append("FAISS is not installed (`pip install faiss-cpu`): the FAISS comparison was skipped.")
    elif faiss_ef is None:
        rows.append([f"FAISS HNSWFlat: recall {op['recall']:.3f} not reached in the grid"] + ["-"] * 7)
    else:
        point = faiss[faiss_ef]
        rows.append([f"FAISS HNSWFlat at equal recall to the service at ef {op_ef}", str(faiss_ef),
                     f"{point['recall']:.3f}", fmt(point["p50_ms"], 3), fmt(point["p99_ms"], 3),
                     f"{floor_p50 / point['p50_ms']:.0f}x", fmt(m["size"] / m["build_s"]["faiss"]),
                     fmt(m["memory_mib"]["faiss"])])
    notes = [
        f"exact floor = the fastest exact method ({floor_name}, {fmt(floor_p50)} ms p50); numpy f16 ran "
        f"{min(m['exact_reps'], 3)} queries (numpy has no fast f16 kernel).",
        f"memory = growth of this process's resident set while building; the f32 vectors alone are "
        f"{fmt(m['size'] * m['dim'] * 4 / 2**20)} MiB; USearch reports {fmt(m['usearch_own_mib'])} MiB for the "
        "service's index.",
        f"as the service queries it (2x10 candidates re-scored exactly in f32), recall@10 is "
        f"{m['rescored_recall']:.3f} at ef {default_ef}.",
        f"the VectorIndex wrapper (lock, conversions) adds {fmt(m['wrapper_p50_ms'] - m['bare_usearch_p50_ms'], 3)} ms "
        f"per query at p50 over USearch's own search ({fmt(m['bare_usearch_p50_ms'], 3)} ms).",
    ]
    if faiss is not None:
        service_s, faiss_s = m["build_s"]["service"], m["build_s"]["faiss"]
        notes.append(f"builds ran one after the other with {m['threads']} thread(s): service {service_s:.1f} s, "
                     f"FAISS {faiss_s:.1f} s (service build rate / FAISS build rate = {faiss_s / service_s:.2f}).")
    result.tables.append(Table(
        f"{label} vectors, {m['dim']}-d, {m['queries']} queries: recall@10 and single-query latency",
        ["method", "ef_search", "recall@10", "p50 ms", "p99 ms", "speed-up vs exact floor", "build vectors/s",
         "memory MiB"], rows, notes))
    columns = ["ef_search", "service recall@10", "service p50 ms", "service p99 ms"]
    if faiss is not None:
        columns += ["FAISS recall@10", "FAISS p50 ms", "FAISS p99 ms"]
    result.tables.append(Table(
        f"{label} vectors: recall@10 and latency against ef_search" + (", both libraries interleaved" if faiss else ""),
        columns, [[str(ef)] + [cell for name in sweep for cell in (
            f"{sweep[name][ef]['recall']:.3f}", fmt(sweep[name][ef]["p50_ms"], 3), fmt(sweep[name][ef]["p99_ms"], 3))]
            for ef in grid]))

    scope = "" if m["size"] >= 1_000_000 else f" (at {label}; the goal is stated at 1M)"
    analysis = ("An HNSW query's time is the graph walk inside USearch's C++ (distance computations grow with "
                "ef_search: see the curve above). What Python adds around it:\n\n" + m["python_profile"])
    speedup = floor_p50 / op["p50_ms"]
    met = default["recall"] >= RECALL_GOAL
    result.goals += [
        Goal(f"recall@10 of the service's default index config{scope}", f">= {RECALL_GOAL}", f"{default['recall']:.3f}",
             met, "" if met else f"{RECALL_GOAL - default['recall']:.3f} short; "
             + (f"ef_search {reaching[0]} reaches it" if reaching else "no ef in the grid reaches it"), analysis),
        Goal(f"p50 at the operating point (ef {op_ef}, recall {op['recall']:.3f}){scope}", f"< {P50_GOAL_MS} ms",
             f"{fmt(op['p50_ms'], 3)} ms", op["p50_ms"] < P50_GOAL_MS,
             "" if op["p50_ms"] < P50_GOAL_MS else f"{op['p50_ms'] / P50_GOAL_MS:.2f}x the target", analysis),
        Goal(f"speed-up over the exact floor at ef {op_ef}{scope}", f">= {SPEEDUP_GOAL:.0f}x", f"{speedup:.0f}x",
             speedup >= SPEEDUP_GOAL, "" if speedup >= SPEEDUP_GOAL else f"{SPEEDUP_GOAL / speedup:.1f}x short",
             analysis),
    ]
    if faiss is not None and faiss_ef is not None:
        ratio = faiss[faiss_ef]["p50_ms"] / op["p50_ms"]
        result.goals.append(Goal(
            f"no slower than FAISS HNSW at equal recall (service ef {op_ef}, FAISS ef {faiss_ef}){scope}",
            "FAISS p50 / service p50 >= 1", f"{ratio:.2f}", ratio >= 1.0,
            "" if ratio >= 1.0 else f"the service is {1 / ratio:.2f}x slower", analysis))
    result.data[label] = {
        "config": {"dtype": config.dtype, "connectivity": config.connectivity, "expansion_add": config.expansion_add,
                   "expansion_search": config.expansion_search, "default_ef": default_ef},
        "build_s": m["build_s"], "memory_mib": m["memory_mib"], "usearch_own_mib": m["usearch_own_mib"],
        "exact": {name: t.summary() for name, t in floor.items()}, "sweep": sweep, "operating_ef": op_ef,
        "faiss_equal_recall_ef": faiss_ef, "rescored_recall": m["rescored_recall"],
        "wrapper_p50_ms": m["wrapper_p50_ms"], "bare_usearch_p50_ms": m["bare_usearch_p50_ms"],
    }
