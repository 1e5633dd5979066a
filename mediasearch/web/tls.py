"""HTTPS that follows certificate rotation: each new connection gets the certificate on disk now.

uvicorn reads the certificate once, at start; cert-manager renews it in place
(a mounted Secret changes under the pod) weeks before it expires. Loading the
new pair into the live `ssl.SSLContext` is not safe: OpenSSL drops the old
certificate as soon as a key that does not match it arrives, so a renewal seen
half-written (the key already new, the certificate not yet), or a handshake in
the microseconds between the two loads, fails. Instead each renewal is loaded
into a fresh context, which is only used once the whole pair loaded, and the
live context's SNI callback hands every new connection to the newest one
(OpenSSL calls it for every ClientHello, with or without a server name).
"""

from __future__ import annotations

import logging
import os
import ssl
import threading

RECHECK_S = 30.0
log = logging.getLogger("mediasearch.web.tls")


def _signature(*paths: str) -> tuple[tuple[int, int], ...]:
    signature = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            return ()  # mid-update (a Secret swaps a symlink): look again next time
        signature.append((stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


class CertificateFollower:
    """Keeps a ready context for the newest valid pair of files; `attach` makes a server context use it."""

    def __init__(self, cert_file: str, key_file: str) -> None:
        self.cert_file, self.key_file = cert_file, key_file
        self.seen = _signature(cert_file, key_file)
        self.current = self._load()

    def _load(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def reload_if_changed(self) -> bool:
        """Takes the files when they changed and they load as a matching pair; True when the served pair changed."""
        now = _signature(self.cert_file, self.key_file)
        if not now or now == self.seen:
            return False
        try:
            renewed = self._load()
        except (OSError, ssl.SSLError) as error:  # a half-written pair: keep serving the old one, look again
            log.warning("could not load the renewed certificate yet: %s", error)
            return False
        self.current, self.seen = renewed, now
        log.info("serving the renewed certificate from %s", self.cert_file)
        return True

    def attach(self, server_context: ssl.SSLContext) -> None:
        """Points every new handshake on `server_context` at the newest loaded pair."""

        def use_current(connection: ssl.SSLObject | ssl.SSLSocket, server_name: str | None, _: ssl.SSLContext) -> None:
            connection.context = self.current
            return None

        server_context.sni_callback = use_current


def follow_certificate(context: ssl.SSLContext, cert_file: str, key_file: str) -> threading.Thread:
    """A daemon thread that keeps new connections on `context` on the current files, checking every RECHECK_S s."""
    follower = CertificateFollower(cert_file, key_file)
    follower.attach(context)

    def watch() -> None:
        while True:
            threading.Event().wait(RECHECK_S)
            follower.reload_if_changed()

    thread = threading.Thread(target=watch, name="web-tls-reload", daemon=True)
    thread.start()
    return thread
