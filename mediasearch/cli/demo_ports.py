"""Ports for `make demo`: the defaults when they are free, free ones otherwise, as shell `export` lines.

The demo script evals the output, so `mediasearch up` (which reads
MEDIASEARCH_*_PORT) and every client command (which read
MEDIASEARCH_*_ADDRESS) agree on where the stack is. Ports a user already set
in the environment are kept as they are.
"""

from __future__ import annotations

import os
import socket

from mediasearch.cli.ports import port_is_free

DEFAULTS = {"EMBEDDER": 50051, "EXPANSION": 50052, "SEARCH": 50053}
METRICS_BASE = 9090
WEB_PORT = 8080


def _any_free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def choose() -> tuple[dict[str, int], int]:
    """Service ports by name and the metrics base port (-1: metrics off because their ports are busy)."""
    ports = {}
    for name, default in DEFAULTS.items():
        chosen = int(os.environ.get(f"MEDIASEARCH_{name}_PORT", default))
        ports[name] = chosen if port_is_free(chosen) else _any_free_port()
    web = int(os.environ.get("MEDIASEARCH_WEB_PORT", WEB_PORT))
    ports["WEB"] = web if web < 0 or port_is_free(web) else _any_free_port()
    base = int(os.environ.get("MEDIASEARCH_METRICS_BASE_PORT", METRICS_BASE))
    if base >= 0 and not all(port_is_free(base + offset) for offset in (1, 2, 3)):
        base = -1
    return ports, base


def main() -> None:
    ports, base = choose()
    for name, port in ports.items():
        print(f"export MEDIASEARCH_{name}_PORT={port} MEDIASEARCH_{name}_ADDRESS=127.0.0.1:{port}")
    print(f"export MEDIASEARCH_METRICS_BASE_PORT={base}")
    defaults = {**DEFAULTS, "WEB": WEB_PORT}
    moved = [f"{name.lower()} {port}" for name, port in ports.items() if port != defaults[name]]
    if moved or base != METRICS_BASE:
        note = ", ".join(moved) + ("; metrics off (9091-9093 busy)" if base < 0 else "")
        print(f"echo '== default ports are busy; using {note}' >&2")


if __name__ == "__main__":
    main()
