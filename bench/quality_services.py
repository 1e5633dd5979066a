"""The three services the quality benchmark measures: started in this process on free ports, or already running.

Each service is either given by address (`--embedder`, `--expansion`,
`--search`) or started here through its own `create_server`, exactly as
`python -m <svc>` would start it. Nothing is mocked: the benchmark talks to
all of them over gRPC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediasearch.client import EmbedderClient, make_channel
from mediasearch.search.v1 import search_pb2_grpc

READY_TIMEOUT_S = 900.0
QUIET = {"host": "127.0.0.1", "metrics_port": -1, "log_format": "text", "log_level": "WARNING"}


@dataclass
class Services:
    """Addresses and clients of the running services; `started` names the ones this process runs."""

    embedder_address: str
    expansion_address: str
    search_address: str
    embedder: EmbedderClient
    search: search_pb2_grpc.SearchServiceStub
    started: list[str]


def _start_embedder(model: Path | None, threads: int) -> tuple[Any, int]:
    from embedder_svc.server import create_server
    from tests.servers import embedder_settings

    # model=None: the embedder's own default, the embedded model.
    settings = embedder_settings(model or "", model=str(model) if model else None, cpu_threads=threads, **QUIET)
    server, port = create_server(settings, port=0)
    server.wait_ready(READY_TIMEOUT_S)
    return server, port


def _start_expansion() -> tuple[Any, int]:
    from expansion_svc.server import create_server
    from expansion_svc.settings import ExpansionSettings

    server, port = create_server(ExpansionSettings(**QUIET), port=0)
    server.wait_ready(READY_TIMEOUT_S)
    return server, port


def _start_search(data_dir: Path, embedder_address: str, expansion_address: str) -> tuple[Any, int]:
    from search_svc.server import create_server
    from search_svc.settings import SearchSettings

    # Responses of a 1,000-result page and a fit over every labelled pair exceed the 4 MiB default.
    settings = SearchSettings(data_dir=data_dir, embedder_address=embedder_address,
                              expansion_address=expansion_address, max_send_message_mb=64.0,
                              max_receive_message_mb=256.0, **QUIET)
    server, port = create_server(settings, port=0)
    server.wait_ready(READY_TIMEOUT_S)
    return server, port


@contextmanager
def running_services(*, model: Path | None, threads: int, data_dir: Path, embedder: str | None,
                     expansion: str | None, search: str | None,
                     progress: Callable[[str], None]) -> Iterator[Services]:
    """The services, started where no address was given; stopped again on exit."""
    if search and not embedder:
        raise ValueError("--search needs --embedder: the benchmark also embeds the corpus directly, and must use "
                         "the embedder the search service uses")
    with ExitStack() as stack:
        started = []

        def start(name: str, starter: Callable[[], tuple[Any, int]]) -> str:
            progress(f"starting the {name} service in this process")
            server, port = starter()
            stack.callback(server.stop, 0)
            started.append(name)
            return f"127.0.0.1:{port}"

        embedder = embedder or start("embedder", lambda: _start_embedder(model, threads))
        if search is None:
            expansion = expansion or start("expansion", _start_expansion)
            search = start("search", lambda: _start_search(data_dir, embedder, expansion))
        client = EmbedderClient(embedder, timeout_s=READY_TIMEOUT_S)
        stack.callback(client.close)
        channel = make_channel(search, max_message_mb=256.0)
        stack.callback(channel.close)
        yield Services(embedder, expansion or "(the search service's own)", search, client,
                       search_pb2_grpc.SearchServiceStub(channel), started)
