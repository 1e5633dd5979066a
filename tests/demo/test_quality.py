"""Retrieval and calibration metrics agree with their definitions on cases worked by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mediasearch.demo import quality


def test_recall_divides_by_the_smaller_of_k_and_the_relevant_count() -> None:
    ranked = [5, 1, 7, 2, 9]
    assert quality.recall_at_k(ranked, {1, 2}, k=3) == 0.5
    assert quality.recall_at_k(ranked, {1, 2}, k=5) == 1.0
    assert quality.recall_at_k(ranked, set(range(20)), k=5) == 1.0  # 5 relevant in the top 5 of 20 relevant
    with pytest.raises(ValueError):
        quality.recall_at_k(ranked, set(), k=3)


def test_precision_ndcg_and_average_precision() -> None:
    ranked = [3, 0, 4, 1]
    assert quality.precision_at_k(ranked, {0, 1}, 2) == 0.5
    assert quality.average_precision(ranked, {0, 1}) == pytest.approx((1 / 2 + 2 / 4) / 2)
    ideal = 1 + 1 / np.log2(3)
    assert quality.ndcg_at_k(ranked, {0, 1}, 4) == pytest.approx((1 / np.log2(3) + 1 / np.log2(5)) / ideal)
    assert quality.ndcg_at_k([0, 1, 3], {0, 1}, 3) == pytest.approx(1.0)


def test_auc_equals_the_pairwise_count_with_ties_as_half() -> None:
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 6, size=40).astype(float)  # many ties
    labels = rng.random(40) < 0.3
    pairs = [
        1.0 if p > n else 0.5 if p == n else 0.0
        for p, n in itertools.product(scores[labels], scores[~labels])
    ]
    assert quality.roc_auc(scores, labels) == pytest.approx(np.mean(pairs))
    assert quality.roc_auc(np.array([0.1, 0.9]), np.array([False, True])) == 1.0


def test_calibration_errors() -> None:
    probabilities = np.array([0.2] * 10 + [0.8] * 10)
    labels = np.array([1] * 2 + [0] * 8 + [1] * 8 + [0] * 2)
    assert quality.expected_calibration_error(probabilities, labels) == pytest.approx(0.0)
    assert quality.expected_calibration_error(np.full(4, 0.9), np.zeros(4)) == pytest.approx(0.9)
    assert quality.brier_score(np.array([1.0, 0.0, 0.5]), np.array([1, 1, 0])) == pytest.approx((0 + 1 + 0.25) / 3)


def test_threshold_report() -> None:
    report = quality.threshold_report(np.array([0.9, 0.6, 0.4, 0.7, 0.1]), np.array([1, 1, 1, 0, 0]), 0.5)
    assert report["true_pass_rate"] == pytest.approx(2 / 3)
    assert report["false_positive_rate"] == pytest.approx(1 / 2)
    assert report["precision"] == pytest.approx(2 / 3)
