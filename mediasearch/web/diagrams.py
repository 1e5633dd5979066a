"""The reliability diagram of a calibration fit, drawn here as inline SVG: no script, no CDN, readable as text.

Each filled bin is a point at (mean score, fraction relevant); a calibrated
profile keeps its points on the diagonal. Before and after share the axes,
so the fit's effect is the points moving onto the line. Point area grows with
the bin's pair count.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

SIZE, PAD = 320, 40
SERIES_COLOURS = ("#9a9a9a", "#1f6feb")  # before, after


def _xy(score: float, fraction: float) -> tuple[float, float]:
    span = SIZE - 2 * PAD
    return PAD + score * span, SIZE - PAD - fraction * span


def _series(bins: Sequence[Any], colour: str, label: str, dashed: bool) -> list[str]:
    filled = [b for b in bins if b.pair_count > 0]
    if not filled:
        return []
    total = sum(b.pair_count for b in filled)
    points = [_xy(b.mean_score, b.relevant_fraction) for b in filled]
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts = [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>']
    for b, (x, y) in zip(filled, points, strict=True):
        radius = 3 + 7 * math.sqrt(b.pair_count / total)
        tip = (
            f"{label}: {b.pair_count} pairs scored {b.lower:.1f}–{b.upper:.1f}, "
            f"mean score {b.mean_score:.3f}, {b.relevant_fraction:.0%} relevant"
        )
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.75">'
            f"<title>{html.escape(tip)}</title></circle>"
        )
    return parts


def reliability_svg(before: Sequence[Any], after: Sequence[Any], title: str = "Reliability diagram") -> str:
    """Both series over the diagonal; `before`/`after` are ReliabilityBin messages or anything with their fields."""
    low, high = PAD, SIZE - PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE + 24}" width="{SIZE}" '
        f'height="{SIZE + 24}" role="img" aria-labelledby="reliability-title" class="reliability">',
        f'<title id="reliability-title">{html.escape(title)}: fraction relevant against mean score per bin, '
        "before and after the fit; calibrated points lie on the diagonal</title>",
        f'<rect x="{low}" y="{low}" width="{high - low}" height="{high - low}" fill="none" stroke="#ccc"/>',
        f'<line x1="{low}" y1="{high}" x2="{high}" y2="{low}" stroke="#666" stroke-dasharray="2 3"/>',
    ]
    for tick in (0.0, 0.5, 1.0):
        x, y = _xy(tick, tick)
        parts.append(f'<text x="{x:.0f}" y="{high + 14}" font-size="11" text-anchor="middle">{tick:g}</text>')
        parts.append(f'<text x="{low - 6}" y="{y + 4:.0f}" font-size="11" text-anchor="end">{tick:g}</text>')
    parts.append(f'<text x="{SIZE / 2:.0f}" y="{high + 30}" font-size="12" text-anchor="middle">mean score</text>')
    parts.append(
        f'<text x="12" y="{SIZE / 2:.0f}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 12 {SIZE / 2:.0f})">fraction relevant</text>'
    )
    for (bins, label, dashed), colour in zip(
        ((before, "before", True), (after, "after", False)), SERIES_COLOURS, strict=True
    ):
        parts += _series(bins, colour, label, dashed)
    for n, (label, colour) in enumerate((("before", SERIES_COLOURS[0]), ("after fit", SERIES_COLOURS[1]))):
        y = low + 6 + 16 * n
        parts.append(f'<circle cx="{low + 10}" cy="{y}" r="5" fill="{colour}"/>')
        parts.append(f'<text x="{low + 20}" y="{y + 4}" font-size="11">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
