"""HTTPS that follows certificate rotation: the server's SSL context takes the new files when they change.

uvicorn reads the certificate once, at start; cert-manager renews it in place
(a mounted Secret changes under the pod) weeks before it expires. Loading the
new chain into the same `ssl.SSLContext` makes every new connection use it,
without a restart, as the gRPC services do with their own certificates.
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


def reload_if_changed(context: ssl.SSLContext, cert_file: str, key_file: str, seen: tuple) -> tuple:
    """Loads the files into `context` when their signature differs from `seen`; returns the signature now."""
    now = _signature(cert_file, key_file)
    if now and now != seen:
        try:
            context.load_cert_chain(cert_file, key_file)
        except (OSError, ssl.SSLError) as error:  # a half-written pair: keep serving the old one
            log.warning("could not load the renewed certificate yet: %s", error)
            return seen
        log.info("serving the renewed certificate from %s", cert_file)
    return now or seen


def follow_certificate(context: ssl.SSLContext, cert_file: str, key_file: str) -> threading.Thread:
    """A daemon thread that keeps `context` on the current files, checking every RECHECK_S seconds."""

    def watch() -> None:
        seen = _signature(cert_file, key_file)
        while True:
            threading.Event().wait(RECHECK_S)
            seen = reload_if_changed(context, cert_file, key_file, seen)

    thread = threading.Thread(target=watch, name="web-tls-reload", daemon=True)
    thread.start()
    return thread
