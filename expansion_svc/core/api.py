"""The seed's functions, kept as the core's plain-Python API over one shared, lazily loaded expander."""

from __future__ import annotations

import threading
from typing import Any

from expansion_svc.core.expander import DEFAULT_MAX_TERMS, Expander

_default: Expander | None = None
_default_lock = threading.Lock()


def default_expander() -> Expander:
    """The process-wide expander over the packaged lexicon, loaded on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Expander()
        return _default


def expand_query_multi_word(query: str, max_terms: int = DEFAULT_MAX_TERMS) -> list[str]:
    """Expansion terms for `query`, most useful first.

    The original query is NOT included (it is `get_query_context(query)["normalized_query"]`);
    raises mediasearch.runtime.errors.InvalidArgument for an empty, blank, overlong or
    control-character query.
    """
    return [term.text for term in default_expander().expand(query, max_terms=max_terms).expansions]


def get_query_context(query: str, max_terms: int = DEFAULT_MAX_TERMS) -> dict[str, Any]:
    """The whole expansion as a dict.

    Keys: "query", "normalized_query", "concepts", "original" (the query as a term, weight 1.0),
    "expansions" (each with "text", "weight", "relation", "concept", "source", "in_vocabulary"),
    "notes" and "cache_hit".
    """
    return default_expander().expand(query, max_terms=max_terms).to_dict()


def is_licensed(term: str) -> bool:
    """Whether `term` is a phrase a person could have typed: a lexicon lemma or collocation, a curated
    term, or a combination the analysis rules license (expansion_svc.core.licensing). Every term the
    expander sends passes; measurements call this over every term they see."""
    return default_expander().is_licensed(term)
