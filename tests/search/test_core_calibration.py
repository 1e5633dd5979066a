"""Calibration formulas, profiles, fitting and metrics (pure functions, no services)."""

from __future__ import annotations

import numpy as np
import pytest

from mediasearch.runtime.errors import InvalidArgument
from search_svc.core.calibration import (
    CalibrationMethod, CalibrationProfile, build_profile, calibrate_siglip_score, default_profile,
    model_native_probability, platt_probability, sigmoid, temperature_adjusted_probability,
)
from search_svc.core.calibration_fit import (
    brier_score, calibration_metrics, expected_calibration_error, fit_platt, fit_profile, fit_temperature, log_loss,
    reliability_bins,
)


@pytest.mark.parametrize(("raw", "expected"), [(-0.05, 0.223), (0.00, 0.500), (0.10, 0.924)])
def test_seed_table_is_reproduced(raw: float, expected: float) -> None:
    assert round(calibrate_siglip_score(raw), 3) == expected
    assert round(calibrate_siglip_score(raw, temperature=25.0), 3) == expected


def test_seed_formula_is_vectorised_and_matches_the_scalar_form() -> None:
    raw = np.array([-0.05, 0.0, 0.10])
    assert np.allclose(calibrate_siglip_score(raw), [calibrate_siglip_score(x) for x in raw])


def test_sigmoid_is_stable_at_extremes_and_symmetric() -> None:
    values = sigmoid(np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0]))
    assert np.all(np.isfinite(values))
    assert values[0] == 0.0 and values[-1] == 1.0 and values[2] == 0.5
    assert values[1] == pytest.approx(1.0 - values[3])


def test_one_logistic_function_serves_the_service_and_the_cli() -> None:
    from mediasearch import scores
    from mediasearch.cli import tune
    from search_svc.core import calibration

    # The service's original API stays importable, and is the shared implementation the CLI uses too.
    assert calibration.sigmoid is scores.sigmoid is tune.sigmoid and calibration.logit is scores.logit
    x = np.array([-30.0, -2.5, 0.0, 0.7, 30.0])
    assert np.allclose(scores.logit(scores.sigmoid(x)), x)
    assert isinstance(scores.sigmoid(0.3), float) and np.isfinite(scores.logit(1.0))


def test_model_native_probability_uses_the_checkpoint_values() -> None:
    # so400m-like values from the issue: p = 0.5 near cosine 0.147, 1%..99% within ~0.08 of cosine.
    scale, bias = 112.3, -16.5
    assert model_native_probability(-bias / scale, scale, bias) == pytest.approx(0.5)
    low, high = (np.log(0.01 / 0.99) - bias) / scale, (np.log(0.99 / 0.01) - bias) / scale
    assert high - low == pytest.approx(0.0818, abs=1e-3)
    assert model_native_probability(0.10, scale, bias) < 0.01 < 0.99 < model_native_probability(0.20, scale, bias)


def test_temperature_adjusted_softens_and_reduces_to_native_at_one() -> None:
    cosines = np.linspace(-0.2, 0.4, 13)
    assert np.allclose(temperature_adjusted_probability(cosines, 112.3, -16.5, 1.0),
                       model_native_probability(cosines, 112.3, -16.5))
    soft = temperature_adjusted_probability(0.2, 112.3, -16.5, 4.0)
    assert 0.5 < soft < model_native_probability(0.2, 112.3, -16.5)


@pytest.mark.parametrize("profile, formula", [
    (CalibrationProfile.fixed_temperature(25.0), lambda c: calibrate_siglip_score(c, 25.0)),
    (CalibrationProfile.model_native(112.3, -16.5), lambda c: model_native_probability(c, 112.3, -16.5)),
    (CalibrationProfile.temperature_adjusted(112.3, -16.5, 3.0),
     lambda c: temperature_adjusted_probability(c, 112.3, -16.5, 3.0)),
    (CalibrationProfile.platt(40.0, -4.0), lambda c: platt_probability(c, 40.0, -4.0)),
])
def test_every_profile_reduces_to_slope_and_intercept(profile: CalibrationProfile, formula) -> None:
    cosines = np.linspace(-0.3, 0.5, 17)
    assert np.allclose(profile.score(cosines), formula(cosines))
    assert np.allclose(profile.score(cosines), sigmoid(profile.slope * cosines + profile.intercept))
    assert profile.score(profile.cosine_at_half) == pytest.approx(0.5)
    assert profile.cosine_for_score(profile.score(0.12)) == pytest.approx(0.12)


def test_profile_survives_json_and_rejects_inverted_slopes() -> None:
    profile = CalibrationProfile.temperature_adjusted(112.3, -16.5, 2.0, updated_at_ns=123)
    assert CalibrationProfile.from_json(profile.to_json()) == profile
    with pytest.raises(InvalidArgument) as error:
        CalibrationProfile.platt(-3.0, 0.0)
    assert error.value.violations[0].field == "calibration.slope"


def test_profile_stored_under_the_old_method_name_still_loads() -> None:
    stored = CalibrationProfile.fixed_temperature(30.0).to_json().replace('"FIXED_TEMPERATURE"', '"SEED_TEMPERATURE"')
    assert '"SEED_TEMPERATURE"' in stored
    assert CalibrationProfile.from_json(stored) == CalibrationProfile.fixed_temperature(30.0)


def test_build_profile_fills_defaults_and_names_bad_fields() -> None:
    seed = build_profile(CalibrationMethod.FIXED_TEMPERATURE, logit_scale_exp=10.0, logit_bias=-5.0)
    assert (seed.temperature, seed.slope, seed.logit_scale_exp) == (25.0, 25.0, 10.0)
    adjusted = build_profile(CalibrationMethod.TEMPERATURE_ADJUSTED, logit_scale_exp=10.0, logit_bias=-5.0)
    assert (adjusted.temperature, adjusted.slope, adjusted.intercept) == (1.0, 10.0, -5.0)
    with pytest.raises(InvalidArgument) as error:
        build_profile(CalibrationMethod.UNSPECIFIED, logit_scale_exp=10.0, logit_bias=-5.0)
    assert error.value.violations[0].field == "calibration.method"
    with pytest.raises(InvalidArgument) as error:
        build_profile(CalibrationMethod.FIXED_TEMPERATURE, temperature=-1.0, logit_scale_exp=10.0, logit_bias=-5.0)
    assert error.value.violations[0].field == "calibration.temperature"


def test_default_profile_prefers_the_models_own_values() -> None:
    assert default_profile(112.3, -16.5).method == CalibrationMethod.MODEL_NATIVE
    assert default_profile(None, None).method == CalibrationMethod.FIXED_TEMPERATURE


def test_metrics_on_a_hand_computed_example() -> None:
    p = np.array([0.1, 0.1, 0.9, 0.9])
    y = np.array([0, 1, 1, 1])
    # bin 1: mean p 0.1, frequency 0.5 -> gap 0.4 (weight 1/2); bin 9: 0.9 vs 1.0 -> 0.1 (weight 1/2)
    assert expected_calibration_error(p, y) == pytest.approx(0.25)
    assert brier_score(p, y) == pytest.approx((0.01 + 0.81 + 0.01 + 0.01) / 4)
    assert log_loss(p, y) == pytest.approx(-(np.log(0.9) + np.log(0.1) + 2 * np.log(0.9)) / 4)
    assert calibration_metrics(p, y).pair_count == 4


def test_reliability_bins_are_the_ece_bins_on_a_hand_computed_example() -> None:
    p = np.array([0.1, 0.1, 0.9, 0.9, 1.0])
    y = np.array([0, 1, 1, 1, 0])
    bins = reliability_bins(p, y)
    assert [(b.lower, b.upper) for b in bins] == [(pytest.approx(i / 10), pytest.approx((i + 1) / 10)) for i in range(10)]
    assert [b.pair_count for b in bins] == [0, 2, 0, 0, 0, 0, 0, 0, 0, 3]  # 1.0 falls in the last bin
    assert bins[1].mean_score == pytest.approx(0.1) and bins[1].relevant_fraction == pytest.approx(0.5)
    assert bins[9].mean_score == pytest.approx(2.8 / 3) and bins[9].relevant_fraction == pytest.approx(2 / 3)
    assert bins[0].mean_score == 0.0 and bins[0].relevant_fraction == 0.0
    # The ECE is the count-weighted gap of these very bins.
    gap = sum(b.pair_count * abs(b.mean_score - b.relevant_fraction) for b in bins) / len(p)
    assert expected_calibration_error(p, y) == pytest.approx(gap)


def _labelled_pairs(rng: np.random.Generator, count: int, slope: float, intercept: float):
    cosines = rng.uniform(-0.05, 0.30, count)
    labels = (rng.uniform(size=count) < sigmoid(slope * cosines + intercept)).astype(float)
    return cosines, labels


def test_platt_fit_recovers_the_curve_and_improves_ece() -> None:
    rng = np.random.default_rng(7)
    cosines, labels = _labelled_pairs(rng, 4000, slope=40.0, intercept=-4.0)
    slope, intercept = fit_platt(cosines, labels)
    assert slope == pytest.approx(40.0, rel=0.15)
    assert -intercept / slope == pytest.approx(0.1, abs=0.01)

    seed = CalibrationProfile.fixed_temperature()
    report = fit_profile(CalibrationMethod.PLATT, cosines, labels, seed, logit_scale_exp=112.3, logit_bias=-16.5,
                         now_ns=42)
    assert report.profile.method == CalibrationMethod.PLATT and report.profile.updated_at_ns == 42
    assert report.after.ece < 0.03 < report.before.ece
    assert report.after.brier < report.before.brier
    assert report.after.log_loss < report.before.log_loss
    assert report.after.pair_count == 4000


def test_platt_fit_stays_finite_on_separable_pairs() -> None:
    cosines = np.array([0.01, 0.02, 0.03, 0.04, 0.05, 0.15, 0.16, 0.17, 0.18, 0.19])
    labels = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    slope, intercept = fit_platt(cosines, labels)
    assert np.isfinite(slope) and np.isfinite(intercept) and slope > 0
    assert 0.05 < -intercept / slope < 0.15
    assert platt_probability(0.19, slope, intercept) > 0.9 > 0.1 > platt_probability(0.01, slope, intercept)


def test_temperature_fit_recovers_the_softening() -> None:
    rng = np.random.default_rng(11)
    cosines = rng.uniform(0.0, 0.3, 5000)
    truth = temperature_adjusted_probability(cosines, 112.3, -16.5, 3.0)
    labels = (rng.uniform(size=5000) < truth).astype(float)
    assert fit_temperature(cosines, labels, 112.3, -16.5) == pytest.approx(3.0, rel=0.1)
    report = fit_profile(CalibrationMethod.TEMPERATURE_ADJUSTED, cosines, labels,
                         CalibrationProfile.model_native(112.3, -16.5), logit_scale_exp=112.3, logit_bias=-16.5,
                         now_ns=1)
    assert report.after.ece < report.before.ece


@pytest.mark.parametrize(("cosines", "labels", "reason"), [
    ([0.1] * 5, [0, 1, 0, 1, 0], "TOO_FEW_PAIRS"),
    ([0.1 * i for i in range(12)], [1] * 12, "ONE_CLASS_ONLY"),
    ([0.3 - 0.01 * i for i in range(12)], [0] * 6 + [1] * 6, "CALIBRATION_DEGENERATE"),
])
def test_fitting_rejects_unusable_pairs(cosines, labels, reason: str) -> None:
    with pytest.raises(InvalidArgument) as error:
        fit_profile(CalibrationMethod.PLATT, cosines, labels, CalibrationProfile.fixed_temperature(), logit_scale_exp=10.0,
                    logit_bias=-5.0, now_ns=0)
    assert error.value.reason == reason
    assert error.value.violations[0].field == "pairs"
