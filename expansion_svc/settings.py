"""Expansion settings, read from EXPANSION_* environment variables and flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from expansion_svc.validation import ExpansionLimits
from mediasearch.runtime.settings import ServiceSettings


class ExpansionSettings(ServiceSettings):
    """Settings of the expansion service (environment prefix EXPANSION_)."""

    model_config = SettingsConfigDict(env_prefix="EXPANSION_")

    port: int = Field(50052, ge=0, le=65535, description="gRPC port; 0 picks a free one.")
    metrics_port: int = Field(9092, ge=-1, le=65535, description="Prometheus port; 0 picks a free one, -1 disables.")
    max_concurrent_rpcs: int = Field(
        64,
        ge=1,
        description="RPCs served at once, beyond which calls get RESOURCE_EXHAUSTED; twice the search service's 32, "
        "so one search pod gets all it needs within a 0.5 share.",
    )
    max_caller_share: float = Field(
        0.5,
        gt=0,
        le=1,
        description="Largest fraction of max_concurrent_rpcs one caller holds; search pods are its callers.",
    )
    unary_deadline_s: float = Field(10.0, gt=0, description="Server-side deadline of unary calls, in seconds.")
    cache_size: int = Field(4096, ge=0, description="Queries kept in the LRU cache; 0 disables it.")
    lexicon: Path | None = Field(None, description="Lexicon file to use instead of the packaged one.")
    max_vocabulary: int = Field(50_000, ge=0, description="Most vocabulary words one Expand call may send.")
    max_vocabulary_word_chars: int = Field(64, ge=1, description="Longest vocabulary word, in characters.")
    max_relations: int = Field(8, ge=0, description="Most entries in an Expand call's relation filter.")
    listing_cpu_share: float = Field(
        0.25,
        gt=0,
        le=1,
        description="Share of one core a StreamTerms listing may use: it sleeps between concepts, since listings "
        "feed background warming and queries need the cores. 1 lists at full speed.",
    )

    def limits(self) -> ExpansionLimits:
        return ExpansionLimits(self.max_vocabulary, self.max_vocabulary_word_chars, self.max_relations)
