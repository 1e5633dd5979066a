"""The search benchmark's data: float32 unit vectors, and exact answers the recall figures rest on."""

from __future__ import annotations

import numpy as np
import pytest

from bench import search_data
from bench.search_data import clustered_vectors, exact_top_k, near


def test_queries_and_data_are_float32_unit_rows() -> None:
    # A float64 query made numpy's exact search upcast the whole matrix per query: a floor 30x too slow at 1M.
    data, centres = clustered_vectors(3_000, 32, seed=1)
    queries = near(centres, 20, np.random.default_rng(2))
    for rows in (data, queries):
        assert rows.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_exact_top_k_is_the_brute_force_answer_best_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks, so the running top-k is merged across several of them as at 1M.
    monkeypatch.setattr(search_data, "CHUNK", 700)
    data, centres = clustered_vectors(2_500, 16, seed=3)
    queries = near(centres, 7, np.random.default_rng(4))
    truth = exact_top_k(data, queries, 10)
    expected = np.argsort(-(queries @ data.T), axis=1)[:, :10]
    assert truth.shape == (7, 10)
    np.testing.assert_array_equal(truth, expected)
