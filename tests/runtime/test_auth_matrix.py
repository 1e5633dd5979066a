"""Every RPC of every service x every role x no credentials returns exactly the expected status.

The three services run with tokens on; search reaches the embedder and the
expansion service with its own identity (a reader token of its own), as
deployed. Requests are empty messages: an allowed call may still fail on its
arguments, but never with UNAUTHENTICATED or PERMISSION_DENIED.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import message_factory

from embedder_svc.server import create_server as create_embedder
from expansion_svc.server import create_server as create_expansion
from expansion_svc.settings import ExpansionSettings
from mediasearch.embedder.v1 import embedder_pb2
from mediasearch.expansion.v1 import expansion_pb2
from mediasearch.runtime.auth import METHOD_ROLES, Role, token_line
from mediasearch.search.v1 import search_pb2
from search_svc.server import create_server as create_search
from tests.servers import embedder_settings, search_settings

TOKENS = {Role.READER: "tok-reader", Role.WRITER: "tok-writer", Role.ADMIN: "tok-admin"}
SERVICES = [
    ("embedder", embedder_pb2.DESCRIPTOR.services_by_name["EmbedderService"]),
    ("expansion", expansion_pb2.DESCRIPTOR.services_by_name["ExpansionService"]),
    ("search", search_pb2.DESCRIPTOR.services_by_name["SearchService"]),
]
CALLS = [(name, method) for name, service in SERVICES for method in service.methods]


def test_every_rpc_has_a_role() -> None:
    missing = [m.full_name for _, m in CALLS if f"/{m.containing_service.full_name}/{m.name}" not in METHOD_ROLES]
    assert not missing, f"decide the role these RPCs need in mediasearch/runtime/auth.py: {missing}"


@pytest.fixture(scope="module")
def ports(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Iterator[dict[str, int]]:
    folder = tmp_path_factory.mktemp("auth")
    tokens = folder / "tokens"
    tokens.write_text("".join(f"{token_line(f'user-{r.name.lower()}', r, t)}\n" for r, t in TOKENS.items())
                      + token_line("search-service", Role.READER, "tok-search-service") + "\n")
    (folder / "search-token").write_text("tok-search-service\n")
    secured = {"auth_tokens_file": str(tokens)}
    embedder, embedder_port = create_embedder(embedder_settings(tiny_model_dir, **secured), port=0)
    expansion, expansion_port = create_expansion(ExpansionSettings(host="127.0.0.1", metrics_port=-1, log_format="text",
                                                                   **secured), port=0)
    search, search_port = create_search(search_settings(folder / "data", embedder_port, expansion_port,
                                                        client_token_file=str(folder / "search-token"), **secured), port=0)
    for server in (embedder, expansion, search):
        server.wait_ready(60)
    yield {"embedder": embedder_port, "expansion": expansion_port, "search": search_port}
    for server in (search, expansion, embedder):
        server.stop(0)


def call(port: int, method, token: str | None) -> grpc.StatusCode:  # type: ignore[no-untyped-def]
    request_class = message_factory.GetMessageClass(method.input_type)
    response_class = message_factory.GetMessageClass(method.output_type)
    path = f"/{method.containing_service.full_name}/{method.name}"
    metadata = [("authorization", f"Bearer {token}")] if token else []
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        kind = ("stream" if method.client_streaming else "unary") + "_" + ("stream" if method.server_streaming else "unary")
        stub = getattr(channel, kind)(path, request_serializer=request_class.SerializeToString,
                                      response_deserializer=response_class.FromString)
        request = iter([request_class()]) if method.client_streaming else request_class()
        try:
            answer = stub(request, metadata=metadata, timeout=30)
            if method.server_streaming:
                list(answer)
        except grpc.RpcError as error:
            return error.code()
    return grpc.StatusCode.OK


@pytest.mark.parametrize("service,method", CALLS, ids=[f"{s}.{m.name}" for s, m in CALLS])
def test_role_matrix(ports: dict[str, int], service: str, method) -> None:  # type: ignore[no-untyped-def]
    needed = METHOD_ROLES[f"/{method.containing_service.full_name}/{method.name}"]
    assert call(ports[service], method, None) == grpc.StatusCode.UNAUTHENTICATED
    assert call(ports[service], method, "not-a-token") == grpc.StatusCode.UNAUTHENTICATED
    for role, token in TOKENS.items():
        code = call(ports[service], method, token)
        if role >= needed:
            assert code not in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED), (role, code)
        else:
            assert code == grpc.StatusCode.PERMISSION_DENIED, (role, code)


def test_search_reaches_its_dependencies_with_its_own_identity(ports: dict[str, int]) -> None:
    from mediasearch.search.v1 import search_pb2_grpc
    from mediasearch.testing.images import pattern_image

    writer = [("authorization", f"Bearer {TOKENS[Role.WRITER]}")]
    with grpc.insecure_channel(f"127.0.0.1:{ports['search']}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        # Indexing needs the embedder (model info, image embedding), searching it again (text embedding):
        # both pass only because search presents its own token, not the caller's.
        request = search_pb2.IngestRequest(parent="collections/c", item_id="a", data=pattern_image(1))
        [result] = list(stub.Ingest(iter([request]), metadata=writer, timeout=30))
        assert result.status == search_pb2.INGEST_STATUS_INDEXED, result.error
        found = stub.Search(search_pb2.SearchRequest(parent="collections/c", terms=[search_pb2.QueryTerm(text="dog")]),
                            metadata=writer, timeout=30)
    assert [r.item.id for r in found.results] == ["a"]
