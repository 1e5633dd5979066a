"""ef_search by collection size: the default keeps recall as a collection grows, an explicit value stays put."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from search_svc.core import index as index_module
from search_svc.core.index import (
    CONNECTIVITY_BOUNDS, MIN_EXPANSION, IndexConfig, VectorIndex, auto_expansion_search,
)
from search_svc.settings import SearchSettings
from tests.search.conftest import unit_rows

DIM = 8
MIN_CONNECTIVITY, MAX_CONNECTIVITY = CONNECTIVITY_BOUNDS


def _vectors(seed: int, count: int = 400) -> np.ndarray:
    return unit_rows(np.random.default_rng(seed).normal(size=(count, DIM)))


def test_auto_ef_search_grows_with_size_and_is_bounded() -> None:
    assert auto_expansion_search(0) == auto_expansion_search(100_000) == 64
    # The 1M point: ef 192 measured recall@10 0.999 there, 64 only 0.939.
    assert auto_expansion_search(1_000_000) == 208
    assert auto_expansion_search(400_000) == 128
    assert auto_expansion_search(10**9) == 512
    sizes = np.linspace(0, 10**8, 200).astype(int)
    efs = [auto_expansion_search(int(size)) for size in sizes]
    assert efs == sorted(efs) and all(ef % 16 == 0 for ef in efs)


@pytest.fixture
def small_base(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scale the size rule down 1000x so a few hundred vectors show what a few hundred thousand would."""
    monkeypatch.setattr(index_module, "AUTO_EF_BASE_SIZE", 100)


def test_index_follows_its_size_on_add_and_remove(small_base: None) -> None:
    vectors = _vectors(1)
    index = VectorIndex(DIM, IndexConfig())
    index.add(np.arange(100), vectors[:100])
    assert index.expansion_search == 64
    index.add(np.arange(100, 400), vectors[100:])
    assert index.expansion_search == 128
    index.remove(np.arange(300))
    assert index.expansion_search == 64


def test_explicit_ef_search_is_kept_whatever_the_size(small_base: None) -> None:
    vectors = _vectors(2)
    configured = VectorIndex(DIM, IndexConfig(expansion_search=48))
    configured.add(np.arange(400), vectors)
    assert configured.expansion_search == 48
    tuned = VectorIndex(DIM, IndexConfig())
    tuned.set_expansion_search(32)
    tuned.add(np.arange(400), vectors)
    assert tuned.expansion_search == 32


def test_loaded_snapshot_uses_the_ef_for_its_size_not_the_saved_one(small_base: None, tmp_path: Path) -> None:
    vectors = _vectors(3)
    saved = VectorIndex(DIM, IndexConfig())
    saved.set_expansion_search(24)
    saved.add(np.arange(400), vectors)
    saved.save(tmp_path / "index.usearch")
    loaded = VectorIndex.load(tmp_path / "index.usearch", DIM, IndexConfig(), expected_count=400, applied_seq=0)
    assert loaded.expansion_search == 128


def test_setting_is_zero_for_by_size_or_at_least_eight() -> None:
    assert SearchSettings().collection_settings().index.expansion_search == 0
    assert SearchSettings(index_expansion_search=96).collection_settings().index.expansion_search_for(10**6) == 96
    with pytest.raises(ValidationError, match="at least 8"):
        SearchSettings(index_expansion_search=4)


@pytest.mark.parametrize(("field", "value"), [
    ("connectivity", MIN_CONNECTIVITY - 1), ("connectivity", MAX_CONNECTIVITY + 1),
    ("expansion_add", MIN_EXPANSION - 1), ("expansion_search", MIN_EXPANSION - 1),
])
def test_settings_and_index_share_one_set_of_bounds(field: str, value: int) -> None:
    # The same value is refused by the core's config and by the settings that build it, with the same words.
    with pytest.raises(ValueError) as core:
        IndexConfig(**{field: value})
    with pytest.raises(ValidationError) as settings:
        SearchSettings(**{f"index_{field}": value})
    assert str(core.value) in str(settings.value)
    with pytest.raises(ValueError, match="at least 8"):
        VectorIndex(DIM, IndexConfig()).set_expansion_search(MIN_EXPANSION - 1)
