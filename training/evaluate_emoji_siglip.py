"""Evaluate an emoji SigLIP on held-out scenes; standalone on a saved folder, or called by the trainer.

    python training/evaluate_emoji_siglip.py --model embedder_svc/default_model [--json metrics.json]

The held-out scenes come from seeds no training run uses: one single-emoji
scene per concept per repeat, and a mixed pool of 1-3 emoji scenes like the
demo corpus. Queries are concept names through the embedder's default prompt
("This is a photo of dog."). A saved folder is embedded through
`embedder_svc.core.model.SiglipCheckpoint`, the path the service itself takes.
Metrics (definitions in mediasearch/demo/quality.py):
- zero-shot top-1/top-5 over all concepts on single-emoji scenes;
- text-to-image recall@10 (and nDCG@10, mAP) on single scenes, on the mixed
  pool, and on its 1-, 2- and 3-emoji parts; two-concept queries on the pool;
- image-to-image same-concept precision@5;
- model-native probability sigmoid(exp(s) * cos + b) over all (concept, pool
  image) pairs: AUC, share of true pairs above 0.5, false-positive rate at 0.5,
  ECE and Brier.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mediasearch.demo import quality
from mediasearch.demo.captions import prompt_for
from mediasearch.demo.scenes import SceneStream, render_scene, sample_scene
from mediasearch.demo.sprites import SpriteAtlas, load_atlas
from mediasearch.scores import sigmoid

# Fixed, and far from any training seed, so every run is scored on the same scenes.
EVAL_SEED = 918_273_645


@dataclass
class EvalSet:
    single_images: list[Any]
    single_concepts: list[int]
    pool_images: list[Any]
    pool_concepts: list[tuple[int, ...]]


def build_eval_set(atlas: SpriteAtlas, image_size: int, per_concept: int = 2, pool: int = 2000) -> EvalSet:
    single_images, single_concepts = [], []
    for repeat in range(per_concept):
        for concept in range(len(atlas)):
            rng = np.random.default_rng([EVAL_SEED, repeat, concept])
            single_images.append(render_scene(sample_scene(rng, 1, image_size, [concept]), atlas))
            single_concepts.append(concept)
    stream = SceneStream(EVAL_SEED + 1, image_size, concepts=len(atlas))
    specs = [stream.spec(index) for index in range(pool)]
    return EvalSet(single_images, single_concepts, [render_scene(s, atlas) for s in specs], [s.concepts for s in specs])


def _text_to_image(similarity: np.ndarray, relevant: list[set[int]]) -> dict[str, float]:
    recalls, ndcgs, aps = [], [], []
    for query, items in enumerate(relevant):
        if not items:
            continue
        ranked = quality.ranking(similarity[query])
        recalls.append(quality.recall_at_k(ranked, items, 10))
        ndcgs.append(quality.ndcg_at_k(ranked, items, 10))
        aps.append(quality.average_precision(ranked, items))
    return {"recall@10": float(np.mean(recalls)), "ndcg@10": float(np.mean(ndcgs)), "map": float(np.mean(aps))}


def _image_to_image(queries: np.ndarray, query_sets: list[set[int]], gallery: np.ndarray,
                    gallery_sets: list[set[int]], same: bool) -> float:
    similarity = queries @ gallery.T
    if same:
        np.fill_diagonal(similarity, -np.inf)
    top = np.argsort(-similarity, axis=1, kind="stable")[:, :5]
    hits = [sum(1 for j in row if query_sets[i] & gallery_sets[j]) / 5 for i, row in enumerate(top)]
    return float(np.mean(hits))


def compute_metrics(texts: np.ndarray, single: np.ndarray, pool: np.ndarray, pair_texts: np.ndarray,
                    pairs: list[tuple[int, int]], data: EvalSet, scale: float, bias: float) -> dict[str, Any]:
    """All metrics from L2-normalised embeddings: texts[c] is concept c's prompt."""
    concepts = texts.shape[0]
    metrics: dict[str, Any] = {}
    single_similarity = texts @ single.T  # [concept, image]
    predicted = np.argsort(-single_similarity.T, axis=1)[:, :5]
    truth = np.asarray(data.single_concepts)
    metrics["zero_shot_top1"] = float(np.mean(predicted[:, 0] == truth))
    metrics["zero_shot_top5"] = float(np.mean((predicted == truth[:, None]).any(axis=1)))
    single_sets = [{c} for c in data.single_concepts]
    relevant_single = [{i for i, c in enumerate(data.single_concepts) if c == q} for q in range(concepts)]
    metrics["t2i_single"] = _text_to_image(single_similarity, relevant_single)
    pool_sets = [set(c) for c in data.pool_concepts]
    pool_similarity = texts @ pool.T
    relevant_pool = [{i for i, s in enumerate(pool_sets) if q in s} for q in range(concepts)]
    metrics["t2i_all_scenes"] = _text_to_image(pool_similarity, relevant_pool)
    for count in (1, 2, 3):
        members = [i for i, s in enumerate(data.pool_concepts) if len(s) == count]
        relevant = [{members.index(i) for i in items if i in set(members)} for items in relevant_pool]
        metrics[f"t2i_{count}_emoji_scenes"] = _text_to_image(pool_similarity[:, members], relevant)
    if pairs:
        pair_relevant = [{i for i, s in enumerate(pool_sets) if a in s and b in s} for a, b in pairs]
        metrics["t2i_two_concept_queries"] = _text_to_image(pair_texts @ pool.T, pair_relevant)
    metrics["i2i_p@5_single_queries"] = _image_to_image(single, single_sets, pool, pool_sets, same=False)
    metrics["i2i_p@5_all_scenes"] = _image_to_image(pool, pool_sets, pool, pool_sets, same=True)
    labels = np.zeros_like(pool_similarity, dtype=bool)
    for image, members in enumerate(data.pool_concepts):
        labels[list(members), image] = True
    probabilities = sigmoid(scale * pool_similarity + bias)
    metrics["calibration"] = {
        "logit_scale_exp": scale,
        "logit_bias": bias,
        "auc": quality.roc_auc(pool_similarity, labels),
        "mean_p_true": float(probabilities[labels].mean()),
        "mean_p_false": float(probabilities[~labels].mean()),
        **{f"{k}@0.5": v for k, v in quality.threshold_report(probabilities, labels, 0.5).items()},
        "ece": quality.expected_calibration_error(probabilities, labels),
        "brier": quality.brier_score(probabilities, labels),
    }
    return metrics


def sample_pairs(data: EvalSet, count: int = 300) -> list[tuple[int, int]]:
    """Two-concept queries drawn from multi-emoji pool scenes (each has at least one relevant image)."""
    rng = np.random.default_rng(EVAL_SEED + 2)
    multi = [s for s in data.pool_concepts if len(s) > 1]
    pairs = []
    for index in rng.choice(len(multi), size=min(count, len(multi)), replace=False):
        a, b = rng.choice(multi[index], size=2, replace=False)
        pairs.append((int(a), int(b)))
    return pairs


def pair_prompt(atlas: SpriteAtlas, a: int, b: int) -> str:
    return prompt_for(f"{atlas.concepts[a].phrase} and {atlas.concepts[b].phrase}")


def evaluate(embed_texts: Callable[[list[str]], np.ndarray], embed_images: Callable[[list[Any]], np.ndarray],
             data: EvalSet, atlas: SpriteAtlas, scale: float, bias: float) -> dict[str, Any]:
    pairs = sample_pairs(data)
    texts = embed_texts([prompt_for(name) for name in atlas.names])
    pair_texts = embed_texts([pair_prompt(atlas, a, b) for a, b in pairs])
    return compute_metrics(texts, embed_images(data.single_images), embed_images(data.pool_images),
                           pair_texts, pairs, data, scale, bias)


def evaluate_folder(folder: Path, threads: int = 2, per_concept: int = 2, pool: int = 2000) -> dict[str, Any]:
    """Load a saved checkpoint the way the embedder does and score it."""
    from embedder_svc.core.model import ModelOptions, SiglipCheckpoint

    checkpoint = SiglipCheckpoint(ModelOptions(str(folder), cpu_threads=threads))
    checkpoint.load()
    info = checkpoint.info
    assert info is not None
    atlas = load_atlas()
    data = build_eval_set(atlas, info.image_size, per_concept, pool)

    def embed_images(images: list[Any]) -> np.ndarray:
        prepared = [checkpoint.preprocess_image(image) for image in images]
        return np.concatenate([checkpoint.encode_images(prepared[i : i + 256]) for i in range(0, len(prepared), 256)])

    return evaluate(checkpoint.encode_texts, embed_images, data, atlas, info.logit_scale_exp, info.logit_bias)


def format_metrics(metrics: dict[str, Any]) -> str:
    lines = []
    for key, value in metrics.items():
        if isinstance(value, dict):
            lines.append(f"{key}: " + ", ".join(f"{k} {v:.4g}" for k, v in value.items()))
        else:
            lines.append(f"{key}: {value:.4f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="folder written by save_pretrained")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--per-concept", type=int, default=2, help="single-emoji scenes per concept")
    parser.add_argument("--pool", type=int, default=2000, help="mixed 1-3 emoji scenes")
    parser.add_argument("--json", type=Path, help="also write the metrics here")
    args = parser.parse_args(argv)
    started = time.monotonic()
    metrics = evaluate_folder(args.model, args.threads, args.per_concept, args.pool)
    print(format_metrics(metrics))
    print(f"(evaluated in {time.monotonic() - started:.0f} s)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(metrics, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
