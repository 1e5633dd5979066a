"""The reliability diagram, drawn with Pillow: mean predicted probability per bin against the observed rate.

A perfectly calibrated score lies on the diagonal. Each curve is one
calibration profile on the same held-out pairs; a point's area grows with
the log of the pairs in its bin, because nearly all pairs are non-matching
and sit in the lowest bin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (760, 780)
PLOT = (90, 60, 560, 530)  # left, top, right, bottom of the unit square
COUNTS = (90, 610, 560, 730)  # the pairs-per-bin panel under it
COLOURS = ((200, 60, 40), (30, 110, 200), (40, 150, 70), (150, 80, 170))


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one bitmap size
        return ImageFont.load_default()


def _xy(p: float, q: float) -> tuple[float, float]:
    left, top, right, bottom = PLOT
    return left + p * (right - left), bottom - q * (bottom - top)


def draw_reliability(path: Path, title: str, curves: Sequence[tuple[str, Sequence[dict[str, float]]]]) -> None:
    """curves: (label, bins from `reliability_bins`) per profile, drawn in order over the diagonal."""
    image = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(image)
    small, normal = _font(13), _font(16)
    left, top, right, bottom = PLOT
    for tick in range(11):
        value = tick / 10
        x, y = _xy(value, value)
        draw.line([(x, top), (x, bottom)], fill=(232, 232, 232))
        draw.line([(left, y), (right, y)], fill=(232, 232, 232))
        draw.text((x, bottom + 6), f"{value:.1f}", fill="black", font=small, anchor="mt")
        draw.text((left - 8, y), f"{value:.1f}", fill="black", font=small, anchor="rm")
    draw.rectangle(PLOT, outline="black")
    draw.line([_xy(0, 0), _xy(1, 1)], fill=(120, 120, 120), width=1)
    draw.text(((left + right) / 2, 20), title, fill="black", font=normal, anchor="mt")
    draw.text(((left + right) / 2, bottom + 30), "mean predicted probability in bin", fill="black", font=normal,
              anchor="mt")
    axis_label = Image.new("RGB", (300, 22), "white")
    ImageDraw.Draw(axis_label).text((150, 11), "observed rate of matching pairs", fill="black", font=normal,
                                    anchor="mm")
    image.paste(axis_label.rotate(90, expand=True), (18, (top + bottom) // 2 - 150))
    legend_y = top
    draw.line([(right + 20, legend_y + 8), (right + 44, legend_y + 8)], fill=(120, 120, 120))
    draw.text((right + 50, legend_y), "perfect calibration", fill="black", font=small)
    for number, (label, bins) in enumerate(curves):
        colour = COLOURS[number % len(COLOURS)]
        points = [(b, _xy(b["mean_predicted"], b["observed"])) for b in bins if b["pairs"]]
        if len(points) > 1:
            draw.line([xy for _, xy in points], fill=colour, width=2)
        for b, (x, y) in points:
            radius = 2 + 1.2 * math.log10(b["pairs"])
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour, outline=colour)
        legend_y += 26
        draw.line([(right + 20, legend_y + 8), (right + 44, legend_y + 8)], fill=colour, width=3)
        for offset, line in enumerate(_wrap(label, 22)):
            draw.text((right + 50, legend_y + 16 * offset), line, fill="black", font=small)
        legend_y += 16 * max(0, len(_wrap(label, 22)) - 1)
    draw.text((right + 20, legend_y + 40), "point area ~ log(pairs in bin)", fill=(90, 90, 90), font=small)
    _draw_counts(draw, small, curves)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)


def _draw_counts(draw: ImageDraw.ImageDraw, font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
                 curves: Sequence[tuple[str, Sequence[dict[str, float]]]]) -> None:
    """Pairs per predicted-probability bin, one bar per curve, on a log scale (most pairs sit near 0)."""
    left, top, right, bottom = COUNTS
    draw.rectangle(COUNTS, outline="black")
    draw.text(((left + right) / 2, top - 8), "pairs per bin (log scale)", fill="black", font=font, anchor="mb")
    largest = max((b["pairs"] for _, bins in curves for b in bins), default=0)
    if largest == 0:
        return
    scale = math.log10(largest + 1)
    for number, (_, bins) in enumerate(curves):
        width = (right - left) / len(bins) / len(curves)
        for position, b in enumerate(bins):
            if b["pairs"]:
                x = left + (position * len(curves) + number) * width
                height = (bottom - top - 4) * math.log10(b["pairs"] + 1) / scale
                draw.rectangle([x + 1, bottom - height, x + width - 1, bottom], fill=COLOURS[number % len(COLOURS)])
    draw.text((left - 8, top), f"{largest:,}", fill="black", font=font, anchor="rt")
    draw.text((left - 8, bottom), "1", fill="black", font=font, anchor="rb")


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines
