"""`mediasearch models`: list the checkpoints usable offline, show one's facts, fetch one on a connected machine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from mediasearch.models import ModelError, default_models_dir, describe, fetch, find_local, local_models

models_app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
# Piped output keeps whole paths and ids: a pipe has no width to fit, and cut values cannot be used in scripts.
console = Console(width=None if sys.stdout.isatty() else 10_000)
errors = Console(stderr=True, width=None if sys.stderr.isatty() else 10_000)

ModelsDir = Annotated[
    Path | None,
    typer.Option(
        "--models-dir",
        envvar="MEDIASEARCH_MODELS_DIR",
        help="folder of fetched checkpoints (default ~/.cache/mediasearch/models)",
    ),
]


def _fail(error: ModelError) -> typer.Exit:
    errors.print(f"[red]error:[/red] {error}")
    return typer.Exit(2)


@models_app.command("list")
def list_models(models_dir: ModelsDir = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Checkpoints on this machine: the embedded demo model, the models folder and the hub cache."""
    found = local_models(models_dir)
    if as_json:
        print(
            json.dumps({"models": [f.as_dict() for f in found], "models_dir": str(models_dir or default_models_dir())})
        )
        return
    table = Table("name", "identity", "dim", "vocab", "image", "size", "path")
    for facts in found:
        name = facts.name + (" (embedded demo)" if facts.is_embedded_default else "")
        table.add_row(
            name,
            facts.identity,
            str(facts.embedding_dimension),
            str(facts.vocabulary_size),
            f"{facts.image_size}px",
            f"{facts.size_bytes / 1e6:.1f} MB",
            facts.path,
        )
    console.print(table)
    console.print(
        f"models folder: {models_dir or default_models_dir()} "
        "(put checkpoints here, one folder each; `mediasearch up --model NAME` uses them)"
    )


@models_app.command()
def show(name: str, models_dir: ModelsDir = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Facts of one checkpoint: identity, dimension, vocabulary, image size, what it was trained on."""
    try:
        facts = describe(find_local(name, models_dir))
    except ModelError as error:
        raise _fail(error) from None
    if as_json:
        print(json.dumps(facts.as_dict()))
        return
    for key, value in facts.as_dict().items():
        console.print(f"{key:<22} {value}", soft_wrap=True)
    if facts.is_embedded_default:
        console.print(
            "[yellow]note:[/yellow] the embedded demo model knows only emoji scenes and a few hundred words; "
            "for real photos run a SigLIP checkpoint (README: 'Using a real checkpoint')."
        )


@models_app.command("fetch")
def fetch_model(
    hub_id: str,
    models_dir: ModelsDir = None,
    revision: Annotated[str | None, typer.Option(help="branch, tag or commit")] = None,
) -> None:
    """Download a checkpoint from the model hub into the models folder (needs network; refused when offline)."""
    try:
        target = fetch(hub_id, models_dir, revision=revision)
    except ModelError as error:
        raise _fail(error) from None
    facts = describe(target)
    console.print(
        f"fetched {hub_id} into {target}\nidentity {facts.identity}; start it with: mediasearch up --model {target}"
    )
