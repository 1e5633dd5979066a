"""cProfile summaries for the "where the time goes" sections: the top functions by own time."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path

from bench.stats import fmt

_REPO = str(Path(__file__).resolve().parent.parent) + "/"


def top_functions(call: Callable[[], object], repeat: int, top: int = 10) -> str:
    """Runs `call` `repeat` times under cProfile (this thread only); a Markdown table of the top functions.

    Time spent waiting inside a blocking call (a gRPC call to another service,
    a C extension) shows as that call's own time.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    total = sum(value[2] for value in stats.stats.values()) or 1.0  # type: ignore[attr-defined]
    lines = [f"cProfile over {repeat} calls, top {top} functions by own time:", "",
             "| function | calls | own ms per call | share of own time | cumulative ms per call |",
             "|---|---|---|---|---|"]
    for (filename, line, name), (_, calls, own, cumulative, _) in entries:
        where = _short(filename)
        label = f"`{name}` ({where}:{line})" if line else f"`{name}`"
        lines.append(f"| {label} | {calls} | {fmt(own / repeat * 1000, 3)} | {own / total * 100:.0f}% | "
                     f"{fmt(cumulative / repeat * 1000, 3)} |")
    return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in ("site-packages/", _REPO, "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.rsplit("/", 1)[-1]
