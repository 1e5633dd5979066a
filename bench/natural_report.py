"""The natural-query benchmark's report: issue 15's goals with pass/fail, tables per class, every expansion.

Two Markdown files: the summary (docs/natural.md) and, for review by a
person, every query with its scores and the terms deep search searched
(docs/natural_expansions.md).
"""

from __future__ import annotations

from typing import Any

from bench.quality_report import Bar

# Issue 15's "done when".
HELDOUT_PRECISION = 0.80
HELDOUT_MARGIN = 0.40
KNOWN_WORDS_SLACK = 0.005
LANGUAGE_RATIO = 0.8
HELDOUT, CONCEPTS, PAIRS = "held-out natural queries", "concept names", "two-concept queries"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows])


def _f(value: float) -> str:
    return f"{value:.3f}"


def bars(result: dict[str, Any]) -> list[Bar]:
    sets, out = result["sets"], []
    if HELDOUT in sets:
        s = sets[HELDOUT]["summary"]
        deep, normal = s["deep"]["precision@10"], s["normal"]["precision@10"]
        out.append(Bar("held-out natural: deep precision@10", f">= {HELDOUT_PRECISION:.2f}", deep,
                       deep >= HELDOUT_PRECISION))
        out.append(Bar("held-out natural: deep - normal precision@10", f">= +{HELDOUT_MARGIN:.2f}", deep - normal,
                       deep - normal >= HELDOUT_MARGIN))
    for name in (CONCEPTS, PAIRS):
        if name in sets:
            s = sets[name]["summary"]
            for metric in ("recall@10", "ndcg@10"):
                gap = s["deep"][metric] - s["normal"][metric]
                out.append(Bar(f"{name}: deep - normal {metric}", f">= -{KNOWN_WORDS_SLACK:.3f}", gap,
                               gap >= -KNOWN_WORDS_SLACK))
    unlicensed = sum(measured["summary"]["unlicensed_terms"] for measured in sets.values())
    terms = sum(measured["summary"]["expansion_terms"] for measured in sets.values())
    out.append(Bar(f"expansion terms the lexicon does not license (of {terms}, every set)", "= 0",
                   float(unlicensed), unlicensed == 0))
    for language, row in result.get("languages", {}).items():
        out.append(Bar(f"{language}: deep recall@10 / English deep recall@10", f">= {LANGUAGE_RATIO:.2f}",
                       row["ratio"], row["ratio"] >= LANGUAGE_RATIO))
    return out


def languages(sets: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per language: recall@10 and precision@10 in both modes, the English twins' deep ones, and the ratio."""
    out = {}
    for name, measured in sets.items():
        if not name.startswith("cross-lingual ") or name.endswith(" (English)"):
            continue
        english = sets[f"{name} (English)"]["summary"]
        native = measured["summary"]
        row = {f"{mode} {metric}": native[mode][metric] for mode in ("normal", "deep")
               for metric in ("recall@10", "precision@10")}
        row.update({"English deep recall@10": english["deep"]["recall@10"],
                    "English deep precision@10": english["deep"]["precision@10"]})
        base = english["deep"]["recall@10"]
        row["ratio"] = native["deep"]["recall@10"] / base if base else 0.0
        out[name.removeprefix("cross-lingual ")] = row
    return out


def render(result: dict[str, Any], bar_list: list[Bar]) -> str:
    run = result["run"]
    lines = [f"Command: `{run['command']}`", "",
             f"- Date: {run['date']} ({run['seconds']:.0f} s); corpus {run['items']} items (seed {run['seed']})",
             f"- Model: `{run['model_id']}`; services: {run['services']}", "",
             "### Issue 15 goals", "",
             _table(["goal", "target", "measured", "result"], [b.cells() for b in bar_list]), "",
             f"{sum(b.met for b in bar_list)} of {len(bar_list)} goals met.", "",
             "### Every set, normal vs deep", ""]
    rows = []
    for name, measured in result["sets"].items():
        s = measured["summary"]
        for mode in ("normal", "deep"):
            rows.append([name, str(s["queries"]), mode] + [_f(s[mode][m]) for m in ("precision@10", "recall@10",
                                                                                   "ndcg@10")])
    lines += [_table(["set", "queries", "mode", "precision@10", "recall@10", "nDCG@10"], rows), ""]
    if result.get("languages"):
        lines += ["### Cross-lingual: each language beside the same queries in English", ""]
        lines.append(_table(
            ["language", "normal R@10", "deep R@10", "normal P@10", "deep P@10", "English deep R@10",
             "English deep P@10", "deep R@10 ratio"],
            [[language] + [_f(row[key]) for key in ("normal recall@10", "deep recall@10", "normal precision@10",
                                                    "deep precision@10", "English deep recall@10",
                                                    "English deep precision@10", "ratio")]
             for language, row in result["languages"].items()]))
        lines.append("")
    for name, measured in result["sets"].items():
        classes = measured["summary"]["classes"]
        if len(classes) < 2 or name.startswith("cross-lingual"):
            continue
        lines += [f"### {name}: per class", ""]
        lines.append(_table(
            ["class", "queries", "normal P@10", "deep P@10", "normal R@10", "deep R@10", "normal nDCG@10",
             "deep nDCG@10"],
            [[kind, str(c["queries"])] + [_f(c[mode][metric]) for metric in ("precision@10", "recall@10", "ndcg@10")
                                          for mode in ("normal", "deep")] for kind, c in classes.items()]))
        lines.append("")
    lines.append("Precision@10: relevant results in the top 10 / 10. Recall@10: relevant results in the top 10 / "
                 "min(10, relevant items). An item is relevant when it holds any concept the query is judged to "
                 "name (bench/queries). Every query's expansion terms: the expansions file beside this one.")
    return "\n".join(lines)


def render_expansions(result: dict[str, Any]) -> str:
    """Every measured query: its scores and the terms deep search searched besides the query."""
    lines = ["# Deep search's expansion terms, every query", "",
             ("Written by `python -m bench.natural`; do not edit by hand. For review by a person: each row is a "
             "query, its relevant item count, precision@10 normal and deep, and the terms deep search searched "
             "besides the query (after the search service's model check; a term with relation 'part' is a word "
             "of the query the model reads, searched in place of a query it cannot read), and the terms "
             "expansion_svc.core.api.is_licensed refuses."), ""]
    for name, measured in result["sets"].items():
        lines += [f"## {name}", ""]
        lines.append(_table(["class", "query", "relevant", "normal P@10", "deep P@10", "expansion terms",
                             "not licensed"],
                            [[row["kind"], row["query"], str(row["relevant"]), _f(row["normal"]["precision@10"]),
                              _f(row["deep"]["precision@10"]), ", ".join(row["expansions"]) or "(none)",
                              ", ".join(row["unlicensed"])]
                             for row in measured["queries"]]))
        lines.append("")
    return "\n".join(lines)
