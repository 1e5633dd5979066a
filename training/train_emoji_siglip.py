"""Train the embedded default model: a small SigLIP on emoji scenes, on the CPU, within a time budget.

    python training/train_emoji_siglip.py --minutes 85 --out embedder_svc/default_model

See training/README.md for the recipe and its reasons. In short: scenes are
rendered on the fly (scene n of the stream is fixed by --seed and n, so data is
unlimited and reproducible), every caption is true of every image that holds
the concepts it names (multi-positive sigmoid loss), logit scale and bias learn
at a higher rate than the weights, and the learning rate warms up then follows
a cosine to the end of the budget. With --minutes the schedule follows the
clock, so the run ends annealed however busy the machine is; the number of
steps reached is recorded, and --steps N replays a run by step count instead.
Progress (loss, scale, bias, s/step, ETA) is printed every --log-every steps,
a quick held-out score every --eval-every-minutes, a resumable state is saved
every --checkpoint-every-minutes (--resume continues it), and at the end the
model folder is written with save_pretrained, loaded back through the
embedder's own loader, and scored on held-out scenes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import sys
import threading
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emoji_siglip import Batch, ImagePairTerm, ModelShape, build_model, build_tokenizer  # noqa: E402
from emoji_siglip import make_batch, pixels  # noqa: E402
from emoji_siglip import base_rate_bias, pooled, positive_rate, save_folder, tokenize, training_loss  # noqa: E402
from evaluate_emoji_siglip import build_eval_set, evaluate, evaluate_folder, format_metrics  # noqa: E402

from mediasearch.demo.scenes import SceneStream  # noqa: E402
from mediasearch.demo.sprites import load_atlas  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--minutes", type=float, help="wall-clock budget of the training loop (default 85)")
    budget.add_argument("--steps", type=int, help="train exactly this many steps instead of a time budget")
    parser.add_argument("--out", type=Path, default=Path("build/emoji_siglip/model"), help="model folder to write")
    parser.add_argument("--work", type=Path, default=Path("build/emoji_siglip"), help="resumable state and log")
    parser.add_argument("--resume", action="store_true", help="continue from WORK/train_state.pt")
    parser.add_argument("--init-from", type=Path,
                        help="start from the weights of a saved model folder (a warm restart) instead of random ones")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1.5e-3)
    parser.add_argument("--final-lr-ratio", type=float, default=0.02, help="cosine ends at lr times this")
    parser.add_argument("--warmup", type=float, default=0.03, help="share of the budget spent warming up")
    parser.add_argument("--weight-decay", type=float, default=0.05)
    parser.add_argument("--logit-lr-multiplier", type=float, default=10.0, help="lr factor for logit scale and bias")
    parser.add_argument("--init-logit-scale", type=float, default=10.0, help="initial exp(logit_scale)")
    parser.add_argument("--init-logit-bias", default="auto",
                        help="initial logit bias; 'auto' = log-odds of the training batches' positive rate")
    # Off by default: at weight 0.5 it trailed the shipped recipe on every held-out measure (training/README.md).
    parser.add_argument("--image-pair-weight", type=float, default=0.0,
                        help="weight of the same-concept image-image term (default 0: text-image loss only)")
    parser.add_argument("--image-pair-scale", type=float, default=10.0,
                        help="fixed logit scale of the image-image term (its bias is the base-rate log-odds)")
    parser.add_argument("--count-weights", type=float, nargs=3, default=(0.34, 0.33, 0.33), help="P(1, 2, 3 emoji)")
    defaults = ModelShape()
    for field, value in defaults.as_dict().items():
        parser.add_argument(f"--{field.replace('_', '-')}", type=int, default=value)
    parser.add_argument("--tiny", action="store_true", help="a minute-scale model for smoke tests")
    parser.add_argument("--log-every", type=int, default=20)
    parser.add_argument("--eval-every-minutes", type=float, default=10.0)
    parser.add_argument("--checkpoint-every-minutes", type=float, default=10.0)
    parser.add_argument("--eval-per-concept", type=int, default=2, help="final evaluation: single scenes/concept")
    parser.add_argument("--eval-pool", type=int, default=2000, help="final evaluation: mixed scenes")
    parser.add_argument("--no-final-eval", action="store_true")
    args = parser.parse_args(argv)
    if args.minutes is None and args.steps is None:
        args.minutes = 85.0
    return args


def model_shape(args: argparse.Namespace) -> ModelShape:
    if args.tiny:
        return ModelShape.tiny()
    return ModelShape(**{field: getattr(args, field) for field in ModelShape().as_dict()})


def learning_rate_factor(progress: float, warmup: float, final_ratio: float) -> float:
    """Linear warm-up over the first `warmup` of the run, then cosine from 1 down to final_ratio."""
    if progress < warmup:
        return max(progress / warmup, 0.01)
    done = min((progress - warmup) / max(1.0 - warmup, 1e-9), 1.0)
    return final_ratio + (1.0 - final_ratio) * 0.5 * (1.0 + math.cos(math.pi * done))


def make_optimizer(model: Any, args: argparse.Namespace) -> torch.optim.Optimizer:
    """AdamW; no decay on norms, biases, embeddings; logit scale and bias at a multiplied rate."""
    decay, no_decay, logit = [], [], []
    for name, parameter in model.named_parameters():
        if name in ("logit_scale", "logit_bias"):
            logit.append(parameter)
        elif parameter.ndim < 2 or "embedding" in name:
            no_decay.append(parameter)
        else:
            decay.append(parameter)
    groups = [
        {"params": decay, "weight_decay": args.weight_decay, "lr_factor": 1.0},
        {"params": no_decay, "weight_decay": 0.0, "lr_factor": 1.0},
        {"params": logit, "weight_decay": 0.0, "lr_factor": args.logit_lr_multiplier},
    ]
    return torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.98), eps=1e-6)


class Prefetcher:
    """Renders upcoming batches on a thread while the model trains: Pillow and torch release the GIL."""

    def __init__(self, produce: Any, first_step: int, depth: int = 2) -> None:
        self._produce, self._next = produce, first_step
        self._queue: queue.Queue[tuple[int, Batch | BaseException]] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="batch-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            step = self._next
            try:
                item: Batch | BaseException = self._produce(step)
            except BaseException as error:  # surfaced in the training thread
                item = error
            self._next += 1
            while not self._stop.is_set():
                try:
                    self._queue.put((step, item), timeout=0.5)
                    break
                except queue.Full:
                    continue

    def get(self) -> Batch:
        _, item = self._queue.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self._stop.set()


def quick_eval(model: Any, tokenizer: Any, shape: ModelShape, data: Any, atlas: Any) -> dict[str, Any]:
    model.eval()

    def texts(prompts: list[str]) -> Any:
        with torch.inference_mode():
            ids = tokenize(tokenizer, prompts, shape.context_length)
            return torch.nn.functional.normalize(pooled(model.get_text_features(input_ids=ids)), dim=-1).numpy()

    def images(items: list[Any]) -> Any:
        with torch.inference_mode():
            chunks = [pooled(model.get_image_features(pixel_values=pixels(items[i : i + 256])))
                      for i in range(0, len(items), 256)]
            return torch.nn.functional.normalize(torch.cat(chunks), dim=-1).numpy()

    scale, bias = model.logit_scale.exp().item(), model.logit_bias.item()
    metrics = evaluate(texts, images, data, atlas, scale, bias)
    model.train()
    return metrics


def load_weights(model: Any, folder: Path, tokenizer: Any) -> None:
    """Copy a saved folder's weights into `model`; the folder must have this model's shape and vocabulary.

    A warm restart: a run whose loss curve was still falling at the end of its
    budget continues from its weights with a fresh schedule, on new scenes
    (another --seed), instead of starting again from random ones.
    """
    from transformers import AutoTokenizer, SiglipModel

    saved_vocabulary = AutoTokenizer.from_pretrained(folder).get_vocab()
    if saved_vocabulary != tokenizer.get_vocab():
        raise SystemExit(f"{folder}: its tokenizer differs from the one built from the atlas; train from scratch")
    source = SiglipModel.from_pretrained(folder)
    try:
        model.load_state_dict(source.state_dict())
    except RuntimeError as error:  # a shape mismatch names every differing tensor
        raise SystemExit(f"{folder}: not this model's shape ({error})") from error


def save_state(path: Path, model: Any, optimizer: Any, step: int, elapsed: float, args: argparse.Namespace) -> None:
    """Atomically: a crash mid-save leaves the previous state intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step, "elapsed": elapsed,
             "args": {k: str(v) for k, v in vars(args).items()}}
    torch.save(state, temporary)
    os.replace(temporary, path)


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def train(args: argparse.Namespace) -> dict[str, Any]:
    torch.set_num_threads(args.threads)
    shape = model_shape(args)
    atlas = load_atlas()
    tokenizer = build_tokenizer(atlas, shape.context_length)
    stream = SceneStream(args.seed, shape.image_size, tuple(args.count_weights), concepts=len(atlas))
    rate, image_rate = positive_rate(stream, atlas, args.batch_size)
    if args.init_logit_bias == "auto":
        initial_bias = base_rate_bias(rate)
        print(f"positive pairs per batch {rate:.4f} -> initial logit bias {initial_bias:.2f}", flush=True)
    else:
        initial_bias = float(args.init_logit_bias)
    image_term = ImagePairTerm(args.image_pair_weight, args.image_pair_scale, base_rate_bias(image_rate))
    print(f"image pairs sharing a concept {image_rate:.4f} -> image-image term weight {image_term.weight}, "
          f"scale {image_term.scale}, bias {image_term.bias:.2f}", flush=True)
    model = build_model(shape, len(tokenizer), args.seed, args.init_logit_scale, initial_bias)
    if args.init_from is not None:
        load_weights(model, args.init_from, tokenizer)
        print(f"weights from {args.init_from}: exp(logit scale) {model.logit_scale.exp().item():.1f}, "
              f"bias {model.logit_bias.item():.2f}", flush=True)
    optimizer = make_optimizer(model, args)
    step, elapsed = 0, 0.0
    state_path = args.work / "train_state.pt"
    if args.resume and state_path.exists():
        state = torch.load(state_path, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step, elapsed = int(state["step"]), float(state["elapsed"])
        print(f"resumed at step {step} after {_clock(elapsed)} of training", flush=True)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"model {shape.as_dict()} {parameters / 1e6:.2f}M parameters, {len(atlas)} concepts, "
          f"vocabulary {len(tokenizer)}, batch {args.batch_size}, threads {args.threads}", flush=True)
    quick_data = build_eval_set(atlas, shape.image_size, per_concept=1, pool=min(args.eval_pool, 500))
    budget = args.minutes * 60.0 if args.minutes is not None else None

    def progress() -> float:
        return elapsed / budget if budget is not None else step / args.steps

    def produce(index: int) -> Batch:
        return make_batch(stream, atlas, index * args.batch_size, args.batch_size, tokenizer, shape.context_length)

    prefetcher = Prefetcher(produce, step)
    log_file = (args.work / "train_log.jsonl").open("a")
    model.train()
    last_eval = last_checkpoint = elapsed
    window_start, window_steps, waited, loss_sum = time.monotonic(), 0, 0.0, 0.0
    window_cpu = time.process_time()
    tick = time.monotonic()
    try:
        while progress() < 1.0:
            factor = learning_rate_factor(progress(), args.warmup, args.final_lr_ratio)
            for group in optimizer.param_groups:
                group["lr"] = args.lr * factor * group["lr_factor"]
            wait_start = time.monotonic()
            batch = prefetcher.get()
            waited += time.monotonic() - wait_start
            loss = training_loss(model, batch, image_term)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            window_steps += 1
            loss_sum += loss.item()
            now = time.monotonic()
            elapsed += now - tick
            tick = now
            if step % args.log_every == 0 or progress() >= 1.0:
                per_step = (now - window_start) / window_steps
                # CPU seconds of this process (all threads) per step: wall time shows contention, this does not.
                cpu_per_step = (time.process_time() - window_cpu) / window_steps
                remaining = budget - elapsed if budget is not None else (args.steps - step) * per_step
                record = {"step": step, "elapsed_s": round(elapsed, 1), "loss": loss_sum / window_steps,
                          "lr": args.lr * factor, "logit_scale_exp": model.logit_scale.exp().item(),
                          "logit_bias": model.logit_bias.item(), "s_per_step": per_step, "cpu_s_per_step": cpu_per_step,
                          "data_wait_s_per_step": waited / window_steps}
                print(f"step {step} | {_clock(elapsed)} elapsed, ETA {_clock(max(remaining, 0))} | "
                      f"loss {record['loss']:.3f} | lr {record['lr']:.2e} | scale {record['logit_scale_exp']:.1f} "
                      f"bias {record['logit_bias']:.2f} | {per_step:.2f} s/step, {cpu_per_step:.2f} cpu-s/step "
                      f"(data wait {waited / window_steps:.3f} s)",
                      flush=True)
                log_file.write(json.dumps(record) + "\n")
                log_file.flush()
                window_start, window_steps, waited, loss_sum = now, 0, 0.0, 0.0
                window_cpu = time.process_time()
            if (elapsed - last_eval) / 60 >= args.eval_every_minutes:
                metrics = quick_eval(model, tokenizer, shape, quick_data, atlas)
                calibration = metrics["calibration"]
                print(f"  held-out (quick): zero-shot top-1 {metrics['zero_shot_top1']:.3f}, "
                      f"t2i recall@10 all scenes {metrics['t2i_all_scenes']['recall@10']:.3f}, "
                      f"i2i p@5 {metrics['i2i_p@5_single_queries']:.3f}, AUC {calibration['auc']:.3f}, "
                      f"true pairs p>0.5 {calibration['true_pass_rate@0.5']:.3f}", flush=True)
                log_file.write(json.dumps({"step": step, "quick_eval": metrics}) + "\n")
                last_eval = elapsed
                tick = time.monotonic()  # evaluation time counts against the budget only once
                elapsed += tick - now
            if (elapsed - last_checkpoint) / 60 >= args.checkpoint_every_minutes:
                save_state(state_path, model, optimizer, step, elapsed, args)
                last_checkpoint = elapsed
    finally:
        prefetcher.close()
        log_file.close()
    save_state(state_path, model, optimizer, step, elapsed, args)
    model.eval()
    save_folder(model, tokenizer, shape, args.out)
    summary = {"steps": step, "training_seconds": round(elapsed, 1), "seed": args.seed, "shape": shape.as_dict(),
               "batch_size": args.batch_size, "parameters": parameters,
               "replay_by_steps": f"python training/train_emoji_siglip.py --steps {step} (and the other args below)",
               "args": {k: str(v) for k, v in vars(args).items()}}
    if args.init_from is not None:  # a warm restart: the run it continued is part of how the model was trained
        earlier = args.init_from / "training.json"
        summary["initialised_from"] = json.loads(earlier.read_text()) if earlier.is_file() else str(args.init_from)
    (args.out / "training.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"saved {args.out} after {step} steps, {_clock(elapsed)} of training", flush=True)
    return summary


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    train(args)
    if not args.no_final_eval:
        started = time.monotonic()
        metrics = evaluate_folder(args.out, args.threads, args.eval_per_concept, args.eval_pool)
        (args.out / "eval_results.json").write_text(json.dumps(metrics, indent=2) + "\n")
        print(f"held-out evaluation through embedder_svc's loader ({time.monotonic() - started:.0f} s):")
        print(format_metrics(metrics), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
