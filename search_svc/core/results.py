"""What searches return, mirroring `search.v1.SearchResult`, `TermMatch`, `TermRelation` and `SearchResponse`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from search_svc.core.calibration import CalibrationProfile
from search_svc.core.image_calibration import CalibrationTarget
from search_svc.core.records import ItemRecord


class SearchMode(IntEnum):
    """Same numbers as `search.v1.SearchMode`."""

    UNSPECIFIED = 0
    NORMAL = 1
    DEEP = 2


class TermRelation(IntEnum):
    """How a deep-search term relates to the query; same numbers as `search.v1.TermRelation` and
    `expansion.v1.Relation`, so the enum travels end to end without a table of names."""

    UNSPECIFIED = 0
    ORIGINAL = 1
    SYNONYM = 2
    HYPONYM = 3
    HYPERNYM = 4
    RELATED = 5
    # Not from the expansion service: a readable part of a query the model cannot read as a whole.
    QUERY_PART = 6


@dataclass(frozen=True)
class TermMatch:
    """How well one query term matched an item (or, without scores, a term that was searched).

    `query_part` is the part of the user's query the term was derived from; empty for the original.
    """

    term: str
    relation: TermRelation
    weight: float
    raw_cosine: float = 0.0
    score: float = 0.0
    query_part: str = ""


@dataclass(frozen=True)
class Moment:
    """A matching frame of a video result (`search.v1.VideoMoment`)."""

    frame: ItemRecord
    raw_cosine: float
    score: float


@dataclass(frozen=True)
class Hit:
    """One ranked result; `rank` counts from 1 across pages. A video's result lists its best `moments`."""

    record: ItemRecord
    rank: int
    raw_cosine: float
    score: float
    matches: list[TermMatch] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)


@dataclass(frozen=True)
class SearchOutcome:
    """A page of hits with the calibration behind every score.

    `remaining` counts results passing the filter and threshold beyond this
    page, within the candidate pool that was searched.
    """

    hits: list[Hit]
    calibration: CalibrationProfile
    mode: SearchMode = SearchMode.NORMAL
    remaining: int = 0
    expansion_unavailable: bool = False
    expanded_terms: list[TermMatch] = field(default_factory=list)
    # Words of the query's texts outside the model's vocabulary (SearchResponse.unknown_words).
    unknown_words: list[str] = field(default_factory=list)
    # What `calibration` is for, and for a mixed query's blend the image terms' share of the weight.
    calibration_target: CalibrationTarget = CalibrationTarget.TEXT_IMAGE
    image_share: float = 0.0
