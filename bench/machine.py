"""A description of the machine a run happened on, so numbers can be read in context."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

PACKAGES = ("torch", "transformers", "usearch", "faiss-cpu", "numpy", "grpcio", "pillow")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return 0.0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def describe(threads: int) -> dict[str, object]:
    """nproc, CPU model, RAM, library versions, and the load when the run started (a noise indicator)."""
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": _cpu_model(),
        "ram_gib": round(_ram_gib(), 1),
        "python": platform.python_version(),
        "versions": {name: _version(name) for name in PACKAGES},
        "threads": threads,
        "load_average_at_start": load_average(),
    }


def markdown(machine: dict[str, object]) -> str:
    versions = machine["versions"]
    assert isinstance(versions, dict)
    lines = [
        f"- CPU: {machine['cpu_model']}, `nproc` = {machine['nproc']}; benchmark threads: {machine['threads']}",
        f"- RAM: {machine['ram_gib']} GiB; Python {machine['python']}",
        "- " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        f"- load average (1/5/15 min) at start: {machine['load_average_at_start']}"
        + (f"; at end: {machine['load_average_at_end']}" if "load_average_at_end" in machine else ""),
    ]
    return "\n".join(lines)
