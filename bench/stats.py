"""Small timing helpers: latency percentiles, process memory, and a progress printer."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def percentile_ms(seconds: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(seconds, dtype=np.float64), q) * 1000.0) if len(seconds) else float("nan")


@dataclass
class Latencies:
    """Per-call wall times in seconds."""

    seconds: list[float] = field(default_factory=list)

    def time(self, call: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = call()
        self.seconds.append(time.perf_counter() - started)
        return result

    @property
    def p50_ms(self) -> float:
        return percentile_ms(self.seconds, 50)

    @property
    def p99_ms(self) -> float:
        return percentile_ms(self.seconds, 99)

    @property
    def total(self) -> float:
        return float(sum(self.seconds))

    def summary(self) -> dict[str, float]:
        return {"n": len(self.seconds), "p50_ms": round(self.p50_ms, 3), "p99_ms": round(self.p99_ms, 3),
                "mean_ms": round(self.total / max(1, len(self.seconds)) * 1000, 3)}


def rss_mib() -> float:
    """Resident memory of this process, in MiB (Linux), after glibc returns freed heap pages to the system,
    so that growth measured between two calls is new memory, not reuse of memory freed earlier."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def fmt(value: float, digits: int = 2) -> str:
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


class Progress:
    """Timestamped progress lines on stderr, so a long run shows where it is (stdout holds the results)."""

    def __init__(self, stream=sys.stderr) -> None:  # type: ignore[no-untyped-def]
        self._start = time.monotonic()
        self._stream = stream

    def __call__(self, message: str) -> None:
        elapsed = int(time.monotonic() - self._start)
        print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", file=self._stream, flush=True)
