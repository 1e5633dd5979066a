"""Fixtures for the expansion tests: one expander over the packaged lexicon, loaded once."""

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
