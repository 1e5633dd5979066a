"""Fitting calibration profiles from labelled pairs, and measuring calibration quality.

Fits are plain logistic regressions solved by Newton's method (IRLS) in numpy.
A small L2 penalty on the slope keeps the fit finite when the labelled cosines
are perfectly separable, where the unpenalised optimum is an infinite slope.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from mediasearch.runtime.errors import InvalidArgument
from mediasearch.scores import sigmoid
from search_svc.core.calibration import CalibrationMethod, CalibrationProfile

MIN_PAIRS = 10
ECE_BINS = 10
DEFAULT_L2 = 1e-2
_PROBABILITY_FLOOR = 1e-15


@dataclass(frozen=True)
class CalibrationMetrics:
    """Mirrors `search.v1.CalibrationMetrics`."""

    ece: float
    brier: float
    log_loss: float
    pair_count: int


@dataclass(frozen=True)
class ReliabilityBin:
    """Mirrors `search.v1.ReliabilityBin`: the pairs whose score fell in [lower, upper)."""

    lower: float
    upper: float
    pair_count: int
    mean_score: float
    relevant_fraction: float


@dataclass(frozen=True)
class FitReport:
    """A fitted profile with the metrics and reliability diagrams of the previous and the new profile."""

    profile: CalibrationProfile
    before: CalibrationMetrics
    after: CalibrationMetrics
    before_bins: tuple[ReliabilityBin, ...] = ()
    after_bins: tuple[ReliabilityBin, ...] = ()


def _binned(p: np.ndarray, y: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(count, sum of scores, sum of labels) per equal-width bin; bin i holds [i/bins, (i+1)/bins), 1.0 the last."""
    bin_of = np.minimum((p * bins).astype(np.int64), bins - 1)
    counts = np.bincount(bin_of, minlength=bins)
    return counts, np.bincount(bin_of, weights=p, minlength=bins), np.bincount(bin_of, weights=y, minlength=bins)


def expected_calibration_error(probabilities: ArrayLike, labels: ArrayLike, bins: int = ECE_BINS) -> float:
    """Weighted mean gap between mean confidence and observed frequency over equal-width bins."""
    p, y = _as_pairs(probabilities, labels)
    counts, confidence, observed = _binned(p, y, bins)
    filled = counts > 0
    gaps = np.abs(confidence[filled] - observed[filled])
    return float(gaps.sum() / len(p))


def reliability_bins(probabilities: ArrayLike, labels: ArrayLike, bins: int = ECE_BINS) -> tuple[ReliabilityBin, ...]:
    """The reliability diagram behind the ECE: per bin, the mean score against the fraction relevant."""
    p, y = _as_pairs(probabilities, labels)
    counts, confidence, observed = _binned(p, y, bins)
    return tuple(
        ReliabilityBin(
            i / bins,
            (i + 1) / bins,
            int(n),
            float(confidence[i] / n) if n else 0.0,
            float(observed[i] / n) if n else 0.0,
        )
        for i, n in enumerate(counts)
    )


def brier_score(probabilities: ArrayLike, labels: ArrayLike) -> float:
    p, y = _as_pairs(probabilities, labels)
    return float(np.mean((p - y) ** 2))


def log_loss(probabilities: ArrayLike, labels: ArrayLike) -> float:
    """Mean negative log-likelihood (natural log), probabilities clipped away from 0 and 1."""
    p, y = _as_pairs(probabilities, labels)
    p = np.clip(p, _PROBABILITY_FLOOR, 1.0 - _PROBABILITY_FLOOR)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))


def calibration_metrics(probabilities: ArrayLike, labels: ArrayLike) -> CalibrationMetrics:
    p, y = _as_pairs(probabilities, labels)
    return CalibrationMetrics(expected_calibration_error(p, y), brier_score(p, y), log_loss(p, y), len(p))


def fit_logistic(
    features: ArrayLike,
    labels: ArrayLike,
    *,
    fit_intercept: bool = True,
    l2: float = DEFAULT_L2,
    max_iterations: int = 100,
) -> tuple[float, float]:
    """Weight and intercept of sigmoid(w * x + b) maximising the L2-penalised likelihood.

    Newton steps with step halving, so the objective never increases.
    """
    x, y = _as_pairs(features, labels)
    design = np.column_stack([x, np.ones_like(x)]) if fit_intercept else x[:, None]
    penalty = np.zeros(design.shape[1])
    penalty[0] = l2
    # The intercept gets no real penalty; the tiny ridge only keeps the Hessian invertible.
    penalty[1:] = 1e-9
    theta = np.zeros(design.shape[1])

    def objective(params: np.ndarray) -> float:
        z = design @ params
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * params**2))

    current = objective(theta)
    for _ in range(max_iterations):
        z = design @ theta
        p = sigmoid(z)
        gradient = design.T @ (p - y) + penalty * theta
        weights = p * (1.0 - p)
        hessian = (design * weights[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while scale > 1e-6:
            candidate = theta - scale * step
            value = objective(candidate)
            if value <= current:
                break
            scale *= 0.5
        else:
            break
        theta, previous, current = candidate, current, value
        if previous - current < 1e-12 * max(1.0, abs(current)):
            break
    return float(theta[0]), (float(theta[1]) if fit_intercept else 0.0)


def fit_platt(cosines: ArrayLike, labels: ArrayLike, *, l2: float = DEFAULT_L2) -> tuple[float, float]:
    """Slope and intercept of sigmoid(slope * cos + intercept) fitted to the labels.

    The cosine is standardised first: raw cosines span a narrow range (SigLIP
    matches sit near 0.1), which would leave Newton's Hessian badly conditioned
    and make the penalty depend on the cosine's scale.
    """
    x, y = _validated(cosines, labels)
    mean, spread = float(x.mean()), float(x.std())
    if spread == 0.0:
        raise InvalidArgument.for_field(
            "pairs", "all pairs have the same cosine; nothing to fit", reason="CALIBRATION_DEGENERATE"
        )
    weight, bias = fit_logistic((x - mean) / spread, y, l2=l2)
    return weight / spread, bias - weight * mean / spread


def fit_temperature(cosines: ArrayLike, labels: ArrayLike, logit_scale_exp: float, logit_bias: float) -> float:
    """Temperature T of sigmoid((s * cos + b) / T) fitted to the labels, with s and b the model's."""
    x, y = _validated(cosines, labels)
    inverse_temperature, _ = fit_logistic(logit_scale_exp * x + logit_bias, y, fit_intercept=False, l2=1e-6)
    if inverse_temperature <= 0.0:
        raise InvalidArgument.for_field(
            "pairs",
            "relevant pairs do not score above irrelevant ones; no positive temperature fits",
            reason="CALIBRATION_DEGENERATE",
        )
    return 1.0 / inverse_temperature


def fit_profile(
    method: CalibrationMethod,
    cosines: ArrayLike,
    labels: ArrayLike,
    current: CalibrationProfile,
    *,
    logit_scale_exp: float,
    logit_bias: float,
    now_ns: int,
) -> FitReport:
    """Fits PLATT (also for UNSPECIFIED) or TEMPERATURE_ADJUSTED and measures before and after."""
    x, y = _validated(cosines, labels)
    if method in (CalibrationMethod.PLATT, CalibrationMethod.UNSPECIFIED):
        slope, intercept = fit_platt(x, y)
        if slope <= 0.0:
            raise InvalidArgument.for_field(
                "pairs",
                "relevant pairs do not score above irrelevant ones; a Platt fit would invert the ranking",
                reason="CALIBRATION_DEGENERATE",
            )
        profile = CalibrationProfile.platt(
            slope, intercept, logit_scale_exp=logit_scale_exp, logit_bias=logit_bias, updated_at_ns=now_ns
        )
    elif method == CalibrationMethod.TEMPERATURE_ADJUSTED:
        temperature = fit_temperature(x, y, logit_scale_exp, logit_bias)
        profile = CalibrationProfile.temperature_adjusted(
            logit_scale_exp, logit_bias, temperature, updated_at_ns=now_ns
        )
    else:
        raise InvalidArgument.for_field(
            "method", "only PLATT and TEMPERATURE_ADJUSTED can be fitted", reason="METHOD_NOT_FITTABLE"
        )
    before, after = current.score(x), profile.score(x)
    return FitReport(
        profile,
        calibration_metrics(before, y),
        calibration_metrics(after, y),
        reliability_bins(before, y),
        reliability_bins(after, y),
    )


def _as_pairs(values: ArrayLike, labels: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(values, dtype=np.float64).reshape(-1)
    y = np.asarray(labels, dtype=np.float64).reshape(-1)
    if x.shape != y.shape:
        raise ValueError(f"{x.shape[0]} values but {y.shape[0]} labels")
    return x, y


def _validated(cosines: ArrayLike, labels: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x, y = _as_pairs(cosines, labels)
    if len(x) < MIN_PAIRS:
        raise InvalidArgument.for_field(
            "pairs", f"needs at least {MIN_PAIRS} pairs, got {len(x)}", reason="TOO_FEW_PAIRS"
        )
    if not np.all(np.isfinite(x)):
        raise InvalidArgument.for_field("pairs", "cosines must be finite")
    positives = int(np.count_nonzero(y))
    if positives == 0 or positives == len(y):
        raise InvalidArgument.for_field("pairs", "needs both relevant and irrelevant pairs", reason="ONE_CLASS_ONLY")
    return x, y
