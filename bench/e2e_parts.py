"""What the end-to-end benchmark runs against: a prebuilt collection and a search server over real gRPC.

The searched collection is written directly through the search service's own
`Collection` (clustered vectors, bound to the benchmark model's id), because
embedding tens of thousands of photos with a base-sized model would take
hours; the server then opens it from its snapshot as it would after a restart.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.search_data import clustered_vectors
from mediasearch.client import make_channel
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from tests.servers import search_settings
from search_svc.core.calibration import default_profile
from search_svc.core.collection import Collection
from search_svc.core.manager import CollectionManager
from search_svc.core.records import ItemMetadata, NewItem

COLLECTION = "bench"
WRITE_BATCH = 5_000


def build_collection(data_dir: Path, *, items: int, model_id: str, dimension: int, logit_scale_exp: float,
                     logit_bias: float, progress: Any) -> None:
    """A collection of `items` clustered vectors under `data_dir`, as the search service lays it out."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    folder = CollectionManager(data_dir).root / COLLECTION
    collection = Collection.create(folder, name=COLLECTION, model_id=model_id, dimension=dimension,
                                   calibration=default_profile(logit_scale_exp, logit_bias))
    vectors, _ = clustered_vectors(items, dimension, seed=7)
    for start in range(0, items, WRITE_BATCH):
        progress(f"  writing items {start:,}-{min(items, start + WRITE_BATCH):,} of {items:,} to the collection")
        collection.ingest([
            NewItem(id=f"photo-{i}", sha256=hashlib.sha256(b"photo-%d" % i).hexdigest(),
                    metadata=ItemMetadata(uri=f"/photos/{i // 1000}/photo-{i}.jpg"), vector=vectors[i],
                    size_bytes=2_000_000, width=4032, height=3024)
            for i in range(start, min(items, start + WRITE_BATCH))
        ])
    collection.close()  # writes the index snapshot the server will load


@dataclass
class RunningSearch:
    server: Any
    stub: search_pb2_grpc.SearchServiceStub

    def search(self, text: str, deep: bool) -> search_pb2.SearchResponse:
        mode = search_pb2.SEARCH_MODE_DEEP if deep else search_pb2.SEARCH_MODE_NORMAL
        request = search_pb2.SearchRequest(parent=collection_name(COLLECTION), terms=[search_pb2.QueryTerm(text=text)], mode=mode,
                                           page_size=10)
        return self.stub.Search(request, timeout=300)

    def ingest(self, collection: str, photos: list[tuple[str, bytes]]) -> list[search_pb2.IngestResponse]:
        requests = (search_pb2.IngestRequest(parent=collection_name(collection), item_id=item_id, data=data,
                                             metadata=search_pb2.ItemMetadata(uri=f"/upload/{item_id}.jpg"))
                    for item_id, data in photos)
        responses = list(self.stub.Ingest(requests, timeout=900))
        failed = [r for r in responses if r.status == search_pb2.INGEST_STATUS_FAILED]
        if failed:
            raise RuntimeError(f"ingest failed for {len(failed)} photos: {failed[0].error.message}")
        return responses


@contextmanager
def running_search(data_dir: Path, embedder_port: int, expansion_port: int, **overrides: Any) -> Iterator[RunningSearch]:
    from search_svc.server import create_server

    # expansion_timeout_s: the service's default (the test helper shortens it).
    settings = search_settings(data_dir, embedder_port, expansion_port,
                               **({"metrics_port": -1, "expansion_timeout_s": 1.0} | overrides))
    server, port = create_server(settings, port=0)
    try:
        server.wait_ready(900)
        channel = make_channel(f"127.0.0.1:{port}")
        try:
            yield RunningSearch(server, search_pb2_grpc.SearchServiceStub(channel))
        finally:
            channel.close()
    finally:
        server.stop(0)
