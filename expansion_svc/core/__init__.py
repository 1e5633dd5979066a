"""The expansion core: lexicon, morphology, curated map and the caching expander. No gRPC here.

The seed's API lives here: `expand_query_multi_word(query)` and `get_query_context(query)`;
`is_licensed(term)` checks that a term is a phrase a person could have typed.
"""

from expansion_svc.core.api import expand_query_multi_word, get_query_context, is_licensed
from expansion_svc.core.expander import Expander
from expansion_svc.core.types import Expansion, Relation, Term

__all__ = ["Expander", "Expansion", "Relation", "Term", "expand_query_multi_word", "get_query_context", "is_licensed"]
