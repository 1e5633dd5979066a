"""Fixtures for the expansion tests: expanders over the packaged lexicon, loaded once."""

from __future__ import annotations

import pytest

from expansion_svc.core.expander import Expander
from expansion_svc.core.lexicon import Lexicon


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="session")
def expander(lexicon: Lexicon) -> Expander:
    return Expander(lexicon)


@pytest.fixture(scope="session")
def wordnet_expander(lexicon: Lexicon) -> Expander:
    """No curated map: what WordNet alone gives, for the ranking rules that serve every uncurated word."""
    return Expander(lexicon, curated={})
