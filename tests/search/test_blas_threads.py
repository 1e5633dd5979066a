"""SEARCH_BLAS_THREADS: the search service sets numpy's BLAS thread count as it starts, or leaves it (0)."""

from __future__ import annotations

from pathlib import Path

from threadpoolctl import threadpool_info, threadpool_limits

from search_svc.server import create_server
from tests.servers import free_port, search_settings


def blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def started_with(data_dir: Path, blas: int) -> set[int]:
    server, _ = create_server(search_settings(data_dir, embedder_port=free_port(), blas_threads=blas))
    try:
        return blas_threads()
    finally:
        server.stop(0)


def test_the_search_service_sets_blas_threads_or_leaves_them(tmp_path: Path) -> None:
    with threadpool_limits(limits=3, user_api="blas"):  # restored on leaving, whatever the service set
        assert blas_threads() == {3}
        assert started_with(tmp_path / "left", 0) == {3}, "0 leaves BLAS's threads as they were"
        assert started_with(tmp_path / "one", 1) == {1}
        assert started_with(tmp_path / "two", 2) == {2}
