"""The polyglot promise with security on: a Node.js client (@grpc/grpc-js) searches over TLS with a token."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from mediasearch.devcerts import dev_security
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from search_svc.server import create_server
from tests.servers import search_settings

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def node_client() -> Path:
    """The client's npm packages, installed from the lock file when missing (CI starts without them)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "Node.js and npm are needed for the polyglot test (CI installs them with the machine)"
    if not (HERE / "node_modules" / "@grpc" / "grpc-js").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True, timeout=300)
    return HERE / "search.mjs"


@pytest.fixture(scope="module")
def secure_search(tmp_path_factory: pytest.TempPathFactory, embedder_server) -> Iterator[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("node")
    dev = dev_security(folder / "security")
    _, embedder_port = embedder_server
    server, port = create_server(search_settings(folder / "data", embedder_port, tls_cert_file=str(dev.cert_file),
                                                 tls_key_file=str(dev.key_file), auth_tokens_file=str(dev.tokens_file),
                                                 require_tls=True), port=0)
    server.wait_ready(60)
    token = dev.token_file.read_text().strip()
    credentials = grpc.composite_channel_credentials(grpc.ssl_channel_credentials(dev.ca_file.read_bytes()),
                                                     grpc.access_token_call_credentials(token))
    with grpc.secure_channel(f"127.0.0.1:{port}", credentials) as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        requests = [search_pb2.IngestRequest(parent=collection_name("node"), item_id=f"img{i}", data=pattern_image(i)) for i in range(4)]
        assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in stub.Ingest(iter(requests), timeout=60))
    yield port, str(dev.ca_file), token
    server.stop(0)


def run_node(script: Path, port: int, ca: str, token: str, query: str = "a dog") -> tuple[int, dict]:  # type: ignore[type-arg]
    done = subprocess.run(["node", str(script), f"127.0.0.1:{port}", ca, token, "node", query],
                          capture_output=True, text=True, timeout=120)
    return done.returncode, json.loads(done.stdout or "{}")


def test_node_client_searches_over_tls_with_a_token(node_client: Path, secure_search: tuple[int, str, str]) -> None:
    port, ca, token = secure_search
    code, answer = run_node(node_client, port, ca, token)
    assert code == 0, answer
    assert {r["id"] for r in answer["results"]} <= {f"img{i}" for i in range(4)} and len(answer["results"]) == 4
    assert [r["rank"] for r in answer["results"]] == [1, 2, 3, 4]
    assert all(0.0 <= r["score"] <= 1.0 for r in answer["results"])


def test_node_client_without_the_token_is_unauthenticated(node_client: Path, secure_search: tuple[int, str, str]) -> None:
    port, ca, _ = secure_search
    code, answer = run_node(node_client, port, ca, "")
    assert code == 3 and answer["code"] == grpc.StatusCode.UNAUTHENTICATED.value[0]
