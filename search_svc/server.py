"""Starts the search service: `create_server(settings, port=0)` for tests, `main()` for people and pods."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence

from prometheus_client import Gauge
from prometheus_client.metrics_core import Metric
from threadpoolctl import threadpool_limits

from mediasearch.client import EmbedderClient, ExpansionClient
from mediasearch.runtime.logs import configure_logging
from mediasearch.runtime.metrics import RpcMetrics
from mediasearch.runtime.server import ManagedServer, build_server, serve_until_signalled
from mediasearch.search.v1 import search_pb2_grpc
from search_svc.core.engine import WHOLE_WORD_VOCABULARY_LIMIT, ImageTransport, SearchEngine
from search_svc.core.manager import CollectionManager
from search_svc.core.term_store import TermStore
from search_svc.core.term_warming import TermWarmer
from search_svc.core.thumbnails import ThumbnailSpec
from search_svc.ports import GrpcEmbedder, GrpcExpander
from search_svc.servicer import PER_MESSAGE_METHODS, SERVICE_NAME, SearchServicer
from search_svc.settings import SearchSettings

log = logging.getLogger("search_svc")


def create_server(settings: SearchSettings, port: int | None = 0) -> tuple[ManagedServer, int]:
    """Serve at once (NOT_SERVING), open and recover every collection in the background, then SERVING."""
    if settings.blas_threads:
        # Process-wide, as BLAS's thread count is (SearchSettings.blas_threads says why).
        threadpool_limits(limits=settings.blas_threads, user_api="blas")
    metrics = RpcMetrics("search")
    security = settings.client_security()
    embedder_client = EmbedderClient(
        settings.embedder_address,
        timeout_s=settings.embedder_timeout_s,
        security=security,
        max_message_mb=settings.embedder_max_message_mb,
    )
    expansion_client = ExpansionClient(
        settings.expansion_address, timeout_s=settings.expansion_timeout_s, security=security
    )
    manager = CollectionManager(settings.data_dir, settings.collection_settings(), settings.collection_backend())
    term_store = TermStore(settings.data_dir / "terms.sqlite3", max_terms=settings.term_store_max_terms)
    engine: SearchEngine

    def vocabulary() -> Sequence[str]:
        words = engine.model_facts().vocabulary
        # A word-piece vocabulary reads nearly any English word; sending it with every call would cost
        # more than it saves.
        return words if len(words) <= WHOLE_WORD_VOCABULARY_LIMIT else ()

    engine = SearchEngine(
        manager,
        GrpcEmbedder(embedder_client),
        GrpcExpander(expansion_client, vocabulary),
        ingest_roots=settings.ingest_roots,
        max_image_bytes=settings.max_image_bytes,
        model_info_ttl_s=settings.model_info_ttl_s,
        query_cache_size=settings.query_cache_size,
        transport=ImageTransport(
            shrink_photos=settings.shrink_photos,
            decode_workers=settings.decode_workers,
            max_image_pixels=settings.max_image_pixels,
            max_images_per_call=settings.ingest_batch_size,
            max_message_bytes=int(settings.embedder_max_message_mb * (1 << 20)),
            timeout_s=settings.embedder_timeout_s,
        ),
        thumbnails=ThumbnailSpec(settings.thumbnail_max_px, settings.thumbnail_quality),
        region_views=settings.region_views,
        term_store=term_store,
    )
    warmer = TermWarmer(
        term_store,
        current_space=engine.term_space,
        list_terms=lambda count: expansion_client.stream_terms(
            max_terms=count, vocabulary=vocabulary(), timeout=LISTING_TIMEOUT_S
        ),
        embed=lambda space, texts: engine.embed_and_keep(space, texts, background=True),
        max_terms=settings.term_warming_max_terms if settings.term_warming == "on" else 0,
        batch_size=settings.term_warming_batch_size,
    )
    items = Gauge("search_collection_items", "Live items per collection", ["collection"], registry=None)
    cache = Gauge("search_query_cache", "Query-embedding cache counters", ["event"], registry=None)
    terms = Gauge("search_term_store", "Term store size and warming progress", ["measure"], registry=None)

    def collect() -> None:
        for name in manager.names():
            items.labels(name).set(manager.get(name).stats().item_count)
        cache.labels("hits").set(engine.query_cache.hits)
        cache.labels("misses").set(engine.query_cache.misses)
        stored = term_store.stats()
        terms.labels("terms").set(stored.terms)
        terms.labels("disk_bytes").set(stored.disk_bytes)
        terms.labels("errors").set(term_store.errors)
        warming = warmer.progress
        terms.labels("warming_embedded").set(warming.embedded if warming else 0)
        terms.labels("warming_done").set(1 if warming and warming.done else 0)

    metrics.registry.register(_Refresh(collect, (items, cache, terms)))

    def load() -> None:
        term_store.open()
        manager.open_all()
        manager.start_periodic_snapshots(settings.snapshot_interval_s)
        warmer.start()

    def close() -> None:
        warmer.stop(timeout_s=0)  # asked first; it is waited for once the clients below end its calls
        manager.close()
        engine.close()
        embedder_client.close()
        expansion_client.close()
        warmer.stop()
        term_store.close()

    server = build_server(
        settings,
        service_names=[SERVICE_NAME],
        register=lambda s: search_pb2_grpc.add_SearchServiceServicer_to_server(
            SearchServicer(
                engine,
                settings.ingest_batch_size,
                settings.request_limits(),
                int(settings.max_send_message_mb * 1024 * 1024),
                settings.stream_idle_timeout_s,
            ),
            s,
        ),
        per_message_methods=PER_MESSAGE_METHODS,
        metrics=metrics,
        load=load,
        on_close=close,
        port=port,
        core=engine,
    )
    return server, server.port


# The expansion service paces a listing to a share of one core (EXPANSION_LISTING_CPU_SHARE) and ends it, with
# what it has, at half the call's time: 100,000 terms (SEARCH_TERM_WARMING_MAX_TERMS' bound) take 18 s of its CPU,
# 72 s at the default quarter share.
LISTING_TIMEOUT_S = 600.0


class _Refresh:
    """A collector that refreshes its gauges and then reports them, so every scrape sees values as of that scrape.

    The gauges are registered here, not in the registry: the registry reports collectors in the order they were
    registered, so gauges of their own would be reported before the refresh ran, one scrape late (and absent
    from a service's first scrape)."""

    def __init__(self, refresh: Callable[[], None], gauges: Sequence[Gauge]) -> None:
        self._refresh = refresh
        self._gauges = gauges

    def collect(self) -> Iterator[Metric]:
        try:
            self._refresh()
        except Exception:  # noqa: BLE001 - a scrape must never fail because a collection is busy
            log.debug("metrics refresh failed", exc_info=True)
        for gauge in self._gauges:
            yield from gauge.collect()


def main(argv: Sequence[str] | None = None) -> int:
    settings = SearchSettings.from_args(argv, description="mediasearch search service")
    configure_logging("search", settings.log_level, settings.log_format)
    try:
        server, port = create_server(settings, port=None)
    except (ValueError, OSError) as error:
        print(f"search: {error}", file=sys.stderr)
        return 2
    log.info("search started", extra={"settings": settings.describe(), "port": port})
    return serve_until_signalled(server, settings.grace_period_s)
