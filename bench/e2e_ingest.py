"""Ingest throughput through the search service against the embedder's raw forward pass, side by side.

Each round streams a fresh set of distinct photos (identical bytes would be
deduplicated, not embedded) to the search service's Ingest, sends the same
photos straight to the embedder's BatchEmbedImages, and runs the raw forward pass
on preprocessed inputs at the same batch size. The embedder-direct rate
splits the loss between the embedder service and the search side (second gRPC
hop, hashing, durable SQLite commit, index update).
"""

from __future__ import annotations

from typing import Any

from bench.e2e_parts import RunningSearch
from bench.embedder_parts import RunningEmbedder, prepare
from bench.profiling import top_functions
from bench.sizes import SizeProfile
from bench.stats import Latencies
from bench.workspace import Workspace, photo_bytes
from search_svc.core.ingest import IngestItem
from search_svc.core.records import ItemMetadata

SEEDS = {"int8": 100_000, "bfloat16": 200_000, "float32": 300_000}


def measure_ingest(search: RunningSearch, embedder: RunningEmbedder, raw: Any, precision: str, profile: SizeProfile,
                   ws: Workspace) -> dict[str, Any]:
    batch = profile.image_batch
    ws.progress(f"e2e: {precision}: ingest, {profile.ingest_rounds} rounds of {batch} photos, embedder direct "
                "and raw forward")
    seed = SEEDS.get(precision, 400_000)
    # One warm-up set, one per round, one for the in-process profile.
    sets = [[(f"p{seed + r * batch + i}", photo_bytes(seed + r * batch + i, profile.photo_size)) for i in range(batch)]
            for r in range(profile.ingest_rounds + 2)]
    prepared = prepare(raw, [data for _, data in sets[0]])
    raw.encode_images(prepared)
    collection = f"ingest-{precision}"
    search.ingest(collection, sets[0])  # warm-up; creates the collection
    raw_t, direct_t, ingest_t = Latencies(), Latencies(), Latencies()
    for photos in sets[1:-1]:
        raw_t.time(lambda: raw.encode_images(prepared))
        direct_t.time(lambda: embedder.embed_images([data for _, data in photos]))
        ingest_t.time(lambda: search.ingest(collection, photos))
    items = iter([[IngestItem(collection, item_id, ItemMetadata(uri=f"/upload/{item_id}.jpg"), data=data)
                   for item_id, data in sets[-1]]])
    profile_text = top_functions(lambda: search.server.core.ingest(next(items)), 1)
    raw_rate, direct_rate, ingest_rate = (batch / (t.p50_ms / 1000) for t in (raw_t, direct_t, ingest_t))
    return {"batch": batch, "raw_img_s": raw_rate, "embedder_img_s": direct_rate, "ingest_img_s": ingest_rate,
            "share": ingest_rate / raw_rate, "embedder_share": direct_rate / raw_rate, "profile": profile_text,
            "rounds": {"raw_s": raw_t.seconds, "embedder_s": direct_t.seconds, "ingest_s": ingest_t.seconds}}
