"""The search service's core: pure Python and numpy, no gRPC.

- `calibration`, `calibration_fit`: cosine -> calibrated probability, fitting and metrics.
- `store` (+ `store_schema`, `store_writes`): the durable SQLite item store, the source of truth.
- `index`, `snapshot`: the USearch HNSW cache and its checksummed, crash-safe snapshots.
- `filters`, `retrieval`: filter evaluation and the ANN / over-fetch / exact candidate strategy.
- `collection`: the storage boundary and the search logic above it; `embedded` (SQLite + USearch, the
  default) and `milvus_collection` / `milvus_schema` (Milvus) behind it; `backends`, `manager`: where
  collections are found and created, and all collections of one backend; `migration`: between backends.
- `query`, `search`, `deep`: weighted query terms, normal search, find-similar and deep search.

Errors are `mediasearch.runtime.errors` domain errors; the servicer maps them to statuses.
"""

from search_svc.core.calibration import CalibrationMethod, CalibrationProfile, calibrate_siglip_score, sigmoid
from search_svc.core.collection import Collection, CollectionSettings, CollectionStats
from search_svc.core.deep import DeepOptions, ExpansionTerm, deep_search
from search_svc.core.filters import ItemFilter
from search_svc.core.index import IndexConfig
from search_svc.core.manager import CollectionManager
from search_svc.core.query import QueryTerm, TermKind, parse_query
from search_svc.core.records import IngestStatus, ItemMetadata, MediaType, NewItem
from search_svc.core.results import Hit, SearchMode, SearchOutcome, TermMatch, TermRelation
from search_svc.core.retrieval import RetrievalTuning
from search_svc.core.search import Embedders, find_similar, normal_search

__all__ = [
    "CalibrationMethod",
    "CalibrationProfile",
    "Collection",
    "CollectionManager",
    "CollectionSettings",
    "CollectionStats",
    "DeepOptions",
    "Embedders",
    "ExpansionTerm",
    "Hit",
    "IndexConfig",
    "IngestStatus",
    "ItemFilter",
    "ItemMetadata",
    "MediaType",
    "NewItem",
    "QueryTerm",
    "RetrievalTuning",
    "SearchMode",
    "SearchOutcome",
    "TermKind",
    "TermMatch",
    "TermRelation",
    "calibrate_siglip_score",
    "deep_search",
    "find_similar",
    "normal_search",
    "parse_query",
    "sigmoid",
]
