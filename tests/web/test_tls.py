"""The web component over HTTPS: it serves its certificate and picks up a renewed one without a restart."""

from __future__ import annotations

import shutil
import socket
import ssl
import threading
import time
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

    monkeypatch.setattr(tls, "RECHECK_S", 0.05)
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
    serial = lambda path: x509.load_pem_x509_certificate(path.read_bytes()).serial_number  # noqa: E731
    seen: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def keep_connecting() -> None:  # a client connecting all through the renewal must never fail a handshake
        while not stop.is_set():
            try:
                seen.append(served_serial(port, ca.cert_file))
            except (OSError, ssl.SSLError) as error:
                failures.append(error)

    try:
        wait_until(lambda: server.started, "the HTTPS server started")
        assert served_serial(port, ca.cert_file) == serial(first[0])
        client = threading.Thread(target=keep_connecting, daemon=True)
        client.start()
        # The Secret seen half-updated for several checks: the new key beside the old certificate.
        shutil.copy(renewed[1], live / "tls.key")
        wait_until(lambda: len(seen) > 20, "handshakes while the pair is half renewed")
        time.sleep(5 * tls.RECHECK_S)
        assert set(seen) == {serial(first[0])}, "a mismatched pair must not be served"
        shutil.copy(renewed[0], live / "tls.crt")
        wait_until(lambda: seen[-1] == serial(renewed[0]), "the renewed certificate served")
        stop.set()
        client.join(10)
        assert failures == []
        assert set(seen) == {serial(first[0]), serial(renewed[0])}
    finally:
        stop.set()
        server.should_exit = True
        thread.join(10)


def test_a_mismatched_pair_keeps_the_one_in_use(tmp_path: Path) -> None:
    ca = devcerts.authority(tmp_path)
    first, renewed = (devcerts.issue(ca, tmp_path, name) for name in ("web-1", "web-2"))
    follower = tls.CertificateFollower(str(first[0]), str(first[1]))
    in_use = follower.current
    follower.key_file = str(renewed[1])
    assert follower.reload_if_changed() is False
    assert follower.current is in_use
    follower.cert_file = str(renewed[0])
    assert follower.reload_if_changed() is True
    assert follower.current is not in_use


def test_a_certificate_needs_its_key() -> None:
    with pytest.raises(ValueError, match="WEB_TLS_KEY_FILE"):
        WebSettings(tls_cert_file="/etc/tls.crt")
