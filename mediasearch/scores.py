"""The logistic function and its inverse, the one implementation behind every calibrated score.

The search service's calibration, its fitting, the CLI's `tune` and
`debug-scores` and the demo's quality metrics all map a logit to a
probability; they share this module so a score shown by the CLI is computed
exactly as the service computes it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

# Probabilities this close to 0 or 1 are clipped so `logit` stays finite.
_EDGE = 1e-15


def sigmoid(x: ArrayLike) -> Any:
    """The logistic function; the tanh form never overflows for large |x|. A float for a scalar, else an array."""
    result = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))
    return float(result) if np.ndim(result) == 0 else result


def logit(p: ArrayLike) -> Any:
    """Inverse of `sigmoid`, clipped away from 0 and 1 so it stays finite."""
    clipped = np.clip(np.asarray(p, dtype=np.float64), _EDGE, 1.0 - _EDGE)
    result = np.log(clipped) - np.log1p(-clipped)
    return float(result) if np.ndim(result) == 0 else result
