"""Starts the expansion service: `create_server(settings, port=0)` for tests, `main()` for people and pods."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from expansion_svc.core.expander import Expander
from expansion_svc.servicer import SERVICE_NAME, ExpansionServicer
from expansion_svc.settings import ExpansionSettings
from mediasearch.expansion.v1 import expansion_pb2_grpc
from mediasearch.runtime.errors import Unavailable
from mediasearch.runtime.logs import configure_logging
from mediasearch.runtime.metrics import RpcMetrics
from mediasearch.runtime.server import ManagedServer, build_server, serve_until_signalled

log = logging.getLogger("expansion_svc")


class ExpanderSlot:
    """Holds the expander once the background load has built it (loading the lexicon takes about a second)."""

    def __init__(self, settings: ExpansionSettings) -> None:
        self._settings = settings
        self.expander: Expander | None = None

    def load(self) -> None:
        self.expander = Expander(cache_size=self._settings.cache_size, lexicon_path=self._settings.lexicon)

    def get(self) -> Expander:
        if self.expander is None:
            raise Unavailable("the expansion lexicon is still loading; retry shortly", reason="LOADING")
        return self.expander


class CacheCollector:
    """Exports the expander's own LRU cache counters, so the cache and /metrics never disagree."""

    def __init__(self, slot: ExpanderSlot) -> None:
        self._slot = slot

    def collect(self) -> Iterator[Metric]:
        cache = self._slot.expander.cache if self._slot.expander else None
        hits = CounterMetricFamily("expansion_cache_hits", "Expand calls answered from the LRU cache")
        misses = CounterMetricFamily("expansion_cache_misses", "Expand calls that had to expand the query")
        entries = GaugeMetricFamily("expansion_cache_entries", "Queries held in the LRU cache")
        hits.add_metric([], cache.hits if cache else 0)
        misses.add_metric([], cache.misses if cache else 0)
        entries.add_metric([], len(cache) if cache else 0)
        yield from (hits, misses, entries)


def create_server(settings: ExpansionSettings, port: int | None = 0) -> tuple[ManagedServer, int]:
    """Start serving at once (health NOT_SERVING); the lexicon loads in the background, then SERVING."""
    metrics = RpcMetrics("expansion")
    slot = ExpanderSlot(settings)
    metrics.registry.register(CacheCollector(slot))
    server = build_server(
        settings,
        service_names=[SERVICE_NAME],
        register=lambda s: expansion_pb2_grpc.add_ExpansionServiceServicer_to_server(
            ExpansionServicer(slot.get, settings.limits(), settings.listing_cpu_share), s
        ),
        metrics=metrics,
        load=slot.load,
        port=port,
    )
    return server, server.port


def main(argv: Sequence[str] | None = None) -> int:
    settings = ExpansionSettings.from_args(argv, description="mediasearch expansion service")
    configure_logging("expansion", settings.log_level, settings.log_format)
    try:
        server, port = create_server(settings, port=None)
    except (ValueError, OSError) as error:
        print(f"expansion: {error}", file=sys.stderr)
        return 2
    log.info("expansion started", extra={"settings": settings.describe(), "port": port})
    return serve_until_signalled(server, settings.grace_period_s)
