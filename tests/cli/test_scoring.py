"""The documented temperature rule, checked against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mediasearch.cli import scoring
from mediasearch.scores import sigmoid

LOGIT_09 = math.log(0.9 / 0.1)


def test_seed_and_two_point_forms() -> None:
    cosines = np.array([0.10, 0.0, 0.0, -0.02, 0.02])  # top 0.10, median 0.0
    rec = scoring.recommend(cosines)
    assert rec.top_cosine == pytest.approx(0.10) and rec.median_cosine == pytest.approx(0.0)
    assert rec.temperature == pytest.approx(LOGIT_09 / 0.10)  # 21.97: the best concept scores 0.9
    assert rec.slope == pytest.approx(2 * LOGIT_09 / 0.10)
    assert rec.bias == pytest.approx(LOGIT_09 - rec.slope * 0.10)


def test_temperature_is_clamped() -> None:
    assert scoring.recommend(np.array([0.001, 0.0, -0.001])).temperature == scoring.TEMPERATURE_RANGE[1]


def test_no_temperature_helps_when_nothing_matches() -> None:
    rec = scoring.recommend(np.array([-0.05, -0.1, -0.2]))
    assert rec.temperature is None and "not positive" in rec.rule
    assert sigmoid(rec.slope * rec.top_cosine + rec.bias) == pytest.approx(0.9)


def test_too_few_cosines_is_an_error() -> None:
    with pytest.raises(ValueError):
        scoring.recommend(np.array([0.1]))


def test_renderings() -> None:
    values = np.linspace(-0.1, 0.1, 50)
    assert len(scoring.text_histogram(values, bins=5)) == 5
    svg = scoring.svg_histogram(values, bins=5, marks={"half": 0.0}, title="t")
    assert svg.count("<rect") == 5 and "half" in svg
    page = scoring.html_report("x", [("h", scoring.html_table(["a", "b"], [["r", 0.5]]))])
    assert "<table>" in page and "0.5000" in page
