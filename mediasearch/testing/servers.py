"""Settings for services started inside tests and benchmarks: loopback, free ports, quiet logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def embedder_settings(model_dir: Path | str, **overrides: Any):  # type: ignore[no-untyped-def]
    """EmbedderSettings for a test server on loopback with a free metrics port and one CPU thread."""
    from embedder_svc.settings import EmbedderSettings

    values: dict[str, Any] = {
        "model": str(model_dir),
        "host": "127.0.0.1",
        "metrics_port": 0,
        "cpu_threads": 1,
        "log_format": "text",
        "grace_period_s": 1.0,
    }
    values.update(overrides)
    return EmbedderSettings(**values)
