"""Models as users need them: an identity that is a content fingerprint, a local models folder, facts, fetch.

A collection is bound to the model whose vectors it holds. Binding it to the
folder a checkpoint happened to lie in orphaned every collection when a
checkout moved or the package was upgraded, so a model's identity is
`<readable name>@<fingerprint>`: the name for people, the fingerprint (a
SHA-256 over the files that decide the vectors: config, weights, tokenizer,
preprocessing) for the binding. The same files anywhere give the same id.

Everything here is plain file work (no torch), so the CLI can list and
describe models without the embedder's dependencies; only `fetch` needs
huggingface_hub, which the `embedder` extra brings.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# Files that decide what vectors a checkpoint produces; model cards, metrics and training logs do not.
_DECIDING = re.compile(
    r"^(config\.json|preprocessor_config\.json|tokenizer[^/]*|special_tokens_map\.json|spiece\.model"
    r"|[^/]*\.safetensors|pytorch_model[^/]*\.bin)$"
)
FINGERPRINT_HEX = 12
_CHUNK = 1 << 20


class ModelError(RuntimeError):
    """A model folder is missing or unreadable, or a fetch cannot happen; the message says what to do."""


DEMO_MODEL_NAME = "mediasearch-emoji-siglip"
DEMO_MODEL_NOTE = (
    "the embedded demo model is serving: it was trained on emoji scenes and knows about 330 concepts "
    "(dog, pizza, beach, rocket...) and few other words, so it cannot rank real photos; for those run a real "
    "SigLIP checkpoint (README: 'Using a real checkpoint', or `mediasearch models`)"
)


def is_demo_model(model_id: str) -> bool:
    """Whether a model id (name@fingerprint, or a legacy path) names the embedded demo model."""
    return model_id.startswith(DEMO_MODEL_NAME + "@") or model_id.rstrip("/").endswith("embedder_svc/default_model")


def default_models_dir() -> Path:
    """Where fetched checkpoints go: MEDIASEARCH_MODELS_DIR, else ~/.cache/mediasearch/models."""
    configured = os.environ.get("MEDIASEARCH_MODELS_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "mediasearch" / "models"


def embedded_default_dir() -> Path | None:
    """The small demo model shipped inside the embedder package, found without importing the service."""
    spec = importlib.util.find_spec("embedder_svc")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "default_model"
    return folder if (folder / "config.json").is_file() else None


def deciding_files(folder: Path) -> list[Path]:
    """The files a fingerprint covers, in a stable order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and _DECIDING.match(p.name))


def fingerprint(folder: Path) -> str:
    """Hex SHA-256 over the names and bytes of the deciding files (same files anywhere, same fingerprint)."""
    files = deciding_files(folder)
    if not any(p.name == "config.json" for p in files):
        raise ModelError(f"{folder} is not a model folder: it has no config.json")
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def readable_name(folder: Path) -> str:
    """A name people recognise: the hub id for a hub-cache snapshot, the folder name otherwise."""
    parts = folder.resolve().parts
    for part in reversed(parts):
        if part.startswith("models--"):
            return part[len("models--") :].replace("--", "/")
    if folder.name == "default_model" and folder.parent.name == "embedder_svc":
        return "mediasearch-emoji-siglip"
    return folder.name


def model_identity(folder: Path) -> str:
    """`name@fingerprint12`, the id collections are bound to."""
    return f"{readable_name(folder)}@{fingerprint(folder)[:FINGERPRINT_HEX]}"


def identity_fingerprint(identity: str) -> str | None:
    """The fingerprint part of an identity, or None for a legacy id (a path or hub id from before fingerprints)."""
    name, sep, digest = identity.rpartition("@")
    return digest if sep and name and re.fullmatch(r"[0-9a-f]{12}", digest) else None


@dataclass
class ModelFacts:
    """What a user needs to know about one local checkpoint."""

    name: str
    identity: str
    path: str
    model_type: str
    embedding_dimension: int
    vocabulary_size: int
    image_size: int
    text_context_length: int
    size_bytes: int
    trained_on: str
    is_embedded_default: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _trained_on(folder: Path) -> str:
    """The first sentence of the model card under a 'Training data' heading, else its first paragraph."""
    card = folder / "README.md"
    if not card.is_file():
        return "unknown (no model card in the folder)"
    text = card.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"^#+\s*Training data\s*\n+(.+?)(?:\n\n|$)", text, re.MULTILINE | re.IGNORECASE | re.DOTALL)
    if match is None:
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip() and not p.lstrip().startswith(("#", "---"))]
        return " ".join(paragraphs[0].split()) if paragraphs else "unknown"
    return " ".join(match.group(1).split())


def describe(folder: Path) -> ModelFacts:
    """Facts read from the checkpoint's files (config.json and its model card), without loading weights."""
    folder = Path(folder)
    try:
        config = json.loads((folder / "config.json").read_text())
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read {folder / 'config.json'}: {error}") from error
    text, vision = config.get("text_config", {}), config.get("vision_config", {})
    default = embedded_default_dir()
    return ModelFacts(
        name=readable_name(folder),
        identity=model_identity(folder),
        path=str(folder),
        model_type=str(config.get("model_type", "unknown")),
        embedding_dimension=int(text.get("projection_size") or text.get("hidden_size") or 0),
        vocabulary_size=int(text.get("vocab_size", 0)),
        image_size=int(vision.get("image_size", 0)),
        text_context_length=int(text.get("max_position_embeddings", 0)),
        size_bytes=sum(p.stat().st_size for p in deciding_files(folder)),
        trained_on=_trained_on(folder),
        is_embedded_default=default is not None and folder.resolve() == default.resolve(),
    )


def _hub_snapshots() -> list[Path]:
    hub = Path(
        os.environ.get("HF_HUB_CACHE")
        or Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface")) / "hub"
    )
    return sorted(p for p in hub.glob("models--*/snapshots/*") if (p / "config.json").is_file())


def local_models(models_dir: Path | None = None) -> list[ModelFacts]:
    """Every checkpoint usable offline: the embedded default, the models folder, and hub-cache snapshots."""
    folders: list[Path] = []
    default = embedded_default_dir()
    if default is not None:
        folders.append(default)
    root = models_dir or default_models_dir()
    if root.is_dir():
        folders += sorted(p for p in root.iterdir() if (p / "config.json").is_file())
    folders += _hub_snapshots()
    return [describe(folder) for folder in folders]


def find_local(name: str, models_dir: Path | None = None) -> Path:
    """A folder path, a models-folder name, a hub id in the cache, or an identity, resolved to a folder."""
    candidate = Path(name).expanduser()
    if (candidate / "config.json").is_file():
        return candidate
    for facts in local_models(models_dir):
        if name in (facts.name, facts.identity, Path(facts.path).name):
            return Path(facts.path)
    raise ModelError(
        f"no local model named {name!r}: `mediasearch models list` shows what is here; "
        "`mediasearch models fetch HUB_ID` downloads one on a machine that can reach the hub"
    )


def hub_offline() -> bool:
    """Whether the hub must not be contacted (HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE set to a true value)."""
    return any(
        os.environ.get(v, "").strip().lower() in ("1", "true", "yes", "on")
        for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "MEDIASEARCH_OFFLINE")
    )


def fetch_target(hub_id: str, models_dir: Path | None = None) -> Path:
    """The folder a hub id lands in: `<models dir>/<owner>--<name>`, one level, so it lists and moves as a unit."""
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?", hub_id) or ".." in hub_id:
        raise ModelError(f"{hub_id!r} is not a hub model id (expected owner/name, e.g. google/siglip-base-patch16-224)")
    return (models_dir or default_models_dir()) / hub_id.replace("/", "--")


def fetch(hub_id: str, models_dir: Path | None = None, *, revision: str | None = None) -> Path:
    """Download a checkpoint into the models folder; refuses when offline (the default here stays offline)."""
    target = fetch_target(hub_id, models_dir)
    if hub_offline():
        raise ModelError(
            f"offline (HF_HUB_OFFLINE / MEDIASEARCH_OFFLINE is set): cannot fetch {hub_id}. On a connected machine run "
            f"`mediasearch models fetch {hub_id}` and copy {target.name}/ into {target.parent} here"
        )
    try:
        from huggingface_hub import snapshot_download
    except ImportError as error:
        raise ModelError("fetching needs huggingface_hub: pip install 'mediasearch[embedder]'") from error
    target.parent.mkdir(parents=True, exist_ok=True)
    patterns = ["*.json", "*.safetensors", "*.model", "*.txt", "README.md"]
    try:
        snapshot_download(hub_id, revision=revision, local_dir=target, allow_patterns=patterns)
    except Exception as error:  # noqa: BLE001  # the hub client raises many network and HTTP types; all mean "not fetched"
        raise ModelError(f"could not fetch {hub_id}: {error}") from error
    return target


def same_model(bound: str, served: str) -> bool:
    """Whether two model ids name the same model: by fingerprint when both have one (names are for people)."""
    bound_digest, served_digest = identity_fingerprint(bound), identity_fingerprint(served)
    if bound_digest and served_digest:
        return bound_digest == served_digest
    return bound == served


def legacy_id_matches(legacy_id: str, identity: str) -> bool:
    """Whether a pre-fingerprint id (the folder or hub id a model was loaded from) names the model `identity` is.

    Used once per collection to migrate its binding. Where the old folder still
    exists its content decides; otherwise (a moved checkout, an upgraded
    package) the readable names must agree: the folder's name, the embedded
    model's name for any `embedder_svc/default_model`, or the hub id.
    """
    name, _, digest = identity.rpartition("@")
    old = Path(legacy_id)
    if (old / "config.json").is_file():
        try:
            return fingerprint(old)[:FINGERPRINT_HEX] == digest
        except (OSError, ModelError):
            return False
    return legacy_id == name or readable_name(old) == name
