"""The web component over HTTPS: it serves its certificate and picks up a renewed one without a restart."""

from __future__ import annotations

import shutil
import socket
import ssl
import threading
from pathlib import Path

import pytest

from mediasearch import devcerts
from mediasearch.web import tls
from mediasearch.web.app import make_server
from mediasearch.web.backend import SearchBackend
from mediasearch.web.settings import WebSettings
from tests.servers import free_port, wait_until


def served_serial(port: int, ca_file: Path) -> int:
    context = ssl.create_default_context(cafile=str(ca_file))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as wrapped:
            der = wrapped.getpeercert(binary_form=True)
    from cryptography import x509

    return x509.load_der_x509_certificate(der).serial_number


def test_https_follows_a_renewed_certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cryptography import x509

    monkeypatch.setattr(tls, "RECHECK_S", 0.1)
    ca = devcerts.authority(tmp_path)
    live = tmp_path / "live"
    live.mkdir()
    first, renewed = (devcerts.issue(ca, tmp_path, name) for name in ("web-1", "web-2"))
    shutil.copy(first[0], live / "tls.crt")
    shutil.copy(first[1], live / "tls.key")
    port = free_port()
    settings = WebSettings(port=port, search_address="127.0.0.1:1", tls_cert_file=str(live / "tls.crt"),
                           tls_key_file=str(live / "tls.key"))
    server = make_server(settings, SearchBackend.connect("127.0.0.1:1", security=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started, "the HTTPS server started")
        serial = lambda path: x509.load_pem_x509_certificate(path.read_bytes()).serial_number  # noqa: E731
        assert served_serial(port, ca.cert_file) == serial(first[0])
        shutil.copy(renewed[1], live / "tls.key")
        shutil.copy(renewed[0], live / "tls.crt")
        wait_until(lambda: served_serial(port, ca.cert_file) == serial(renewed[0]), "the renewed certificate served")
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_certificate_needs_its_key() -> None:
    with pytest.raises(ValueError, match="WEB_TLS_KEY_FILE"):
        WebSettings(tls_cert_file="/etc/tls.crt")
