"""The `mediasearch` command line: `up`, `web`, `index`, `search`, `similar`, `delete`, `stats`, `debug-scores`, `tune`.

Every command but `up` is a gRPC client; addresses come from flags or from
MEDIASEARCH_SEARCH_ADDRESS / MEDIASEARCH_EMBEDDER_ADDRESS /
MEDIASEARCH_EXPANSION_ADDRESS, so it works the same against `mediasearch up`
on this machine and against services running in a cluster.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import grpc
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from mediasearch.channels import ChannelSecurity
from mediasearch.cli import render
from mediasearch.cli.indexing import INGEST_FILES_PER_CALL, IndexReport, delete_items, index_paths
from mediasearch.cli.models import models_app
from mediasearch.cli.ports import port_is_free
from mediasearch.cli.queries import QueryError, build_filter, query_terms, stored_item_id
from mediasearch.client import EmbedderClient, health_status, make_channel
from mediasearch.models import DEMO_MODEL_NOTE, is_demo_model
from mediasearch.names import calibration_name, collection_name, item_name, parse_item_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.video import DEFAULT_KEYFRAMES, format_time

if TYPE_CHECKING:
    from mediasearch.cli.watch import FolderWatcher

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
app.add_typer(models_app, name="models")
# A pipe or a file has no width to fit: tables there keep whole paths and ids instead of cutting them.
console = Console(width=None if sys.stdout.isatty() else 100_000)
errors = Console(stderr=True)


@dataclass
class Context:
    """The command's settings and the process's connections: one channel per address, made when first
    needed, every call on it bounded by `timeout`, all closed when the command exits."""

    search_address: str
    embedder_address: str
    expansion_address: str
    collection: str
    timeout: float
    _channels: dict[str, grpc.Channel] = field(default_factory=dict)
    _embedder: EmbedderClient | None = None

    def channel(self, address: str) -> grpc.Channel:
        if address not in self._channels:
            self._channels[address] = make_channel(address, security=self.security, deadline_s=self.timeout)
        return self._channels[address]

    @property
    def security(self) -> ChannelSecurity | None:
        """TLS and token from MEDIASEARCH_TLS_CA_FILE / _TLS_CERT_FILE / _TLS_KEY_FILE / _TOKEN / _TOKEN_FILE."""
        return ChannelSecurity.from_env()

    def search_stub(self) -> search_pb2_grpc.SearchServiceStub:
        return search_pb2_grpc.SearchServiceStub(self.channel(self.search_address))

    def embedder(self) -> EmbedderClient:
        if self._embedder is None:
            self._embedder = EmbedderClient(self.embedder_address, timeout_s=self.timeout, security=self.security)
        return self._embedder

    def close(self) -> None:
        for channel in self._channels.values():
            channel.close()
        self._channels.clear()
        if self._embedder is not None:
            self._embedder.close()
            self._embedder = None


@app.callback()
def main(
    ctx: typer.Context,
    search: Annotated[
        str, typer.Option(envvar="MEDIASEARCH_SEARCH_ADDRESS", help="search service address")
    ] = "127.0.0.1:50053",
    embedder: Annotated[
        str, typer.Option(envvar="MEDIASEARCH_EMBEDDER_ADDRESS", help="embedder address")
    ] = "127.0.0.1:50051",
    expansion: Annotated[
        str, typer.Option(envvar="MEDIASEARCH_EXPANSION_ADDRESS", help="expansion address")
    ] = "127.0.0.1:50052",
    collection: Annotated[
        str, typer.Option("--collection", "-c", envvar="MEDIASEARCH_COLLECTION", help="collection name")
    ] = "default",
    timeout: Annotated[
        float,
        typer.Option(
            envvar="MEDIASEARCH_TIMEOUT",
            min=0.001,
            help=f"deadline of every call, in seconds (index sends {INGEST_FILES_PER_CALL} files a call)",
        ),
    ] = 60.0,
    columns: Annotated[
        int,
        typer.Option(
            "--columns",
            envvar="MEDIASEARCH_COLUMNS",
            help="output width in characters; 0 fits the terminal (pipes: unlimited)",
        ),
    ] = 0,
    wide: Annotated[bool, typer.Option("--wide", help="never cut values to fit the terminal")] = False,
) -> None:
    if wide or columns:
        console.width = columns or 100_000
    ctx.obj = Context(search, embedder, expansion, collection, timeout)
    ctx.call_on_close(ctx.obj.close)


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def rpc_failure(error: grpc.RpcError) -> typer.Exit:
    """A failed call as one error line and exit code 2 (usage or connection), apart from per-item failures (1)."""
    from mediasearch.runtime.status import field_violations

    fields = field_violations(error)
    detail = "".join(f"\n  {name}: {why}" for name, why in fields.items())
    return fail(f"{error.code().name}: {error.details()}{detail}", 2)


@app.command()
def up(
    data_dir: Annotated[
        Path, typer.Option(envvar="MEDIASEARCH_DATA_DIR", help="folder for the search service's store and index")
    ] = Path("data"),
    model: Annotated[str | None, typer.Option(help="SigLIP model id or folder (default: the embedded model)")] = None,
    embedder_port: Annotated[int, typer.Option(envvar="MEDIASEARCH_EMBEDDER_PORT")] = 50051,
    expansion_port: Annotated[int, typer.Option(envvar="MEDIASEARCH_EXPANSION_PORT")] = 50052,
    search_port: Annotated[int, typer.Option(envvar="MEDIASEARCH_SEARCH_PORT")] = 50053,
    metrics_base_port: Annotated[
        int, typer.Option(envvar="MEDIASEARCH_METRICS_BASE_PORT", help="metrics ports are this +1, +2, +3; -1 disables")
    ] = 9090,
    embedder_address: Annotated[
        str | None, typer.Option(help="use this running embedder instead of starting one")
    ] = None,
    expansion_address: Annotated[str | None, typer.Option(help="use this running expansion service instead")] = None,
    secure: Annotated[
        bool,
        typer.Option(
            "--secure",
            envvar="MEDIASEARCH_SECURE",
            help="TLS and a token, with development certificates made in DATA_DIR",
        ),
    ] = False,
    web_port: Annotated[
        int, typer.Option(envvar="MEDIASEARCH_WEB_PORT", help="port of the web page and HTTP API; -1 does not start it")
    ] = 8080,
    backend: Annotated[
        str,
        typer.Option(
            envvar="MEDIASEARCH_BACKEND",
            help="where search keeps collections: embedded (SQLite + USearch in DATA_DIR) or milvus",
        ),
    ] = "embedded",
    milvus_uri: Annotated[
        str,
        typer.Option(
            envvar="MEDIASEARCH_MILVUS_URI",
            help="with --backend milvus: http://host:19530, or a .db file for Milvus Lite (default DATA_DIR/milvus.db)",
        ),
    ] = "",
) -> None:
    """Start embedder, expansion and search on loopback (or use running ones), restart any that crash; stop on Ctrl-C.

    Every port can also come from the environment (MEDIASEARCH_EMBEDDER_PORT, MEDIASEARCH_EXPANSION_PORT,
    MEDIASEARCH_SEARCH_PORT, MEDIASEARCH_METRICS_BASE_PORT). A port in use is one line and exit code 2.
    """
    from mediasearch.cli.stack import Stack, run_until_signalled, stack_specs

    specs = stack_specs(
        data_dir=data_dir,
        model=model,
        ports=(embedder_port, expansion_port, search_port),
        metrics_base_port=metrics_base_port,
        embedder_address=embedder_address,
        expansion_address=expansion_address,
        backend=backend,
        milvus_uri=milvus_uri,
    )
    from mediasearch.cli.installed import missing_distributions, missing_for_services

    if backend not in ("embedded", "milvus"):
        raise fail(f"--backend must be embedded or milvus, got {backend!r}")
    missing = missing_for_services(spec.module for spec in specs)
    if missing:
        raise fail(escape(missing))  # escaped: rich would take [all] for markup
    if backend == "milvus" and "://" not in milvus_uri and missing_distributions(["milvus"]):
        raise fail(escape("--backend milvus on this machine runs Milvus Lite: pip install 'mediasearch[milvus]'"))
    security, mode = None, "plain text, loopback only"
    if secure:
        from mediasearch.devcerts import dev_security
        from mediasearch.runtime.tls import ClientTLS

        dev = dev_security(data_dir / "dev-security")
        prefixes = {"embedder_svc": "EMBEDDER_", "expansion_svc": "EXPANSION_", "search_svc": "SEARCH_"}
        for spec in specs:
            spec.env.update(dev.service_env(prefixes[spec.module]))
        security = ChannelSecurity(ClientTLS(str(dev.ca_file)), token_file=str(dev.token_file))
        exports = " ".join(f"{k}={v}" for k, v in dev.client_env().items())
        mode = "TLS and token, development certificates"
    stack = Stack(specs, emit=lambda line: print(line, flush=True), security=security)

    web: list[subprocess.Popen[bytes]] = []

    def ready() -> None:
        if secure:
            print(f"clients need: export {exports}", flush=True)
        print(f"stack ready: search on 127.0.0.1:{search_port} ({mode}; Ctrl-C stops it)", flush=True)
        if model is None and embedder_address is None:
            print(f"note: {DEMO_MODEL_NOTE}", flush=True)
        if web_port >= 0 and not _web_installed():
            print("web page not started: it needs pip install 'mediasearch[web]'", flush=True)
        elif web_port >= 0 and not port_is_free(web_port):
            # The page is an extra: a busy port costs the page, not the stack, and says how to move it.
            print(
                f"web page not started: port {web_port} is in use; choose another with --web-port or "
                "MEDIASEARCH_WEB_PORT (-1: no page)",
                flush=True,
            )
        elif web_port >= 0:
            # Its own process, as in a cluster: it reaches search over gRPC with the clients' settings.
            env = {
                **os.environ,
                **(dev.client_env() if secure else {}),
                "WEB_PORT": str(web_port),
                "WEB_SEARCH_ADDRESS": f"127.0.0.1:{search_port}",
            }
            web.append(subprocess.Popen([sys.executable, "-m", "mediasearch.web"], env=env))
            print(f"web page and HTTP API: http://127.0.0.1:{web_port}/", flush=True)

    try:
        code = run_until_signalled(stack, ready)
    finally:
        for process in web:
            process.terminate()
            process.wait(10)
    raise typer.Exit(code)


def _web_installed() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("starlette", "uvicorn", "jinja2", "multipart"))


@app.command("web")
def web_command(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(envvar="WEB_PORT", help="HTTP port")] = 8080,
    host: Annotated[str, typer.Option(envvar="WEB_HOST", help="address to bind")] = "127.0.0.1",
) -> None:
    """Serve the web page and the HTTP/JSON API for the search service at --search (TLS and token as every client)."""
    if not _web_installed():
        raise fail("the web page needs its extra: pip install 'mediasearch[web]'", 2)
    from mediasearch.web.app import serve
    from mediasearch.web.settings import WebSettings

    c: Context = ctx.obj
    settings = WebSettings.model_validate(
        {"host": host, "port": port, "search_address": c.search_address, "collection": c.collection}
    )
    print(f"web page and HTTP API on http://{host}:{port}/ (search at {c.search_address})", flush=True)
    serve(settings)


@app.command()
def token(
    identity: Annotated[str, typer.Option(help="who the token is for, as logs and metrics name the caller")],
    role: Annotated[str, typer.Option(help="reader, writer or admin")] = "reader",
    tokens_file: Annotated[Path | None, typer.Option(help="append the digest line to this token file")] = None,
) -> None:
    """Make a bearer token: the token is printed once, only its SHA-256 digest goes into the token file."""
    import secrets

    from mediasearch.runtime.auth import Role, token_line

    try:
        parsed = Role.parse(role)
    except ValueError as error:
        raise fail(str(error), 2) from None
    value = secrets.token_urlsafe(32)
    line = token_line(identity, parsed, value)
    if tokens_file is not None:
        with tokens_file.open("a") as handle:
            handle.write(line + "\n")
        errors.print(f"added {identity} ({parsed.name.lower()}) to {tokens_file}; the services re-read it on change")
    else:
        errors.print(f"add this line to the services' token file:\n{line}")
    print(value)


@app.command()
def status(
    ctx: typer.Context,
    wait: Annotated[float, typer.Option(help="wait up to this many seconds for all three to be SERVING")] = 0.0,
) -> None:
    """Health of the embedder, expansion and search services (exit 1 unless all are SERVING)."""
    import time

    c: Context = ctx.obj
    targets = {
        "embedder": (c.embedder_address, "mediasearch.embedder.v1.EmbedderService"),
        "expansion": (c.expansion_address, "mediasearch.expansion.v1.ExpansionService"),
        "search": (c.search_address, "mediasearch.search.v1.SearchService"),
    }
    deadline = time.monotonic() + wait
    while True:
        # A fresh channel per check, unlike every other command: a channel kept while a service is still
        # starting backs off its reconnects (up to minutes), which would delay seeing it come up.
        states = {
            name: health_status(address, service, security=c.security) for name, (address, service) in targets.items()
        }
        if all(state == "SERVING" for state in states.values()) or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    for name, state in states.items():
        colour = "green" if state == "SERVING" else "red"
        console.print(f"{name:<10} {targets[name][0]:<22} [{colour}]{state}[/{colour}]")
    if any(state != "SERVING" for state in states.values()):
        raise typer.Exit(1)
    model = c.embedder().model_info().model_id
    console.print(f"model      {model}", highlight=False)
    if is_demo_model(model):
        console.print(f"[yellow]note:[/yellow] {DEMO_MODEL_NOTE}", highlight=False)


def _note_demo_model(c: Context) -> None:
    """One line under results served by the demo model: its rankings of real photos mean nothing."""
    try:
        model = c.search_stub().GetCollection(search_pb2.GetCollectionRequest(name=collection_name(c.collection)))
    except grpc.RpcError:
        return  # the results already printed; a note is not worth failing the command for
    if is_demo_model(model.collection.model_id):
        errors.print(f"[yellow]note:[/yellow] {DEMO_MODEL_NOTE}", highlight=False)


class _RateColumn(ProgressColumn):
    """Files per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f} files/s" if task.speed else "- files/s")


@app.command()
def index(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="files or folders, walked recursively")],
    tag: Annotated[list[str], typer.Option("--tag", help="tag every indexed item (repeatable)")] = [],  # noqa: B006  # typer builds a new list per call
    remove_missing: Annotated[bool, typer.Option(help="delete stored items whose files are gone")] = False,
    watch: Annotated[bool, typer.Option("--watch", help="then keep following the folders until Ctrl-C")] = False,
    reread: Annotated[
        bool,
        typer.Option(
            "--reread",
            help="send files whose size and time are unchanged too "
            "(backfills previews of items indexed before thumbnails existed)",
        ),
    ] = False,
    video_frames_per_minute: Annotated[
        int, typer.Option(min=1, max=600, help="most keyframes kept from any minute of a video (scene changes)")
    ] = DEFAULT_KEYFRAMES.max_per_minute,
    video_time_budget: Annotated[
        float,
        typer.Option(min=1.0, help="seconds of decoding per video; past half, key frames only; past all, it fails"),
    ] = DEFAULT_KEYFRAMES.time_budget_s,
) -> None:
    """Index images and videos: new and changed files are sent, unchanged ones skipped, errors listed at the end.

    Videos are decoded here; their keyframes (scene changes, at most 12 a minute) become searchable moments.

    Exit code 0 when every file indexed (or was unchanged), 1 when some failed (the count is printed),
    2 for usage or connection errors. With --watch, files that appear, change or go are indexed,
    re-indexed or removed as it happens.
    """
    c: Context = ctx.obj
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"no such file or folder: {', '.join(missing)}", 2)
    columns = (
        TextColumn("indexing{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with contextlib.ExitStack() as watching:
        # Watching starts before the scan so that nothing changed during or just after it goes unseen.
        watcher = watching.enter_context(_folder_watcher(paths)) if watch else None
        with Progress(*columns, console=errors, transient=False) as progress:
            task = progress.add_task("", total=None)

            def video_position(path: Path, done_s: float, total_s: float) -> None:
                length = f"/{format_time(round(total_s * 1000))}" if total_s else ""
                progress.update(task, description=f" {path.name} {format_time(round(done_s * 1000))}{length}")

            report = index_paths(
                c.search_stub(),
                c.collection,
                paths,
                tags=tag,
                remove_missing=remove_missing,
                reread=reread,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total, description=""),
                on_video_position=video_position,
                timeout_s=c.timeout,
                keyframes=replace(
                    DEFAULT_KEYFRAMES, max_per_minute=video_frames_per_minute, time_budget_s=video_time_budget
                ),
            )
        _print_index_report(report)
        if watcher is not None:
            _watch_folders(c, paths, tag, watcher)
            return
    if report.errors:
        errors.print(f"{len(report.errors)} of {report.seen} files failed")
        raise typer.Exit(1)


def _print_index_report(report: IndexReport) -> None:
    console.print(
        f"indexed {report.indexed}, unchanged {report.unchanged + report.skipped_unread} "
        f"({report.skipped_unread} not re-read), removed {report.removed}, errors {len(report.errors)}"
    )
    for path, why in report.errors:
        console.print(f"  [red]failed[/red] {path}: {why}")


def _folder_watcher(paths: list[Path]) -> FolderWatcher:
    from mediasearch.cli.watch import FolderWatcher

    return FolderWatcher(paths)


def _watch_folders(c: Context, paths: list[Path], tags: list[str], watcher: FolderWatcher) -> None:
    """Follow the folders until SIGINT/SIGTERM, indexing and removing as files change."""
    import signal
    import threading

    from mediasearch.cli.watch import watch as follow

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stub = c.search_stub()

    def on_files(present: list[Path], gone: list[Path]) -> None:
        report = index_paths(stub, c.collection, present, tags=tags) if present else IndexReport()
        report.removed = delete_items(stub, c.collection, [item_name(c.collection, str(p)) for p in gone]).deleted_count
        _print_index_report(report)

    def on_rescan() -> None:
        _print_index_report(index_paths(stub, c.collection, paths, tags=tags, remove_missing=True))

    console.print(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C stops)")
    follow(watcher, on_files, on_rescan, stop)
    console.print("stopped watching")


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    TIME = "time"


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='e.g. "dog on a beach" or "2:golden retriever" + ./pool.jpg - fruit')],
    deep: Annotated[bool, typer.Option("--deep", help="query expansion, exact re-scoring, explanations")] = False,
    k: Annotated[int, typer.Option("-k", "--page-size", help="results per page")] = 10,
    page_token: Annotated[str, typer.Option(help="the next-page token printed by the same search")] = "",
    threshold: Annotated[float | None, typer.Option(help="minimum calibrated score in [0, 1]")] = None,
    tag: Annotated[list[str], typer.Option("--tag", help="items must have all these tags")] = [],  # noqa: B006  # typer builds a new list per call
    any_tag: Annotated[list[str], typer.Option("--any-tag", help="items must have one of these tags")] = [],  # noqa: B006  # typer builds a new list per call
    path_prefix: Annotated[str | None, typer.Option(help="items under this folder")] = None,
    after: Annotated[str | None, typer.Option(help="modified at or after (ISO date/time)")] = None,
    before: Annotated[str | None, typer.Option(help="modified before (ISO date/time)")] = None,
    taken_after: Annotated[
        str | None,
        typer.Option(help="taken at or after (ISO date/time; EXIF capture time, photos without one excluded)"),
    ] = None,
    taken_before: Annotated[
        str | None, typer.Option(help="taken before (ISO date/time; photos without a capture time excluded)")
    ] = None,
    sort: Annotated[
        SortOrder,
        typer.Option(
            help="relevance, or time: newest capture first among the results above the threshold "
            "(--threshold, default 0.5); photos without a capture time last"
        ),
    ] = SortOrder.RELEVANCE,
    no_expansion: Annotated[bool, typer.Option(help="deep search without expansion terms")] = False,
    media: Annotated[str | None, typer.Option(help="only 'image' or only 'video' results")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the raw response as JSON")] = False,
    preview: Annotated[bool, typer.Option("--preview", help="show the pictures in the terminal")] = False,
) -> None:
    """Search by text, image files and item ids, with calibrated scores."""
    c: Context = ctx.obj
    try:
        request = search_pb2.SearchRequest(
            parent=collection_name(c.collection),
            terms=query_terms(query),
            page_size=k,
            page_token=page_token,
            mode=search_pb2.SEARCH_MODE_DEEP if deep else search_pb2.SEARCH_MODE_NORMAL,
            filter=build_filter(
                tags_all=tag,
                tags_any=any_tag,
                path_prefix=path_prefix,
                after=after,
                before=before,
                taken_after=taken_after,
                taken_before=taken_before,
                media=media,
            ),
            deep=search_pb2.DeepSearchOptions(disable_expansion=no_expansion),
            order=search_pb2.SEARCH_ORDER_CAPTURE_TIME_DESC
            if sort == SortOrder.TIME
            else search_pb2.SEARCH_ORDER_UNSPECIFIED,
        )
    except QueryError as error:
        raise fail(str(error), 2) from None
    if threshold is not None:
        request.min_score = threshold
    response = c.search_stub().Search(request)
    if as_json:
        print(render.as_json(response))
    else:
        render.print_search(console, response, query)
        _note_demo_model(c)
        if preview:
            _print_previews(response.results)


@app.command()
def similar(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="an image file, or the id of a stored item (a video frame: 'clip.mp4#t=83.250')")
    ],
    k: Annotated[int, typer.Option("-k", "--page-size")] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    preview: Annotated[bool, typer.Option("--preview", help="show the pictures in the terminal")] = False,
) -> None:
    """Find items that look like an image file or a stored item."""
    c: Context = ctx.obj
    request = search_pb2.FindSimilarRequest(parent=collection_name(c.collection), page_size=k)
    path = Path(target).expanduser()
    if path.is_file():
        request.image = path.read_bytes()
    else:
        request.item_id = stored_item_id(target)
    response = c.search_stub().FindSimilar(request)
    if as_json:
        print(render.as_json(response))
    else:
        if response.results:
            console.print(
                render.results_table(
                    list(response.results),
                    title=f"similar to {target}",
                    explain=False,
                    relative_paths=console.is_terminal,
                )
            )
        else:
            console.print(f"similar to {target}: {render.NO_RESULTS_HINT}", highlight=False)
        if preview:
            _print_previews(response.results)


def _print_previews(results: Sequence[search_pb2.SearchResult]) -> None:
    """Each result's picture under its rank and path, where the file is on this machine and the terminal can draw."""
    from mediasearch.cli import preview

    how = preview.protocol(is_terminal=sys.stdout.isatty())
    if how == "none":
        errors.print("previews need a terminal; showing paths only")
        return
    for result in results:
        path = Path(result.item.metadata.uri or result.item.id)
        drawn = preview.render(path, how) if path.is_file() else ""
        print(f"#{result.rank} {path}" + ("" if drawn else "  (no preview: file not on this machine)"))
        sys.stdout.write(drawn)
    sys.stdout.flush()


@app.command()
def delete(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(help="item ids or indexed file paths")],
) -> None:
    """Delete items; deletions are durable."""
    c: Context = ctx.obj
    resolved = [str(Path(i).resolve()) if Path(i).exists() or i.startswith(("./", "../")) else i for i in ids]
    response = delete_items(c.search_stub(), c.collection, [item_name(c.collection, i) for i in resolved])
    console.print(f"deleted {response.deleted_count}")
    for missing in response.missing_names:
        console.print(f"  not found: {parse_item_name(missing, 'missing_names')[1]}")


@app.command()
def stats(
    ctx: typer.Context,
    all_collections: Annotated[bool, typer.Option("--all", help="every collection, not only --collection")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Collections, item counts, disk use and the calibration in force."""
    c: Context = ctx.obj
    response = _collections(c.search_stub(), None if all_collections else c.collection)
    if as_json:
        print(render.as_json(response))
    else:
        console.print(render.stats_table(response))


@app.command("debug-scores")
def debug_scores(
    ctx: typer.Context,
    image: Annotated[Path, typer.Argument(help="an image file", exists=True, dir_okay=False)],
    top: Annotated[int, typer.Option(help="concepts to list")] = 15,
    report: Annotated[Path | None, typer.Option(help="also write an HTML report with a histogram")] = None,
) -> None:
    """The image's semantic profile against a concept vocabulary, and a recommended temperature."""
    from mediasearch.cli import debug_scores as debug
    from mediasearch.runtime.errors import DomainError

    c: Context = ctx.obj
    current = None
    try:
        profile = (
            c.search_stub()
            .GetCalibration(search_pb2.GetCalibrationRequest(name=calibration_name(c.collection)))
            .calibration
        )
        current = debug.current_calibration(profile, c.collection)
    except grpc.RpcError as error:
        errors.print(
            f"[yellow]no collection profile ({error.code().name}); showing the model's native calibration[/yellow]"
        )
    try:
        result = debug.build_profile(c.embedder(), image, debug.general_concepts(), current)
    except DomainError as error:  # the embedder's call failed: a call error, as for the search service
        raise fail(str(error), 2) from None
    except ValueError as error:  # the image could not be embedded
        raise fail(str(error)) from None
    for line in debug.text_report(result, top):
        console.print(line, highlight=False, markup=False)
    if is_demo_model(c.embedder().model_info().model_id):
        console.print(f"[yellow]note:[/yellow] {DEMO_MODEL_NOTE}", highlight=False)
    if report is not None:
        report.write_text(debug.html_report(result, top), encoding="utf-8")
        console.print(f"report written to {report}")


@app.command()
def tune(ctx: typer.Context) -> None:
    """Interactive calibration console: query, temp, bias, threshold, recommend, save, help, quit."""
    from mediasearch.cli.tune import TuneConsole, run_console

    c: Context = ctx.obj
    console_ = TuneConsole(c.search_stub(), c.collection)
    run_console(console_)


def _collections(stub: search_pb2_grpc.SearchServiceStub, collection: str | None) -> search_pb2.ListCollectionsResponse:
    """One collection (GetCollection) or, for None, every collection page by page, as one listing."""
    if collection is not None:
        found = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name(collection)))
        return search_pb2.ListCollectionsResponse(collections=[found.collection])
    listing = search_pb2.ListCollectionsResponse()
    token = ""
    while True:
        page = stub.ListCollections(search_pb2.ListCollectionsRequest(page_token=token))
        listing.collections.extend(page.collections)
        token = page.next_page_token
        if not token:
            return listing


def run() -> None:
    """Console-script entry point. A call that fails ends any command here, in one way: its status,
    message and bad fields on stderr, exit status 2 (commands catch only what they recover from)."""
    try:
        app(prog_name="mediasearch")
    except grpc.RpcError as error:
        sys.exit(rpc_failure(error).exit_code)


if __name__ == "__main__":
    run()
