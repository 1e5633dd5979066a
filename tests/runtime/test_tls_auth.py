"""TLS, mutual TLS and tokens on a real service (the expansion service: the cheapest to start), with real certificates."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from expansion_svc.server import create_server
from expansion_svc.settings import ExpansionSettings
from mediasearch.channels import ChannelSecurity
from mediasearch.client import make_channel
from mediasearch.expansion.v1 import expansion_pb2, expansion_pb2_grpc
from mediasearch.runtime import auth
from mediasearch.runtime.auth import Authorizer, Role, token_line
from mediasearch.runtime.tls import ClientTLS
from mediasearch.devcerts import authority, issue

SEARCH_ID = "spiffe://mediasearch/search"
READER_TOKEN, ADMIN_TOKEN = "reader-secret-token", "admin-secret-token"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca, other = authority(folder, "ca"), authority(folder, "other-ca")
    files = {"ca": ca.cert_file, "other_ca": other.cert_file}
    files["server_cert"], files["server_key"] = issue(ca, folder, "server")
    files["server2_cert"], files["server2_key"] = issue(ca, folder, "server-renewed")
    files["expired_cert"], files["expired_key"] = issue(ca, folder, "server-expired", expired=True)
    files["client_cert"], files["client_key"] = issue(ca, folder, "search-client", server=False, uri=SEARCH_ID)
    files["stranger_cert"], files["stranger_key"] = issue(ca, folder, "stranger", server=False, uri="spiffe://x/y")
    files["foreign_cert"], files["foreign_key"] = issue(other, folder, "foreign-client", server=False, uri=SEARCH_ID)
    (folder / "tokens").write_text(f"# test tokens\n{token_line('cli-reader', Role.READER, READER_TOKEN)}\n"
                                   f"{token_line('ops', Role.ADMIN, ADMIN_TOKEN)}\n")
    (folder / "identities").write_text(f"{SEARCH_ID} reader\n")
    files["tokens"], files["identities"] = folder / "tokens", folder / "identities"
    return files


def start(tmp: Path, pki: dict[str, Path], **overrides: object) -> tuple[object, int]:
    values: dict[str, object] = {"host": "127.0.0.1", "metrics_port": -1, "log_format": "text", "grace_period_s": 0.5}
    values.update(overrides)
    server, port = create_server(ExpansionSettings(**values), port=0)
    server.wait_ready(60)  # type: ignore[attr-defined]
    return server, port


def expand(port: int, security: ChannelSecurity | None) -> expansion_pb2.ExpandResponse:
    with make_channel(f"127.0.0.1:{port}", retries=False, security=security) as channel:
        return expansion_pb2_grpc.ExpansionServiceStub(channel).Expand(expansion_pb2.ExpandRequest(query="dog"), timeout=10)


def code_of(port: int, security: ChannelSecurity | None) -> grpc.StatusCode:
    try:
        expand(port, security)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


def tls(pki: dict[str, Path], ca: str = "ca", cert: str = "", key: str = "") -> ClientTLS:
    return ClientTLS(str(pki[ca]), str(pki[cert]) if cert else "", str(pki[key]) if key else "")


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory, pki: dict[str, Path]) -> Iterator[int]:
    server, port = start(tmp_path_factory.mktemp("tls"), pki, tls_cert_file=str(pki["server_cert"]),
                         tls_key_file=str(pki["server_key"]), auth_tokens_file=str(pki["tokens"]))
    yield port
    server.stop(0)  # type: ignore[attr-defined]


def test_tls_client_works_and_plain_text_does_not(tls_server: int, pki: dict[str, Path]) -> None:
    assert expand(tls_server, ChannelSecurity(tls(pki), token=READER_TOKEN)).terms[0].text == "dog"
    assert code_of(tls_server, ChannelSecurity(token=READER_TOKEN)) == grpc.StatusCode.UNAVAILABLE
    assert code_of(tls_server, ChannelSecurity(tls(pki, ca="other_ca"), token=READER_TOKEN)) == grpc.StatusCode.UNAVAILABLE


def test_tokens_and_open_health(tls_server: int, pki: dict[str, Path]) -> None:
    assert code_of(tls_server, ChannelSecurity(tls(pki))) == grpc.StatusCode.UNAUTHENTICATED
    assert code_of(tls_server, ChannelSecurity(tls(pki), token="guessed")) == grpc.StatusCode.UNAUTHENTICATED
    with make_channel(f"127.0.0.1:{tls_server}", security=ChannelSecurity(tls(pki))) as channel:
        status = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10).status
    assert status == health_pb2.HealthCheckResponse.SERVING  # probes need no credentials
    try:
        expand(tls_server, ChannelSecurity(tls(pki), token="guessed"))
    except grpc.RpcError as error:
        assert error.details() == "credentials required"  # nothing that helps an attacker


def test_expired_server_certificate_is_refused(tmp_path: Path, pki: dict[str, Path]) -> None:
    server, port = start(tmp_path, pki, tls_cert_file=str(pki["expired_cert"]), tls_key_file=str(pki["expired_key"]))
    try:
        assert code_of(port, ChannelSecurity(tls(pki))) == grpc.StatusCode.UNAVAILABLE
    finally:
        server.stop(0)  # type: ignore[attr-defined]


def test_mutual_tls_identity_reaches_the_authorizer(tmp_path: Path, pki: dict[str, Path]) -> None:
    server, port = start(tmp_path, pki, tls_cert_file=str(pki["server_cert"]), tls_key_file=str(pki["server_key"]),
                         tls_client_ca_file=str(pki["ca"]), auth_identities_file=str(pki["identities"]))
    try:
        assert expand(port, ChannelSecurity(tls(pki, cert="client_cert", key="client_key"))).terms
        assert code_of(port, ChannelSecurity(tls(pki))) == grpc.StatusCode.UNAVAILABLE  # no client certificate
        foreign = ChannelSecurity(tls(pki, cert="foreign_cert", key="foreign_key"))
        assert code_of(port, foreign) == grpc.StatusCode.UNAVAILABLE  # signed by another CA
        stranger = ChannelSecurity(tls(pki, cert="stranger_cert", key="stranger_key"))
        assert code_of(port, stranger) == grpc.StatusCode.UNAUTHENTICATED  # valid, but no role here
    finally:
        server.stop(0)  # type: ignore[attr-defined]


def _peer_serial(port: int, ca: Path) -> int:
    context = ssl.create_default_context(cafile=str(ca))
    context.set_alpn_protocols(["h2"])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
            context.wrap_socket(raw, server_hostname="localhost") as wrapped:
        from cryptography import x509

        return x509.load_der_x509_certificate(wrapped.getpeercert(binary_form=True)).serial_number


def test_certificates_rotate_on_disk_without_dropping_an_open_stream(tmp_path: Path, pki: dict[str, Path]) -> None:
    from cryptography import x509

    live_cert, live_key = tmp_path / "tls.crt", tmp_path / "tls.key"
    shutil.copy(pki["server_cert"], live_cert)
    shutil.copy(pki["server_key"], live_key)
    server, port = start(tmp_path, pki, tls_cert_file=str(live_cert), tls_key_file=str(live_key),
                         auth_tokens_file=str(pki["tokens"]))
    security = ChannelSecurity(tls(pki), token=READER_TOKEN)
    try:
        old_serial = x509.load_pem_x509_certificate(pki["server_cert"].read_bytes()).serial_number
        new_serial = x509.load_pem_x509_certificate(pki["server2_cert"].read_bytes()).serial_number
        assert _peer_serial(port, pki["ca"]) == old_serial
        with make_channel(f"127.0.0.1:{port}", retries=False, security=security) as channel:
            stub = expansion_pb2_grpc.ExpansionServiceStub(channel)
            assert stub.Expand(expansion_pb2.ExpandRequest(query="cat"), timeout=10).terms
            # Rotate as a Secret update would (key half-written first must not break anything).
            shutil.copy(pki["server2_key"], live_key)
            assert stub.Expand(expansion_pb2.ExpandRequest(query="car"), timeout=10).terms  # open connection unharmed
            shutil.copy(pki["server2_cert"], live_cert)
            for word in ("boat", "tree", "house"):
                assert stub.Expand(expansion_pb2.ExpandRequest(query=word), timeout=10).terms
        assert _peer_serial(port, pki["ca"]) == new_serial  # new handshakes present the renewed certificate
        assert expand(port, security).terms
    finally:
        server.stop(0)  # type: ignore[attr-defined]


def test_token_check_compares_every_entry(pki: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    authorizer = Authorizer(tokens_file=str(pki["tokens"]))
    assert authorizer.from_token(READER_TOKEN) == ("cli-reader", Role.READER)  # the first entry matches...
    assert len(calls) == 2  # ...and the second is compared all the same: no early exit
    assert authorizer.from_token("wrong") is None and len(calls) == 4
    assert READER_TOKEN not in pki["tokens"].read_text()  # only digests are stored


def test_reflection_is_off_unless_asked(tmp_path: Path, pki: dict[str, Path]) -> None:
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    def listed(port: int) -> grpc.StatusCode:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            try:
                list(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10))
            except grpc.RpcError as error:
                return error.code()
        return grpc.StatusCode.OK

    server, port = start(tmp_path, pki)
    on, on_port = start(tmp_path, pki, reflection=True)
    try:
        assert listed(port) == grpc.StatusCode.UNIMPLEMENTED and listed(on_port) == grpc.StatusCode.OK
    finally:
        server.stop(0)  # type: ignore[attr-defined]
        on.stop(0)  # type: ignore[attr-defined]


def test_require_tls_without_certificates_refuses_to_start() -> None:
    result = subprocess.run([sys.executable, "-m", "expansion_svc", "--port", "0", "--metrics-port", "-1",
                             "--require-tls"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "require_tls" in result.stderr and "EXPANSION_TLS_CERT_FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_health_port_answers_probes_in_plain_text_and_nothing_else(tmp_path: Path, pki: dict[str, Path]) -> None:
    server, port = start(tmp_path, pki, tls_cert_file=str(pki["server_cert"]), tls_key_file=str(pki["server_key"]),
                         auth_tokens_file=str(pki["tokens"]), health_port=0)
    health_port = server.health_port  # type: ignore[attr-defined]
    try:
        with grpc.insecure_channel(f"127.0.0.1:{health_port}") as channel:
            status = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10).status
            assert status == health_pb2.HealthCheckResponse.SERVING
            stub = expansion_pb2_grpc.ExpansionServiceStub(channel)
            with pytest.raises(grpc.RpcError) as caught:
                stub.Expand(expansion_pb2.ExpandRequest(query="dog"), timeout=10, metadata=[("authorization", f"Bearer {READER_TOKEN}")])
            assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED  # only health lives on that port
    finally:
        server.stop(0)  # type: ignore[attr-defined]
