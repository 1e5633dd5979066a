"""Model-level metrics from embeddings fetched through the embedder service, and calibration on held-out pairs.

The embedder embeds every corpus scene (BatchEmbedImages) and every concept name
(BatchEmbedTexts with the model's default prompt, as search does), so these
numbers are the model's as the services serve it, with no index in between:
300-way zero-shot classification, exact text-to-image retrieval, and the
matching vs non-matching separation of every (concept name, scene) pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bench.quality_corpus import JudgedCorpus
from mediasearch.client import EmbedderClient
from mediasearch.demo import quality
from mediasearch.scores import sigmoid

IMAGE_BATCH = 32
TEXT_BATCH = 64
RELIABILITY_BINS = 15  # as quality.expected_calibration_error, so the diagram shows what ECE sums


def embed_corpus(client: EmbedderClient, corpus: JudgedCorpus, progress: Callable[[str], None]) -> np.ndarray:
    rows = []
    for start in range(0, len(corpus.items), IMAGE_BATCH):
        if start % (IMAGE_BATCH * 20) == 0:
            progress(f"  embedding images {start}-{min(start + IMAGE_BATCH * 20, len(corpus.items))} "
                     f"of {len(corpus.items)}")
        batch = corpus.items[start:start + IMAGE_BATCH]
        for item, result in zip(batch, client.embed_images([(it.id, it.path.read_bytes()) for it in batch])):
            if result.vector is None:
                raise RuntimeError(f"the embedder could not embed {item.id}: {result.failure}")
            rows.append(result.vector)
    return _unit(np.stack(rows))


def embed_texts(client: EmbedderClient, texts: Sequence[str]) -> np.ndarray:
    rows = [client.embed_texts(list(texts[i:i + TEXT_BATCH])) for i in range(0, len(texts), TEXT_BATCH)]
    return _unit(np.concatenate(rows))


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float64)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def text_to_image(similarity: np.ndarray, relevant: list[set[int]], k: int = 10) -> dict[str, float]:
    """Mean recall@k, nDCG@k and AP of the queries (rows) that have a relevant gallery item."""
    recalls, ndcgs, aps = [], [], []
    for row, items in zip(similarity, relevant):
        if items:
            ranked = quality.ranking(row)
            recalls.append(quality.recall_at_k(ranked, items, k))
            ndcgs.append(quality.ndcg_at_k(ranked, items, k))
            aps.append(quality.average_precision(ranked, items))
    return {"recall@10": float(np.mean(recalls)), "ndcg@10": float(np.mean(ndcgs)), "map": float(np.mean(aps)),
            "queries": len(recalls)}


def model_metrics(corpus: JudgedCorpus, texts: np.ndarray, images: np.ndarray) -> dict[str, object]:
    """Zero-shot over every concept on single-emoji scenes; exact text-to-image on scene galleries."""
    names = corpus.concept_names
    scenes = corpus.scenes
    by_count = {n: [i for i in scenes if len(corpus.items[i].concepts) == n] for n in (1, 2, 3)}
    single = by_count[1]
    metrics: dict[str, object] = {}
    if single:
        scores = images[single] @ texts.T  # [scene, concept]
        top5 = np.argsort(-scores, axis=1, kind="stable")[:, :5]
        truth = np.array([names.index(next(iter(corpus.items[i].concepts))) for i in single])
        metrics["zero_shot"] = {"top1": float(np.mean(top5[:, 0] == truth)),
                                "top5": float(np.mean((top5 == truth[:, None]).any(axis=1))),
                                "classes": len(names), "scenes": len(single)}
    galleries = {"single-emoji scenes": single, "all scenes": scenes,
                 **{f"{n}-emoji scenes": members for n, members in by_count.items() if n > 1}}
    metrics["text_to_image"] = {}
    for label, gallery in galleries.items():
        if gallery:
            relevant = [{g for g, i in enumerate(gallery) if name in corpus.items[i].concepts} for name in names]
            metrics["text_to_image"][label] = text_to_image(texts @ images[gallery].T, relevant)
    return metrics


def pair_labels(corpus: JudgedCorpus, names: Sequence[str], items: Sequence[int]) -> np.ndarray:
    """labels[c, j]: concept names[c] is in item items[j]."""
    return np.array([[name in corpus.items[i].concepts for i in items] for name in names])


def calibration_report(probabilities: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    labels = labels.astype(bool)
    return {
        "ece": quality.expected_calibration_error(probabilities, labels, RELIABILITY_BINS),
        "brier": quality.brier_score(probabilities, labels),
        "mean_p_matching": float(probabilities[labels].mean()),
        "mean_p_non_matching": float(probabilities[~labels].mean()),
        **{f"{key}@0.5": value for key, value in quality.threshold_report(probabilities, labels, 0.5).items()},
    }


def reliability_bins(probabilities: np.ndarray, labels: np.ndarray,
                     bins: int = RELIABILITY_BINS) -> list[dict[str, float]]:
    """Per equal-width bin (binned as quality.expected_calibration_error): pairs, mean predicted, observed rate."""
    probabilities = np.asarray(probabilities, dtype=np.float64).ravel()
    labels = np.asarray(labels, dtype=np.float64).ravel()
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        members = which == b
        count = int(members.sum())
        out.append({"low": float(edges[b]), "high": float(edges[b + 1]), "pairs": count,
                    "mean_predicted": float(probabilities[members].mean()) if count else float("nan"),
                    "observed": float(labels[members].mean()) if count else float("nan")})
    return out


def logistic(cosines: np.ndarray, slope: float, intercept: float) -> np.ndarray:
    """What a calibration profile makes of cosines: every method is sigmoid(slope * cos + intercept)."""
    return sigmoid(slope * cosines + intercept)
