"""How far deep search could go with the demo model: precision@10 with perfect expansion, and with region crops.

    python -m bench.ceiling [--corpus DIR] [--out-json bench/ceiling_results.json]

Perfect expansion ranks each item by its best cosine to the concept names a
query is judged to name (bench/queries): no expansion service can do better
with the same model and max fusion. Region crops embed, besides the whole
image, its four halves, four quadrants and five 0.6 windows (each resized to the model's input)
and score an item by its best region, so an object that fills a small part of
a busy picture is seen as if alone. The numbers show where the held-out goal
of issue 15 (deep precision@10 >= 0.80) is out of reach for this model and
what region embeddings would change; the crop scheme was chosen on the concept
names (not on the held-out set). Embedding runs in-process with the default
model, one thread.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from bench.natural_measure import judge
from bench.quality_corpus import load_corpus
from bench.queries import natural_queries
from bench.queries.natural_dev import NATURAL_DEV
from bench.queries.natural_heldout import NATURAL_HELDOUT
from mediasearch.demo.sprites import load_atlas
from search_svc.core.views import HALVES, QUADRANTS, VIEW_BOXES

REPO = Path(__file__).resolve().parent.parent
SCHEMES = {
    "whole image": [],
    "halves": list(HALVES),
    "quadrants": list(QUADRANTS),
    "halves + quadrants": list(HALVES + QUADRANTS),
    "halves + quadrants + windows": list(VIEW_BOXES),
}


def _precision(scores: np.ndarray, relevant: frozenset[int]) -> float:
    return float(np.mean([int(i) in relevant for i in np.argsort(-scores)[:10]]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ceiling", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus from `python -m mediasearch.demo.corpus`")
    parser.add_argument("--out-json", type=Path, default=REPO / "bench" / "ceiling_results.json")
    args = parser.parse_args(argv)
    import torch

    from embedder_svc.core.model import DEFAULT_MODEL_DIR, ModelOptions, SiglipCheckpoint

    torch.set_num_threads(1)
    started = time.monotonic()
    corpus = load_corpus(args.corpus)
    model = SiglipCheckpoint(ModelOptions(source=str(DEFAULT_MODEL_DIR)))
    model.load()
    boxes = list(VIEW_BOXES)
    whole, regions = [], []
    for number, item in enumerate(corpus.items, 1):
        image = Image.open(item.path).convert("RGB")
        w, h = image.size
        crops = [image.crop((int(a * w), int(b * h), int(c * w), int(d * h))) for a, b, c, d in boxes]
        vectors = model.encode_images([model.preprocess_image(i) for i in [image, *crops]])
        whole.append(vectors[0])
        regions.append(vectors[1:])
        if number % 250 == 0:
            print(
                f"[ceiling {time.monotonic() - started:5.0f} s] embedded {number}/{len(corpus.items)} items",
                file=sys.stderr,
                flush=True,
            )
    whole_m, region_m = np.stack(whole), np.stack(regions)
    names = corpus.concept_names
    texts = model.encode_texts(names)
    by_scheme = {}
    for scheme, chosen in SCHEMES.items():
        scores = whole_m @ texts.T
        if chosen:
            picked = [boxes.index(b) for b in chosen]
            scores = np.maximum(scores, np.einsum("nrd,kd->nrk", region_m[:, picked], texts).max(axis=1))
        concept_p = [_precision(scores[:, i], corpus.holding(n)) for i, n in enumerate(names) if corpus.holding(n)]
        row = {"concept names": float(np.mean(concept_p))}
        for label, groups in (
            ("development natural queries", NATURAL_DEV),
            ("held-out natural queries", NATURAL_HELDOUT),
        ):
            queries = natural_queries(groups, load_atlas())
            judged = {j.text: j for j in judge(corpus, queries)}
            row[label] = float(
                np.mean(
                    [
                        _precision(
                            scores[:, [names.index(c) for c in q.concepts if c in names]].max(axis=1),
                            judged[q.text].relevant,
                        )
                        for q in queries
                        if q.text in judged
                    ]
                )
            )
        by_scheme[scheme] = row
    print(
        "| regions embedded | concept names P@10 | dev natural, perfect expansion | held-out natural, perfect "
        "expansion |\n|---|---|---|---|"
    )
    for scheme, row in by_scheme.items():
        print(
            f"| {scheme} | {row['concept names']:.3f} | {row['development natural queries']:.3f} "
            f"| {row['held-out natural queries']:.3f} |"
        )
    args.out_json.write_text(
        json.dumps({"items": len(corpus.items), "seconds": time.monotonic() - started, "schemes": by_scheme}, indent=1)
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
