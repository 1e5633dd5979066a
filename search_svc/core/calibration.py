"""Turning raw cosine similarities into calibrated relevance probabilities.

Every supported formula is a logistic function of the cosine,
score = sigmoid(slope * cos + intercept), so a `CalibrationProfile` stores the
method with its parameters and the effective slope and intercept:

- FIXED_TEMPERATURE: sigmoid(temperature * cos), the original fixed-temperature
  sigmoid (`calibrate_siglip_score`), kept for compatibility (temperature is a
  multiplier, default 25).
- MODEL_NATIVE: sigmoid(logit_scale_exp * cos + logit_bias), the probability
  SigLIP was trained to output, with the checkpoint's own learned values.
- TEMPERATURE_ADJUSTED: sigmoid((logit_scale_exp * cos + logit_bias) / T).
- PLATT: sigmoid(a * cos + c) with a, c fitted by logistic regression
  (see `calibration_fit`).

All functions accept floats or numpy arrays and are vectorised.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from mediasearch.runtime.errors import InvalidArgument
from mediasearch.scores import logit, sigmoid

DEFAULT_FIXED_TEMPERATURE = 25.0
# Profiles stored before the rename name the method by its old name.
_LEGACY_METHOD_NAMES = {"SEED_TEMPERATURE": "FIXED_TEMPERATURE"}
# Sane ranges: a cosine spans [-1, 1], so a slope of 1e4 already turns a 1e-4 cosine step into certainty.
MIN_SLOPE, MAX_SLOPE = 1e-3, 1e4
MAX_INTERCEPT = 1e4
MIN_TEMPERATURE, MAX_TEMPERATURE = 1e-3, 1e4
# `sigmoid` and `logit` (mediasearch.scores) stay importable from here: they were this module's API.


class CalibrationMethod(IntEnum):
    """Same numbers as `search.v1.CalibrationMethod`."""

    UNSPECIFIED = 0
    FIXED_TEMPERATURE = 1
    MODEL_NATIVE = 2
    TEMPERATURE_ADJUSTED = 3
    PLATT = 4


def calibrate_siglip_score(raw_similarity: ArrayLike, temperature: float = DEFAULT_FIXED_TEMPERATURE) -> Any:
    """The original fixed-temperature formula sigmoid(temperature * raw_similarity): -0.05 -> 0.223, 0 -> 0.5, 0.10 -> 0.924 at 25."""
    return sigmoid(temperature * np.asarray(raw_similarity, dtype=np.float64))


def model_native_probability(cosine: ArrayLike, logit_scale_exp: float, logit_bias: float) -> Any:
    """SigLIP's own pairwise probability sigmoid(exp(logit_scale) * cos + logit_bias)."""
    return sigmoid(logit_scale_exp * np.asarray(cosine, dtype=np.float64) + logit_bias)


def temperature_adjusted_probability(
    cosine: ArrayLike, logit_scale_exp: float, logit_bias: float, temperature: float
) -> Any:
    """The model-native logit softened (T > 1) or sharpened (T < 1): sigmoid((s * cos + b) / T)."""
    return sigmoid((logit_scale_exp * np.asarray(cosine, dtype=np.float64) + logit_bias) / temperature)


def platt_probability(cosine: ArrayLike, slope: float, intercept: float) -> Any:
    """A fitted logistic curve sigmoid(slope * cos + intercept)."""
    return sigmoid(slope * np.asarray(cosine, dtype=np.float64) + intercept)


@dataclass(frozen=True)
class CalibrationProfile:
    """The calibration in force for a collection, mirroring `search.v1.CalibrationProfile`.

    Build one with the class methods, which fill in `slope` and `intercept`.
    `updated_at_ns` is None for a built-in default that nobody set or fitted.
    """

    method: CalibrationMethod
    slope: float
    intercept: float
    temperature: float = 0.0
    logit_scale_exp: float = 0.0
    logit_bias: float = 0.0
    updated_at_ns: int | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.slope) and math.isfinite(self.intercept)):
            raise InvalidArgument.for_field(
                "calibration", "slope and intercept must be finite", reason="PROFILE_INVALID"
            )
        if self.slope <= 0.0:
            # A non-positive slope would rank less similar items higher, or all alike.
            raise InvalidArgument.for_field("calibration.slope", "must be positive", reason="PROFILE_INVALID")
        # Beyond these every score is 0 or 1 (or cosine_at_half overflows float32 on the wire):
        # a degenerate profile, however it was reached (a temperature of 1e-45 gives slope 1e46).
        if not MIN_SLOPE <= self.slope <= MAX_SLOPE:
            raise InvalidArgument.for_field(
                "calibration.slope",
                f"must be in [{MIN_SLOPE}, {MAX_SLOPE}], got {self.slope}",
                reason="PROFILE_INVALID",
            )
        if abs(self.intercept) > MAX_INTERCEPT:
            raise InvalidArgument.for_field(
                "calibration.intercept",
                f"must be in [-{MAX_INTERCEPT}, {MAX_INTERCEPT}], got {self.intercept}",
                reason="PROFILE_INVALID",
            )

    @classmethod
    def fixed_temperature(
        cls,
        temperature: float = DEFAULT_FIXED_TEMPERATURE,
        *,
        logit_scale_exp: float = 0.0,
        logit_bias: float = 0.0,
        updated_at_ns: int | None = None,
    ) -> CalibrationProfile:
        _require_temperature(temperature)
        return cls(
            CalibrationMethod.FIXED_TEMPERATURE,
            float(temperature),
            0.0,
            float(temperature),
            float(logit_scale_exp),
            float(logit_bias),
            updated_at_ns,
        )

    @classmethod
    def model_native(
        cls, logit_scale_exp: float, logit_bias: float, *, updated_at_ns: int | None = None
    ) -> CalibrationProfile:
        _require_positive("calibration.logit_scale_exp", logit_scale_exp)
        return cls(
            CalibrationMethod.MODEL_NATIVE,
            float(logit_scale_exp),
            float(logit_bias),
            0.0,
            float(logit_scale_exp),
            float(logit_bias),
            updated_at_ns,
        )

    @classmethod
    def temperature_adjusted(
        cls, logit_scale_exp: float, logit_bias: float, temperature: float, *, updated_at_ns: int | None = None
    ) -> CalibrationProfile:
        _require_temperature(temperature)
        _require_positive("calibration.logit_scale_exp", logit_scale_exp)
        return cls(
            CalibrationMethod.TEMPERATURE_ADJUSTED,
            logit_scale_exp / temperature,
            logit_bias / temperature,
            float(temperature),
            float(logit_scale_exp),
            float(logit_bias),
            updated_at_ns,
        )

    @classmethod
    def platt(
        cls,
        slope: float,
        intercept: float,
        *,
        logit_scale_exp: float = 0.0,
        logit_bias: float = 0.0,
        updated_at_ns: int | None = None,
    ) -> CalibrationProfile:
        return cls(
            CalibrationMethod.PLATT,
            float(slope),
            float(intercept),
            0.0,
            float(logit_scale_exp),
            float(logit_bias),
            updated_at_ns,
        )

    @property
    def cosine_at_half(self) -> float:
        """Cosine whose calibrated score is exactly 0.5."""
        return -self.intercept / self.slope

    def score(self, cosine: ArrayLike) -> Any:
        """Calibrated probability of relevance for one cosine or an array of them."""
        return sigmoid(self.slope * np.asarray(cosine, dtype=np.float64) + self.intercept)

    def cosine_for_score(self, score: float) -> float:
        """The cosine at which `score` is reached (the inverse of `score`)."""
        return (logit(score) - self.intercept) / self.slope

    def to_json(self) -> str:
        return json.dumps(
            {
                "method": self.method.name,
                "slope": self.slope,
                "intercept": self.intercept,
                "temperature": self.temperature,
                "logit_scale_exp": self.logit_scale_exp,
                "logit_bias": self.logit_bias,
                "updated_at_ns": self.updated_at_ns,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> CalibrationProfile:
        data = json.loads(text)
        method = _LEGACY_METHOD_NAMES.get(data["method"], data["method"])
        return cls(
            CalibrationMethod[method],
            data["slope"],
            data["intercept"],
            data["temperature"],
            data["logit_scale_exp"],
            data["logit_bias"],
            data["updated_at_ns"],
        )


def build_profile(
    method: CalibrationMethod,
    *,
    logit_scale_exp: float,
    logit_bias: float,
    temperature: float = 0.0,
    slope: float = 0.0,
    intercept: float = 0.0,
    updated_at_ns: int | None = None,
) -> CalibrationProfile:
    """A profile from a hand-chosen request (UpdateCalibration); the model's scale and bias come from the embedder.

    A temperature of 0 means the method's default (25 for the fixed-temperature formula, 1 otherwise).
    """
    if method == CalibrationMethod.FIXED_TEMPERATURE:
        return CalibrationProfile.fixed_temperature(
            temperature or DEFAULT_FIXED_TEMPERATURE,
            logit_scale_exp=logit_scale_exp,
            logit_bias=logit_bias,
            updated_at_ns=updated_at_ns,
        )
    if method == CalibrationMethod.MODEL_NATIVE:
        return CalibrationProfile.model_native(logit_scale_exp, logit_bias, updated_at_ns=updated_at_ns)
    if method == CalibrationMethod.TEMPERATURE_ADJUSTED:
        return CalibrationProfile.temperature_adjusted(
            logit_scale_exp, logit_bias, temperature or 1.0, updated_at_ns=updated_at_ns
        )
    if method == CalibrationMethod.PLATT:
        return CalibrationProfile.platt(
            slope, intercept, logit_scale_exp=logit_scale_exp, logit_bias=logit_bias, updated_at_ns=updated_at_ns
        )
    raise InvalidArgument.for_field("calibration.method", "must name a calibration method", reason="METHOD_UNSPECIFIED")


def default_profile(logit_scale_exp: float | None, logit_bias: float | None) -> CalibrationProfile:
    """The built-in profile for a new collection: the model's own probability when the model reports
    its learned scale and bias, else the original fixed-temperature formula."""
    if logit_scale_exp and logit_scale_exp > 0 and logit_bias is not None:
        return CalibrationProfile.model_native(logit_scale_exp, logit_bias)
    return CalibrationProfile.fixed_temperature()


def _require_positive(field_path: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise InvalidArgument.for_field(field_path, f"must be a positive number, got {value}", reason="PROFILE_INVALID")


def _require_temperature(value: float) -> None:
    _require_positive("calibration.temperature", value)
    if not MIN_TEMPERATURE <= value <= MAX_TEMPERATURE:
        raise InvalidArgument.for_field(
            "calibration.temperature",
            f"must be in [{MIN_TEMPERATURE}, {MAX_TEMPERATURE}], got {value}",
            reason="PROFILE_INVALID",
        )
