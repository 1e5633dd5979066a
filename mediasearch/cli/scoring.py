"""Score analysis behind `debug-scores` and `tune`: the temperature rule, distributions, the HTML report.

The recommendation rule (deterministic, documented in the README):

- Seed form, score = sigmoid(T * cos) (no bias): choose T so the best-matching
  concept scores 0.9, T = logit(0.9) / top, clamped to [1, 200]. When the top
  cosine is not positive, no temperature can help: the rule says so and
  suggests the two-point form below.
- Two-point form, score = sigmoid(T * cos + B): choose T and B so the best
  concept scores 0.9 and the median concept (a typical non-match) scores 0.1:
  T = (logit(0.9) - logit(0.1)) / (top - median), B = logit(0.9) - T * top.

Both take the cosines of one image (or query) against many concepts; the top
is assumed to be a true match and the median a non-match, which holds for any
vocabulary much larger than what one image shows.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from mediasearch.scores import logit

TARGET_MATCH = 0.9
TARGET_NON_MATCH = 0.1
TEMPERATURE_RANGE = (1.0, 200.0)


@dataclass(frozen=True)
class Recommendation:
    """A recommended temperature (fixed-temperature form) and slope/bias pair (two-point form), with the rule used."""

    temperature: float | None
    slope: float
    bias: float
    top_cosine: float
    median_cosine: float
    rule: str


def recommend(cosines: np.ndarray) -> Recommendation:
    """Apply the module's rule to the cosines of one image or query against a concept vocabulary."""
    values = np.asarray(cosines, dtype=np.float64)
    if values.size < 2:
        raise ValueError("need at least two cosines to recommend a calibration")
    top, median = float(values.max()), float(np.median(values))
    low, high = TEMPERATURE_RANGE
    if top > 0:
        temperature = float(np.clip(logit(TARGET_MATCH) / top, low, high))
        fixed_rule = f"T = logit({TARGET_MATCH}) / top cosine = {logit(TARGET_MATCH):.3f} / {top:.4f}"
    else:
        temperature = None
        fixed_rule = "top cosine is not positive, so sigmoid(T * cos) stays below 0.5 for every T"
    spread = max(top - median, 1e-6)
    slope = (logit(TARGET_MATCH) - logit(TARGET_NON_MATCH)) / spread
    bias = logit(TARGET_MATCH) - slope * top
    rule = (
        f"fixed-temperature form: {fixed_rule}, clamped to [{low:g}, {high:g}]; "
        f"two-point form: best concept -> {TARGET_MATCH}, median concept -> {TARGET_NON_MATCH}"
    )
    return Recommendation(temperature, slope, bias, top, median, rule)


def percentiles(cosines: np.ndarray) -> dict[str, float]:
    values = np.asarray(cosines, dtype=np.float64)
    return {f"p{q}": float(np.percentile(values, q)) for q in (0, 5, 25, 50, 75, 95, 100)}


def text_histogram(values: np.ndarray, bins: int = 12, width: int = 40) -> list[str]:
    """A terminal histogram: one line per bin with its range, count and a bar."""
    counts, edges = np.histogram(np.asarray(values, dtype=np.float64), bins=bins)
    peak = max(int(counts.max()), 1)
    return [
        f"{edges[i]:+.3f} .. {edges[i + 1]:+.3f} {int(c):6d} {'#' * round(width * int(c) / peak)}"
        for i, c in enumerate(counts)
    ]


def svg_histogram(
    values: np.ndarray,
    *,
    bins: int = 30,
    marks: dict[str, float] | None = None,
    title: str = "",
    width: int = 640,
    height: int = 240,
) -> str:
    """An inline SVG histogram, with vertical marker lines (e.g. the cosine where a score is 0.5)."""
    counts, edges = np.histogram(np.asarray(values, dtype=np.float64), bins=bins)
    pad, peak = 36, max(int(counts.max()), 1)
    lo, hi = float(edges[0]), float(edges[-1])
    span = (hi - lo) or 1.0

    def x_of(value: float) -> float:
        return pad + (value - lo) / span * (width - 2 * pad)

    bar_w = (width - 2 * pad) / bins
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
        f"<title>{html.escape(title)}</title>",
        f'<text x="{pad}" y="16" font-size="13">{html.escape(title)}</text>',
    ]
    for i, count in enumerate(counts):
        h = (height - 2 * pad) * int(count) / peak
        parts.append(
            f'<rect x="{pad + i * bar_w:.1f}" y="{height - pad - h:.1f}" width="{bar_w - 1:.1f}" '
            f'height="{h:.1f}" fill="#4c78a8"><title>{edges[i]:+.3f}..{edges[i + 1]:+.3f}: {int(count)}</title></rect>'
        )
    for label, value in (marks or {}).items():
        if lo <= value <= hi:
            x = x_of(value)
            parts.append(
                f'<line x1="{x:.1f}" y1="{pad - 10}" x2="{x:.1f}" y2="{height - pad}" stroke="#e45756" stroke-dasharray="4"/>'
            )
            parts.append(
                f'<text x="{x + 3:.1f}" y="{pad - 2}" font-size="11" fill="#e45756">{html.escape(label)}</text>'
            )
    parts.append(f'<text x="{pad}" y="{height - 10}" font-size="11">{lo:+.3f}</text>')
    parts.append(f'<text x="{width - pad - 40}" y="{height - 10}" font-size="11">{hi:+.3f}</text>')
    parts.append(f'<text x="{width / 2 - 40:.0f}" y="{height - 10}" font-size="11">raw cosine</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def html_report(title: str, sections: list[tuple[str, str]]) -> str:
    """A self-contained HTML page; each section is (heading, HTML body)."""
    body = "\n".join(f"<h2>{html.escape(h)}</h2>\n{content}" for h, content in sections)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )


def html_table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    lines = ["<table><tr>" + head + "</tr>"]
    for row in rows:
        cells = "".join(f"<td>{html.escape(f'{v:.4f}' if isinstance(v, float) else str(v))}</td>" for v in row)
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)
