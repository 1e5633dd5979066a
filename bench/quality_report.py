"""The quality benchmark's printed report: the issue's bars with pass/fail, and the Markdown tables.

The report is printed once and the same text goes into docs/quality.md and
the JSON file, so the docs hold exactly the numbers the run printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Issue 8's "done when", in the order it lists them. The deep-search margin is
# not a number in the issue ("by a margin the benchmark shows"); +0.05 recall@10
# is this benchmark's reading of it: more than run-to-run noise of a few queries.
DEEP_MARGIN = 0.05


@dataclass(frozen=True)
class Bar:
    name: str
    target: str
    measured: float | None
    met: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "measured": self.measured, "met": self.met}

    def cells(self) -> list[str]:
        shown = "n/a" if self.measured is None else f"{self.measured:.3f}"
        return [self.name, self.target, shown, "PASS" if self.met else "FAIL"]


def _at_least(name: str, value: float | None, target: float) -> Bar:
    return Bar(name, f">= {target:.2f}", value, value is not None and value >= target)


def bars(result: dict[str, Any]) -> list[Bar]:
    model = result["model_metrics"]
    t2i = model["text_to_image"]
    calibration = result["calibration"]
    native, platt = calibration["model_native"], calibration["platt"]
    held = result["search"]["held-out words"]["modes"]
    margin = held["deep"]["recall@10"] - held["normal"]["recall@10"]
    expansion_ok = held["deep"]["expansion_unavailable"] == 0
    zero_shot = model.get("zero_shot", {}).get("top1")
    classes = model.get("zero_shot", {}).get("classes", len(result["search"]["concept names"]["per_query_recall@10"]))
    single = t2i.get("single-emoji scenes", {}).get("recall@10")
    return [
        _at_least(f"{classes}-way zero-shot top-1, single-emoji scenes", zero_shot, 0.90),
        _at_least("text-to-image recall@10, single-emoji scenes", single, 0.95),
        _at_least("text-to-image recall@10, all scenes (1-3 emoji)", t2i["all scenes"]["recall@10"], 0.70),
        _at_least("image-to-image same-concept precision@5 (FindSimilar)", result["image_to_image"]["precision@5"],
                  0.60),
        _at_least("AUC, matching vs non-matching pairs", calibration["auc"], 0.97),
        _at_least("true pairs passing model-native 0.5", native["true_pass_rate@0.5"], 0.70),
        Bar("false positives at model-native 0.5", "< 0.010", native["false_positive_rate@0.5"],
            native["false_positive_rate@0.5"] < 0.01),
        Bar("ECE after the Platt fit", "<= 0.050", platt["ece"] if platt else None,
            platt is not None and platt["ece"] <= 0.05),
        Bar("deep - normal search recall@10, held-out words", f">= +{DEEP_MARGIN:.2f}" + (
            "" if expansion_ok else " (expansion service was unavailable)"), margin,
            expansion_ok and margin >= DEEP_MARGIN),
    ]


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _f(value: float) -> str:
    return f"{value:.3f}"


def render(result: dict[str, Any], bar_list: list[Bar]) -> str:
    run, model_metrics = result["run"], result["model_metrics"]
    corpus = run["corpus"]
    counts = ", ".join(f"{n} with {k} emoji" for k, n in corpus["scenes_by_emoji_count"].items())
    lines = [
        f"Command: `{run['command']}`",
        "",
        f"- Date: {run['date']} ({run['seconds']:.0f} s)",
        f"- Model: `{run['model']['model_id']}` ({run['model']['source']}); embedding dimension "
        f"{run['model']['dimension']}, logit scale {run['model']['logit_scale_exp']:.3f}, "
        f"logit bias {run['model']['logit_bias']:.3f}",
        f"- Corpus: {corpus['items']} items, {corpus['scenes']} generated scenes ({counts}), "
        f"{corpus['photos']} photos; seed {corpus['seed']}; {corpus['source']}",
        f"- Services: {run['services']}",
        "",
        "### Issue 8 bars",
        "",
        _table(["bar", "target", "measured", "result"], [b.cells() for b in bar_list]),
        "",
        f"{sum(b.met for b in bar_list)} of {len(bar_list)} bars met.",
        "",
        "### Text search over gRPC (Search RPC)",
        "",
    ]
    rows = []
    for set_name, measured in result["search"].items():
        for mode, m in measured["modes"].items():
            extra = f" ({m['mean_expansion_terms']:.1f} expansion terms/query)" if mode == "deep" else ""
            rows.append([set_name, str(m["queries"]), mode + extra, _f(m["recall@10"]), _f(m["ndcg@10"]),
                         _f(m["map"])])
    lines += [_table(["query set", "queries", "mode", "recall@10", "nDCG@10", "mAP"], rows), "",
              "recall@10 = relevant items in the top 10 / min(10, relevant items), averaged over queries; mAP over "
              f"the ranking fetched down to {run['depth']} results. Scores are under the model-native calibration; "
              "deep search's collapsed near-duplicates are counted right after the result that holds them.", ""]
    lines += ["### Held-out words: recall@10 per word", ""]
    held = result["search"]["held-out words"]["per_query_recall@10"]
    lines.append(_table(
        ["word", "relevant", "normal", "deep", "deep, no expansion", "deep search's expansions"],
        [[word, str(q["relevant"]), _f(q["normal"]), _f(q["deep"]), _f(q["deep, no expansion"]),
          ", ".join(q.get("expansions", [])[:6]) or "(none)"] for word, q in held.items()]))
    lines += ["", "### The model through the embedder service (exact, no index)", ""]
    rows = []
    if "zero_shot" in model_metrics:
        z = model_metrics["zero_shot"]
        rows.append([f"{z['classes']}-way zero-shot, {z['scenes']} single-emoji scenes", "top-1 / top-5",
                     f"{_f(z['top1'])} / {_f(z['top5'])}"])
    for gallery, m in model_metrics["text_to_image"].items():
        rows.append([f"text-to-image, concept names, {gallery} ({m['queries']} queries)", "recall@10 / nDCG@10 / mAP",
                     f"{_f(m['recall@10'])} / {_f(m['ndcg@10'])} / {_f(m['map'])}"])
    i2i = result["image_to_image"]
    rows.append([f"image-to-image via FindSimilar, {i2i['queries']} scene queries", "same-concept precision@5",
                 _f(i2i["precision@5"])])
    lines += [_table(["measure", "metric", "value"], rows), ""]
    lines += _calibration_lines(result["calibration"])
    return "\n".join(lines)


def _calibration_lines(c: dict[str, Any]) -> list[str]:
    rows = []
    for label, key in (("model-native (before)", "model_native"), ("Platt fit (after)", "platt")):
        m = c[key]
        if m is None:
            rows.append([label] + ["n/a"] * 9)
            continue
        rows.append([label, f"{m['slope']:.3f}", f"{m['intercept']:.3f}", _f(m["ece"]), _f(m["brier"]),
                     _f(m["mean_p_matching"]), f"{m['mean_p_non_matching']:.4f}", _f(m["true_pass_rate@0.5"]),
                     f"{m['false_positive_rate@0.5']:.4f}", _f(m["precision@0.5"])])
    fit = c["service_fit"]
    if fit is None:
        fit_lines = [f"The FitCalibration RPC refused the Platt fit: {c['platt_refused']}"]
    else:
        fit_lines = [
            f"The Platt fit (FitCalibration RPC) used {fit['pairs']:,} pairs, a uniform sample of the other half of the scenes' pairs. The "
            f"service's own report on them ({fit['bins_note']}): ECE {fit['before']['ece']:.4f} -> "
            f"{fit['after']['ece']:.4f}, Brier {fit['before']['brier']:.4f} -> {fit['after']['brier']:.4f}, "
            f"log loss {fit['before']['log_loss']:.4f} -> {fit['after']['log_loss']:.4f}."]
    return [
        f"### Calibrated scores: {c['eval_pairs']:,} held-out (concept name, scene) pairs, "
        f"{c['eval_matching']:,} matching",
        "",
        f"AUC, matching vs non-matching: {c['auc']:.4f}. Pairs: the {c['concepts']} concept names of the first query "
        "set against every other scene; the fit used the remaining scenes.",
        "",
        _table(["profile", "slope", "intercept", "ECE", "Brier", "mean p matching", "mean p non-matching",
                "true pairs > 0.5", "false positives > 0.5", "precision > 0.5"], rows),
        "",
        f"ECE over {c['bins']} equal-width bins. " + " ".join(fit_lines),
        f"Scores the Search RPC returned for {c['served_check']['results']} results matched the profile's formula on "
        f"the embedder's vectors within {c['served_check']['max_abs_difference']:.4f}.",
    ]
