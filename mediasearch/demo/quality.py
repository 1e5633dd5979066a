"""Retrieval and calibration metrics, pure numpy, shared by the training evaluation and the quality benchmark.

Definitions (the issue's):
- recall@k: relevant items in the top k divided by min(k, number relevant), so a
  query with 3 relevant items can reach 1.0; averaged over queries with any.
- nDCG@k with binary gains; average precision over the full ranking.
- AUC: probability that a random matching pair scores above a random
  non-matching one (ties count half), computed from ranks.
- ECE: |mean predicted - observed rate| per equal-width probability bin,
  weighted by the bin's share of pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def ranking(scores: np.ndarray) -> np.ndarray:
    """Item indices by descending score; stable, so ties keep index order."""
    return np.argsort(-np.asarray(scores), kind="stable")


def recall_at_k(ranked: Sequence[int] | np.ndarray, relevant: Iterable[int], k: int) -> float:
    relevant = set(int(i) for i in relevant)
    if not relevant:
        raise ValueError("recall is undefined for a query with no relevant item")
    hits = sum(1 for item in list(ranked)[:k] if int(item) in relevant)
    return hits / min(k, len(relevant))


def precision_at_k(ranked: Sequence[int] | np.ndarray, relevant: Iterable[int], k: int) -> float:
    relevant = set(int(i) for i in relevant)
    return sum(1 for item in list(ranked)[:k] if int(item) in relevant) / k


def ndcg_at_k(ranked: Sequence[int] | np.ndarray, relevant: Iterable[int], k: int) -> float:
    relevant = set(int(i) for i in relevant)
    if not relevant:
        raise ValueError("nDCG is undefined for a query with no relevant item")
    gains = [1.0 if int(item) in relevant else 0.0 for item in list(ranked)[:k]]
    dcg = sum(gain / np.log2(position + 2) for position, gain in enumerate(gains))
    ideal = sum(1.0 / np.log2(position + 2) for position in range(min(k, len(relevant))))
    return float(dcg / ideal)


def average_precision(ranked: Sequence[int] | np.ndarray, relevant: Iterable[int]) -> float:
    relevant = set(int(i) for i in relevant)
    if not relevant:
        raise ValueError("average precision is undefined for a query with no relevant item")
    hits, total = 0, 0.0
    for position, item in enumerate(ranked, start=1):
        if int(item) in relevant:
            hits += 1
            total += hits / position
    return total / len(relevant)


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve from the Mann-Whitney rank statistic, with tied scores averaged."""
    scores = np.asarray(scores, dtype=np.float64).ravel()
    labels = np.asarray(labels, dtype=bool).ravel()
    positives, negatives = int(labels.sum()), int((~labels).sum())
    if positives == 0 or negatives == 0:
        raise ValueError("AUC needs both matching and non-matching pairs")
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    # Average rank over each run of equal scores.
    starts = np.flatnonzero(np.r_[True, sorted_scores[1:] != sorted_scores[:-1]])
    ends = np.r_[starts[1:], len(scores)]
    run_ranks = (starts + ends + 1) / 2.0  # 1-based mean of positions start+1 .. end
    ranks[order] = np.repeat(run_ranks, ends - starts)
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = 15) -> float:
    probabilities = np.asarray(probabilities, dtype=np.float64).ravel()
    labels = np.asarray(labels, dtype=np.float64).ravel()
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.mean() * abs(probabilities[members].mean() - labels[members].mean())
    return float(error)


def brier_score(probabilities: np.ndarray, labels: np.ndarray) -> float:
    probabilities = np.asarray(probabilities, dtype=np.float64).ravel()
    return float(np.mean((probabilities - np.asarray(labels, dtype=np.float64).ravel()) ** 2))


def threshold_report(probabilities: np.ndarray, labels: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    """How a probability threshold splits matching from non-matching pairs."""
    probabilities = np.asarray(probabilities, dtype=np.float64).ravel()
    labels = np.asarray(labels, dtype=bool).ravel()
    accepted = probabilities > threshold
    true_positives = int((accepted & labels).sum())
    return {
        "true_pass_rate": true_positives / max(int(labels.sum()), 1),
        "false_positive_rate": int((accepted & ~labels).sum()) / max(int((~labels).sum()), 1),
        "precision": true_positives / max(int(accepted.sum()), 1),
    }
